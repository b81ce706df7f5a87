package kr.kdid.ledger.machine;

import java.util.ArrayList;
import java.util.List;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.did.InvalidDidException;
import kr.kdid.core.did.KdidMethod;
import kr.kdid.core.did.Relationship;
import kr.kdid.core.did.VerificationMethod;
import kr.kdid.core.encoding.Hex;
import kr.kdid.core.merkle.MerkleTree;
import kr.kdid.ledger.state.AnchorRecord;
import kr.kdid.ledger.state.ChainConfig;
import kr.kdid.ledger.state.DidRecord;
import kr.kdid.ledger.state.IssuerRecord;
import kr.kdid.ledger.state.RelyingPartyRecord;
import kr.kdid.ledger.state.StateKeys;
import kr.kdid.ledger.state.StatusListRecord;
import kr.kdid.ledger.state.TrustStatus;
import kr.kdid.ledger.tx.RejectCode;
import kr.kdid.ledger.tx.StatusLists;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.ledger.tx.TxRejectedException;

/**
 * The ledger's rules: checks one transaction against the working state and, if it is valid, stages
 * its writes. Deterministic; reads only the working state. Not thread-safe (one per apply).
 */
final class TxRules {

  /** What the rules need to know about the block being built. */
  record BlockContext(long height, long timeMillis, String time, String chainId, Did governance) {}

  private final SignatureCache signatures;
  private final boolean admission;

  /**
   * @param signatures the verified-signature memo
   * @param admission true for the admission check, which remembers verified signatures for apply;
   *     false at apply time, which consumes them
   */
  TxRules(SignatureCache signatures, boolean admission) {
    this.signatures = signatures;
    this.admission = admission;
  }

  /**
   * Checks and stages one transaction.
   *
   * @throws TxRejectedException if it breaks a rule; nothing is staged then
   */
  void apply(WorkingState ws, Transaction tx, BlockContext ctx) throws TxRejectedException {
    if (!tx.payload().chain().equals(ctx.chainId())) {
      throw reject(RejectCode.WRONG_CHAIN, "transaction is for chain " + tx.payload().chain());
    }
    if (tx.type() == kr.kdid.ledger.tx.TxType.CHAIN_GENESIS && ctx.height() != 0) {
      throw reject(RejectCode.GENESIS_ONLY, "chain.genesis is allowed only in block 0");
    }
    // The id is the hash of the payload, which names the signer and the nonce, and a valid
    // transaction always uses its nonce: a transaction already on the ledger is therefore found
    // only among used nonces. Looking the id up only then gives the same answer as looking it up
    // first, without a storage lookup (that finds nothing) for every fresh transaction.
    byte[] nonceKey = tx.nonceKey();
    if (ws.nonceUsed(nonceKey)) {
      if (ws.txApplied(tx.id())) {
        throw reject(
            RejectCode.DUPLICATE_TX, "transaction " + tx.idHex() + " is already on the ledger");
      }
      throw reject(
          RejectCode.NONCE_REPLAYED,
          "nonce already used by " + tx.signerDid() + "; sign again with a fresh nonce");
    }
    VerificationKey key = signerKey(ws, tx);
    if (key.algorithm() != tx.algorithm()) {
      throw reject(
          RejectCode.ALGORITHM_KEY_MISMATCH,
          "JWS alg " + tx.algorithm().jwsName() + " does not match the signer's key");
    }
    boolean verified = admission ? signatures.verify(tx, key) : signatures.verifyOnce(tx, key);
    if (!verified) {
      throw reject(
          RejectCode.BAD_SIGNATURE, "signature does not verify with " + tx.payload().signer());
    }
    // From here on the author provably signed this: whatever the rules say, the nonce is used.
    ws.useNonce(nonceKey);
    Long expires = tx.payload().expires();
    if (expires != null && ctx.timeMillis() > expires * 1000) {
      throw reject(
          RejectCode.EXPIRED,
          "the transaction expired at " + java.time.Instant.ofEpochSecond(expires));
    }
    switch (tx.payload().body()) {
      case TxBody.Genesis b -> genesis(ws, tx, b, ctx);
      case TxBody.DidCreate b -> didCreate(ws, tx, b, ctx);
      case TxBody.DidUpdate b -> didUpdate(ws, tx, b, ctx);
      case TxBody.DidDeactivate b -> didDeactivate(ws, tx, b, ctx);
      case TxBody.IssuerAccredit b -> issuerAccredit(ws, tx, b, ctx);
      case TxBody.RpRegister b -> rpRegister(ws, tx, b, ctx);
      case TxBody.TrustSuspend b -> trustSuspend(ws, tx, b, ctx);
      case TxBody.TrustReinstate b -> trustReinstate(ws, tx, b, ctx);
      case TxBody.StatusListCreate b -> statusListCreate(ws, tx, b, ctx);
      case TxBody.StatusListUpdate b -> statusListUpdate(ws, tx, b, ctx);
      case TxBody.EventAnchor b -> eventAnchor(ws, tx, b, ctx);
    }
  }

