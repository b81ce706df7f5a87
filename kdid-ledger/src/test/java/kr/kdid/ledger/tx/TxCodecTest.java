package kr.kdid.ledger.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.Jcs;
import kr.kdid.core.json.Json;
import kr.kdid.ledger.testing.LedgerFixture;
import kr.kdid.ledger.testing.LedgerFixture.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TxCodecTest {
  private final Actor a = LedgerFixture.newActor(SignatureAlgorithm.ES256);

  private static RejectCode codeOf(String jws) {
    try {
      TxCodec.decode(jws);
      return null;
    } catch (TxRejectedException e) {
      return e.code();
    }
  }

  private String signRaw(String header, String payload) {
    String input =
        Base64Url.encode(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + Base64Url.encode(payload.getBytes(StandardCharsets.UTF_8));
    return input + "." + Base64Url.encode(a.key().sign(input.getBytes(StandardCharsets.US_ASCII)));
  }

  private ObjectNode payload() {
    return TxCodec.sign(a.key(), a.keyId(), "c", new TxBody.DidCreate(a.document()))
        .payload()
        .toJson();
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void roundTrips(SignatureAlgorithm alg) throws Exception {
    Actor x = LedgerFixture.newActor(alg);
    Transaction t = TxCodec.sign(x.key(), x.keyId(), "c", new TxBody.DidCreate(x.document()));
    Transaction d = TxCodec.decode(t.encoded());
    assertThat(d.payload()).isEqualTo(t.payload());
    assertThat(d.id()).isEqualTo(t.id());
    assertThat(d.algorithm()).isEqualTo(alg);
    assertThat(x.key().publicKey().verify(d.signingInput(), d.signature())).isTrue();
  }

  @Test
  void everyBodyTypeRoundTrips() throws Exception {
    List<TxBody> bodies =
        List.of(
            new TxBody.DidDeactivate(a.did(), 3),
            new TxBody.IssuerAccredit(a.did(), "Police", List.of("mdl", "org.iso.18013.5.1.mDL")),
            new TxBody.RpRegister(
                a.did(), "Bank", "KYC", java.util.Map.of("mdl", List.of("family_name"))),
            new TxBody.TrustSuspend(a.did(), TxBody.Role.RELYING_PARTY, "audit"),
            new TxBody.TrustReinstate(a.did(), TxBody.Role.ISSUER),
            new TxBody.StatusListCreate("l1", 2, StatusLists.MIN_SIZE, "a.b.c"),
            new TxBody.StatusListUpdate(a.did(), "l1", 4, "a.b.c"),
            new TxBody.EventAnchor("verification", List.of("00".repeat(32))));
    for (TxBody b : bodies) {
      Transaction t = TxCodec.sign(a.key(), a.keyId(), "c", b);
      assertThat(TxCodec.decode(t.encoded()).payload().body()).isEqualTo(b);
    }
  }

  @Test
  void malformedTransactionsGetTheirOwnCodes() {
    assertThat(codeOf("")).isEqualTo(RejectCode.MALFORMED_TX);
    assertThat(codeOf("abc")).isEqualTo(RejectCode.MALFORMED_TX);
    assertThat(codeOf("a.b.c.d")).isEqualTo(RejectCode.MALFORMED_TX);
    assertThat(codeOf("a+.b.c")).isEqualTo(RejectCode.MALFORMED_TX);
    assertThat(codeOf("x".repeat(TxCodec.MAX_LENGTH + 1))).isEqualTo(RejectCode.TX_TOO_LARGE);
    String p = Jcs.canonicalString(payload());
    assertThat(codeOf(signRaw("{\"alg\":\"none\",\"typ\":\"kdid-tx\"}", p)))
        .isEqualTo(RejectCode.UNSUPPORTED_ALGORITHM);
    assertThat(codeOf(signRaw("{\"alg\":\"ES256\",\"typ\":\"JWT\"}", p)))
        .isEqualTo(RejectCode.MALFORMED_TX);
    assertThat(codeOf(signRaw("{\"alg\":\"ES256\",\"typ\":\"kdid-tx\",\"kid\":\"x\"}", p)))
        .isEqualTo(RejectCode.MALFORMED_TX);
    // Not canonical: a space.
    assertThat(
            codeOf(signRaw("{\"alg\":\"ES256\",\"typ\":\"kdid-tx\"}", p.replaceFirst(":", ": "))))
        .isEqualTo(RejectCode.NOT_CANONICAL);
    String h = "{\"alg\":\"ES256\",\"typ\":\"kdid-tx\"}";
    ObjectNode unknownType = payload().put("type", "did.burn");
    assertThat(codeOf(signRaw(h, Jcs.canonicalString(unknownType))))
        .isEqualTo(RejectCode.UNKNOWN_TX_TYPE);
    ObjectNode extra = payload().put("zzz", 1);
    assertThat(codeOf(signRaw(h, Jcs.canonicalString(extra)))).isEqualTo(RejectCode.MALFORMED_TX);
    ObjectNode shortNonce = payload().put("nonce", "AAAA");
    assertThat(codeOf(signRaw(h, Jcs.canonicalString(shortNonce))))
        .isEqualTo(RejectCode.MALFORMED_TX);
    ObjectNode badSigner = payload().put("signer", "did:kdid:abc");
    assertThat(codeOf(signRaw(h, Jcs.canonicalString(badSigner))))
        .isEqualTo(RejectCode.MALFORMED_TX);
    ObjectNode badDoc = payload();
    ((ObjectNode) badDoc.get("body").get("document")).put("id", "nope");
    assertThat(codeOf(signRaw(h, Jcs.canonicalString(badDoc))))
        .isEqualTo(RejectCode.INVALID_DID_DOCUMENT);
    ObjectNode badBody = payload();
    ((ObjectNode) badBody.get("body")).put("extra", true);
    assertThat(codeOf(signRaw(h, Jcs.canonicalString(badBody)))).isEqualTo(RejectCode.INVALID_BODY);
    assertThat(codeOf(signRaw(h, "[1,2]"))).isEqualTo(RejectCode.MALFORMED_TX);
    assertThat(codeOf(signRaw(h, "{\"a\":1,\"a\":2}"))).isEqualTo(RejectCode.MALFORMED_TX);
    // Short signature.
    String t = signRaw(h, p);
    assertThat(codeOf(t.substring(0, t.lastIndexOf('.') + 1) + "AAAA"))
        .isEqualTo(RejectCode.MALFORMED_TX);
  }

  @Test
  void bodiesAreValidated() {
    String[] bad = {
      "{\"listId\":\"\",\"bits\":1,\"size\":131072,\"token\":\"x\"}",
      "{\"listId\":\"a b\",\"bits\":1,\"size\":131072,\"token\":\"x\"}",
      "{\"listId\":\"a\",\"bits\":16,\"size\":131072,\"token\":\"x\"}",
      "{\"listId\":\"a\",\"bits\":1,\"size\":\"big\",\"token\":\"x\"}",
      "{\"listId\":\"a\",\"bits\":1,\"size\":131072}",
    };
    for (String b : bad) {
      assertThatThrownBy(() -> TxBody.fromJson(TxType.STATUS_LIST_CREATE, Json.parse(b)))
          .isInstanceOf(TxRejectedException.class);
    }
    assertThatThrownBy(
            () ->
                TxBody.fromJson(
                    TxType.EVENT_ANCHOR, Json.parse("{\"kind\":\"issuance\",\"leaves\":[\"zz\"]}")))
        .isInstanceOf(TxRejectedException.class);
    assertThatThrownBy(
            () ->
                TxBody.fromJson(
                    TxType.EVENT_ANCHOR, Json.parse("{\"kind\":\"lunch\",\"leaves\":[]}")))
        .isInstanceOf(TxRejectedException.class);
    assertThatThrownBy(
            () ->
                TxBody.fromJson(
                    TxType.RP_REGISTER,
                    Json.parse(
                        "{\"rp\":\"did:kdid:x\",\"name\":\"n\",\"purpose\":\"p\",\"claims\":{\"mdl\":[\"a\",\"a\"]}}")))
        .isInstanceOf(TxRejectedException.class);
  }

  @Test
  void statusListCodecIsBoundedAndExact() throws Exception {
    byte[] list = new byte[StatusLists.byteLength(StatusLists.MIN_SIZE, 2)];
    StatusLists.set(list, 2, 7, 3);
    StatusLists.set(list, 2, 8, 1);
    String enc = StatusLists.encode(list);
    byte[] back = StatusLists.decode(enc, list.length);
    assertThat(StatusLists.get(back, 2, 7)).isEqualTo(3);
    assertThat(StatusLists.get(back, 2, 8)).isEqualTo(1);
    assertThat(StatusLists.get(back, 2, 9)).isZero();
    assertThatThrownBy(() -> StatusLists.decode(enc, list.length - 1))
        .isInstanceOf(TxRejectedException.class);
    assertThatThrownBy(() -> StatusLists.decode(enc, list.length + 1))
        .isInstanceOf(TxRejectedException.class);
    assertThatThrownBy(() -> StatusLists.decode("AAAA", 10))
        .isInstanceOf(TxRejectedException.class);
    assertThatThrownBy(() -> StatusLists.decode("!!", 10)).isInstanceOf(TxRejectedException.class);
    // A compression bomb: 64 MiB of zeros declared as a small list stops at the expected size.
    String bomb = StatusLists.encode(new byte[64 << 20]);
    assertThatThrownBy(() -> StatusLists.decode(bomb, 16384))
        .isInstanceOf(TxRejectedException.class)
        .hasMessageContaining("more than");
  }
}
