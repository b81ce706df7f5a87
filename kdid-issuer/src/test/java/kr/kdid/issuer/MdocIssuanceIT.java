package kr.kdid.issuer;

import static kr.kdid.issuer.IssuanceIT.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.mdoc.IssuerSigned;
import kr.kdid.credentials.mdoc.IssuerTrust;
import kr.kdid.credentials.mdoc.MdocHolder;
import kr.kdid.credentials.mdoc.MdocValues;
import kr.kdid.credentials.mdoc.MdocVerifier;
import kr.kdid.credentials.mdoc.SessionTranscript;
import kr.kdid.credentials.mdoc.VerifiedDocument;
import kr.kdid.credentials.sdjwt.SdJwt;
import kr.kdid.credentials.status.StatusListToken;
import kr.kdid.credentials.status.StatusReference;
import kr.kdid.credentials.status.StatusValue;
import kr.kdid.ledger.state.StatusListRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's licence as an ISO 18013-5 mdoc over OpenID4VCI ({@code mso_mdoc}): the IACA on the
 * ledger in the issuer's DID document, both formats with one access token as one card, and the
 * mdoc's status entry following the card's lifecycle.
 */
class MdocIssuanceIT {
  static final String DOCTYPE = "org.iso.18013.5.1.mDL";
  static final String NS = "org.iso.18013.5.1";
  private IssuerFixture f;
  private TestHolder holder;

  @BeforeEach
  void start(@TempDir Path dir) {
    f = new IssuerFixture(dir);
    holder = new TestHolder(f);
  }

  @AfterEach
  void stop() {
    f.close();
  }

  private ObjectNode request(String configurationId, List<String> proofs) {
    ObjectNode r = TestHolder.request(proofs);
    r.put("credential_configuration_id", configurationId);
    return r;
  }

  /** The IACA certificates the issuer's DID document on the ledger publishes. */
  private List<X509Certificate> iacaOnLedger() {
    var doc = f.ledger.resolve(f.issuer.identity().did().toString()).document();
    return kr.kdid.credentials.mdoc.IacaPublication.certificates(doc);
  }

  private StatusValue onLedger(StatusReference ref) throws Exception {
    String listId = ref.uri().substring(ref.uri().lastIndexOf('/') + 1);
    StatusListRecord rec = f.ledger.statusList(f.issuer.identity().did(), listId).orElseThrow();
    var verified =
        StatusListToken.verify(
            rec.token(),
            f.issuer.identity().key().publicKey(),
            ref.uri(),
            f.clock.instant(),
            Duration.ofMinutes(1),
            StatusListToken.DEFAULT_MAX_BYTES);
    return StatusListToken.statusOf(verified, ref);
  }

  @Test
  void metadataAndOffersNameTheMdocConfiguration() throws Exception {
    JsonNode meta =
        Json.parse(f.get("/.well-known/openid-credential-issuer/issuers/police").body());
    JsonNode mdoc = meta.path("credential_configurations_supported").path(DOCTYPE);
    assertThat(mdoc.path("format").asText()).isEqualTo("mso_mdoc");
    assertThat(mdoc.path("doctype").asText()).isEqualTo(DOCTYPE);
    assertThat(mdoc.path("cryptographic_binding_methods_supported").get(0).asText())
        .isEqualTo("cose_key");
    assertThat(mdoc.path("credential_metadata").path("claims").get(0).path("path").get(0).asText())
        .isEqualTo(NS);
    JsonNode offer = f.offer(f.enrolDriver(30));
    assertThat(offer.path("credentialOffer").path("credential_configuration_ids").toString())
        .isEqualTo("[\"kr.mdl\",\"" + DOCTYPE + "\"]");
    // The IACA is on the ledger, in the issuer's DID document, and certifies the DS in use.
    assertThat(iacaOnLedger()).containsExactly(f.issuer.mdoc().iaca());
    assertThat(f.issuer.mdoc().documentSigner().getIssuerX500Principal())
        .isEqualTo(f.issuer.mdoc().iaca().getSubjectX500Principal());
  }

