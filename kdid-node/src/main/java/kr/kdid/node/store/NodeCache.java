package kr.kdid.node.store;

import java.util.concurrent.ConcurrentHashMap;
import kr.kdid.ledger.smt.ByteKey;

/**
 * A bounded cache of immutable values, in two generations: when the young one fills up, it becomes
 * the old one and the previous old one is dropped. Recently written or read entries stay; lookups
 * cost at most two hash probes. Thread-safe.
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
    if (v == null) {
      v = old.get(k);
      if (v != null) {
        put(k, v);
      }
    }
    return v;
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