  private static TxRejectedException reject(RejectCode code, String reason) {
    return new TxRejectedException(code, reason);
  }

  /**
   * The key that must have signed: for a create, the new document's own key (and the DID must
   * derive from it); otherwise a capabilityInvocation key of the signer's current document.
   */
  private VerificationKey signerKey(WorkingState ws, Transaction tx) throws TxRejectedException {
    String methodId = tx.payload().signer().toString();
    Did signer = tx.signerDid();
    if (tx.payload().body() instanceof TxBody.DidCreate create) {
      DidDocument doc = create.document();
      if (!doc.id().equals(signer)) {
        throw reject(
            RejectCode.SIGNER_KEY_NOT_AUTHORIZED,
            "a DID is created by its own key; signer is " + signer + ", document is " + doc.id());
      }
      return authorizedKey(doc, methodId);
    }
    DidRecord rec = ws.did(signer);
    if (rec == null) {
      throw reject(RejectCode.UNKNOWN_SIGNER, "signer " + signer + " is not on the ledger");
    }
    if (rec.deactivated()) {
      throw reject(RejectCode.DID_DEACTIVATED, "signer " + signer + " is deactivated");
    }
    return authorizedKey(rec.document(), methodId);
  }

  private static VerificationKey authorizedKey(DidDocument doc, String methodId)
      throws TxRejectedException {
    VerificationMethod m =
        doc.method(methodId)
            .orElseThrow(
                () ->
                    reject(
                        RejectCode.SIGNER_KEY_NOT_AUTHORIZED,
                        methodId + " is not a verification method of " + doc.id()));
    if (!doc.authorizes(Relationship.CAPABILITY_INVOCATION, methodId)) {
      throw reject(
          RejectCode.SIGNER_KEY_NOT_AUTHORIZED,
          methodId + " is not a capabilityInvocation key, which ledger writes need");
    }
    try {
      return m.key();
    } catch (IllegalArgumentException e) {
      throw reject(RejectCode.SIGNER_KEY_NOT_AUTHORIZED, "key of " + methodId + " is invalid");
    }
  }

  private static void requireGovernance(Transaction tx, BlockContext ctx)
      throws TxRejectedException {
    if (!tx.signerDid().equals(ctx.governance())) {
      throw reject(
          RejectCode.NOT_GOVERNANCE,
          "only the governance authority " + ctx.governance() + " may change the trust registry");
    }
  }

  // ---- chain ----

  private static void genesis(WorkingState ws, Transaction tx, TxBody.Genesis b, BlockContext ctx)
      throws TxRejectedException {
    if (ws.config() != null) {
      throw reject(RejectCode.GENESIS_ONLY, "the chain is already configured");
    }
    if (!tx.signerDid().equals(b.governance())) {
      throw reject(RejectCode.NOT_GOVERNANCE, "genesis must be signed by the governance DID");
    }
    if (!b.chainId().equals(ctx.chainId())) {
      throw reject(RejectCode.WRONG_CHAIN, "genesis names another chain id");
    }
    ws.put(
        StateKeys.CHAIN_CONFIG,
        new ChainConfig(b.chainId(), b.governance(), b.nodes(), ctx.time()).encode());
  }

  // ---- DIDs ----

  private static void didCreate(
      WorkingState ws, Transaction tx, TxBody.DidCreate b, BlockContext ctx)
      throws TxRejectedException {
    DidDocument doc = b.document();
    Did did = doc.id();
    if (!KdidMethod.METHOD.equals(did.method())) {
      throw reject(RejectCode.INVALID_DID_DOCUMENT, "the ledger registers did:kdid DIDs only");
    }
    VerificationKey key = doc.method(tx.payload().signer().toString()).orElseThrow().key();
    if (!KdidMethod.derivesFrom(did, key)) {
      throw reject(
          RejectCode.DID_NOT_DERIVED_FROM_KEY,
          did + " is not derived from the signing key (expected " + KdidMethod.didFor(key) + ")");
    }
    if (ws.did(did) != null) {
      throw reject(RejectCode.DID_EXISTS, did + " already exists");
    }
    checkDocument(doc);
    ws.putDid(new DidRecord(did, 1, doc, false, ctx.time(), ctx.time(), ctx.height(), tx.idHex()));
  }

