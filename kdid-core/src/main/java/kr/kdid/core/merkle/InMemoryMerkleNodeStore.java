package kr.kdid.core.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link MerkleNodeStore} in the heap: one growable array of hashes per level. For tests, tools
 * and logs that fit in memory (at most about 2^31 nodes per level).
 *
 * <p>Thread-safe: every method is synchronized, and arrays are copied on the way in and out.
 */
public final class InMemoryMerkleNodeStore implements MerkleNodeStore {
  /** The largest index a level can hold (the usual safe limit for Java array sizes). */
  private static final long MAX_INDEX = Integer.MAX_VALUE - 9L;

  private final List<List<byte[]>> levels = new ArrayList<>();
  private long size;

  @Override
  public synchronized byte[] get(int level, long index) {
    checkKey(level, index);
    if (level >= levels.size()) {
      return null;
    }
    List<byte[]> row = levels.get(level);
    if (index >= row.size()) {
      return null;
    }
    byte[] hash = row.get((int) index);
    return hash == null ? null : hash.clone();
  }

  @Override
  public synchronized void put(int level, long index, byte[] hash) {
    checkKey(level, index);
    Objects.requireNonNull(hash, "hash");
    if (index > MAX_INDEX) {
      throw new IllegalArgumentException("index " + index + " is beyond an in-memory store");
    }
    while (levels.size() <= level) {
      levels.add(new ArrayList<>());
    }
    List<byte[]> row = levels.get(level);
    while (row.size() < index) {
      row.add(null);
    }
    byte[] copy = hash.clone();
    if (row.size() == index) {
      row.add(copy);
    } else {
      row.set((int) index, copy);
    }
  }

  @Override
  public synchronized long size() {
    return size;
  }

  @Override
  public synchronized void setSize(long size) {
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative, got " + size);
    }
    this.size = size;
  }

  private static void checkKey(int level, long index) {
    if (level < 0 || level >= Long.SIZE || index < 0) {
      throw new IllegalArgumentException("no node (" + level + ", " + index + ")");
    }
  }
}
