package kr.kdid.ledger.machine;

import java.util.HashMap;
import java.util.Map;
import kr.kdid.core.merkle.MerkleNodeStore;
import kr.kdid.ledger.machine.BlockCommit.HistoryNode;

/** The history tree's nodes: the store's, plus those staged by the block being built. */
final class StagedHistory implements MerkleNodeStore {
  private final LedgerStore store;
  private final Map<HistoryNode, byte[]> staged = new HashMap<>();
  private long size;

  StagedHistory(LedgerStore store) {
    this.store = store;
    this.size = store.historySize();
  }

  @Override
  public byte[] get(int level, long index) {
    byte[] h = staged.get(new HistoryNode(level, index));
    return h != null ? h : store.historyNode(level, index);
  }

  @Override
  public void put(int level, long index, byte[] hash) {
    staged.put(new HistoryNode(level, index), hash);
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public void setSize(long size) {
    this.size = size;
  }

  Map<HistoryNode, byte[]> staged() {
    return staged;
  }
}
