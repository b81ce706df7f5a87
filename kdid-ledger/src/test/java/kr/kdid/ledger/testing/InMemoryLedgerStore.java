package kr.kdid.ledger.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import kr.kdid.ledger.block.Block;
import kr.kdid.ledger.machine.BlockCommit;
import kr.kdid.ledger.machine.CommitmentLocation;
import kr.kdid.ledger.machine.LedgerStorageException;
import kr.kdid.ledger.machine.LedgerStore;
import kr.kdid.ledger.machine.LogPosition;
import kr.kdid.ledger.machine.TxLocation;
import kr.kdid.ledger.smt.ByteKey;

/** A ledger store in memory, for tests of the state machine. */
public final class InMemoryLedgerStore implements LedgerStore {
  public final Map<Long, Block> blocks = new ConcurrentHashMap<>();
  final Map<Long, byte[]> hashes = new ConcurrentHashMap<>();
  public final Map<String, byte[]> state = new ConcurrentHashMap<>();
  final Map<ByteKey, byte[]> smt = new ConcurrentHashMap<>();
  final Map<ByteKey, TxLocation> txs = new ConcurrentHashMap<>();
  final Map<ByteKey, Boolean> nonces = new ConcurrentHashMap<>();
  final Map<ByteKey, CommitmentLocation> commitments = new ConcurrentHashMap<>();
  final Map<BlockCommit.HistoryNode, byte[]> history = new ConcurrentHashMap<>();
  final Map<String, byte[]> didVersions = new ConcurrentHashMap<>();
  private volatile long historySize;
  private volatile LogPosition last = LogPosition.EMPTY;
  public volatile boolean failNextCommit;

  @Override
  public LogPosition lastApplied() {
    return last;
  }

  @Override
  public byte[] get(String key) {
    return state.get(key);
  }

  @Override
  public byte[] get(byte[] hash) {
    return smt.get(new ByteKey(hash));
  }

  @Override
  public Block block(long height) {
    return blocks.get(height);
  }

  @Override
  public byte[] blockHash(long height) {
    return hashes.get(height);
  }

  @Override
  public TxLocation txLocation(byte[] txId) {
    return txs.get(new ByteKey(txId));
  }

  @Override
  public boolean nonceUsed(byte[] nonceKey) {
    return nonces.containsKey(new ByteKey(nonceKey));
  }

  @Override
  public CommitmentLocation commitment(byte[] commitment) {
    return commitments.get(new ByteKey(commitment));
  }

  @Override
  public byte[] historyNode(int level, long index) {
    return history.get(new BlockCommit.HistoryNode(level, index));
  }

  @Override
  public byte[] didVersionTx(kr.kdid.core.did.Did did, long version) {
    return didVersions.get(did + "#" + version);
  }

  @Override
  public long historySize() {
    return historySize;
  }

  @Override
  public synchronized void commit(BlockCommit c) {
    if (failNextCommit) {
      failNextCommit = false;
      throw new LedgerStorageException("simulated disk failure");
    }
    long h = c.block().header().height();
    blocks.put(h, c.block());
    hashes.put(h, c.blockHash());
    state.putAll(c.stateWrites());
    smt.putAll(c.smtNodes());
    history.putAll(c.historyNodes());
    historySize = c.historySize();
    c.txIds().forEach(e -> txs.put(new ByteKey(e.id()), e.location()));
    c.nonceKeys().forEach(n -> nonces.put(new ByteKey(n), true));
    commitments.putAll(c.commitments());
    c.didVersions().forEach(v -> didVersions.put(v.did() + "#" + v.version(), v.txId()));
    last = new LogPosition(c.logIndex(), h);
  }

  @Override
  public LogPosition snapshot(Path dir) {
    throw new LedgerStorageException("the in-memory test store does not write snapshots");
  }

  /** A copy of the state (for comparing replicas). */
  public Map<String, byte[]> stateCopy() {
    return new HashMap<>(state);
  }

  @Override
  public void close() {}
}
