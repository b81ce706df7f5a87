package kr.kdid.ledger.machine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.did.Relationship;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.encoding.Hex;
import kr.kdid.core.merkle.MerkleLog;
import kr.kdid.core.merkle.MerkleTree;
import kr.kdid.ledger.block.Block;
import kr.kdid.ledger.block.BlockHeader;
import kr.kdid.ledger.block.BlockProposal;
import kr.kdid.ledger.block.Cosignature;
import kr.kdid.ledger.block.HeaderSignature;
import kr.kdid.ledger.block.TxOutcome;
import kr.kdid.ledger.machine.BlockCommit.TxIndexEntry;
import kr.kdid.ledger.smt.ByteKey;
import kr.kdid.ledger.smt.SparseMerkleTree;
import kr.kdid.ledger.state.ChainConfig;
import kr.kdid.ledger.state.DidRecord;
import kr.kdid.ledger.state.StateKeys;
import kr.kdid.ledger.tx.RejectCode;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.ledger.tx.TxCodec;
import kr.kdid.ledger.tx.TxRejectedException;

/**
 * The ledger state machine over a {@link LedgerStore}. See {@link LedgerStateMachine} for the
 * contract. Signatures of a block are pre-verified in parallel before the serial pass, which then
 * only consumes the results (see {@link SignatureCache}).
 *
 * <p>{@link #apply} is serialised by this object; {@link #check} may run concurrently with it.
 */
public final class LedgerMachine implements LedgerStateMachine {
  private final LedgerStore store;
  private final NodeSigner nodeSigner;
  private final SignatureCache signatures;
  private final DidCache didCache = new DidCache(100_000);
  private final RecordCache records = new RecordCache(50_000);
  private final SparseMerkleTree stateTree;
  private volatile BlockHeader lastHeader;
  private volatile ChainConfig config;

  /**
   * @param store the node's storage
   * @param nodeSigner this node's header-signing identity, or null for a replica that does not sign
   * @param signatures shared with admission so that admitted transactions are not verified twice
   */
  public LedgerMachine(LedgerStore store, NodeSigner nodeSigner, SignatureCache signatures) {
    this.store = store;
    this.nodeSigner = nodeSigner;
    this.signatures = signatures;
    this.stateTree = new SparseMerkleTree(store);
    long h = store.lastApplied().height();
    if (h >= 0) {
      this.lastHeader = store.block(h).header();
      byte[] cfg = store.get(StateKeys.CHAIN_CONFIG);
      this.config = cfg == null ? null : ChainConfig.decode(cfg);
    }
  }

  /**
   * Re-reads the chain's head and configuration and forgets every cached record: the store's
   * contents were replaced underneath (a snapshot installed from a peer). Must not run concurrently
   * with {@link #apply}.
   */
  public synchronized void reload() {
    didCache.clear();
    records.clear();
    long h = store.lastApplied().height();
    this.lastHeader = h >= 0 ? store.block(h).header() : null;
    byte[] cfg = h >= 0 ? store.get(StateKeys.CHAIN_CONFIG) : null;
    this.config = cfg == null ? null : ChainConfig.decode(cfg);
  }

  /** The chain configuration, or null before genesis. */
  public ChainConfig config() {
    return config;
  }

  /** The header of the last block, or null before genesis. */
  public BlockHeader lastHeader() {
    return lastHeader;
  }

  public LedgerStore store() {
    return store;
  }

  @Override
  public LogPosition lastApplied() {
    return store.lastApplied();
  }

  @Override
  public LogPosition snapshot(Path dir) {
    return store.snapshot(dir);
  }

  /**
   * Checks a transaction against the committed state without changing anything: the admission check
   * of a node's API. A transaction that passes is very likely to be valid when applied; the
   * apply-time check is the one that counts.
   *
   * @throws TxRejectedException if it would be rejected now
   */
  public void check(Transaction tx, long nowMillis) throws TxRejectedException {
    ChainConfig cfg = config;
    if (cfg == null) {
      throw new TxRejectedException(RejectCode.WRONG_CHAIN, "the ledger has no genesis block yet");
    }
    BlockHeader last = lastHeader;
    long time = Math.max(nowMillis, last.time());
    TxRules.BlockContext ctx =
        new TxRules.BlockContext(
            last.height() + 1, time, isoTime(time), cfg.chainId(), cfg.governance());
    new TxRules(signatures, true).apply(new WorkingState(store, didCache, null), tx, ctx);
    rememberDecoded(tx);
  }

