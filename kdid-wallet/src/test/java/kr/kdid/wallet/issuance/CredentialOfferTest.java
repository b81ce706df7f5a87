package kr.kdid.wallet.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kr.kdid.core.did.DidResolutionResult;
import kr.kdid.core.did.DidResolver;
import kr.kdid.core.did.ResolutionError;
import kr.kdid.core.json.Json;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;
import kr.kdid.wallet.http.HttpRequest;
import kr.kdid.wallet.http.HttpResponse;
import kr.kdid.wallet.http.HttpTransport;
import kr.kdid.wallet.http.JsonHttp;
import kr.kdid.wallet.http.NetworkPolicy;
import kr.kdid.wallet.jdk.QrImages;
import kr.kdid.wallet.storage.SoftwareHolderKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CredentialOfferTest {
  static final String ISSUER = "https://issuer.example/issuers/police";

  static ObjectNode offerJson() {
    ObjectNode o = Json.object();
    o.put("credential_issuer", ISSUER);
    o.putArray("credential_configuration_ids").add("kr.mdl");
    ObjectNode g =
        o.putObject("grants").putObject("urn:ietf:params:oauth:grant-type:pre-authorized_code");
    g.put("pre-authorized_code", "code-123");
    g.putObject("tx_code").put("input_mode", "numeric").put("length", 6).put("description", "d");
    o.put("unknown_member", "ignored");
    return o;
  }

  static String byValue(ObjectNode o) {
    return "openid-credential-offer://?credential_offer="
        + URLEncoder.encode(Json.string(o), StandardCharsets.UTF_8);
  }

  /** A transport answering every GET with the given status and body, recording the URIs. */
  static final class StubTransport implements HttpTransport {
    final List<String> uris = new ArrayList<>();
    final int status;
    final String body;

    StubTransport(int status, String body) {
      this.status = status;
      this.body = body;
    }

    @Override
    public HttpResponse send(HttpRequest request) {
      uris.add(request.method() + " " + request.uri());
      return new HttpResponse(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }
  }

  static IssuanceClient client(HttpTransport t) {
    DidResolver none =
        new DidResolver() {
          @Override
          public DidResolutionResult resolve(String did) {
            return DidResolutionResult.error(ResolutionError.NOT_FOUND, "none");
          }

          @Override
          public boolean supports(String method) {
            return true;
          }
        };
    return new IssuanceClient(
        new JsonHttp(t),
        NetworkPolicy.standard(),
        new SoftwareHolderKeys(new SecureRandom()),
        none,
        Clock.systemUTC(),
        10,
        Duration.ofMinutes(5));
  }

  static WalletError code(Throwable t) {
    return ((WalletException) t).code();
  }

  @Test
  void anOfferByValueIsParsedAndValidated() throws Exception {
    CredentialOffer o = client(new StubTransport(500, "")).resolveOffer(byValue(offerJson()));
    assertThat(o.credentialIssuer()).isEqualTo(ISSUER);
    assertThat(o.configurationIds()).containsExactly("kr.mdl");
    assertThat(o.preAuthorizedCode()).isEqualTo("code-123");
    assertThat(o.requiresTxCode()).isTrue();
    assertThat(o.txCode().length()).isEqualTo(6);
    assertThat(o.toString()).doesNotContain("code-123");
  }

  @Test
  void anOfferByReferenceIsFetchedWithGet() throws Exception {
    StubTransport t = new StubTransport(200, Json.string(offerJson()));
    String link =
        "openid-credential-offer://?credential_offer_uri="
            + URLEncoder.encode("https://issuer.example/offers/abc", StandardCharsets.UTF_8);
    CredentialOffer o = client(t).resolveOffer(link);
    assertThat(o.preAuthorizedCode()).isEqualTo("code-123");
    assertThat(t.uris).containsExactly("GET https://issuer.example/offers/abc");
  }

  @Test
  void anExpiredOfferByReferenceReportsTheIssuersCode() {
    StubTransport t =
        new StubTransport(
            404,
            "{\"error\":\"invalid_request\",\"error_description\":\"the offer has expired\","
                + "\"kdid_error\":\"OFFER_EXPIRED\"}");
    String link = "openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fi.example%2Fo%2F1";
    assertThatThrownBy(() -> client(t).resolveOffer(link))
        .satisfies(
            e -> {
              WalletException w = (WalletException) e;
              assertThat(w.code()).isEqualTo(WalletError.ISSUER_REJECTED);
              assertThat(w.remoteCode()).isEqualTo("OFFER_EXPIRED");
              assertThat(w.getMessage()).contains("the offer has expired");
            });
  }

  @Test
  void plainHttpOfferUrisToOtherMachinesAreRefused() {
    String link = "openid-credential-offer://?credential_offer_uri=http%3A%2F%2Fevil.example%2Fo";
    StubTransport t = new StubTransport(200, "{}");
    assertThatThrownBy(() -> client(t).resolveOffer(link))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.URL_NOT_ALLOWED));
    assertThat(t.uris).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|OFFER_MALFORMED",
        "https://issuer.example/?credential_offer=x|OFFER_MALFORMED",
        "openid-credential-offer://|OFFER_MALFORMED",
        "openid-credential-offer://?foo=bar|OFFER_MALFORMED",
        "openid-credential-offer://?credential_offer=%7B|OFFER_MALFORMED",
        "openid-credential-offer://?credential_offer=%5B%5D|OFFER_MALFORMED",
        "openid-credential-offer://?credential_offer=%7B%7D&credential_offer_uri=x|OFFER_MALFORMED",
        "openid-credential-offer://?credential_offer_uri=a&credential_offer_uri=b|OFFER_MALFORMED",
        "openid-credential-offer://?credential_offer=%ZZ|OFFER_MALFORMED",
      })
  void malformedLinksGiveClearCodes(String link, WalletError expected) {
    assertThatThrownBy(() -> CredentialOffer.parseLink(link))
        .satisfies(e -> assertThat(code(e)).isEqualTo(expected))
        .hasMessageNotContaining("Exception");
  }

  @Test
  void malformedOfferObjectsAreRefused() {
    ObjectNode noIssuer = offerJson();
    noIssuer.remove("credential_issuer");
    ObjectNode badIssuer = offerJson().put("credential_issuer", "ftp://x/y");
    ObjectNode queryIssuer = offerJson().put("credential_issuer", "https://x.example/i?a=b");
    ObjectNode noIds = offerJson();
    noIds.putArray("credential_configuration_ids");
    ObjectNode dupIds = offerJson();
    dupIds.putArray("credential_configuration_ids").add("a").add("a");
    ObjectNode badMode = offerJson();
    ((ObjectNode)
            badMode
                .path("grants")
                .path("urn:ietf:params:oauth:grant-type:pre-authorized_code")
                .path("tx_code"))
        .put("input_mode", "voice");
    for (ObjectNode o : List.of(noIssuer, badIssuer, queryIssuer, noIds, dupIds, badMode)) {
      assertThatThrownBy(() -> CredentialOffer.fromJson(o))
          .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.OFFER_MALFORMED));
    }
  }

  @Test
  void anOfferWithOnlyTheAuthorizationCodeGrantAsksForSignIn() throws Exception {
    ObjectNode o = offerJson();
    o.putObject("grants").putObject("authorization_code").put("issuer_state", "s-1");
    CredentialOffer offer = CredentialOffer.fromJson(o);
    assertThat(offer.hasPreAuthorizedCode()).isFalse();
    assertThat(offer.allowsSignIn()).isTrue();
    assertThat(offer.authorizationCode().issuerState()).isEqualTo("s-1");
    assertThat(offer.toString()).doesNotContain("s-1");
  }

  @Test
  void anOfferWithoutAnyKnownGrantIsUnsupported() {
    ObjectNode o = offerJson();
    o.putObject("grants").putObject("urn:example:other").put("x", "s");
    assertThatThrownBy(() -> CredentialOffer.fromJson(o))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.OFFER_UNSUPPORTED));
    ObjectNode bad = offerJson();
    bad.putObject("grants").putObject("authorization_code").put("issuer_state", 5);
    assertThatThrownBy(() -> CredentialOffer.fromJson(bad))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.OFFER_MALFORMED));
  }

  @Test
  void anEmptyTxCodeObjectStillRequiresACode() throws Exception {
    ObjectNode o = offerJson();
    ObjectNode g =
        (ObjectNode) o.path("grants").path("urn:ietf:params:oauth:grant-type:pre-authorized_code");
    g.putObject("tx_code");
    CredentialOffer offer = CredentialOffer.fromJson(o);
    assertThat(offer.requiresTxCode()).isTrue();
    assertThatThrownBy(() -> offer.txCode().check(""))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.TX_CODE_REQUIRED));
    offer.txCode().check("12345"); // numeric by default, no length
    assertThatThrownBy(() -> offer.txCode().check("12a45"))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.TX_CODE_INVALID));
  }

  @Test
  void txCodesAreCheckedAgainstTheAnnouncedLength() throws Exception {
    TxCodeSpec spec = new TxCodeSpec(true, 6, null);
    spec.check("493536");
    assertThatThrownBy(() -> spec.check("4935"))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.TX_CODE_INVALID));
    new TxCodeSpec(false, null, null).check("abc-XYZ");
  }

  @Test
  void aQrCodeOfAnOfferRoundTripsThroughZxing() throws Exception {
    String link = byValue(offerJson());
    BitMatrix m =
        new QRCodeWriter()
            .encode(
                link,
                BarcodeFormat.QR_CODE,
                400,
                400,
                Map.of(EncodeHintType.CHARACTER_SET, "UTF-8", EncodeHintType.MARGIN, 2));
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    MatrixToImageWriter.writeToStream(m, "PNG", png);
    String decoded = QrImages.decode(png.toByteArray());
    assertThat(decoded).isEqualTo(link);
    assertThat(CredentialOffer.parseLink(decoded).offer().preAuthorizedCode())
        .isEqualTo("code-123");
  }

  @Test
  void qrCodesOfManyDistinctOffersAllDecode() throws Exception {
    // ZXing's default finder misses some clean computer-made codes; QrImages falls back to other
    // binarizers and the pure-barcode mode. Without the fallback, 13 of 200 similar links failed.
    SecureRandom random = new SecureRandom();
    for (int n = 0; n < 150; n++) {
      byte[] id = new byte[12];
      random.nextBytes(id);
      String link =
          "openid-credential-offer://?credential_offer_uri="
              + URLEncoder.encode(
                  "http://127.0.0.1:"
                      + (1024 + random.nextInt(60000))
                      + "/issuers/police/offers/"
                      + kr.kdid.core.encoding.Base64Url.encode(id),
                  StandardCharsets.UTF_8);
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      MatrixToImageWriter.writeToStream(
          new QRCodeWriter().encode(link, BarcodeFormat.QR_CODE, 400, 400), "PNG", png);
      assertThat(QrImages.decode(png.toByteArray())).isEqualTo(link);
    }
  }

  @Test
  void imagesWithoutAQrCodeAreUnreadable() throws Exception {
    java.awt.image.BufferedImage blank =
        new java.awt.image.BufferedImage(50, 50, java.awt.image.BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    javax.imageio.ImageIO.write(blank, "PNG", png);
    assertThatThrownBy(() -> QrImages.decode(png.toByteArray()))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.QR_UNREADABLE));
    assertThatThrownBy(() -> QrImages.decode("not an image".getBytes(StandardCharsets.UTF_8)))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.QR_UNREADABLE));
  }

  @ParameterizedTest
  @CsvSource({
    "https://issuer.example/issuers/police, https://issuer.example/.well-known/openid-credential-issuer/issuers/police",
    "https://issuer.example/issuers/police/, https://issuer.example/.well-known/openid-credential-issuer/issuers/police",
    "https://issuer.example, https://issuer.example/.well-known/openid-credential-issuer",
    "http://127.0.0.1:8080/issuers/police, http://127.0.0.1:8080/.well-known/openid-credential-issuer/issuers/police",
  })
  void wellKnownSegmentsGoBetweenHostAndPath(String id, String expected) {
    assertThat(WellKnown.insert(id, OpenId4VciSpec.WELL_KNOWN_ISSUER)).hasToString(expected);
  }
}