  @Test
  void bothFormatsWithOneTokenAreOneCardAndTheMdocVerifiesAgainstTheLedgersIaca() throws Exception {
    String token = holder.accessToken(f.offer(f.enrolDriver(30)));
    SoftwareKey sdKey = TestHolder.newKey();
    HttpResponse<String> sd =
        holder.credential(
            token, request("kr.mdl", List.of(holder.goodProof(sdKey, holder.nonce()))));
    assertThat(sd.statusCode()).as(sd.body()).isEqualTo(200);
    SoftwareKey device1 = TestHolder.newKey();
    SoftwareKey device2 = TestHolder.newKey();
    HttpResponse<String> md =
        holder.credential(
            token,
            request(
                DOCTYPE,
                List.of(
                    holder.goodProof(device1, holder.nonce()),
                    holder.goodProof(device2, holder.nonce()))));
    assertThat(md.statusCode()).as(md.body()).isEqualTo(200);
    JsonNode mdResp = Json.parse(md.body());
    String batch = Json.parse(sd.body()).path("kdid_batch_id").asText();
    assertThat(mdResp.path("kdid_batch_id").asText()).as("one card").isEqualTo(batch);
    assertThat(mdResp.path("credentials")).hasSize(2);
    assertThat(f.issuer.store().credentialsOfBatch(batch)).hasSize(3);
    // One card, one issuance event (anchored once), handed out with both formats.
    assertThat(mdResp.path("kdid_issuance_event"))
        .isEqualTo(Json.parse(sd.body()).path("kdid_issuance_event"));
    assertThat(f.issuer.store().eventsOfBatch(batch)).hasSize(1);

    // A third request with the same token for either format is refused.
    assertThat(
            errorCode(
                holder.credential(
                    token,
                    request(
                        DOCTYPE, List.of(holder.goodProof(TestHolder.newKey(), holder.nonce()))))))
        .isEqualTo("TOKEN_USED");

    // The holder presents it (OpenID4VP session transcript); a verifier trusting the IACA that
    // the ledger publishes for this issuer accepts it.
    IssuerSigned issued =
        IssuerSigned.decode(
            Base64Url.decode(mdResp.path("credentials").get(0).path("credential").asText()));
    SessionTranscript transcript =
        SessionTranscript.openId4VpRedirect(
            "decentralized_identifier:did:kdid:verifier", "n-1", Optional.empty(), "https://v/r");
    byte[] response =
        MdocHolder.respond(
                MdocHolder.present(
                    issued, Map.of(NS, Set.of("family_name", "age_over_19")), transcript, device1))
            .encode();
    MdocVerifier verifier = new MdocVerifier(IssuerTrust.iacaRoots(iacaOnLedger()), f.clock);
    VerifiedDocument doc = verifier.verify(response, transcript).get(0);
    assertThat(doc.docType()).isEqualTo(DOCTYPE);
    assertThat(doc.elements().get(NS).keySet())
        .containsExactlyInAnyOrder("family_name", "age_over_19");
    assertThat(MdocValues.toJson(doc.element(NS, "age_over_19").orElseThrow()).asBoolean())
        .isTrue();
    StatusReference ref = doc.status().orElseThrow();
    assertThat(onLedger(ref)).isEqualTo(StatusValue.VALID);

    // The card's lifecycle moves both formats' entries.
    SdJwt sdJwt =
        SdJwt.parseIssued(
            Json.parse(sd.body()).path("credentials").get(0).path("credential").asText());
    StatusReference sdRef =
        StatusReference.fromStatusClaim(sdJwt.issuerJwt().payloadJson().path("status"));
    assertThat(f.issuer.setBatchStatus(batch, "SUSPENDED")).isEqualTo(3);
    assertThat(onLedger(ref)).isEqualTo(StatusValue.SUSPENDED);
    assertThat(onLedger(sdRef)).isEqualTo(StatusValue.SUSPENDED);
  }

  @Test
  void anotherTypesDoctypeIsNotThisTokensConfiguration() throws Exception {
    String token = holder.accessToken(f.offer(f.enrolDriver(30)));
    HttpResponse<String> r =
        holder.credential(
            token,
            request(
                "kr.kdid.rrc.1", List.of(holder.goodProof(TestHolder.newKey(), holder.nonce()))));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(errorCode(r)).isEqualTo("UNKNOWN_CREDENTIAL_CONFIGURATION");
  }

  @Test
  void anMdocNeedsAP256DeviceKey() throws Exception {
    String token = holder.accessToken(f.offer(f.enrolDriver(30)));
    SoftwareKey ed = SoftwareKey.generate(SignatureAlgorithm.EDDSA);
    ObjectNode h = Json.object();
    h.put("alg", "EdDSA");
    h.put("typ", "openid4vci-proof+jwt");
    h.set("jwk", ed.publicKey().toJwk().toJson());
    ObjectNode p = Json.object();
    p.put("aud", f.issuer.config().credentialIssuer());
    p.put("iat", f.clock.instant().getEpochSecond());
    p.put("nonce", holder.nonce());
    String proof = kr.kdid.core.jose.Jws.sign(h, p, ed).encoded();
    HttpResponse<String> r = holder.credential(token, request(DOCTYPE, List.of(proof)));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(errorCode(r)).isEqualTo("PROOF_KEY_UNSUPPORTED");
  }