  /**
   * Keeps a transaction this node has decoded (at admission, or when a follower forwarded it) until
   * the block holding it is prepared, so that preparing does not decode it a second time. Only a
   * memo: a transaction that is never remembered, or forgotten, is decoded from its log entry.
   */
  public void rememberDecoded(Transaction tx) {
    if (admitted.size() >= ADMITTED_CAPACITY) {
      // Rare: more admitted-but-unprepared transactions than expected. Forget them; they are
      // simply decoded again from their log entries.
      admitted.clear();
    }
    admitted.put(new ByteKey(tx.encodedHash()), tx);
  }

  /**
   * Most transactions kept decoded between admission and the preparing of their block: far more
   * than are in flight at thousands of transactions per second (a block is prepared within tens of
   * milliseconds of admission), while bounding what admitted transactions that never reach a block
   * (a full queue, a lost leader) can hold, at a few KiB each.
   */
  static final int ADMITTED_CAPACITY = 16_384;

  /**
   * Transactions this node decoded at admission ({@link #check}) or when a follower forwarded them
   * ({@link #rememberDecoded}), by the hash of their encoding, until the block holding them is
   * prepared: the node then does not decode the transaction a second time from its log entry. An
   * entry is used only for the very same encoded string, so it is a memo of a pure function
   * (decoding) and cannot change any result; it is consumed when used.
   */
  private final ConcurrentHashMap<ByteKey, Transaction> admitted = new ConcurrentHashMap<>();