  /** Rules every stored document must meet beyond well-formedness. */
  private static void checkDocument(DidDocument doc) throws TxRejectedException {
    if (doc.idsFor(Relationship.CAPABILITY_INVOCATION).isEmpty() && doc.controller().isEmpty()) {
      throw reject(
          RejectCode.INVALID_DID_DOCUMENT,
          "the document needs a capabilityInvocation key or a controller, or nobody could update"
              + " it");
    }
    for (VerificationMethod m : doc.verificationMethod()) {
      if (!m.controller().equals(doc.id()) && !doc.controller().contains(m.controller())) {
        throw reject(
            RejectCode.INVALID_DID_DOCUMENT,
            "method " + m.id() + " names a controller that is not the DID or its controller");
      }
    }
    for (Relationship r : Relationship.values()) {
      for (String ref : doc.idsFor(r)) {
        if (doc.method(ref).isEmpty()) {
          throw reject(
              RejectCode.INVALID_DID_DOCUMENT,
              r.property() + " may list only this document's own methods; " + ref + " is not one");
        }
      }
    }
  }

  /** The current record of a DID the signer wants to change, checked for control and version. */
  private static DidRecord controlled(
      WorkingState ws, Transaction tx, Did did, long previousVersion) throws TxRejectedException {
    DidRecord cur = ws.did(did);
    if (cur == null) {
      throw reject(RejectCode.UNKNOWN_DID, did + " is not on the ledger");
    }
    if (cur.deactivated()) {
      throw reject(RejectCode.DID_DEACTIVATED, did + " is deactivated and cannot change");
    }
    Did signer = tx.signerDid();
    if (!signer.equals(did) && !cur.document().controller().contains(signer)) {
      throw reject(
          RejectCode.NOT_CONTROLLER,
          signer + " does not control " + did + " and may not change it");
    }
    if (cur.version() != previousVersion) {
      throw reject(
          RejectCode.STALE_VERSION,
          did + " is at version " + cur.version() + ", not " + previousVersion + "; resolve again");
    }
    return cur;
  }

  private static void didUpdate(
      WorkingState ws, Transaction tx, TxBody.DidUpdate b, BlockContext ctx)
      throws TxRejectedException {
    if (!b.document().id().equals(b.did())) {
      throw reject(RejectCode.INVALID_DID_DOCUMENT, "the document's id must be " + b.did());
    }
    DidRecord cur = controlled(ws, tx, b.did(), b.previousVersion());
    checkDocument(b.document());
    ws.putDid(
        new DidRecord(
            b.did(),
            cur.version() + 1,
            b.document(),
            false,
            cur.created(),
            ctx.time(),
            ctx.height(),
            tx.idHex()));
  }

  private static void didDeactivate(
      WorkingState ws, Transaction tx, TxBody.DidDeactivate b, BlockContext ctx)
      throws TxRejectedException {
    DidRecord cur = controlled(ws, tx, b.did(), b.previousVersion());
    if (b.did().equals(ctx.governance())) {
      throw reject(RejectCode.GOVERNANCE_DID_PROTECTED, "the governance DID cannot be deactivated");
    }
    DidDocument empty;
    try {
      empty = DidDocument.builder(b.did()).build();
    } catch (InvalidDidException e) {
      throw new IllegalStateException(e);
    }
    ws.putDid(
        new DidRecord(
            b.did(),
            cur.version() + 1,
            empty,
            true,
            cur.created(),
            ctx.time(),
            ctx.height(),
            tx.idHex()));
  }

  // ---- trust registry ----

  private static DidRecord activeSubject(WorkingState ws, Did did) throws TxRejectedException {
    DidRecord r = ws.did(did);
    if (r == null) {
      throw reject(RejectCode.UNKNOWN_SUBJECT, did + " is not on the ledger; create its DID first");
    }
    if (r.deactivated()) {
      throw reject(RejectCode.DID_DEACTIVATED, did + " is deactivated");
    }
    return r;
  }

  private static void issuerAccredit(
      WorkingState ws, Transaction tx, TxBody.IssuerAccredit b, BlockContext ctx)
      throws TxRejectedException {
    requireGovernance(tx, ctx);
    activeSubject(ws, b.issuer());
    // Re-accrediting replaces the name and types; a suspension stays until reinstated.
    IssuerRecord prior = ws.issuer(b.issuer());
    ws.put(
        StateKeys.issuer(b.issuer()),
        new IssuerRecord(
                b.issuer(),
                b.name(),
                b.credentialTypes(),
                prior == null ? TrustStatus.ACTIVE : prior.status(),
                prior == null ? null : prior.reason(),
                ctx.time(),
                ctx.height())
            .encode());
  }

