package kr.kdid.ledger.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kr.kdid.core.crypto.Sha256;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.did.DidResolutionResult;
import kr.kdid.core.did.DocumentMetadata;
import kr.kdid.core.did.InvalidDidException;
import kr.kdid.core.did.KdidMethod;
import kr.kdid.core.did.ResolutionError;
import kr.kdid.core.encoding.Hex;
import kr.kdid.core.merkle.MerkleLog;
import kr.kdid.core.merkle.MerkleNodeStore;
import kr.kdid.core.merkle.MerkleTree;
import kr.kdid.ledger.block.Block;
import kr.kdid.ledger.block.BlockHeader;
import kr.kdid.ledger.block.HeaderSignature;
import kr.kdid.ledger.block.TxOutcome;
import kr.kdid.ledger.machine.LedgerStore;
import kr.kdid.ledger.machine.TxLocation;
import kr.kdid.ledger.proof.SignedHeader;
import kr.kdid.ledger.proof.StateProof;
import kr.kdid.ledger.proof.TxProof;
import kr.kdid.ledger.smt.SmtProof;
import kr.kdid.ledger.smt.SparseMerkleTree;
import kr.kdid.ledger.state.ChainConfig;
import kr.kdid.ledger.state.DidRecord;
import kr.kdid.ledger.state.StateKeys;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.ledger.tx.TxCodec;
import kr.kdid.ledger.tx.TxRejectedException;

/**
 * Reads of a node's ledger, each available with a proof against a signed header. Thread-safe; runs
 * concurrently with block commits and always returns a value consistent with its proof.
 */
public final class LedgerReader {
  private static final int MAX_RETRIES = 16;

  private final LedgerStore store;
  private final SparseMerkleTree tree;

  public LedgerReader(LedgerStore store) {
    this.store = store;
    this.tree = new SparseMerkleTree(store);
  }

  /** The current height, or -1 before genesis. */
  public long height() {
    return store.lastApplied().height();
  }

  /**
   * The signed header at a height, or null: this node's own signature and the co-signatures of the
   * other nodes recorded in later blocks (the checkpoint signatures).
   */
  public SignedHeader header(long height) {
    Block b = store.block(height);
    if (b == null) {
      return null;
    }
    return new SignedHeader(b.header(), withCosignatures(height, b.signatures()));
  }

  private List<HeaderSignature> withCosignatures(long height, List<HeaderSignature> own) {
    byte[] cfg = store.get(StateKeys.CHAIN_CONFIG);
    if (cfg == null) {
      return own;
    }
    List<HeaderSignature> all = new ArrayList<>(own);
    java.util.Set<String> seen = new java.util.HashSet<>();
    own.forEach(s -> seen.add(s.node()));
    for (var n : ChainConfig.decode(cfg).nodes()) {
      if (seen.contains(n.id())) {
        continue;
      }
      byte[] raw = store.get(StateKeys.checkpoint(height, n.id()));
      if (raw != null) {
        all.add(HeaderSignature.fromJson(kr.kdid.core.json.Json.parse(raw)));
      }
    }
    return all;
  }

  /**
   * The latest block that holds transactions (blocks after it only record co-signatures, so every
   * other state entry is as it was then), or -1. Only such blocks are co-signed.
   */
  public long latestTransactionBlock() {
    for (long h = height(); h >= 0; h--) {
      Block b = store.block(h);
      if (b != null && b.header().txCount() > 0) {
        return h;
      }
    }
    return -1;
  }

  /**
   * The value of a key with its proof against the header at {@code anchor}, a block at or after
   * which the key was last written; null if it has been written since (read a later anchor).
   */
  public StateProof proveAt(String key, long anchor) {
    requireInStateTree(key);
    SignedHeader at = header(anchor);
    if (at == null) {
      return null;
    }
    byte[] keyHash = SparseMerkleTree.keyHash(StateKeys.bytes(key));
    byte[] value = store.get(key);
    SmtProof p = tree.prove(Hex.decode(at.header().stateRoot()), keyHash);
    boolean present = p.leafKeyHash() != null && Arrays.equals(p.leafKeyHash(), keyHash);
    if (value == null && !present) {
      return new StateProof(key, null, p, at);
    }
    if (value != null && present && Arrays.equals(p.leafValueHash(), Sha256.hash(value))) {
      return new StateProof(key, value, p, at);
    }
    return null;
  }

  /** Recorded co-signatures are outside the state tree: they are checked by their signatures. */
  private static void requireInStateTree(String key) {
    if (!StateKeys.inStateTree(key)) {
      throw new IllegalArgumentException(key + " is not in the state tree and has no state proof");
    }
  }

  /** The latest signed header, or null before genesis. */
  public SignedHeader head() {
    long h = height();
    return h < 0 ? null : header(h);
  }

  /** The current value of a state key, or null. */
  public byte[] get(String key) {
    return store.get(key);
  }

