package kr.kdid.ledger.machine;

import static kr.kdid.ledger.testing.LedgerFixture.CHAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.did.DidResolutionResult;
import kr.kdid.core.did.Relationship;
import kr.kdid.core.did.VerificationMethod;
import kr.kdid.core.encoding.Hex;
import kr.kdid.core.merkle.MerkleTree;
import kr.kdid.ledger.block.BlockHeader;
import kr.kdid.ledger.block.BlockProposal;
import kr.kdid.ledger.block.Cosignature;
import kr.kdid.ledger.block.HeaderSignature;
import kr.kdid.ledger.block.TxOutcome;
import kr.kdid.ledger.proof.StateProof;
import kr.kdid.ledger.proof.TrustPolicy;
import kr.kdid.ledger.proof.TxProof;
import kr.kdid.ledger.query.LedgerReader;
import kr.kdid.ledger.state.IssuerRecord;
import kr.kdid.ledger.state.StateKeys;
import kr.kdid.ledger.state.StatusListRecord;
import kr.kdid.ledger.state.TrustStatus;
import kr.kdid.ledger.testing.InMemoryLedgerStore;
import kr.kdid.ledger.testing.LedgerFixture;
import kr.kdid.ledger.testing.LedgerFixture.Actor;
import kr.kdid.ledger.tx.StatusLists;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.ledger.tx.TxCodec;
import kr.kdid.ledger.tx.TxRejectedException;
import org.junit.jupiter.api.Test;

class LedgerMachineTest {
  private final LedgerFixture f = new LedgerFixture();

  private static void assertRejected(TxOutcome o, String code) {
    assertThat(o.valid()).as("outcome %s", o).isFalse();
    assertThat(o.code()).isEqualTo(code);
    assertThat(o.reason()).isNotBlank();
  }

  @Test
  void genesisConfiguresTheChain() {
    assertThat(f.machine.lastApplied()).isEqualTo(new LogPosition(0, 0));
    assertThat(f.machine.config().chainId()).isEqualTo(CHAIN);
    assertThat(f.machine.config().governance()).isEqualTo(f.governance.did());
    assertThat(f.store.block(0).outcomes()).allMatch(TxOutcome::valid);
    assertThat(f.store.block(0).signatures()).hasSize(1);
  }

  @Test
  void createUpdateRotateDeactivate() {
    Actor a = f.registered();
    LedgerReader reader = new LedgerReader(f.store);
    assertThat(reader.resolve(a.did().toString(), null).document()).isEqualTo(a.document());

    // Rotate: the new document holds only key-2; key-1 signs the change.
    SoftwareKey k2 = SoftwareKey.generate(SignatureAlgorithm.EDDSA);
    String k2id = a.did().withFragment("key-2");
    DidDocument rotated =
        DidDocument.builder(a.did())
            .method(
                VerificationMethod.jwk(k2id, a.did(), k2.publicKey()),
                Relationship.CAPABILITY_INVOCATION,
                Relationship.ASSERTION_METHOD)
            .build();
    f.ok(a.sign(CHAIN, new TxBody.DidUpdate(a.did(), 1, rotated)));
    DidResolutionResult r = reader.resolve(a.did().toString(), null);
    assertThat(r.document()).isEqualTo(rotated);
    assertThat(r.metadata().versionId()).isEqualTo("2");
    DidResolutionResult v1 = reader.resolve(a.did().toString(), 1L);
    assertThat(v1.document()).isEqualTo(a.document());
    assertThat(v1.metadata().nextVersionId()).isEqualTo("2");

    // The old key no longer signs for the DID.
    assertRejected(
        f.apply(a.sign(CHAIN, new TxBody.DidUpdate(a.did(), 2, a.document()))),
        "SIGNER_KEY_NOT_AUTHORIZED");
    // The new key does.
    Transaction deactivate = TxCodec.sign(k2, k2id, CHAIN, new TxBody.DidDeactivate(a.did(), 2));
    f.ok(deactivate);
    DidResolutionResult gone = reader.resolve(a.did().toString(), null);
    assertThat(gone.isDeactivated()).isTrue();
    assertThat(gone.document().verificationMethod()).isEmpty();
    assertRejected(
        f.apply(TxCodec.sign(k2, k2id, CHAIN, new TxBody.DidDeactivate(a.did(), 3))),
        "DID_DEACTIVATED");
  }