  private static void rpRegister(
      WorkingState ws, Transaction tx, TxBody.RpRegister b, BlockContext ctx)
      throws TxRejectedException {
    requireGovernance(tx, ctx);
    activeSubject(ws, b.rp());
    RelyingPartyRecord prior = ws.relyingParty(b.rp());
    ws.put(
        StateKeys.relyingParty(b.rp()),
        new RelyingPartyRecord(
                b.rp(),
                b.name(),
                b.purpose(),
                b.claims(),
                prior == null ? TrustStatus.ACTIVE : prior.status(),
                prior == null ? null : prior.reason(),
                ctx.time(),
                ctx.height())
            .encode());
  }

  private static void trustSuspend(
      WorkingState ws, Transaction tx, TxBody.TrustSuspend b, BlockContext ctx)
      throws TxRejectedException {
    requireGovernance(tx, ctx);
    setTrustStatus(ws, b.subject(), b.role(), TrustStatus.SUSPENDED, b.reason(), ctx);
  }

  private static void trustReinstate(
      WorkingState ws, Transaction tx, TxBody.TrustReinstate b, BlockContext ctx)
      throws TxRejectedException {
    requireGovernance(tx, ctx);
    setTrustStatus(ws, b.subject(), b.role(), TrustStatus.ACTIVE, null, ctx);
  }

  private static void setTrustStatus(
      WorkingState ws,
      Did subject,
      TxBody.Role role,
      TrustStatus status,
      String reason,
      BlockContext ctx)
      throws TxRejectedException {
    TrustStatus current;
    if (role == TxBody.Role.ISSUER) {
      IssuerRecord r = ws.issuer(subject);
      if (r == null) {
        throw reject(RejectCode.UNKNOWN_SUBJECT, subject + " is not an accredited issuer");
      }
      current = r.status();
      checkTransition(subject, current, status);
      ws.put(
          StateKeys.issuer(subject),
          r.withStatus(status, reason, ctx.time(), ctx.height()).encode());
    } else {
      RelyingPartyRecord r = ws.relyingParty(subject);
      if (r == null) {
        throw reject(RejectCode.UNKNOWN_SUBJECT, subject + " is not a registered relying party");
      }
      current = r.status();
      checkTransition(subject, current, status);
      ws.put(
          StateKeys.relyingParty(subject),
          r.withStatus(status, reason, ctx.time(), ctx.height()).encode());
    }
  }

  private static void checkTransition(Did subject, TrustStatus from, TrustStatus to)
      throws TxRejectedException {
    if (from == to) {
      throw reject(
          to == TrustStatus.SUSPENDED ? RejectCode.ALREADY_SUSPENDED : RejectCode.NOT_SUSPENDED,
          subject + " is already " + to.wireName());
    }
  }

  // ---- status lists ----

  private static void statusListCreate(
      WorkingState ws, Transaction tx, TxBody.StatusListCreate b, BlockContext ctx)
      throws TxRejectedException {
    Did issuer = tx.signerDid();
    IssuerRecord acc = ws.issuer(issuer);
    if (acc == null || !acc.isActive()) {
      throw reject(
          RejectCode.ISSUER_NOT_ACCREDITED,
          issuer + " is not an active accredited issuer and may not create status lists");
    }
    if (b.bits() != 1 && b.bits() != 2 && b.bits() != 4 && b.bits() != 8) {
      throw reject(RejectCode.INVALID_STATUS_LIST, "bits must be 1, 2, 4 or 8");
    }
    if ((long) b.size() * b.bits() % 8 != 0) {
      throw reject(RejectCode.INVALID_STATUS_LIST, "size × bits must fill whole bytes");
    }
    if (b.size() < StatusLists.MIN_SIZE) {
      throw reject(
          RejectCode.INVALID_STATUS_LIST,
          "a status list needs at least "
              + StatusLists.MIN_SIZE
              + " entries so that each credential hides in a crowd");
    }
    if (ws.statusList(issuer, b.listId()) != null) {
      throw reject(RejectCode.STATUS_LIST_EXISTS, "status list " + b.listId() + " exists");
    }
    StatusLists.Token token = checkToken(ws, issuer, b.listId(), b.bits(), b.size(), b.token());
    ws.put(
        StateKeys.statusList(issuer, b.listId()),
        new StatusListRecord(
                issuer,
                b.listId(),
                b.bits(),
                b.size(),
                token.lst(),
                b.token(),
                1,
                ctx.time(),
                ctx.height())
            .encode());
  }

