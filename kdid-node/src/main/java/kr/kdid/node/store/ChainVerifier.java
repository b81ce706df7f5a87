package kr.kdid.node.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import kr.kdid.core.crypto.Sha256;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.encoding.Hex;
import kr.kdid.core.merkle.InMemoryMerkleNodeStore;
import kr.kdid.core.merkle.MerkleLog;
import kr.kdid.core.merkle.MerkleTree;
import kr.kdid.ledger.block.Block;
import kr.kdid.ledger.block.BlockHeader;
import kr.kdid.ledger.block.HeaderSignature;
import kr.kdid.ledger.block.TxOutcome;
import kr.kdid.ledger.machine.LedgerStorageException;
import kr.kdid.ledger.machine.TxLocation;
import kr.kdid.ledger.smt.ByteKey;
import kr.kdid.ledger.smt.SparseMerkleTree;
import kr.kdid.ledger.state.ChainConfig;
import kr.kdid.ledger.state.StateKeys;
import kr.kdid.ledger.tx.RejectCode;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.ledger.tx.TxCodec;
import kr.kdid.ledger.tx.TxRejectedException;

/**
 * Re-verifies a stored ledger before a node serves it: every block's bytes, hash, link to its
 * predecessor, transaction tree, node signatures and history root; every index entry the rules
 * depend on; the world state against the state tree and the last block's state root; and every
 * recorded co-signature (kept outside the state tree) by its signature. Any difference means the
 * store was altered or damaged, and the node must not serve it.
 *
 * <p>This checks integrity, not re-execution: it proves that what is stored is what was committed
 * and signed, at a cost of hashing and of one signature check per node signature and recorded
 * co-signature, not of re-verifying every transaction signature.
 */
public final class ChainVerifier {

  /** The verdict: the height verified, or what failed and where. */
  public record Result(boolean ok, long height, Long badBlock, String problem) {
    static Result ok(long height) {
      return new Result(true, height, null, null);
    }

    static Result bad(Long block, String problem) {
      return new Result(false, -1, block, problem);
    }

    /** A message for operators. */
    public String message() {
      if (ok) {
        return "ledger verified up to block " + height;
      }
      return (badBlock != null ? "block " + badBlock + ": " : "") + problem;
    }
  }

  private final RocksLedgerStore store;
  private final LongConsumer progress;
  private final int parallelism;

  /** Blocks decoded ahead at most, whatever the parallelism: they are held in memory. */
  static final int MAX_AHEAD = 32;

  private static final ThreadFactory VERIFY_THREADS =
      Thread.ofPlatform().name("kdid-chain-check-", 1).daemon(true).factory();

  /**
   * @param store the store to check
   * @param progress called with each verified height (for progress output), may be a no-op
   */
  public ChainVerifier(RocksLedgerStore store, LongConsumer progress) {
    this(store, progress, Runtime.getRuntime().availableProcessors());
  }