  /** A proposed transaction, decoded: the one decoded at admission if there is one. */
  private Decoded decode(String encoded) {
    byte[] hash =
        kr.kdid.core.crypto.Sha256.hash(
            encoded.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    Transaction tx = admitted.remove(new ByteKey(hash));
    if (tx != null && tx.encoded().equals(encoded)) {
      return new Decoded(tx, null, tx.id(), tx.idHex(), Hex.encode(hash));
    }
    return Decoded.of(encoded, hash);
  }

  /** Transactions decoded at admission and not yet prepared (for tests and metrics). */
  int admittedPending() {
    return admitted.size();
  }

  /**
   * A proposal decoded, with its signatures verified in parallel as far as the committed state
   * allows: the part of applying a block that needs no serial order. Preparing may run on another
   * thread while the previous block is applied; {@link #apply(long, PreparedBlock)} re-checks
   * everything serially and only reuses verified signatures.
   */
  public static final class PreparedBlock {
    final BlockProposal proposal;
    final List<Decoded> txs;

    /**
     * Per co-signature of the proposal, the node key its signature was verified with ahead, or null
     * (not verified ahead, or it did not verify): a memo of a pure check that apply reuses only for
     * the very same key.
     */
    final VerificationKey[] cosignedWith;

    private PreparedBlock(
        BlockProposal proposal, List<Decoded> txs, VerificationKey[] cosignedWith) {
      this.proposal = proposal;
      this.txs = txs;
      this.cosignedWith = cosignedWith;
    }

    public BlockProposal proposal() {
      return proposal;
    }
  }

  /** Decodes and pre-verifies a proposal. Thread-safe; may run concurrently with apply. */
  public PreparedBlock prepare(BlockProposal proposal) {
    try {
      return prepareAsync(() -> proposal).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /**
   * Decodes and pre-verifies a proposal on the verification threads, without waiting. Several
   * blocks may be in preparation at once: their tasks share the threads, so no core waits at the
   * end of one block for the other to finish its last task. Exceptions from {@code proposal} (a
   * malformed entry) complete the future exceptionally.
   */
  public CompletableFuture<PreparedBlock> prepareAsync(Supplier<BlockProposal> proposal) {
    return CompletableFuture.supplyAsync(
        () -> {
          BlockProposal p = proposal.get();
          List<String> encoded = p.transactions();
          Decoded[] decoded = new Decoded[encoded.size()];
          List<Cosignature> cos = p.cosignatures();
          VerificationKey[] cosignedWith = new VerificationKey[cos.size()];
          Map<String, VerificationKey> nodes = nodeKeys();
          // Transactions and co-signatures share the tasks: a block of few transactions from a
          // busy cluster carries several co-signatures, each a signature check.
          new Range(
                  0,
                  decoded.length + cosignedWith.length,
                  i -> {
                    if (i < decoded.length) {
                      decoded[i] = decode(encoded.get(i));
                      preVerify(decoded[i]);
                    } else {
                      int c = i - decoded.length;
                      cosignedWith[c] = verifiedKey(nodes, cos.get(c));
                    }
                  })
              .invoke();
          return new PreparedBlock(p, List.of(decoded), cosignedWith);
        },
        VERIFIERS);
  }

  /**
   * The threads that decode transactions and check their signatures, one per core (daemons), shared
   * by every ledger machine of the process.
   */
  private static final ForkJoinPool VERIFIERS =
      new ForkJoinPool(
          Math.max(1, Runtime.getRuntime().availableProcessors()),
          pool -> {
            ForkJoinWorkerThread t =
                ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName("kdid-verify-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
          },
          null,
          false);

  /**
   * Transactions per verification task. Small, so that no core waits long at the end of a block for
   * another to finish its last task (a parallel stream cuts a block into a few large tasks: on 2
   * cores, 250 signature checks each).
   */
  private static final int TASK_SIZE = 8;

  private static final class Range extends RecursiveAction {
    private static final long serialVersionUID = 1L;
    private final int lo;
    private final int hi;
    private final transient IntConsumer body;

    Range(int lo, int hi, IntConsumer body) {
      this.lo = lo;
      this.hi = hi;
      this.body = body;
    }

    @Override
    protected void compute() {
      if (hi - lo <= TASK_SIZE) {
        for (int i = lo; i < hi; i++) {
          body.accept(i);
        }
        return;
      }
      int mid = (lo + hi) >>> 1;
      invokeAll(new Range(lo, mid, body), new Range(mid, hi, body));
    }
  }

  /**
   * Prepares a proposal whose transactions the caller has already decoded (the admission path):
   * {@code decoded.get(i)} must be the decoding of {@code proposal.transactions().get(i)}.
   */
  public PreparedBlock prepare(BlockProposal proposal, List<Transaction> decoded) {
    if (decoded.size() != proposal.transactions().size()) {
      throw new IllegalArgumentException("one decoded transaction per proposed one");
    }
    List<Decoded> list = new ArrayList<>(decoded.size());
    for (int i = 0; i < decoded.size(); i++) {
      Transaction tx = decoded.get(i);
      if (!tx.encoded().equals(proposal.transactions().get(i))) {
        throw new IllegalArgumentException("decoded transaction " + i + " does not match");
      }
      list.add(Decoded.of(tx));
    }
    preVerify(list);
    List<Cosignature> cos = proposal.cosignatures();
    VerificationKey[] cosignedWith = new VerificationKey[cos.size()];
    Map<String, VerificationKey> nodes = nodeKeys();
    for (int i = 0; i < cosignedWith.length; i++) {
      cosignedWith[i] = verifiedKey(nodes, cos.get(i));
    }
    return new PreparedBlock(proposal, list, cosignedWith);
  }

  /** The chain's node keys by node id (empty before genesis). */
  private Map<String, VerificationKey> nodeKeys() {
    ChainConfig cfg = config;
    Map<String, VerificationKey> nodes = new HashMap<>();
    if (cfg != null) {
      cfg.nodes().forEach(n -> nodes.put(n.id(), n.key()));
    }
    return nodes;
  }

  /**
   * The key a co-signature verifies with: the signing node's key, if the algorithm matches and the
   * signature verifies over the header; else null. Pure: depends on the co-signature and the key
   * only, so it may run ahead of apply, which still makes every check that depends on the state.
   */
  private static VerificationKey verifiedKey(Map<String, VerificationKey> nodes, Cosignature c) {
    HeaderSignature sig = c.signature();
    VerificationKey key = nodes.get(sig.node());
    if (key == null || !key.algorithm().jwsName().equals(sig.alg())) {
      return null;
    }
    try {
      return key.verify(c.header().signingBytes(), Base64Url.decode(sig.signature())) ? key : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public AppliedBlock apply(long logIndex, BlockProposal proposal) {
    return apply(logIndex, prepare(proposal));
  }

  /** Applies a prepared proposal; see {@link LedgerStateMachine#apply}. */
  public synchronized AppliedBlock apply(long logIndex, PreparedBlock prepared) {
    LogPosition last = store.lastApplied();
    if (logIndex <= last.logIndex()) {
      return null;
    }
    BlockProposal proposal = prepared.proposal;
    long height = last.height() + 1;
    BlockHeader prev = lastHeader;
    long time = prev == null ? proposal.time() : Math.max(proposal.time(), prev.time());
    String iso = isoTime(time);
    List<Decoded> decoded = prepared.txs;

    TxRules.BlockContext ctx = context(height, time, iso, decoded);
    TxRules rules = new TxRules(signatures, false);
    WorkingState ws = new WorkingState(store, didCache, records);
    List<TxOutcome> outcomes = new ArrayList<>(decoded.size());
    List<TxIndexEntry> index = new ArrayList<>(decoded.size());
    for (int i = 0; i < decoded.size(); i++) {
      Decoded d = decoded.get(i);
      TxOutcome outcome;
      if (d.tx == null) {
        outcome =
            TxOutcome.invalid(d.idHex, d.hashHex, d.error.code().name(), d.error.reason(), false);
      } else {
        try {
          rules.apply(ws, d.tx, ctx);
          ws.commitTx();
          ws.appliedTx(d.tx.id());
          outcome = TxOutcome.valid(d.idHex, d.hashHex);
        } catch (TxRejectedException e) {
          boolean nonceUsed = ws.rejectTx();
          outcome = TxOutcome.invalid(d.idHex, d.hashHex, e.code().name(), e.reason(), nonceUsed);
        }
      }
      outcomes.add(outcome);
      // The index points at an id's valid occurrence if it has one, else at its latest invalid
      // one; a duplicate of a valid transaction leaves it alone. A forged copy with a bad
      // signature therefore never blocks the genuine transaction.
      if (!RejectCode.DUPLICATE_TX.name().equals(outcome.code())) {
        index.add(new TxIndexEntry(d.id, new TxLocation(height, i, outcome.valid())));
      }
    }
    if (height == 0) {
      checkGenesis(outcomes, ws);
    }
    List<String> conflicts =
        height == 0 ? List.of() : recordCosignatures(prepared, height, ctx.chainId(), ws);

    Map<String, byte[]> writes = ws.blockWrites();
    List<SparseMerkleTree.Update> updates = new ArrayList<>(writes.size());
    writes.forEach(
        (k, v) -> {
          if (StateKeys.inStateTree(k)) {
            updates.add(
                new SparseMerkleTree.Update(
                    SparseMerkleTree.keyHash(StateKeys.bytes(k)),
                    kr.kdid.core.crypto.Sha256.hash(v)));
          }
        });
    byte[] prevRoot = prev == null ? SparseMerkleTree.EMPTY : Hex.decode(prev.stateRoot());
    SparseMerkleTree.Result smt = stateTree.update(prevRoot, updates);

    List<byte[]> leaves = new ArrayList<>(outcomes.size());
    outcomes.forEach(o -> leaves.add(o.leafHash()));
    StagedHistory history = new StagedHistory(store);
    MerkleLog log = new MerkleLog(history);
    BlockHeader header =
        new BlockHeader(
            BlockHeader.VERSION,
            ctx.chainId(),
            height,
            prev == null ? BlockHeader.ZERO_HASH : prev.hashHex(),
            time,
            outcomes.size(),
            Hex.encode(MerkleTree.root(leaves)),
            Hex.encode(smt.root()),
            Hex.encode(log.root()),
            proposal.proposer());
    byte[] hash = header.hash();
    log.append(MerkleTree.leafHash(hash));
    List<HeaderSignature> sigs = nodeSigner == null ? List.of() : List.of(nodeSigner.sign(header));
    Block block = new Block(header, proposal.transactions(), outcomes, sigs);
    store.commit(
        new BlockCommit(
            logIndex,
            block,
            hash,
            writes,
            smt.newNodes(),
            history.staged(),
            history.size(),
            index,
            ws.blockNonces(),
            ws.blockCommitments(),
            ws.blockDidVersions()));
    didCache.committed(ws.blockDids());
    records.committed(writes.keySet());
    if (height == 0) {
      config = ChainConfig.decode(store.get(StateKeys.CHAIN_CONFIG));
    }
    lastHeader = header;
    return new AppliedBlock(block, Hex.encode(hash), conflicts);
  }

  /**
   * Records the proposal's co-signatures in the state, deterministically: a signature counts only
   * if a chain node made it with its key over a header of this chain below this block. If that
   * header equals this chain's header at its height, the signature is recorded as a checkpoint
   * signature; if it differs, the two are conflicting signed headers and the evidence is recorded
   * instead. Anything else is ignored.
   *
   * @return descriptions of the conflicts recorded
   */
  private List<String> recordCosignatures(
      PreparedBlock prepared, long height, String chainId, WorkingState ws) {
    List<Cosignature> cosignatures = prepared.proposal.cosignatures();
    if (cosignatures.isEmpty()) {
      return List.of();
    }
    List<String> conflicts = new ArrayList<>();
    Map<String, VerificationKey> nodes = nodeKeys();
    for (int ci = 0; ci < cosignatures.size(); ci++) {
      Cosignature c = cosignatures.get(ci);
      BlockHeader h = c.header();
      HeaderSignature sig = c.signature();
      VerificationKey key = nodes.get(sig.node());
      if (key == null
          || !h.chain().equals(chainId)
          || h.height() < 0
          || h.height() >= height
          || !key.algorithm().jwsName().equals(sig.alg())) {
        continue;
      }
      // Verified ahead with this very key, or verified now (the same pure check).
      VerificationKey ahead = prepared.cosignedWith[ci];
      boolean valid = key.equals(ahead) || verifiedKey(nodes, c) != null;
      if (!valid) {
        continue;
      }
      byte[] ours = store.blockHash(h.height());
      if (ours != null && java.util.Arrays.equals(ours, h.hash())) {
        String k = StateKeys.checkpoint(h.height(), sig.node());
        if (ws.get(k) == null) {
          ws.put(k, kr.kdid.core.json.Json.bytes(sig.toJson()));
          ws.commitTx();
        }
      } else {
        String k = StateKeys.conflict(h.height(), sig.node());
        if (ws.get(k) == null) {
          var evidence = c.toJson();
          evidence.put("chainHash", ours == null ? null : Hex.encode(ours));
          ws.put(k, kr.kdid.core.json.Json.bytes(evidence));
          ws.commitTx();
          conflicts.add(
              "node "
                  + sig.node()
                  + " signed a header at height "
                  + h.height()
                  + " ("
                  + h.hashHex()
                  + ") that is not this chain's ("
                  + (ours == null ? "none" : Hex.encode(ours))
                  + ")");
        }
      }
    }
    return conflicts;
  }

  private TxRules.BlockContext context(long height, long time, String iso, List<Decoded> decoded) {
    if (height > 0) {
      return new TxRules.BlockContext(height, time, iso, config.chainId(), config.governance());
    }
    for (Decoded d : decoded) {
      if (d.tx != null && d.tx.payload().body() instanceof TxBody.Genesis g) {
        return new TxRules.BlockContext(0, time, iso, g.chainId(), g.governance());
      }
    }
    throw new IllegalStateException("block 0 must carry a chain.genesis transaction");
  }

  private static void checkGenesis(List<TxOutcome> outcomes, WorkingState ws) {
    for (TxOutcome o : outcomes) {
      if (!o.valid()) {
        throw new IllegalStateException(
            "genesis transaction " + o.id() + " is invalid: " + o.code() + " " + o.reason());
      }
    }
    if (ws.blockWrites().get(StateKeys.CHAIN_CONFIG) == null) {
      throw new IllegalStateException("genesis did not configure the chain");
    }
  }

  /**
   * Verifies, in parallel, the signatures of transactions whose signer key can be read from the
   * committed state (or, for a DID create, from the transaction itself). Results go to the
   * signature cache; the serial pass decides validity.
   */
  private void preVerify(List<Decoded> decoded) {
    VERIFIERS.invoke(new Range(0, decoded.size(), i -> preVerify(decoded.get(i))));
  }

  private void preVerify(Decoded d) {
    if (d.tx == null) {
      return;
    }
    try {
      VerificationKey key = likelyKey(d.tx);
      if (key != null && key.algorithm() == d.tx.algorithm() && !signatures.has(d.tx, key)) {
        signatures.verify(d.tx, key);
      }
    } catch (RuntimeException e) {
      // Anything odd is left to the serial pass, which reports it properly.
    }
  }

  private VerificationKey likelyKey(Transaction tx) {
    String methodId = tx.payload().signer().toString();
    DidDocument doc;
    if (tx.payload().body() instanceof TxBody.DidCreate c) {
      doc = c.document();
    } else {
      DidRecord r = didCache.get(tx.signerDid(), store);
      if (r == null) {
        return null;
      }
      doc = r.document();
    }
    if (!doc.authorizes(Relationship.CAPABILITY_INVOCATION, methodId)) {
      return null;
    }
    return doc.method(methodId).map(m -> m.key()).orElse(null);
  }

  static String isoTime(long millis) {
    return BlockHeader.isoTime(millis);
  }

  /** A proposal's transaction, decoded, or the reason it could not be. */
  record Decoded(
      Transaction tx, TxRejectedException error, byte[] id, String idHex, String hashHex) {
    static Decoded of(Transaction tx) {
      return new Decoded(tx, null, tx.id(), tx.idHex(), Hex.encode(tx.encodedHash()));
    }

    /** Decodes {@code encoded}, whose SHA-256 is {@code hash}. */
    static Decoded of(String encoded, byte[] hash) {
      try {
        Transaction tx = TxCodec.decode(encoded);
        return new Decoded(tx, null, tx.id(), tx.idHex(), Hex.encode(hash));
      } catch (TxRejectedException e) {
        // An undecodable transaction has no payload id; it is identified by its whole hash.
        return new Decoded(null, e, hash, Hex.encode(hash), Hex.encode(hash));
      }
    }
  }
}