  /**
   * The current value of a key with its proof against the latest header. Retries if a block lands
   * between reading the header and the value.
   *
   * @throws IllegalStateException before genesis
   */
  public StateProof prove(String key) {
    requireInStateTree(key);
    byte[] keyHash = SparseMerkleTree.keyHash(StateKeys.bytes(key));
    for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
      SignedHeader head = head();
      if (head == null) {
        throw new IllegalStateException("the ledger has no blocks yet");
      }
      byte[] value = store.get(key);
      SmtProof p = tree.prove(Hex.decode(head.header().stateRoot()), keyHash);
      boolean present = p.leafKeyHash() != null && Arrays.equals(p.leafKeyHash(), keyHash);
      if (value == null && !present) {
        return new StateProof(key, null, p, head);
      }
      if (value != null && present && Arrays.equals(p.leafValueHash(), Sha256.hash(value))) {
        return new StateProof(key, value, p, head);
      }
      // A commit landed in between; read again against the new head.
    }
    throw new IllegalStateException("state kept changing while proving " + key);
  }

  /**
   * RFC 9162 consistency proof between the history trees of sizes {@code from} and {@code to} (the
   * history root in the header at height h covers h blocks).
   */
  public List<byte[]> historyConsistency(long from, long to) {
    return history().consistencyProof(from, to);
  }

  /** RFC 9162 inclusion proof of block {@code height}'s hash in the history tree of a size. */
  public List<byte[]> historyInclusion(long height, long size) {
    return history().inclusionProof(height, size);
  }

  private MerkleLog history() {
    long size = store.historySize();
    return new MerkleLog(
        new MerkleNodeStore() {
          @Override
          public byte[] get(int level, long index) {
            return store.historyNode(level, index);
          }

          @Override
          public void put(int level, long index, byte[] hash) {
            throw new UnsupportedOperationException("the history tree is read-only here");
          }

          @Override
          public long size() {
            return size;
          }

          @Override
          public void setSize(long s) {
            throw new UnsupportedOperationException("the history tree is read-only here");
          }
        });
  }

  /** Where a transaction is, or null. */
  public TxLocation locate(byte[] txId) {
    return store.txLocation(txId);
  }

  /** A transaction's outcome with its inclusion proof, or null if no block holds it. */
  public TxProof txProof(byte[] txId) {
    TxLocation loc = store.txLocation(txId);
    if (loc == null) {
      return null;
    }
    Block b = store.block(loc.height());
    List<byte[]> leaves = new ArrayList<>(b.outcomes().size());
    for (TxOutcome o : b.outcomes()) {
      leaves.add(o.leafHash());
    }
    return new TxProof(
        b.outcomes().get(loc.index()),
        loc.index(),
        MerkleTree.inclusionProof(leaves, loc.index()),
        header(loc.height()));
  }

  /**
   * Resolves a did:kdid from the local ledger.
   *
   * @param did the DID text
   * @param versionId a version to return instead of the current one, or null
   */
  public DidResolutionResult resolve(String did, Long versionId) {
    Did parsed;
    try {
      parsed = KdidMethod.parse(did);
    } catch (InvalidDidException e) {
      return DidResolutionResult.error(ResolutionError.INVALID_DID, e.getMessage());
    }
    byte[] raw = store.get(StateKeys.did(parsed));
    if (raw == null) {
      return DidResolutionResult.error(ResolutionError.NOT_FOUND, did + " is not on the ledger");
    }
    DidRecord current = DidRecord.decode(raw);
    DidRecord rec = current;
    if (versionId != null && versionId != current.version()) {
      rec = version(parsed, versionId, current);
      if (rec == null) {
        return DidResolutionResult.error(
            ResolutionError.NOT_FOUND, did + " has no version " + versionId);
      }
    }
    return DidResolutionResult.found(rec.document(), metadata(parsed, rec, current));
  }

  /** The transaction that wrote version {@code v} of a DID, or null. */
  public byte[] versionTx(Did did, long v) {
    return store.didVersionTx(did, v);
  }

  /**
   * Rebuilds an earlier version of a DID's record from the transaction that wrote it (the world
   * state keeps only the current record), or null if there is no such version.
   */
  public DidRecord version(Did did, long v, DidRecord current) {
    if (v < 1 || v > current.version()) {
      return null;
    }
    if (v == current.version()) {
      return current;
    }
    byte[] txId = store.didVersionTx(did, v);
    TxLocation loc = txId == null ? null : store.txLocation(txId);
    if (loc == null) {
      return null;
    }
    Block b = store.block(loc.height());
    Transaction tx;
    try {
      tx = TxCodec.decode(b.transactions().get(loc.index()));
    } catch (TxRejectedException e) {
      throw new IllegalStateException("stored DID transaction is unreadable", e);
    }
    DidDocument doc;
    boolean deactivated = false;
    switch (tx.payload().body()) {
      case TxBody.DidCreate c -> doc = c.document();
      case TxBody.DidUpdate u -> doc = u.document();
      case TxBody.DidDeactivate d -> {
        doc = DidDocument.builder(did).build();
        deactivated = true;
      }
      default -> throw new IllegalStateException("version index points at a non-DID transaction");
    }
    return new DidRecord(
        did,
        v,
        doc,
        deactivated,
        current.created(),
        BlockHeader.isoTime(b.header().time()),
        loc.height(),
        Hex.encode(txId));
  }

  /** Document metadata of a version, with the next version's id and time when there is one. */
  public DocumentMetadata metadata(Did did, DidRecord rec, DidRecord current) {
    String nextId = null;
    String nextUpdate = null;
    if (rec.version() < current.version()) {
      DidRecord n = version(did, rec.version() + 1, current);
      if (n != null) {
        nextId = Long.toString(n.version());
        nextUpdate = n.updated();
      }
    }
    return new DocumentMetadata(
        rec.created(),
        rec.updated(),
        rec.deactivated(),
        Long.toString(rec.version()),
        nextId,
        nextUpdate);
  }
}
