package kr.kdid.node.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A bounded cache of state-tree nodes (65 bytes each, keyed by their 32-byte hash), held in one
 * flat byte array instead of map entries. Thread-safe.
 *
 * <p>Why flat: a block adds about ten new nodes per transaction, and the next block reads the upper
 * ones again, so they must be cached. As map entries each node was four objects (key, key bytes,
 * node bytes, map node) that outlived the young generation: the collector copied every one of them,
 * more than once, before it reached the old generation and died there when evicted. That copying
 * was most of the collector's work under load (docs/benchmarks.md). Bytes written into an array
 * allocated once create no objects and no references for the collector to trace.
 *
 * <p>Layout: a power of two of sets of two slots; a node's set is given by low bits of its hash's
 * second four bytes (any bytes of a SHA-256 hash are uniformly spread). A slot holds the hash, then
 * the node. A new node goes into the first slot of its set and the previous first moves to the
 * second, whose node is dropped. A lookup reads both slots and never writes, so readers do not
 * contend.
 *
 * <p>Concurrency: each set has a version (a sequence lock). A writer makes it odd, writes, then
 * makes it even again; a reader that sees an odd version, or a different version after reading,
 * reports a miss, so it can never return bytes torn by a concurrent write. A miss only costs a read
 * from the store, so a writer that finds its set busy simply skips the insertion.
 */
final class NodeCache {
  static final int KEY = 32;
  static final int NODE = 65;
  static final int SLOT = 104; // key + node, rounded up to 8 bytes
  private static final int WAYS = 2;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

  private final byte[] slots;
  private final int[] versions;
  private final int mask;

  /**
   * @param capacity nodes to hold at least (rounded up to a power of two)
   */
  NodeCache(int capacity) {
    int sets = sets(capacity);
    this.mask = sets - 1;
    this.slots = new byte[sets * WAYS * SLOT];
    this.versions = new int[sets];
  }

  private static int sets(int capacity) {
    return Integer.highestOneBit(Math.max(16, capacity / WAYS - 1)) << 1;
  }

  /** Bytes a cache for {@code capacity} nodes allocates (its slots; the versions add 2%). */
  static long bytesFor(int capacity) {
    return (long) sets(capacity) * WAYS * SLOT;
  }

  /** Nodes this cache can hold. */
  int capacity() {
    return versions.length * WAYS;
  }

  /** The set a hash belongs to (package-private for tests). */
  int set(byte[] hash) {
    return (int) (long) LONGS.get(hash, 0) & mask;
  }

  /** The node with this hash (a copy the caller may keep), or null. */
  byte[] get(byte[] hash) {
    if (!cacheable(hash)) {
      return null;
    }
    int s = set(hash);
    int v = (int) INTS.getAcquire(versions, s);
    if ((v & 1) != 0) {
      return null;
    }
    int base = s * WAYS * SLOT;
    byte[] found = null;
    for (int w = 0; w < WAYS && found == null; w++) {
      int at = base + w * SLOT;
      if (keyAt(at, hash)) {
        found = Arrays.copyOfRange(slots, at + KEY, at + KEY + NODE);
      }
    }
    VarHandle.acquireFence();
    if (found == null || (int) INTS.getOpaque(versions, s) != v) {
      return null;
    }
    return found;
  }

  /** Caches a node under its hash (which the caller has computed from the node's bytes). */
  void put(byte[] hash, byte[] node) {
    if (!cacheable(hash) || node.length != NODE) {
      return;
    }
    int s = set(hash);
    int v = (int) INTS.getAcquire(versions, s);
    if ((v & 1) != 0 || !INTS.compareAndSet(versions, s, v, v + 1)) {
      return; // another writer holds the set: skipping only costs a later store read
    }
    VarHandle.storeStoreFence(); // the odd version is visible before any byte of the slot changes
    try {
      int base = s * WAYS * SLOT;
      for (int w = 0; w < WAYS; w++) {
        if (keyAt(base + w * SLOT, hash)) {
          return; // already cached (same hash, same bytes)
        }
      }
      System.arraycopy(slots, base, slots, base + SLOT, SLOT);
      System.arraycopy(hash, 0, slots, base, KEY);
      System.arraycopy(node, 0, slots, base + KEY, NODE);
    } finally {
      INTS.setRelease(versions, s, v + 2);
    }
  }

  /** A 32-byte hash other than all zeros (the key an empty slot would match). */
  private static boolean cacheable(byte[] hash) {
    return hash.length == KEY
        && ((long) LONGS.get(hash, 0)
                | (long) LONGS.get(hash, 8)
                | (long) LONGS.get(hash, 16)
                | (long) LONGS.get(hash, 24))
            != 0;
  }

  private boolean keyAt(int at, byte[] hash) {
    return (long) LONGS.get(slots, at) == (long) LONGS.get(hash, 0)
        && (long) LONGS.get(slots, at + 8) == (long) LONGS.get(hash, 8)
        && (long) LONGS.get(slots, at + 16) == (long) LONGS.get(hash, 16)
        && (long) LONGS.get(slots, at + 24) == (long) LONGS.get(hash, 24);
  }
}
