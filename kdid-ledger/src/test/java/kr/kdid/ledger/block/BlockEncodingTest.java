package kr.kdid.ledger.block;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import kr.kdid.core.did.Did;
import kr.kdid.core.json.Jcs;
import kr.kdid.ledger.state.AnchorRecord;
import kr.kdid.ledger.state.DidRecord;
import org.junit.jupiter.api.Test;

/** The direct canonical encoders write exactly what JCS writes for the same JSON. */
class BlockEncodingTest {
  @Test
  void directEncodersMatchJcs() {
    BlockHeader h =
        new BlockHeader(
            1,
            "c",
            7,
            "00".repeat(32),
            123,
            2,
            "11".repeat(32),
            "22".repeat(32),
            "33".repeat(32),
            "node-1");
    assertThat(h.signingBytes()).isEqualTo(Jcs.canonicalize(h.toJson()));
    TxOutcome ok = TxOutcome.valid("aa", "bb");
    TxOutcome bad = TxOutcome.invalid("aa", "bb", "NOT_GOVERNANCE", "nope \"quoted\" \u20ac", true);
    assertThat(ok.canonical()).isEqualTo(Jcs.canonicalize(ok.toJson()));
    assertThat(bad.canonical()).isEqualTo(Jcs.canonicalize(bad.toJson()));
    Block b =
        new Block(
            h,
            List.of("a.b.c", "d.e.f"),
            List.of(ok, bad),
            List.of(new HeaderSignature("node-1", "ES256", "sig")));
    assertThat(b.encode()).isEqualTo(Jcs.canonicalize(b.toJson()));
    assertThat(Block.decode(b.encode())).isEqualTo(b);
    AnchorRecord a =
        new AnchorRecord(
            Did.parse("did:kdid:x"), "issuance", "ab", 3, "2026-01-01T00:00:00Z", 9, "cd");
    assertThat(a.encode()).isEqualTo(Jcs.canonicalize(a.toJson()));
    for (boolean deactivated : new boolean[] {false, true}) {
      var key =
          kr.kdid.core.crypto.SoftwareKey.generate(kr.kdid.core.crypto.SignatureAlgorithm.ES256)
              .publicKey();
      Did did = kr.kdid.core.did.KdidMethod.didFor(key);
      var doc =
          kr.kdid.core.did.DidDocument.builder(did)
              .method(
                  kr.kdid.core.did.VerificationMethod.jwk(did + "#key-1", did, key),
                  kr.kdid.core.did.Relationship.CAPABILITY_INVOCATION,
                  kr.kdid.core.did.Relationship.AUTHENTICATION)
              .build();
      DidRecord r =
          new DidRecord(
              did, 4, doc, deactivated, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", 77, "ef");
      assertThat(r.encode()).isEqualTo(Jcs.canonicalize(r.toJson()));
      assertThat(DidRecord.decode(r.encode())).isEqualTo(r);
    }
  }
}
