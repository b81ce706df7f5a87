package kr.kdid.node.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;
import kr.kdid.core.encoding.Hex;
import kr.kdid.ledger.block.Block;
import kr.kdid.ledger.machine.BlockCommit;
import kr.kdid.ledger.machine.CommitmentLocation;
import kr.kdid.ledger.machine.LedgerStorageException;
import kr.kdid.ledger.machine.LedgerStore;
import kr.kdid.ledger.machine.LogPosition;
import kr.kdid.ledger.machine.TxLocation;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The node's ledger in RocksDB: one column family per kind of record, every block committed in one
 * write batch. Reads are thread-safe; {@link #commit} and {@link #snapshot} are serialised.
 *
 * <p><b>The Raft log is the write-ahead log</b> (decision 0010). Blocks are written without
 * RocksDB's own WAL, so a committed block lives in the memtables until they are flushed; every
 * column family is flushed together (atomic flush), so the files on disk always hold the ledger as
 * of one block boundary, with {@link #lastApplied()} naming it. After a crash the store reopens at
 * that earlier block and the node re-applies the later ones from its Raft log, which Ratis synced
 * before any of them was applied. {@link #snapshot} and {@link #close} flush first, so the store is
 * on disk at least up to the last snapshot, before which Ratis may drop its log.
 */
public final class RocksLedgerStore implements LedgerStore {
  static {
    RocksDB.loadLibrary();
  }

  static final String CF_META = "default";
  static final String CF_BLOCKS = "blocks";
  static final String CF_HASHES = "hashes";
  static final String CF_STATE = "state";
  static final String CF_SMT = "smt";
  static final String CF_TXIDX = "txidx";
  static final String CF_NONCES = "nonces";
  static final String CF_COMMITMENTS = "commitments";
  static final String CF_HISTORY = "history";
  static final String CF_DID_VERSIONS = "didversions";
  static final List<String> FAMILIES =
      List.of(
          CF_META,
          CF_BLOCKS,
          CF_HASHES,
          CF_STATE,
          CF_SMT,
          CF_TXIDX,
          CF_NONCES,
          CF_COMMITMENTS,
          CF_HISTORY,
          CF_DID_VERSIONS);

  /** Families keyed (and mostly valued) by hashes, stored uncompressed. */
  static final java.util.Set<String> HASH_FAMILIES =
      java.util.Set.of(CF_HASHES, CF_SMT, CF_TXIDX, CF_NONCES, CF_COMMITMENTS, CF_HISTORY);

  private static final byte[] KEY_LAST_APPLIED = "lastApplied".getBytes(StandardCharsets.UTF_8);
  private static final byte[] KEY_HISTORY_SIZE = "historySize".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PRESENT = new byte[] {1};

  private final Path dir;
  private final RocksDB db;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final ColumnFamilyOptions hashFamilyOptions;
  private final LRUCache blockCache;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final ColumnFamilyHandle meta;
  private final ColumnFamilyHandle blocks;
  private final ColumnFamilyHandle hashes;
  private final ColumnFamilyHandle state;
  private final ColumnFamilyHandle smt;
  private final ColumnFamilyHandle txidx;
  private final ColumnFamilyHandle nonces;
  private final ColumnFamilyHandle commitments;
  private final ColumnFamilyHandle history;
  private final ColumnFamilyHandle didVersions;

  /**
   * Block commits skip RocksDB's WAL: the synced Raft log already holds every block before it is
   * applied. The second synced log of the same data took 13–21% of the serial apply's time and
   * about 3% of a 3-node cluster's throughput (docs/benchmarks.md).
   */
  private final WriteOptions blockWrites = new WriteOptions().setDisableWAL(true);

  /** State-tree nodes are immutable (keyed by their hash), so caching them is always safe. */
  private final NodeCache nodeCache =
      new NodeCache(
          nodeCacheCapacity(
              Runtime.getRuntime().maxMemory(), System.getProperty(NODE_CACHE_PROPERTY)));

  /** System property that sets the node cache's size in nodes, overriding the default. */
  public static final String NODE_CACHE_PROPERTY = "kdid.store.nodeCache";

  static final int MIN_CACHED_NODES = 16_384;

  /** Most nodes by default (2^21 slots, 218 MB). */
  static final int DEFAULT_MAX_CACHED_NODES = 2_000_000;

  /** Most nodes the property may ask for (about 1.7 GB; more would overflow the array's size). */
  static final int MAX_CACHED_NODES = 16_000_000;

  /**
   * Nodes the state-tree cache holds (allocated whole at open, {@link NodeCache#SLOT} bytes per
   * slot): about a twentieth of the maximum heap, so 2 million nodes (218 MB) on the 4 GB heap
   * recommended for a node, between 16,384 and 2 million; or {@code configured} (the {@value
   * #NODE_CACHE_PROPERTY} property, up to 16 million) if given. A miss costs a RocksDB read on the
   * serial apply path: with a 400,000-node cache, those reads took 4% of the CPU in the in-process
   * benchmark, whose tree ends with about 420,000 live nodes (docs/benchmarks.md). On a larger
   * ledger the cache keeps the upper levels of the tree, which every update passes through.
   *
   * @throws IllegalArgumentException if {@code configured} is not a number in that range, or would
   *     take more than half of the maximum heap
   */
  static int nodeCacheCapacity(long maxHeapBytes, String configured) {
    if (configured != null) {
      int n;
      try {
        n = Integer.parseInt(configured.strip());
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < MIN_CACHED_NODES || n > MAX_CACHED_NODES) {
        throw new IllegalArgumentException(
            NODE_CACHE_PROPERTY
                + " must be a number of nodes from "
                + MIN_CACHED_NODES
                + " to "
                + MAX_CACHED_NODES
                + ", not "
                + configured);
      }
      long bytes = NodeCache.bytesFor(n);
      if (bytes > maxHeapBytes / 2) {
        throw new IllegalArgumentException(
            NODE_CACHE_PROPERTY
                + "="
                + n
                + " needs "
                + (bytes >> 20)
                + " MB, more than half of the maximum heap ("
                + (maxHeapBytes >> 20)
                + " MB): give the JVM a larger -Xmx or cache fewer nodes");
      }
      return n;
    }
    long twentieth = maxHeapBytes / 20 / NodeCache.SLOT;
    return (int) Math.max(MIN_CACHED_NODES, Math.min(DEFAULT_MAX_CACHED_NODES, twentieth));
  }

  private volatile LogPosition lastApplied;
  private volatile long historySize;
  private volatile boolean closed;

  private ColumnFamilyOptions familyOptions() {
    return new ColumnFamilyOptions()
        .setTableFormatConfig(
            new BlockBasedTableConfig()
                .setBlockCache(blockCache)
                .setFilterPolicy(new org.rocksdb.BloomFilter(10, false)))
        // Most lookups of the rules are for keys that do not exist yet (a fresh nonce, a new
        // transaction id): bloom filters in the memtable answer those without a search.
        .setMemtablePrefixBloomSizeRatio(0.1)
        .setMemtableWholeKeyFiltering(true)
        .setWriteBufferSize(32L << 20)
        .setMaxWriteBufferNumber(4)
        .setLevel0SlowdownWritesTrigger(40)
        .setLevel0StopWritesTrigger(64);
  }

  private RocksLedgerStore(Path dir) throws RocksDBException {
    this.dir = dir;
    this.blockCache = new LRUCache(256L << 20);
    this.cfOptions = familyOptions();
    // Families whose keys and values are mostly hashes: compression cannot shrink random bytes,
    // so it would only spend CPU on every flush, compaction and read.
    this.hashFamilyOptions = familyOptions().setCompressionType(CompressionType.NO_COMPRESSION);
    this.dbOptions =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setParanoidChecks(true)
            // Blocks are written without the WAL: flush every family at once, so that what is on
            // disk after a crash is the ledger at one block boundary, never families at
            // different blocks (which replaying the Raft log could not repair).
            .setAtomicFlush(true)
            // Sync table files as they are written, 1 MiB at a time, so that a flush does not
            // end in one large fsync that the Raft log's synced append of the next block waits
            // behind.
            .setBytesPerSync(1L << 20)
            // One thread writes (the state machine): plain memtable inserts are cheaper than
            // the concurrent-insert mode.
            .setAllowConcurrentMemtableWrite(false)
            .setEnableWriteThreadAdaptiveYield(false)
            .setMaxBackgroundJobs(2);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String name : FAMILIES) {
      descriptors.add(
          new ColumnFamilyDescriptor(
              name.getBytes(StandardCharsets.UTF_8),
              HASH_FAMILIES.contains(name) ? hashFamilyOptions : cfOptions));
    }
    this.db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
    this.meta = handles.get(0);
    this.blocks = handles.get(1);
    this.hashes = handles.get(2);
    this.state = handles.get(3);
    this.smt = handles.get(4);
    this.txidx = handles.get(5);
    this.nonces = handles.get(6);
    this.commitments = handles.get(7);
    this.history = handles.get(8);
    this.didVersions = handles.get(9);
    byte[] la = db.get(meta, KEY_LAST_APPLIED);
    this.lastApplied =
        la == null
            ? LogPosition.EMPTY
            : new LogPosition(ByteBuffer.wrap(la).getLong(0), ByteBuffer.wrap(la).getLong(8));
    byte[] hs = db.get(meta, KEY_HISTORY_SIZE);
    this.historySize = hs == null ? 0 : ByteBuffer.wrap(hs).getLong();
  }

  /**
   * Opens (creating if needed) the store in a directory.
   *
   * @throws LedgerStorageException if RocksDB cannot open it (locked by another process, corrupt)
   */
  public static RocksLedgerStore open(Path dir) {
    try {
      Files.createDirectories(dir);
      return new RocksLedgerStore(dir);
    } catch (RocksDBException e) {
      throw new LedgerStorageException(describe("cannot open the ledger store in " + dir, e), e);
    } catch (java.io.IOException e) {
      throw new LedgerStorageException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  static String describe(String what, RocksDBException e) {
    String status = e.getStatus() == null ? "" : " [" + e.getStatus().getCodeString() + "]";
    return what + ": " + e.getMessage() + status;
  }

  public Path directory() {
    return dir;
  }

  private byte[] get(ColumnFamilyHandle cf, byte[] key, String what) {
    try {
      return db.get(cf, key);
    } catch (RocksDBException e) {
      throw new LedgerStorageException(describe("cannot read " + what, e), e);
    }
  }

  static byte[] heightKey(long height) {
    return ByteBuffer.allocate(8).putLong(height).array();
  }

  static byte[] historyKey(int level, long index) {
    return ByteBuffer.allocate(12).putInt(level).putLong(index).array();
  }

  @Override
  public LogPosition lastApplied() {
    return lastApplied;
  }

  @Override
  public byte[] get(String key) {
    return get(state, key.getBytes(StandardCharsets.UTF_8), "state " + key);
  }

  @Override
  public byte[] get(byte[] hash) {
    byte[] n = nodeCache.get(hash);
    if (n != null) {
      return n;
    }
    n = get(smt, hash, "state tree node");
    if (n != null) {
      nodeCache.put(hash, n);
    }
    return n;
  }

  /** The raw stored bytes of a block (for verification), or null. */
  public byte[] blockBytes(long height) {
    return get(blocks, heightKey(height), "block " + height);
  }

  @Override
  public Block block(long height) {
    byte[] raw = blockBytes(height);
    if (raw == null) {
      return null;
    }
    try {
      return Block.decode(raw);
    } catch (IllegalArgumentException e) {
      throw new LedgerStorageException("stored block " + height + " is unreadable", e);
    }
  }

  @Override
  public byte[] blockHash(long height) {
    return get(hashes, heightKey(height), "hash of block " + height);
  }

  @Override
  public TxLocation txLocation(byte[] txId) {
    byte[] v = get(txidx, txId, "transaction index");
    if (v == null) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(v);
    return new TxLocation(b.getLong(), b.getInt(), b.get() == 1);
  }

  @Override
  public boolean nonceUsed(byte[] nonceKey) {
    return get(nonces, nonceKey, "nonce index") != null;
  }

  @Override
  public CommitmentLocation commitment(byte[] commitment) {
    byte[] v = get(commitments, commitment, "commitment index");
    if (v == null) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(v);
    byte[] tx = new byte[32];
    b.get(tx);
    return new CommitmentLocation(Hex.encode(tx), b.getInt());
  }

  @Override
  public byte[] historyNode(int level, long index) {
    return get(history, historyKey(level, index), "history node");
  }

  static byte[] didVersionKey(kr.kdid.core.did.Did did, long version) {
    byte[] d = did.toString().getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(d.length + 9).put(d).put((byte) 0).putLong(version).array();
  }

  @Override
  public byte[] didVersionTx(kr.kdid.core.did.Did did, long version) {
    return get(didVersions, didVersionKey(did, version), "DID version index");
  }

  @Override
  public long historySize() {
    return historySize;
  }

  @Override
  public synchronized void commit(BlockCommit c) {
    if (closed) {
      throw new LedgerStorageException("store is closed");
    }
    long height = c.block().header().height();
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(blocks, heightKey(height), c.block().encode());
      batch.put(hashes, heightKey(height), c.blockHash());
      // The hash-keyed families' keys go in in (nearly) ascending order: the memtable (a skip
      // list) then finds each insertion point from the previous one instead of searching from
      // the top through cache misses (hashes come in random order without the sort).
      for (Map.Entry<String, byte[]> e : c.stateWrites().entrySet()) {
        batch.put(state, e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue());
      }
      for (var e : ascendingBytes(c.smtNodes().entrySet(), e -> e.getKey().bytes())) {
        batch.put(smt, e.getKey().bytes(), e.getValue());
      }
      for (var e : c.historyNodes().entrySet()) {
        batch.put(history, historyKey(e.getKey().level(), e.getKey().index()), e.getValue());
      }
      for (BlockCommit.TxIndexEntry e : ascendingBytes(c.txIds(), BlockCommit.TxIndexEntry::id)) {
        ByteBuffer v = ByteBuffer.allocate(13);
        v.putLong(e.location().height()).putInt(e.location().index());
        v.put((byte) (e.location().valid() ? 1 : 0));
        batch.put(txidx, e.id(), v.array());
      }
      for (byte[] n : ascendingBytes(c.nonceKeys(), n -> n)) {
        batch.put(nonces, n, PRESENT);
      }
      for (var e : ascendingBytes(c.commitments().entrySet(), e -> e.getKey().bytes())) {
        ByteBuffer v = ByteBuffer.allocate(36);
        v.put(Hex.decode(e.getValue().anchorTxId())).putInt(e.getValue().leafIndex());
        batch.put(commitments, e.getKey().bytes(), v.array());
      }
      for (BlockCommit.DidVersion v : c.didVersions()) {
        batch.put(didVersions, didVersionKey(v.did(), v.version()), v.txId());
      }
      LogPosition pos = new LogPosition(c.logIndex(), height);
      batch.put(
          meta,
          KEY_LAST_APPLIED,
          ByteBuffer.allocate(16).putLong(pos.logIndex()).putLong(pos.height()).array());
      batch.put(meta, KEY_HISTORY_SIZE, ByteBuffer.allocate(8).putLong(c.historySize()).array());
      db.write(blockWrites, batch);
      c.smtNodes().forEach((k, v) -> nodeCache.put(k.bytes(), v));
      historySize = c.historySize();
      lastApplied = pos;
    } catch (RocksDBException e) {
      throw new LedgerStorageException(describe("cannot commit block " + height, e), e);
    }
  }

  /**
   * The items in ascending order of the first 6 bytes of their keys (the order RocksDB keeps, for
   * keys that are hashes and so differ early). Only a hint for the memtable: items whose prefixes
   * tie keep their input order, which costs a little speed and nothing else. Sorting primitive
   * longs (prefix and index packed together) is about ten times cheaper than sorting with a
   * comparator.
   */
  static <T> List<T> ascendingBytes(Collection<T> items, Function<T, byte[]> key) {
    int n = items.size();
    if (n < 2 || n > 1 << 16) {
      return items instanceof List<T> list ? list : new ArrayList<>(items);
    }
    List<T> in = new ArrayList<>(items);
    long[] order = new long[n];
    for (int i = 0; i < n; i++) {
      byte[] k = key.apply(in.get(i));
      long prefix = 0;
      for (int b = 0; b < 6; b++) {
        prefix = (prefix << 8) | (b < k.length ? k[b] & 0xff : 0);
      }
      order[i] = (prefix << 16) | i;
    }
    Arrays.sort(order); // prefix < 2^48, so every packed value is non-negative
    List<T> out = new ArrayList<>(n);
    for (long o : order) {
      out.add(in.get((int) (o & 0xffff)));
    }
    return out;
  }

  /**
   * Calls {@code visitor} for each state entry whose key starts with {@code prefix}, in key order,
   * starting after {@code after} (exclusive; null for the start), until it returns false.
   */
  public void scanState(String prefix, String after, BiPredicate<String, byte[]> visitor) {
    scan(state, prefix.getBytes(StandardCharsets.UTF_8), after, visitor);
  }

  /** Every entry of a column family, for verification: until the visitor returns false. */
  void scanAll(String family, BiPredicate<byte[], byte[]> visitor) {
    ColumnFamilyHandle cf = handles.get(FAMILIES.indexOf(family));
    try (ReadOptions ro = new ReadOptions().setVerifyChecksums(true).setFillCache(false);
        RocksIterator it = db.newIterator(cf, ro)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        if (!visitor.test(it.key(), it.value())) {
          break;
        }
      }
      it.status();
    } catch (RocksDBException e) {
      throw new LedgerStorageException(describe("cannot read " + family, e), e);
    }
  }

  private void scan(
      ColumnFamilyHandle cf, byte[] prefix, String after, BiPredicate<String, byte[]> visitor) {
    try (ReadOptions ro = new ReadOptions().setPrefixSameAsStart(false);
        RocksIterator it = db.newIterator(cf, ro)) {
      if (after != null) {
        it.seek(after.getBytes(StandardCharsets.UTF_8));
        if (it.isValid() && new String(it.key(), StandardCharsets.UTF_8).equals(after)) {
          it.next();
        }
      } else {
        it.seek(prefix);
      }
      for (; it.isValid(); it.next()) {
        byte[] k = it.key();
        if (!startsWith(k, prefix)) {
          break;
        }
        if (!visitor.test(new String(k, StandardCharsets.UTF_8), it.value())) {
          break;
        }
      }
      it.status();
    } catch (RocksDBException e) {
      throw new LedgerStorageException(describe("cannot scan state", e), e);
    }
  }

  private static boolean startsWith(byte[] k, byte[] prefix) {
    if (k.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (k[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Flushes the memtables first (every family at once, into this store's own files), so
   * afterwards this store is on disk at least up to the returned position: Ratis drops its log up
   * to a snapshot's index, and the blocks before it must not then exist in memory only.
   */
  @Override
  public synchronized LogPosition snapshot(Path target) {
    if (Files.exists(target)) {
      throw new LedgerStorageException("snapshot target " + target + " already exists");
    }
    flush();
    try (Checkpoint cp = Checkpoint.create(db)) {
      LogPosition pos = lastApplied;
      cp.createCheckpoint(target.toString());
      return pos;
    } catch (RocksDBException e) {
      throw new LedgerStorageException(describe("cannot snapshot to " + target, e), e);
    }
  }

  /**
   * Flushes every family's memtables to table files, all at once: afterwards the files on disk hold
   * every committed block (before a copy, a snapshot, or closing).
   */
  public void flush() {
    try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
      db.flush(fo, handles);
    } catch (RocksDBException e) {
      throw new LedgerStorageException(describe("cannot flush", e), e);
    }
  }

  /**
   * Waits until RocksDB has no flush or compaction running or pending, at most {@code
   * timeoutMillis}: the settled state a node reaches after a burst of writes (for benchmarks that
   * fill a ledger and must not time the compactions that the filling left behind).
   *
   * @return whether it settled within the time
   */
  public boolean awaitBackgroundWork(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    while (true) {
      try {
        boolean busy =
            db.getLongProperty("rocksdb.num-running-compactions") > 0
                || db.getLongProperty("rocksdb.num-running-flushes") > 0;
        for (ColumnFamilyHandle h : handles) {
          busy |=
              db.getLongProperty(h, "rocksdb.compaction-pending") > 0
                  || db.getLongProperty(h, "rocksdb.mem-table-flush-pending") > 0;
        }
        if (!busy) {
          return true;
        }
      } catch (RocksDBException e) {
        throw new LedgerStorageException(describe("cannot read RocksDB's state", e), e);
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(100);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      flush();
    } catch (LedgerStorageException e) {
      // Closing anyway: the node's Raft log still holds the blocks that were not flushed.
    }
    handles.forEach(ColumnFamilyHandle::close);
    db.close();
    blockWrites.close();
    dbOptions.close();
    cfOptions.close();
    hashFamilyOptions.close();
    blockCache.close();
  }
}
