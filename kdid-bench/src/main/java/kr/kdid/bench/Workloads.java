package kr.kdid.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.did.KdidMethod;
import kr.kdid.core.did.Relationship;
import kr.kdid.core.did.VerificationMethod;
import kr.kdid.core.encoding.Hex;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.ledger.tx.TxCodec;

/** Pre-signed transactions for benchmarks, so that signing is never timed. */
public final class Workloads {
  private Workloads() {}

  /** A DID with its key. */
  public record Actor(Did did, SoftwareKey key, String keyId, DidDocument document) {
    public Transaction sign(String chain, TxBody body) {
      return TxCodec.sign(key, keyId, chain, body);
    }
  }

  /** A new ES256 key and a did:kdid document for it. */
  public static Actor actor() {
    SoftwareKey key = SoftwareKey.generate(SignatureAlgorithm.ES256);
    Did did = KdidMethod.didFor(key.publicKey());
    String keyId = did.withFragment("key-1");
    DidDocument doc =
        DidDocument.builder(did)
            .method(
                VerificationMethod.jwk(keyId, did, key.publicKey()),
                Relationship.CAPABILITY_INVOCATION,
                Relationship.ASSERTION_METHOD)
            .build();
    return new Actor(did, key, keyId, doc);
  }

  /** One fresh DID create, signed by its own new ES256 key. */
  public static Transaction didCreate(String chain) {
    Actor a = actor();
    return a.sign(chain, new TxBody.DidCreate(a.document()));
  }

  /** {@code n} DID creates, signed in parallel. */
  public static List<Transaction> didCreates(String chain, int n) {
    return new ArrayList<>(
        IntStream.range(0, n).parallel().mapToObj(i -> didCreate(chain)).toList());
  }

  /** The transactions that put issuers on the ledger and accredit them. */
  public static List<Transaction> issuerSetup(
      String chain, Signer governance, String governanceKeyId, List<Actor> issuers) {
    List<Transaction> txs = new ArrayList<>();
    for (Actor a : issuers) {
      txs.add(a.sign(chain, new TxBody.DidCreate(a.document())));
    }
    for (Actor a : issuers) {
      txs.add(
          TxCodec.sign(
              governance,
              governanceKeyId,
              chain,
              new TxBody.IssuerAccredit(a.did(), "Bench issuer", List.of("mdl"))));
    }
    return txs;
  }

  /**
   * {@code n} event anchors of one random commitment each, signed round-robin by the issuers: the
   * everyday write of a national ID ledger (few signers, many transactions).
   */
  public static List<Transaction> anchors(String chain, List<Actor> issuers, int n) {
    return new ArrayList<>(
        IntStream.range(0, n)
            .parallel()
            .mapToObj(
                i ->
                    issuers
                        .get(i % issuers.size())
                        .sign(
                            chain,
                            new TxBody.EventAnchor(
                                TxBody.EventAnchor.ISSUANCE,
                                List.of(Hex.encode(Randomness.bytes(32))))))
            .toList());
  }
}