  @Test
  void theIacaAndDocumentSignerSurviveARestart(@TempDir Path other) throws Exception {
    X509Certificate iaca = f.issuer.mdoc().iaca();
    X509Certificate ds = f.issuer.mdoc().documentSigner();
    // A second start on the same database and vault finds them again (no DID update needed).
    var again =
        IssuerService.start(
            f.issuer.config(),
            f.vault,
            f.issuer.store().database(),
            f.ledger,
            kr.kdid.credentials.catalog.Catalog.builtIn(),
            f.clock,
            f.random);
    assertThat(again.mdoc().iaca()).isEqualTo(iaca);
    assertThat(again.mdoc().documentSigner()).isEqualTo(ds);
  }

  @Test
  void theSecondFormatOfASuspendedCardIsRefused() throws Exception {
    String token = holder.accessToken(f.offer(f.enrolDriver(30)));
    HttpResponse<String> sd =
        holder.credential(
            token,
            request("kr.mdl", List.of(holder.goodProof(TestHolder.newKey(), holder.nonce()))));
    assertThat(sd.statusCode()).isEqualTo(200);
    f.issuer.setBatchStatus(Json.parse(sd.body()).path("kdid_batch_id").asText(), "SUSPENDED");
    HttpResponse<String> md =
        holder.credential(
            token,
            request(DOCTYPE, List.of(holder.goodProof(TestHolder.newKey(), holder.nonce()))));
    assertThat(md.statusCode()).isEqualTo(400);
    assertThat(errorCode(md)).isEqualTo("CARD_NOT_ACTIVE");
  }

  @Test
  void concurrentRequestsForBothFormatsIssueIntoOneCard() throws Exception {
    for (int round = 0; round < 3; round++) {
      String token = holder.accessToken(f.offer(f.enrolDriver(30 + round)));
      String n1 = holder.nonce();
      String n2 = holder.nonce();
      var a = request("kr.mdl", List.of(holder.goodProof(TestHolder.newKey(), n1)));
      var b = request(DOCTYPE, List.of(holder.goodProof(TestHolder.newKey(), n2)));
      var start = new java.util.concurrent.CountDownLatch(1);
      try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
        var fa =
            pool.submit(
                () -> {
                  start.await();
                  return holder.credential(token, a);
                });
        var fb =
            pool.submit(
                () -> {
                  start.await();
                  return holder.credential(token, b);
                });
        start.countDown();
        HttpResponse<String> ra = fa.get();
        HttpResponse<String> rb = fb.get();
        assertThat(ra.statusCode()).as(ra.body()).isEqualTo(200);
        assertThat(rb.statusCode()).as(rb.body()).isEqualTo(200);
        assertThat(Json.parse(ra.body()).path("kdid_batch_id").asText())
            .isEqualTo(Json.parse(rb.body()).path("kdid_batch_id").asText());
      }
    }
  }

  @Test
  void theDocumentSignerIsRenewedBeforeItWouldNotCoverANewCredential() throws Exception {
    String token = holder.accessToken(f.offer(f.enrolDriver(30)));
    SoftwareKey device = TestHolder.newKey();
    HttpResponse<String> md =
        holder.credential(
            token, request(DOCTYPE, List.of(holder.goodProof(device, holder.nonce()))));
    assertThat(md.statusCode()).as(md.body()).isEqualTo(200);
    IssuerSigned first =
        IssuerSigned.decode(
            Base64Url.decode(
                Json.parse(md.body()).path("credentials").get(0).path("credential").asText()));
    X509Certificate ds1 = f.issuer.mdoc().documentSigner();
    // The DS outlives every credential signed under it (a licence lasts 365 days).
    assertThat(ds1.getNotAfter().toInstant())
        .isAfter(first.mso().validity().validUntil().minusSeconds(1));

    f.clock.advance(Duration.ofDays(340));
    f.issuer.housekeepStatus();
    X509Certificate ds2 = f.issuer.mdoc().documentSigner();
    assertThat(ds2).isNotEqualTo(ds1);
    assertThat(ds2.getIssuerX500Principal()).isEqualTo(ds1.getIssuerX500Principal());
    // The mdoc signed under the old DS still verifies 340 days on, against the ledger's IACA.
    SessionTranscript transcript =
        SessionTranscript.openId4VpRedirect("client", "n", Optional.empty(), "https://v/r");
    byte[] response =
        MdocHolder.respond(
                MdocHolder.present(first, Map.of(NS, Set.of("family_name")), transcript, device))
            .encode();
    assertThat(
            new MdocVerifier(IssuerTrust.iacaRoots(iacaOnLedger()), f.clock)
                .verify(response, transcript))
        .hasSize(1);
  }
}
