package kr.kdid.ledger.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.did.KdidMethod;
import kr.kdid.core.did.Relationship;
import kr.kdid.core.did.VerificationMethod;
import kr.kdid.ledger.block.BlockProposal;
import kr.kdid.ledger.block.TxOutcome;
import kr.kdid.ledger.machine.AppliedBlock;
import kr.kdid.ledger.machine.LedgerMachine;
import kr.kdid.ledger.machine.LedgerStore;
import kr.kdid.ledger.machine.NodeSigner;
import kr.kdid.ledger.machine.SignatureCache;
import kr.kdid.ledger.tx.StatusLists;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.ledger.tx.TxCodec;

/** A chain with a governance authority and helpers to build signed transactions. */
public final class LedgerFixture {
  public static final String CHAIN = "kdid-test";

  /** A DID with its key. */
  public record Actor(Did did, SoftwareKey key, String keyId, DidDocument document) {
    public Transaction sign(String chain, TxBody body) {
      return TxCodec.sign(key, keyId, chain, body);
    }
  }

  public final LedgerStore store;
  public final SoftwareKey nodeKey = SoftwareKey.generate(SignatureAlgorithm.ES256);
  public final NodeSigner nodeSigner = new NodeSigner("node-1", nodeKey);
  public final SignatureCache signatures = new SignatureCache(100_000);
  public final LedgerMachine machine;
  public final Actor governance;
  private long time = 1_800_000_000_000L;

  public LedgerFixture() {
    this(new InMemoryLedgerStore());
  }

  public LedgerFixture(LedgerStore store) {
    this.store = store;
    this.machine = new LedgerMachine(store, nodeSigner, signatures);
    this.governance = newActor(SignatureAlgorithm.ES256);
    Transaction create = governance.sign(CHAIN, new TxBody.DidCreate(governance.document()));
    Transaction genesis =
        governance.sign(
            CHAIN,
            new TxBody.Genesis(
                CHAIN,
                governance.did(),
                List.of(new TxBody.NodeInfo("node-1", nodeKey.publicKey()))));
    block(create.encoded(), genesis.encoded());
  }

  /** A new key and a did:kdid document for it (not yet on the ledger). */
  public static Actor newActor(SignatureAlgorithm alg) {
    SoftwareKey key = SoftwareKey.generate(alg);
    Did did = KdidMethod.didFor(key.publicKey());
    String keyId = did.withFragment("key-1");
    DidDocument doc =
        DidDocument.builder(did)
            .method(
                VerificationMethod.jwk(keyId, did, key.publicKey()),
                Relationship.CAPABILITY_INVOCATION,
                Relationship.ASSERTION_METHOD,
                Relationship.AUTHENTICATION)
            .build();
    return new Actor(did, key, keyId, doc);
  }

  /** Applies a block of encoded transactions. */
  public AppliedBlock block(String... txs) {
    time += 1000;
    return machine.apply(
        machine.lastApplied().logIndex() + 1, new BlockProposal("node-1", time, List.of(txs)));
  }

  /** Applies a block of transactions. */
  public AppliedBlock block(List<Transaction> txs) {
    List<String> enc = new ArrayList<>();
    txs.forEach(t -> enc.add(t.encoded()));
    return block(enc.toArray(String[]::new));
  }

  /** Applies one transaction in its own block and returns its outcome. */
  public TxOutcome apply(Transaction tx) {
    return block(tx.encoded()).block().outcomes().get(0);
  }

  /** Creates a DID on the ledger. */
  public Actor registered() {
    Actor a = newActor(SignatureAlgorithm.ES256);
    TxOutcome o = apply(a.sign(CHAIN, new TxBody.DidCreate(a.document())));
    if (!o.valid()) {
      throw new IllegalStateException(o.code() + ": " + o.reason());
    }
    return a;
  }

  /** Creates a DID and accredits it as issuer of the types. */
  public Actor issuer(String... types) {
    Actor a = registered();
    ok(governance.sign(CHAIN, new TxBody.IssuerAccredit(a.did(), "Test issuer", List.of(types))));
    return a;
  }

  /** Creates a DID and registers it as relying party. */
  public Actor relyingParty(Map<String, List<String>> claims) {
    Actor a = registered();
    ok(governance.sign(CHAIN, new TxBody.RpRegister(a.did(), "Test bank", "KYC", claims)));
    return a;
  }

  /** Applies and asserts validity. */
  public TxOutcome ok(Transaction tx) {
    TxOutcome o = apply(tx);
    if (!o.valid()) {
      throw new IllegalStateException(o.code() + ": " + o.reason());
    }
    return o;
  }

  /** An all-zero list of the minimum size, compressed. */
  public static String emptyList(int bits) {
    return StatusLists.encode(new byte[StatusLists.byteLength(StatusLists.MIN_SIZE, bits)]);
  }

  /** A Status List Token for a list of {@code issuer}, signed with its key-1. */
  public static String statusListToken(Actor issuer, String listId, int bits, String lst) {
    com.fasterxml.jackson.databind.node.ObjectNode h = kr.kdid.core.json.Json.object();
    h.put("typ", StatusLists.TOKEN_TYP);
    h.put("kid", issuer.keyId());
    com.fasterxml.jackson.databind.node.ObjectNode p = kr.kdid.core.json.Json.object();
    p.put("sub", "https://ledger.example" + StatusLists.uriPath(issuer.did(), listId));
    p.put("iat", 1_800_000_000L);
    p.putObject("status_list").put("bits", bits).put("lst", lst);
    return kr.kdid.core.jose.Jws.sign(h, p, issuer.key()).encoded();
  }

  /** A token for an all-zero list of the minimum size. */
  public static String emptyListToken(Actor issuer, String listId, int bits) {
    return statusListToken(issuer, listId, bits, emptyList(bits));
  }
}