  /**
   * @param parallelism threads that read and decode the blocks ahead of the checks (1: the calling
   *     thread does everything, one block after another)
   */
  public ChainVerifier(RocksLedgerStore store, LongConsumer progress, int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
    }
    this.store = store;
    this.progress = progress;
    this.parallelism = parallelism;
  }

  /**
   * What can be read and decoded of one block without the blocks before it: its stored bytes, the
   * block, whether its bytes are canonical, and each transaction's hash and decoding (null where it
   * does not decode). {@code unreadable} says why the bytes are not a block; {@code failure} is
   * what the store threw.
   */
  private record Loaded(
      byte[] raw,
      Block block,
      String unreadable,
      boolean canonical,
      byte[][] txHashes,
      Transaction[] decoded,
      RuntimeException failure) {}

  private Loaded load(long h) {
    try {
      byte[] raw = store.blockBytes(h);
      if (raw == null) {
        return new Loaded(null, null, null, false, null, null, null);
      }
      Block b;
      try {
        b = Block.decode(raw);
      } catch (IllegalArgumentException e) {
        return new Loaded(raw, null, e.getMessage(), false, null, null, null);
      }
      if (!Arrays.equals(b.encode(), raw)) {
        return new Loaded(raw, b, null, false, null, null, null);
      }
      List<String> txs = b.transactions();
      byte[][] hashes = new byte[txs.size()][];
      Transaction[] decoded = new Transaction[txs.size()];
      for (int i = 0; i < txs.size(); i++) {
        hashes[i] = Sha256.hash(txs.get(i).getBytes(StandardCharsets.US_ASCII));
        decoded[i] = decodeOrNull(txs.get(i));
      }
      return new Loaded(raw, b, null, true, hashes, decoded, null);
    } catch (RuntimeException e) {
      return new Loaded(null, null, null, false, null, null, e);
    }
  }

  /** Reads and decodes block {@code h}: on the pool when there is one, else here and now. */
  private Future<Loaded> loadAhead(ExecutorService pool, long h) {
    return pool == null ? CompletableFuture.completedFuture(load(h)) : pool.submit(() -> load(h));
  }

  private static Loaded await(Future<Loaded> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while verifying the ledger", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("reading a block failed: " + e.getCause(), e.getCause());
    }
  }

  private static final class Bad extends Exception {
    private static final long serialVersionUID = 1L;
    final Long block;

    Bad(Long block, String message) {
      super(message, null, false, false);
      this.block = block;
    }
  }

  /** Verifies the whole store. Never throws for damage; the result says what is wrong. */
  public Result verify() {
    long current = -1;
    ExecutorService pool =
        parallelism > 1 ? Executors.newFixedThreadPool(parallelism, VERIFY_THREADS) : null;
    try {
      long head = store.lastApplied().height();
      if (head < 0) {
        return checkEmpty();
      }
      ChainConfig config = null;
      InMemoryMerkleNodeStore historyNodes = new InMemoryMerkleNodeStore();
      MerkleLog history = new MerkleLog(historyNodes);
      byte[] prevHash = null;
      long prevTime = Long.MIN_VALUE;
      long indexedTxs = 0;
      long anchoredLeaves = 0;
      long didVersions = 0;
      long usedNonces = 0;
      BlockHeader last = null;
      // Blocks are read and decoded up to a window ahead (on other threads where there are any);
      // the checks that follow the chain's order stay on this thread, in order.
      ArrayDeque<Future<Loaded>> ahead = new ArrayDeque<>();
      long nextLoad = 0;
      int window = pool == null ? 1 : Math.min(4 * parallelism, MAX_AHEAD);
      for (long h = 0; h <= head; h++) {
        current = h;
        while (nextLoad <= head && ahead.size() < window) {
          ahead.add(loadAhead(pool, nextLoad++));
        }
        Loaded loaded = await(ahead.poll());
        if (loaded.failure() != null) {
          throw loaded.failure();
        }
        if (loaded.raw() == null) {
          throw new Bad(h, "is missing");
        }
        if (loaded.block() == null) {
          throw new Bad(h, "is unreadable (" + loaded.unreadable() + ")");
        }
        Block b = loaded.block();
        if (!loaded.canonical()) {
          throw new Bad(h, "stored bytes are not in canonical form (altered)");
        }
        BlockHeader hd = b.header();
        byte[] hash = hd.hash();
        if (hd.height() != h) {
          throw new Bad(h, "header says height " + hd.height());
        }
        if (!Arrays.equals(hash, store.blockHash(h))) {
          throw new Bad(h, "header hash does not match the stored hash (altered)");
        }
        String expectedPrev = prevHash == null ? BlockHeader.ZERO_HASH : Hex.encode(prevHash);
        if (!hd.previousHash().equals(expectedPrev)) {
          throw new Bad(h, "does not link to block " + (h - 1) + " (altered or forked)");
        }
        if (hd.time() < prevTime) {
          throw new Bad(h, "time goes backwards");
        }
        if (!hd.historyRoot().equals(Hex.encode(history.root()))) {
          throw new Bad(h, "history root does not match the earlier blocks");
        }
        if (hd.txCount() != b.transactions().size()) {
          throw new Bad(h, "transaction count does not match the header");
        }
        List<byte[]> leaves = new ArrayList<>(b.outcomes().size());
        for (int i = 0; i < b.transactions().size(); i++) {
          TxOutcome o = b.outcomes().get(i);
          byte[] txHash = loaded.txHashes()[i];
          if (!o.hash().equals(Hex.encode(txHash))) {
            throw new Bad(h, "transaction " + i + " does not match its recorded hash (altered)");
          }
          leaves.add(o.leafHash());
          Transaction decoded = loaded.decoded()[i];
          byte[] id = decoded != null ? decoded.id() : txHash;
          if (!o.id().equals(Hex.encode(id))) {
            throw new Bad(h, "transaction " + i + " does not match its recorded id");
          }
          if (!RejectCode.DUPLICATE_TX.name().equals(o.code())) {
            // The entry points here, or (for an invalid occurrence) at a later one of the same id.
            TxLocation loc = store.txLocation(id);
            boolean here = loc != null && loc.height() == h && loc.index() == i;
            boolean later =
                loc != null
                    && !o.valid()
                    && (loc.height() > h || (loc.height() == h && loc.index() > i));
            if (!here && !later || (here && loc.valid() != o.valid())) {
              throw new Bad(h, "transaction index entry for transaction " + i + " is wrong");
            }
            if (here) {
              indexedTxs++;
            }
          }
          if (o.nonceUsed()) {
            if (decoded == null) {
              throw new Bad(h, "transaction " + i + " used a nonce but cannot be decoded");
            }
            usedNonces++;
            if (!store.nonceUsed(decoded.nonceKey())) {
              throw new Bad(h, "nonce of transaction " + i + " is missing from the nonce index");
            }
          }
          if (o.valid()) {
            if (decoded == null) {
              throw new Bad(h, "transaction " + i + " is marked valid but cannot be decoded");
            }
            long didVersion =
                switch (decoded.payload().body()) {
                  case TxBody.DidCreate x -> 1;
                  case TxBody.DidUpdate x -> x.previousVersion() + 1;
                  case TxBody.DidDeactivate x -> x.previousVersion() + 1;
                  default -> 0;
                };
            if (didVersion > 0) {
              didVersions++;
              kr.kdid.core.did.Did subject =
                  switch (decoded.payload().body()) {
                    case TxBody.DidCreate x -> x.document().id();
                    case TxBody.DidUpdate x -> x.did();
                    case TxBody.DidDeactivate x -> x.did();
                    default -> throw new IllegalStateException();
                  };
              byte[] indexed = store.didVersionTx(subject, didVersion);
              if (indexed == null || !Arrays.equals(indexed, decoded.id())) {
                throw new Bad(h, "DID version index entry for transaction " + i + " is wrong");
              }
            }
            if (decoded.payload().body() instanceof TxBody.EventAnchor a) {
              anchoredLeaves += a.leaves().size();
              for (String leaf : a.leaves()) {
                if (store.commitment(Hex.decode(leaf)) == null) {
                  throw new Bad(h, "commitment " + leaf + " is missing from the index");
                }
              }
            }
          }
        }
        if (!hd.txRoot().equals(Hex.encode(MerkleTree.root(leaves)))) {
          throw new Bad(h, "transaction tree root does not match (altered)");
        }
        if (h == 0) {
          config = genesisConfig();
        }
        checkSignatures(h, b, config);
        history.append(MerkleTree.leafHash(hash));
        prevHash = hash;
        prevTime = hd.time();
        last = hd;
        progress.accept(h);
      }
      current = -1;
      if (store.historySize() != head + 1) {
        throw new Bad(null, "history size " + store.historySize() + " != " + (head + 1));
      }
      checkStoredHistory(history, historyNodes, head + 1);
      checkCount(RocksLedgerStore.CF_TXIDX, indexedTxs, "transaction index");
      checkCount(RocksLedgerStore.CF_NONCES, usedNonces, "nonce index");
      checkCount(RocksLedgerStore.CF_COMMITMENTS, anchoredLeaves, "commitment index");
      checkCount(RocksLedgerStore.CF_DID_VERSIONS, didVersions, "DID version index");
      checkCount(RocksLedgerStore.CF_HASHES, head + 1, "block hash index");
      checkCount(RocksLedgerStore.CF_BLOCKS, head + 1, "block table");
      checkState(Hex.decode(last.stateRoot()), head);
      return Result.ok(head);
    } catch (Bad e) {
      return Result.bad(e.block, e.getMessage());
    } catch (LedgerStorageException e) {
      return Result.bad(current >= 0 ? current : null, "storage is damaged: " + e.getMessage());
    } catch (RuntimeException e) {
      return Result.bad(current >= 0 ? current : null, "cannot be verified: " + e);
    } finally {
      if (pool != null) {
        stop(pool);
      }
    }
  }

  /**
   * Cancels the blocks not yet read and waits for those being read: the caller may close the store
   * as soon as {@link #verify} returns (a node that refuses its store does), and a RocksDB read on
   * a closed store crashes the JVM.
   */
  private static void stop(ExecutorService pool) {
    pool.shutdownNow();
    boolean interrupted = false;
    while (true) {
      try {
        if (pool.awaitTermination(1, TimeUnit.MINUTES)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private Result checkEmpty() {
    long[] n = {0};
    for (String cf : RocksLedgerStore.FAMILIES) {
      if (cf.equals(RocksLedgerStore.CF_META)) {
        continue;
      }
      store.scanAll(cf, (k, v) -> ++n[0] == 0);
    }
    return n[0] == 0 ? Result.ok(-1) : Result.bad(null, "ledger has data but no last block");
  }

  private static Transaction decodeOrNull(String tx) {
    try {
      return TxCodec.decode(tx);
    } catch (TxRejectedException e) {
      return null;
    }
  }

  private ChainConfig genesisConfig() throws Bad {
    byte[] raw = store.get(StateKeys.CHAIN_CONFIG);
    if (raw == null) {
      throw new Bad(0L, "the chain configuration is missing from the state");
    }
    return ChainConfig.decode(raw);
  }

  private static void checkSignatures(long h, Block b, ChainConfig config) throws Bad {
    Map<String, VerificationKey> keys = new HashMap<>();
    config.nodes().forEach(n -> keys.put(n.id(), n.key()));
    byte[] bytes = b.header().signingBytes();
    if (b.signatures().isEmpty()) {
      throw new Bad(h, "carries no node signature");
    }
    for (HeaderSignature s : b.signatures()) {
      VerificationKey k = keys.get(s.node());
      if (k == null) {
        throw new Bad(h, "is signed by unknown node " + s.node());
      }
      if (!verifies(k, bytes, s)) {
        throw new Bad(h, "signature of node " + s.node() + " does not verify (altered)");
      }
    }
  }

  private static boolean verifies(VerificationKey k, byte[] signingBytes, HeaderSignature s) {
    try {
      return k.algorithm().jwsName().equals(s.alg())
          && k.verify(signingBytes, Base64Url.decode(s.signature()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void checkStoredHistory(MerkleLog rebuilt, InMemoryMerkleNodeStore nodes, long size)
      throws Bad {
    MerkleLog stored =
        new MerkleLog(
            new kr.kdid.core.merkle.MerkleNodeStore() {
              @Override
              public byte[] get(int level, long index) {
                return store.historyNode(level, index);
              }

              @Override
              public void put(int level, long index, byte[] hash) {
                throw new UnsupportedOperationException("read-only");
              }

              @Override
              public long size() {
                return size;
              }

              @Override
              public void setSize(long s) {
                throw new UnsupportedOperationException("read-only");
              }
            });
    long[] count = {0};
    Bad[] bad = {null};
    store.scanAll(
        RocksLedgerStore.CF_HISTORY,
        (k, v) -> {
          ByteBuffer bb = ByteBuffer.wrap(k);
          int level = bb.getInt();
          long index = bb.getLong();
          count[0]++;
          byte[] expected = nodes.get(level, index);
          if (expected == null || !Arrays.equals(expected, v)) {
            bad[0] = new Bad(null, "history tree node (" + level + "," + index + ") was altered");
            return false;
          }
          return true;
        });
    if (bad[0] != null) {
      throw bad[0];
    }
    if (!Arrays.equals(stored.root(size), rebuilt.root(size))) {
      throw new Bad(null, "history tree does not match the blocks");
    }
  }

  private void checkCount(String family, long expected, String what) throws Bad {
    long[] n = {0};
    store.scanAll(family, (k, v) -> ++n[0] > 0);
    if (n[0] != expected) {
      throw new Bad(null, what + " holds " + n[0] + " entries, the blocks imply " + expected);
    }
  }

  /**
   * Walks the state tree from the last state root, re-hashing every node, and checks that the state
   * table holds exactly the leaves' values, and besides them only recorded co-signatures, each of
   * which must verify with its node's key over the chain's header at its height.
   */
  private void checkState(byte[] root, long head) throws Bad {
    Map<ByteKey, byte[]> leaves = new HashMap<>();
    walk(root, leaves, head);
    Map<String, VerificationKey> keys = new HashMap<>();
    ChainConfig.decode(store.get(StateKeys.CHAIN_CONFIG))
        .nodes()
        .forEach(n -> keys.put(n.id(), n.key()));
    long[] count = {0};
    Bad[] bad = {null};
    store.scanAll(
        RocksLedgerStore.CF_STATE,
        (k, v) -> {
          String name = new String(k, StandardCharsets.UTF_8);
          if (!StateKeys.inStateTree(name)) {
            bad[0] = checkCosignature(name, v, keys, head);
            return bad[0] == null;
          }
          count[0]++;
          byte[] kh = SparseMerkleTree.keyHash(k);
          byte[] vh = leaves.get(new ByteKey(kh));
          if (vh == null || !Arrays.equals(vh, Sha256.hash(v))) {
            bad[0] =
                new Bad(
                    head,
                    "state entry \""
                        + name
                        + "\" does not match the state root of the last block (altered)");
            return false;
          }
          return true;
        });
    if (bad[0] != null) {
      throw bad[0];
    }
    if (count[0] != leaves.size()) {
      throw new Bad(head, "state holds " + count[0] + " entries, the state root " + leaves.size());
    }
  }

  /**
   * A recorded co-signature outside the state tree: its key must name a height below the head and a
   * chain node, and its value must be that node's signature over the header stored at that height.
   *
   * @return what is wrong, or null
   */
  private Bad checkCosignature(
      String name, byte[] value, Map<String, VerificationKey> keys, long head) {
    StateKeys.Checkpoint at = StateKeys.parseCheckpoint(name);
    if (at == null || at.height() >= head || !keys.containsKey(at.node())) {
      return new Bad(head, "state entry \"" + name + "\" is not a co-signature this chain records");
    }
    HeaderSignature sig;
    try {
      sig = HeaderSignature.fromJson(kr.kdid.core.json.Json.parse(value));
    } catch (RuntimeException e) {
      sig = null;
    }
    Block b = store.block(at.height());
    if (sig == null
        || !sig.node().equals(at.node())
        || b == null
        || !verifies(keys.get(at.node()), b.header().signingBytes(), sig)) {
      return new Bad(
          at.height(),
          "co-signature of node " + at.node() + " does not verify over this header (altered)");
    }
    return null;
  }

  private void walk(byte[] hash, Map<ByteKey, byte[]> leaves, long head) throws Bad {
    if (Arrays.equals(hash, SparseMerkleTree.EMPTY)) {
      return;
    }
    byte[] node = store.get(hash);
    if (node == null || node.length != 65 || !Arrays.equals(Sha256.hash(node), hash)) {
      throw new Bad(head, "state tree node " + Hex.encode(hash) + " is missing or altered");
    }
    if (node[0] == 0) {
      leaves.put(new ByteKey(Arrays.copyOfRange(node, 1, 33)), Arrays.copyOfRange(node, 33, 65));
    } else {
      walk(Arrays.copyOfRange(node, 1, 33), leaves, head);
      walk(Arrays.copyOfRange(node, 33, 65), leaves, head);
    }
  }
}
