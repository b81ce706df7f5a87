package kr.kdid.node.store;

import java.util.concurrent.ConcurrentHashMap;
import kr.kdid.ledger.smt.ByteKey;

/**
 * A bounded cache of immutable values, in two generations: when the young one fills up, it becomes
 * the old one and the previous old one is dropped. Lookups cost at most two hash probes.
 * Thread-safe.
 *
 * <p>An entry found in the old generation is not copied into the young one. The cache holds state
 * tree nodes: a node read while updating the tree is replaced in the same block by the new node on
 * its path, so the old node is not read again (only proofs against earlier roots would), and
 * copying it would cost a write into a large map per read for nothing.
 */
final class NodeCache {
  private final int generationSize;
  private volatile ConcurrentHashMap<ByteKey, byte[]> young;
  private volatile ConcurrentHashMap<ByteKey, byte[]> old = new ConcurrentHashMap<>();

  NodeCache(int capacity) {
    this.generationSize = Math.max(16, capacity / 2);
    this.young = newGeneration();
  }

  /** A map sized for a whole generation, so that filling it never rehashes. */
  private ConcurrentHashMap<ByteKey, byte[]> newGeneration() {
    return new ConcurrentHashMap<>(generationSize + generationSize / 3 + 1);
  }

  byte[] get(ByteKey k) {
    byte[] v = young.get(k);
    return v != null ? v : old.get(k);
  }

  void put(ByteKey k, byte[] v) {
    young.put(k, v);
    if (young.size() >= generationSize) {
      rotate();
    }
  }

  private synchronized void rotate() {
    if (young.size() >= generationSize) {
      old = young;
      young = newGeneration();
    }
  }
}