  @Test
  void didRulesRejectWithTheirOwnCodes() {
    Actor a = f.registered();
    Actor b = f.registered();
    // Create again.
    assertRejected(f.apply(a.sign(CHAIN, new TxBody.DidCreate(a.document()))), "DID_EXISTS");
    // Update by a non-controller.
    assertRejected(
        f.apply(b.sign(CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document()))), "NOT_CONTROLLER");
    // Stale version.
    assertRejected(
        f.apply(a.sign(CHAIN, new TxBody.DidUpdate(a.did(), 7, a.document()))), "STALE_VERSION");
    // Unknown DID updated.
    Actor ghost = LedgerFixture.newActor(SignatureAlgorithm.ES256);
    assertRejected(
        f.apply(a.sign(CHAIN, new TxBody.DidUpdate(ghost.did(), 1, ghost.document()))),
        "UNKNOWN_DID");
    // Unknown signer.
    assertRejected(
        f.apply(ghost.sign(CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document()))),
        "UNKNOWN_SIGNER");
    // A DID that does not derive from its key (squatting someone else's id).
    Actor squatter = LedgerFixture.newActor(SignatureAlgorithm.ES256);
    Actor victim = LedgerFixture.newActor(SignatureAlgorithm.ES256);
    DidDocument stolen =
        DidDocument.builder(victim.did())
            .method(
                VerificationMethod.jwk(
                    victim.did().withFragment("key-1"), victim.did(), squatter.key().publicKey()),
                Relationship.CAPABILITY_INVOCATION)
            .build();
    assertRejected(
        f.apply(
            TxCodec.sign(
                squatter.key(),
                victim.did().withFragment("key-1"),
                CHAIN,
                new TxBody.DidCreate(stolen))),
        "DID_NOT_DERIVED_FROM_KEY");
    // Signed by a key of the document that is not a capabilityInvocation key.
    Actor c = LedgerFixture.newActor(SignatureAlgorithm.ES256);
    DidDocument weak =
        DidDocument.builder(c.did())
            .method(
                VerificationMethod.jwk(c.keyId(), c.did(), c.key().publicKey()),
                Relationship.AUTHENTICATION)
            .build();
    assertRejected(f.apply(c.sign(CHAIN, new TxBody.DidCreate(weak))), "SIGNER_KEY_NOT_AUTHORIZED");
  }

  @Test
  void controllersMayUpdate() {
    Actor owner = f.registered();
    Actor child = LedgerFixture.newActor(SignatureAlgorithm.ES256);
    DidDocument doc =
        DidDocument.builder(child.did())
            .controller(owner.did())
            .method(
                VerificationMethod.jwk(child.keyId(), child.did(), child.key().publicKey()),
                Relationship.CAPABILITY_INVOCATION)
            .build();
    f.ok(child.sign(CHAIN, new TxBody.DidCreate(doc)));
    f.ok(owner.sign(CHAIN, new TxBody.DidUpdate(child.did(), 1, doc)));
  }

  @Test
  void signaturesAndReplaysAreChecked() {
    Actor a = f.registered();
    Transaction t = a.sign(CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document()));
    TxOutcome bad = f.block(withTamperedSignature(t.encoded())).block().outcomes().get(0);
    assertRejected(bad, "BAD_SIGNATURE");
    // Another DID's key signing as a.
    Actor b = f.registered();
    Transaction wrong =
        TxCodec.sign(b.key(), a.keyId(), CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document()));
    assertRejected(f.apply(wrong), "BAD_SIGNATURE");
    // The genuine one applies once; the same bytes again are a duplicate.
    f.ok(t);
    assertRejected(f.apply(t), "DUPLICATE_TX");
    // Same nonce, different payload: replayed nonce.
    Transaction n1 =
        TxCodec.sign(
            a.key(),
            a.keyId(),
            CHAIN,
            new TxBody.DidUpdate(a.did(), 2, a.document()),
            "AAAAAAAAAAAAAAAAAAAAAA");
    Transaction n2 =
        TxCodec.sign(
            a.key(),
            a.keyId(),
            CHAIN,
            new TxBody.DidUpdate(a.did(), 3, a.document()),
            "AAAAAAAAAAAAAAAAAAAAAA");
    f.ok(n1);
    assertRejected(f.apply(n2), "NONCE_REPLAYED");
    // Wrong chain.
    assertRejected(
        f.apply(a.sign("other-chain", new TxBody.DidUpdate(a.did(), 3, a.document()))),
        "WRONG_CHAIN");
  }

  /** The encoded transaction with one character of its signature changed. */
  private static String withTamperedSignature(String enc) {
    char c = enc.charAt(enc.length() - 5);
    return enc.substring(0, enc.length() - 5)
        + (c == 'A' ? 'B' : 'A')
        + enc.substring(enc.length() - 4);
  }

  @Test
  void duplicatesInOneBlockAndForgedCopiesGetTheirOwnCodes() {
    Actor a = f.registered();
    Transaction t = a.sign(CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document()));
    String enc = t.encoded();
    String forged = withTamperedSignature(enc);
    // A forged copy ahead of the genuine one in the same block does not use the nonce up; the
    // genuine one applies, and a second genuine copy in the block is a duplicate.
    var outcomes = f.block(forged, enc, enc).block().outcomes();
    assertRejected(outcomes.get(0), "BAD_SIGNATURE");
    assertThat(outcomes.get(1).valid()).isTrue();
    assertRejected(outcomes.get(2), "DUPLICATE_TX");
    // In later blocks the same bytes are a duplicate, and so is a copy with another signature: the
    // transaction's id is the hash of its payload.
    assertRejected(f.apply(t), "DUPLICATE_TX");
    assertRejected(f.block(forged).block().outcomes().get(0), "DUPLICATE_TX");
    // A transaction whose signature verified but whose rules failed used its nonce without being
    // applied: sent again, it is a replayed nonce, not a duplicate.
    Transaction stale = a.sign(CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document()));
    assertRejected(f.apply(stale), "STALE_VERSION");
    assertRejected(f.apply(stale), "NONCE_REPLAYED");
  }

  @Test
  void genesisOnlyInBlockZeroAndAlgorithmsMustMatchKeys() {
    TxOutcome again =
        f.apply(
            f.governance.sign(
                CHAIN,
                new TxBody.Genesis(
                    CHAIN,
                    f.governance.did(),
                    List.of(new TxBody.NodeInfo("node-9", f.nodeKey.publicKey())))));
    assertRejected(again, "GENESIS_ONLY");
    // A JWS that claims EdDSA while the signer's key is P-256.
    Actor a = f.registered();
    Actor ed = LedgerFixture.newActor(SignatureAlgorithm.EDDSA);
    Transaction mismatched =
        TxCodec.sign(ed.key(), a.keyId(), CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document()));
    assertRejected(f.apply(mismatched), "ALGORITHM_KEY_MISMATCH");
  }

  @Test
  void expiredTransactionsAreRefusedAndSignedFailuresUseUpTheirNonce() {
    Actor a = f.registered();
    long blockTime = f.machine.lastHeader().time() / 1000;
    Transaction old =
        TxCodec.sign(
            a.key(),
            a.keyId(),
            CHAIN,
            new TxBody.DidUpdate(a.did(), 1, a.document()),
            "DDDDDDDDDDDDDDDDDDDDDD",
            blockTime - 10);
    TxOutcome o = f.apply(old);
    assertRejected(o, "EXPIRED");
    assertThat(o.nonceUsed()).isTrue();
    // The same signed bytes can never come back, even if they would now pass the rules.
    assertRejected(f.apply(old), "NONCE_REPLAYED");
    // A transaction that fails a rule after its signature verified uses its nonce up too.
    Actor stranger = f.registered();
    Transaction premature =
        f.governance.sign(CHAIN, new TxBody.IssuerAccredit(a.did(), "x", List.of("mdl")));
    Transaction wrongSigner =
        stranger.sign(CHAIN, new TxBody.IssuerAccredit(a.did(), "x", List.of("mdl")));
    assertRejected(f.apply(wrongSigner), "NOT_GOVERNANCE");
    assertRejected(f.apply(wrongSigner), "NONCE_REPLAYED");
    f.ok(premature);
    // A forged signature does not use up the real author's nonce.
    Transaction genuine =
        TxCodec.sign(
            a.key(),
            a.keyId(),
            CHAIN,
            new TxBody.DidUpdate(a.did(), 1, a.document()),
            "EEEEEEEEEEEEEEEEEEEEEE",
            null);
    Transaction forged =
        TxCodec.sign(
            stranger.key(),
            a.keyId(),
            CHAIN,
            new TxBody.DidUpdate(a.did(), 1, a.document()),
            "EEEEEEEEEEEEEEEEEEEEEE",
            null);
    TxOutcome bad = f.apply(forged);
    assertRejected(bad, "BAD_SIGNATURE");
    assertThat(bad.nonceUsed()).isFalse();
    f.ok(genuine);
  }

  @Test
  void reaccreditationKeepsASuspension() {
    Actor issuer = f.issuer("mdl");
    f.ok(
        f.governance.sign(
            CHAIN, new TxBody.TrustSuspend(issuer.did(), TxBody.Role.ISSUER, "audit")));
    f.ok(
        f.governance.sign(
            CHAIN, new TxBody.IssuerAccredit(issuer.did(), "Police", List.of("mdl", "rrc"))));
    IssuerRecord rec = IssuerRecord.decode(f.store.get(StateKeys.issuer(issuer.did())));
    assertThat(rec.status()).isEqualTo(TrustStatus.SUSPENDED);
    assertThat(rec.credentialTypes()).containsExactly("mdl", "rrc");
  }

  @Test
  void invalidTransactionsStayInTheBlock() {
    Actor a = f.registered();
    Transaction good = a.sign(CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document()));
    Transaction stale = a.sign(CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document()));
    AppliedBlock b = f.block(List.of(good, stale));
    assertThat(b.block().transactions()).hasSize(2);
    assertThat(b.block().outcomes().get(0).valid()).isTrue();
    assertRejected(b.block().outcomes().get(1), "STALE_VERSION");
    // Garbage in a proposal is recorded too.
    AppliedBlock g = f.block("not-a-jws");
    assertRejected(g.block().outcomes().get(0), "MALFORMED_TX");
    assertThat(g.block().header().txCount()).isEqualTo(1);
  }

  @Test
  void trustRegistryOnlyByGovernance() {
    Actor issuer = f.registered();
    assertRejected(
        f.apply(
            issuer.sign(CHAIN, new TxBody.IssuerAccredit(issuer.did(), "Self", List.of("mdl")))),
        "NOT_GOVERNANCE");
    f.ok(
        f.governance.sign(
            CHAIN,
            new TxBody.IssuerAccredit(issuer.did(), "National Police Agency", List.of("mdl"))));
    IssuerRecord rec = IssuerRecord.decode(f.store.get(StateKeys.issuer(issuer.did())));
    assertThat(rec.mayIssue("mdl")).isTrue();
    assertThat(rec.mayIssue("resident-card")).isFalse();

    f.ok(
        f.governance.sign(
            CHAIN, new TxBody.TrustSuspend(issuer.did(), TxBody.Role.ISSUER, "audit")));
    assertThat(IssuerRecord.decode(f.store.get(StateKeys.issuer(issuer.did()))).status())
        .isEqualTo(TrustStatus.SUSPENDED);
    assertRejected(
        f.apply(
            f.governance.sign(
                CHAIN, new TxBody.TrustSuspend(issuer.did(), TxBody.Role.ISSUER, "again"))),
        "ALREADY_SUSPENDED");
    f.ok(f.governance.sign(CHAIN, new TxBody.TrustReinstate(issuer.did(), TxBody.Role.ISSUER)));
    assertRejected(
        f.apply(
            f.governance.sign(CHAIN, new TxBody.TrustReinstate(issuer.did(), TxBody.Role.ISSUER))),
        "NOT_SUSPENDED");
    Actor nobody = LedgerFixture.newActor(SignatureAlgorithm.ES256);
    assertRejected(
        f.apply(
            f.governance.sign(
                CHAIN, new TxBody.IssuerAccredit(nobody.did(), "Ghost", List.of("mdl")))),
        "UNKNOWN_SUBJECT");
    assertRejected(
        f.apply(
            f.governance.sign(
                CHAIN, new TxBody.TrustSuspend(nobody.did(), TxBody.Role.RELYING_PARTY, "x"))),
        "UNKNOWN_SUBJECT");

    Actor bank = f.relyingParty(Map.of("mdl", List.of("given_name", "age_over_19")));
    assertThat(f.store.get(StateKeys.relyingParty(bank.did()))).isNotNull();
  }

  @Test
  void statusListsBelongToTheirIssuer() {
    Actor police = f.issuer("mdl");
    Actor other = f.issuer("mdl");
    int min = StatusLists.MIN_SIZE;
    String token = LedgerFixture.emptyListToken(police, "l1", 1);
    f.ok(police.sign(CHAIN, new TxBody.StatusListCreate("l1", 1, min, token)));
    assertRejected(
        f.apply(police.sign(CHAIN, new TxBody.StatusListCreate("l1", 1, min, token))),
        "STATUS_LIST_EXISTS");
    // Too small for herd privacy.
    String small =
        LedgerFixture.statusListToken(police, "small", 1, StatusLists.encode(new byte[128]));
    assertRejected(
        f.apply(police.sign(CHAIN, new TxBody.StatusListCreate("small", 1, 1024, small))),
        "INVALID_STATUS_LIST");
    // Content not matching the declared size.
    String wrongSize =
        LedgerFixture.statusListToken(police, "l2", 2, StatusLists.encode(new byte[100]));
    assertRejected(
        f.apply(police.sign(CHAIN, new TxBody.StatusListCreate("l2", 2, min, wrongSize))),
        "INVALID_STATUS_LIST");
    // A token for another list, or signed by someone else, or with another width.
    assertRejected(
        f.apply(police.sign(CHAIN, new TxBody.StatusListCreate("l3", 1, min, token))),
        "INVALID_STATUS_LIST");
    assertRejected(
        f.apply(
            police.sign(
                CHAIN,
                new TxBody.StatusListCreate(
                    "l3", 1, min, LedgerFixture.emptyListToken(other, "l3", 1)))),
        "INVALID_STATUS_LIST");
    assertRejected(
        f.apply(
            police.sign(
                CHAIN,
                new TxBody.StatusListCreate(
                    "l3", 2, min, LedgerFixture.emptyListToken(police, "l3", 1)))),
        "INVALID_STATUS_LIST");
    String forged =
        LedgerFixture.emptyListToken(police, "l3", 1).substring(0, 40)
            + LedgerFixture.emptyListToken(other, "l3", 1).substring(40);
    assertThat(
            f.apply(police.sign(CHAIN, new TxBody.StatusListCreate("l3", 1, min, forged))).valid())
        .isFalse();
    // Only accredited issuers create lists.
    Actor stranger = f.registered();
    assertRejected(
        f.apply(
            stranger.sign(
                CHAIN,
                new TxBody.StatusListCreate(
                    "x", 1, min, LedgerFixture.emptyListToken(stranger, "x", 1)))),
        "ISSUER_NOT_ACCREDITED");

    byte[] list = new byte[StatusLists.byteLength(min, 1)];
    StatusLists.set(list, 1, 4242, 1);
    String revoked = LedgerFixture.statusListToken(police, "l1", 1, StatusLists.encode(list));
    assertRejected(
        f.apply(other.sign(CHAIN, new TxBody.StatusListUpdate(police.did(), "l1", 1, revoked))),
        "NOT_LIST_ISSUER");
    assertRejected(
        f.apply(police.sign(CHAIN, new TxBody.StatusListUpdate(police.did(), "l9", 1, revoked))),
        "UNKNOWN_STATUS_LIST");
    f.ok(police.sign(CHAIN, new TxBody.StatusListUpdate(police.did(), "l1", 1, revoked)));
    StatusListRecord rec =
        StatusListRecord.decode(f.store.get(StateKeys.statusList(police.did(), "l1")));
    assertThat(rec.version()).isEqualTo(2);
    assertThat(rec.token()).isEqualTo(revoked);
    byte[] stored = decode(rec);
    assertThat(StatusLists.get(stored, 1, 4242)).isEqualTo(1);
    assertThat(StatusLists.get(stored, 1, 4243)).isZero();
    assertRejected(
        f.apply(police.sign(CHAIN, new TxBody.StatusListUpdate(police.did(), "l1", 1, revoked))),
        "STALE_VERSION");
    // A token whose key is not an assertion key of the issuer is refused.
    Actor mallory = LedgerFixture.newActor(SignatureAlgorithm.ES256);
    String impostor =
        LedgerFixture.statusListToken(
            new Actor(police.did(), mallory.key(), police.keyId(), police.document()),
            "l1",
            1,
            StatusLists.encode(new byte[StatusLists.byteLength(min, 1)]));
    assertRejected(
        f.apply(police.sign(CHAIN, new TxBody.StatusListUpdate(police.did(), "l1", 2, impostor))),
        "STATUS_LIST_SIGNATURE");
  }

  private static byte[] decode(StatusListRecord rec) {
    try {
      return StatusLists.decode(rec.lst(), StatusLists.byteLength(rec.size(), rec.bits()));
    } catch (TxRejectedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anchorsNeedAnAccreditedAuthorAndIndexEveryCommitment() {
    Actor police = f.issuer("mdl");
    Actor bank = f.relyingParty(Map.of("mdl", List.of("age_over_19")));
    List<String> leaves = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      leaves.add(Hex.encode(kr.kdid.core.crypto.Randomness.bytes(32)));
    }
    TxOutcome o = f.ok(police.sign(CHAIN, new TxBody.EventAnchor("issuance", leaves)));
    CommitmentLocation loc = f.store.commitment(Hex.decode(leaves.get(3)));
    assertThat(loc).isEqualTo(new CommitmentLocation(o.id(), 3));
    assertRejected(
        f.apply(bank.sign(CHAIN, new TxBody.EventAnchor("issuance", List.of(leaves.get(0))))),
        "ISSUER_NOT_ACCREDITED");
    assertRejected(
        f.apply(
            police.sign(
                CHAIN, new TxBody.EventAnchor("verification", List.of(Hex.encode(new byte[32]))))),
        "RP_NOT_REGISTERED");
    f.ok(
        bank.sign(
            CHAIN, new TxBody.EventAnchor("verification", List.of(Hex.encode(new byte[32])))));
    // Re-anchoring a commitment is refused.
    assertRejected(
        f.apply(police.sign(CHAIN, new TxBody.EventAnchor("issuance", List.of(leaves.get(0))))),
        "COMMITMENT_ALREADY_ANCHORED");
    var anchor = kr.kdid.ledger.state.AnchorRecord.decode(f.store.get(StateKeys.anchor(o.id())));
    List<byte[]> leafHashes = new ArrayList<>();
    leaves.forEach(l -> leafHashes.add(MerkleTree.leafHash(Hex.decode(l))));
    assertThat(anchor.root()).isEqualTo(Hex.encode(MerkleTree.root(leafHashes)));
    assertThat(anchor.count()).isEqualTo(5);
  }

  @Test
  void proofsVerifyAgainstSignedHeaders() throws Exception {
    Actor a = f.registered();
    LedgerReader reader = new LedgerReader(f.store);
    TrustPolicy policy = new TrustPolicy(Map.of("node-1", f.nodeKey.publicKey()), 1);
    StateProof p = reader.prove(StateKeys.did(a.did()));
    p.verify(policy);
    assertThat(p.value()).isNotNull();
    StateProof absent = reader.prove("did/did:kdid:nothere");
    absent.verify(policy);
    assertThat(absent.value()).isNull();
    // JSON round trip keeps it verifiable.
    StateProof.fromJson(p.toJson()).verify(policy);
    // A forged value fails.
    StateProof forged = new StateProof(p.key(), "{}".getBytes(), p.tree(), p.header());
    assertThatThrownBy(() -> forged.verify(policy))
        .isInstanceOf(kr.kdid.ledger.proof.ProofException.class);
    // An untrusted node key fails.
    TrustPolicy stranger =
        new TrustPolicy(
            Map.of("node-1", SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey()), 1);
    assertThatThrownBy(() -> p.verify(stranger))
        .isInstanceOf(kr.kdid.ledger.proof.ProofException.class);

    Transaction t = a.sign(CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document()));
    f.block(List.of(t, a.sign(CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document()))));
    TxProof tp = reader.txProof(t.id());
    tp.verify(policy);
    TxProof.fromJson(tp.toJson()).verify(policy);
    assertThat(tp.outcome().valid()).isTrue();
  }

  @Test
  void coSignaturesVerifiedAheadAreRecordedAndForgedOnesChangeNothing() {
    f.registered();
    var header = f.machine.lastHeader();
    var genuine = new Cosignature(header, f.nodeSigner.sign(header));
    // The same node id, another key: a forgery, whether over this chain's header or another one.
    SoftwareKey impostorKey = SoftwareKey.generate(SignatureAlgorithm.ES256);
    NodeSigner impostor = new NodeSigner("node-1", impostorKey);
    var forkHeader =
        new BlockHeader(
            header.version(),
            header.chain(),
            header.height(),
            header.previousHash(),
            header.time(),
            header.txCount(),
            header.txRoot(),
            Hex.encode(new byte[32]),
            header.historyRoot(),
            header.proposer());
    var forgedFork = new Cosignature(forkHeader, impostor.sign(forkHeader));
    var badSignature =
        new Cosignature(header, new HeaderSignature("node-1", "ES256", "AAAA" + "A".repeat(82)));
    // With a transaction ahead of them, so the co-signatures sit after it in the shared tasks.
    Actor newcomer = LedgerFixture.newActor(SignatureAlgorithm.ES256);
    Transaction create = newcomer.sign(CHAIN, new TxBody.DidCreate(newcomer.document()));
    BlockProposal proposal =
        new BlockProposal(
            "node-1",
            header.time() + 1,
            List.of(create.encoded()),
            List.of(forgedFork, badSignature, genuine));

    for (boolean async : new boolean[] {true, false}) {
      LedgerMachine.PreparedBlock prepared =
          async
              ? f.machine.prepareAsync(() -> proposal).join()
              : f.machine.prepare(proposal, List.of(create));
      assertThat(prepared.cosignedWith[0]).as("forged").isNull();
      assertThat(prepared.cosignedWith[1]).as("bad signature").isNull();
      assertThat(prepared.cosignedWith[2]).as("genuine").isEqualTo(f.nodeKey.publicKey());
    }

    LedgerMachine.PreparedBlock prepared = f.machine.prepareAsync(() -> proposal).join();
    // A memo for another key than the node's counts for nothing: the forged fork stays ignored.
    prepared.cosignedWith[0] = impostorKey.publicKey();
    AppliedBlock applied = f.machine.apply(f.machine.lastApplied().logIndex() + 1, prepared);
    assertThat(applied.block().outcomes()).allMatch(TxOutcome::valid);
    assertThat(applied.conflicts()).isEmpty();
    assertThat(f.store.get(StateKeys.checkpoint(header.height(), "node-1")))
        .isEqualTo(kr.kdid.core.json.Json.bytes(genuine.signature().toJson()));
    assertThat(f.store.get(StateKeys.conflict(header.height(), "node-1"))).isNull();

    // The same proposal applied on a second replica with nothing verified ahead (prepared by a
    // machine that has no chain yet, so knows no node keys) gives the same block.
    LedgerMachine.PreparedBlock unprepared =
        new LedgerMachine(new InMemoryLedgerStore(), null, new SignatureCache(10))
            .prepareAsync(() -> proposal)
            .join();
    assertThat(unprepared.cosignedWith).containsOnlyNulls();
    InMemoryLedgerStore replica = new InMemoryLedgerStore();
    LedgerMachine m2 = new LedgerMachine(replica, null, new SignatureCache(10));
    InMemoryLedgerStore original = (InMemoryLedgerStore) f.store;
    for (long h = 0; h <= f.machine.lastApplied().height(); h++) {
      var b = original.block(h);
      if (h == applied.block().header().height()) {
        m2.apply(h, unprepared);
      } else {
        m2.apply(h, new BlockProposal(b.header().proposer(), b.header().time(), b.transactions()));
      }
      assertThat(replica.blockHash(h)).as("height %d", h).isEqualTo(original.blockHash(h));
    }
    assertThat(replica.get(StateKeys.checkpoint(header.height(), "node-1")))
        .isEqualTo(kr.kdid.core.json.Json.bytes(genuine.signature().toJson()));

    // Recorded co-signatures stay outside the state tree: a replica given the same transactions
    // without any co-signature makes the very same blocks, state roots included.
    InMemoryLedgerStore bare = new InMemoryLedgerStore();
    LedgerMachine m3 = new LedgerMachine(bare, null, new SignatureCache(10));
    for (long h = 0; h <= f.machine.lastApplied().height(); h++) {
      var b = original.block(h);
      m3.apply(h, new BlockProposal(b.header().proposer(), b.header().time(), b.transactions()));
      assertThat(bare.blockHash(h)).as("height %d", h).isEqualTo(original.blockHash(h));
    }
    assertThat(bare.get(StateKeys.checkpoint(header.height(), "node-1"))).isNull();

    // A genuine signature over a header that is not this chain's is evidence of a conflict.
    var signedFork = new Cosignature(forkHeader, f.nodeSigner.sign(forkHeader));
    BlockProposal conflicting =
        new BlockProposal("node-1", header.time() + 2, List.of(), List.of(signedFork));
    AppliedBlock alarm =
        f.machine.apply(
            f.machine.lastApplied().logIndex() + 1,
            f.machine.prepareAsync(() -> conflicting).join());
    assertThat(alarm.conflicts()).hasSize(1);
    assertThat(f.store.get(StateKeys.conflict(header.height(), "node-1"))).isNotNull();
    // Evidence of a conflict is in the state tree: the block that records it has a new root.
    assertThat(alarm.block().header().stateRoot())
        .isNotEqualTo(original.block(alarm.block().header().height() - 1).header().stateRoot());
  }

  @Test
  void applyIsIdempotentAndDeterministic() {
    Actor a = f.registered();
    long before = f.machine.lastApplied().logIndex();
    assertThat(f.machine.apply(before, new BlockProposal("node-1", 0, List.of("x")))).isNull();

    // Replaying the same log on a second replica yields the same hashes and state.
    InMemoryLedgerStore replica = new InMemoryLedgerStore();
    LedgerMachine m2 = new LedgerMachine(replica, null, new SignatureCache(10));
    InMemoryLedgerStore original = (InMemoryLedgerStore) f.store;
    for (long h = 0; h <= f.machine.lastApplied().height(); h++) {
      var b = original.block(h);
      m2.apply(h, new BlockProposal(b.header().proposer(), b.header().time(), b.transactions()));
      assertThat(replica.blockHash(h)).isEqualTo(original.blockHash(h));
    }
    assertThat(replica.stateCopy().keySet()).isEqualTo(original.stateCopy().keySet());
    assertThat(a).isNotNull();
  }

  @Test
  void blockTimeNeverGoesBackwards() {
    long t0 = f.machine.lastHeader().time();
    AppliedBlock b =
        f.machine.apply(
            f.machine.lastApplied().logIndex() + 1,
            new BlockProposal("node-1", t0 - 5000, List.of()));
    assertThat(b.block().header().time()).isEqualTo(t0);
  }

  @Test
  void storageFaultsPropagateAndLeaveTheLedgerUnchanged() {
    InMemoryLedgerStore store = (InMemoryLedgerStore) f.store;
    LogPosition before = f.machine.lastApplied();
    store.failNextCommit = true;
    Actor a = LedgerFixture.newActor(SignatureAlgorithm.ES256);
    assertThatThrownBy(() -> f.apply(a.sign(CHAIN, new TxBody.DidCreate(a.document()))))
        .isInstanceOf(LedgerStorageException.class);
    assertThat(f.machine.lastApplied()).isEqualTo(before);
  }

  @Test
  void admissionCheckMatchesApply() throws Exception {
    Actor a = f.registered();
    Transaction t = a.sign(CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document()));
    f.machine.check(t, 0);
    Actor b = f.registered();
    Transaction bad = b.sign(CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document()));
    assertThatThrownBy(() -> f.machine.check(bad, 0))
        .isInstanceOf(TxRejectedException.class)
        .extracting(e -> ((TxRejectedException) e).code().name())
        .isEqualTo("NOT_CONTROLLER");
    // A check writes nothing.
    assertThat(new LedgerReader(f.store).resolve(a.did().toString(), null).metadata().versionId())
        .isEqualTo("1");
  }

  @Test
  void aTransactionDecodedAtAdmissionIsNotDecodedAgainWhenItsBlockIsPrepared() throws Exception {
    Actor a = f.registered();
    Actor b = f.registered();
    Transaction admitted = a.sign(CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document()));
    Transaction other = b.sign(CHAIN, new TxBody.DidUpdate(b.did(), 1, b.document()));
    f.machine.check(admitted, 0);
    assertThat(f.machine.admittedPending()).isEqualTo(1);

    var proposal =
        new kr.kdid.ledger.block.BlockProposal(
            "node-1", 0, List.of(admitted.encoded(), other.encoded()));
    LedgerMachine.PreparedBlock prepared = f.machine.prepare(proposal);

    // The admitted transaction is the very object decoded at admission (and the memo is used up);
    // the other one was decoded from its encoding.
    assertThat(prepared.txs.get(0).tx()).isSameAs(admitted);
    assertThat(prepared.txs.get(1).tx()).isNotSameAs(other).isEqualTo(other);
    assertThat(f.machine.admittedPending()).isZero();
    // Both prepare the same: ids and hashes as decoding gives them, and a valid block.
    LedgerMachine.PreparedBlock fresh = f.machine.prepare(proposal);
    assertThat(fresh.txs.get(0).tx()).isNotSameAs(admitted).isEqualTo(admitted);
    for (int i = 0; i < 2; i++) {
      assertThat(prepared.txs.get(i).idHex()).isEqualTo(fresh.txs.get(i).idHex());
      assertThat(prepared.txs.get(i).hashHex()).isEqualTo(fresh.txs.get(i).hashHex());
    }
    AppliedBlock applied = f.machine.apply(f.machine.lastApplied().logIndex() + 1, prepared);
    assertThat(applied.block().outcomes()).allMatch(TxOutcome::valid);

    // A check that rejects remembers nothing.
    Transaction replay = admitted;
    assertThatThrownBy(() -> f.machine.check(replay, 0)).isInstanceOf(TxRejectedException.class);
    assertThat(f.machine.admittedPending()).isZero();
  }

  @Test
  void aForwardedTransactionRememberedByTheLeaderIsNotDecodedAgain() throws Exception {
    Actor a = f.registered();
    Transaction forwarded = a.sign(CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document()));
    // The leader decodes what a follower forwards and remembers it, with no admission check.
    f.machine.rememberDecoded(forwarded);
    assertThat(f.machine.admittedPending()).isEqualTo(1);

    var proposal =
        new kr.kdid.ledger.block.BlockProposal("node-1", 0, List.of(forwarded.encoded()));
    LedgerMachine.PreparedBlock prepared = f.machine.prepare(proposal);
    assertThat(prepared.txs.get(0).tx()).isSameAs(forwarded);
    assertThat(f.machine.admittedPending()).isZero();
    // Remembering is no admission: apply still checks it, and it is valid on its own merits.
    AppliedBlock applied = f.machine.apply(f.machine.lastApplied().logIndex() + 1, prepared);
    assertThat(applied.block().outcomes()).allMatch(TxOutcome::valid);
  }
}