  /**
   * Checks a Status List Token: its form, that an assertionMethod key of the issuer signed it, and
   * that its list has the declared size and width.
   */
  private static StatusLists.Token checkToken(
      WorkingState ws, Did issuer, String listId, int bits, int size, String encoded)
      throws TxRejectedException {
    StatusLists.Token token = StatusLists.parseToken(encoded, issuer, listId);
    if (token.bits() != bits) {
      throw reject(
          RejectCode.INVALID_STATUS_LIST, "token has " + token.bits() + " bits, list " + bits);
    }
    DidRecord rec = ws.did(issuer);
    if (rec == null || rec.deactivated()) {
      throw reject(RejectCode.STATUS_LIST_SIGNATURE, issuer + " cannot sign status lists");
    }
    if (!rec.document().authorizes(Relationship.ASSERTION_METHOD, token.kid())) {
      throw reject(
          RejectCode.STATUS_LIST_SIGNATURE,
          "token kid " + token.kid() + " is not an assertionMethod of " + issuer);
    }
    VerificationKey key = rec.document().method(token.kid()).orElseThrow().key();
    if (!token.jws().verify(key)) {
      throw reject(
          RejectCode.STATUS_LIST_SIGNATURE,
          "the status list token's signature does not verify with " + token.kid());
    }
    StatusLists.decode(token.lst(), StatusLists.byteLength(size, bits));
    return token;
  }

  private static void statusListUpdate(
      WorkingState ws, Transaction tx, TxBody.StatusListUpdate b, BlockContext ctx)
      throws TxRejectedException {
    if (!tx.signerDid().equals(b.issuer())) {
      throw reject(
          RejectCode.NOT_LIST_ISSUER,
          "only " + b.issuer() + " may update its status list " + b.listId());
    }
    StatusListRecord cur = ws.statusList(b.issuer(), b.listId());
    if (cur == null) {
      throw reject(
          RejectCode.UNKNOWN_STATUS_LIST, "no status list " + b.listId() + " of " + b.issuer());
    }
    if (cur.version() != b.previousVersion()) {
      throw reject(
          RejectCode.STALE_VERSION,
          "status list is at version " + cur.version() + ", not " + b.previousVersion());
    }
    StatusLists.Token token =
        checkToken(ws, b.issuer(), b.listId(), cur.bits(), cur.size(), b.token());
    ws.put(
        StateKeys.statusList(b.issuer(), b.listId()),
        new StatusListRecord(
                cur.issuer(),
                cur.listId(),
                cur.bits(),
                cur.size(),
                token.lst(),
                b.token(),
                cur.version() + 1,
                ctx.time(),
                ctx.height())
            .encode());
  }

  // ---- event anchors ----

  private static void eventAnchor(
      WorkingState ws, Transaction tx, TxBody.EventAnchor b, BlockContext ctx)
      throws TxRejectedException {
    Did author = tx.signerDid();
    if (TxBody.EventAnchor.ISSUANCE.equals(b.kind())) {
      IssuerRecord r = ws.issuer(author);
      if (r == null || !r.isActive()) {
        throw reject(
            RejectCode.ISSUER_NOT_ACCREDITED,
            author + " is not an active accredited issuer and may not anchor issuance events");
      }
    } else {
      RelyingPartyRecord r = ws.relyingParty(author);
      if (r == null || !r.isActive()) {
        throw reject(
            RejectCode.RP_NOT_REGISTERED,
            author + " is not an active registered relying party and may not anchor verifications");
      }
    }
    List<byte[]> leafHashes = new ArrayList<>(b.leaves().size());
    for (int i = 0; i < b.leaves().size(); i++) {
      byte[] c = Hex.decode(b.leaves().get(i));
      if (ws.commitmentKnown(c)) {
        throw reject(
            RejectCode.COMMITMENT_ALREADY_ANCHORED,
            "commitment " + b.leaves().get(i) + " is already anchored");
      }
      ws.addCommitment(c, new CommitmentLocation(tx.idHex(), i));
      leafHashes.add(MerkleTree.leafHash(c));
    }
    String root = Hex.encode(MerkleTree.root(leafHashes));
    ws.put(
        StateKeys.anchor(tx.idHex()),
        new AnchorRecord(
                author, b.kind(), root, b.leaves().size(), ctx.time(), ctx.height(), tx.idHex())
            .encode());
  }
}
