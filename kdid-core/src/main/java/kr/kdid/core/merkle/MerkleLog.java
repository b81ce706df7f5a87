package kr.kdid.core.merkle;

import java.util.List;
import java.util.Objects;

/**
 * An append-only Merkle log (like a CT log) over a MerkleNodeStore. append is O(log n) and stores
 * each newly completed perfect subtree; root(size), inclusionProof(index, size) and
 * consistencyProof(oldSize, newSize) for ANY historical size <= current size are computed from
 * stored complete subtrees in O(log n) store reads (no full rescan).
 *
 * <p>Any tree of size s is a sequence of perfect subtrees, one per set bit of s, left to right from
 * the largest; they were all completed by the time the log reached size s, and the store never
 * loses them, so every historical root and proof is at hand. Hash counts: a root of size s costs
 * {@code bitCount(s) - 1} hashes and {@code bitCount(s)} reads; a proof costs at most about two
 * reads and one hash per level. The roots and proofs are byte-identical to those of {@link
 * MerkleTree} over the same leaves.
 *
 * <p><b>Not thread-safe for concurrent appends</b>: callers must serialize calls to {@link #append}
 * (one writer). Reads for a size already returned by {@link #size()} may run alongside that writer
 * if the store is safe for concurrent use (as {@link InMemoryMerkleNodeStore} is): append writes
 * only nodes that are not yet part of any published size, and publishes the new size last. Two
 * {@code MerkleLog}s must not append to one store.
 *
 * <p>Arrays returned by this class are fresh: the caller may keep or modify them.
 */
public final class MerkleLog {
  private final MerkleNodeStore store;
  private volatile long size;

  /**
   * A log over the store, continuing from the size it records.
   *
   * @throws IllegalStateException if the store reports a negative size
   */
  public MerkleLog(MerkleNodeStore store) {
    this.store = Objects.requireNonNull(store, "store");
    long stored = store.size();
    if (stored < 0) {
      throw new IllegalStateException("the store reports a negative size: " + stored);
    }
    this.size = stored;
  }

  /** The number of leaves appended. */
  public long size() {
    return size;
  }

  /**
   * Appends a leaf hash, returns its index.
   *
   * <p>Writes the leaf, then the hash of every perfect subtree the leaf completes (one per trailing
   * one bit of the index), then the new size.
   *
   * @throws IllegalArgumentException if leafHash is not a 32-byte hash
   * @throws IllegalStateException if the store lacks a node it should hold
   */
  public long append(byte[] leafHash) {
    MerkleTree.requireHash(leafHash, "leafHash");
    long index = size;
    if (index == Long.MAX_VALUE) {
      throw new IllegalStateException("the log is full");
    }
    byte[] node = leafHash.clone();
    store.put(0, index, node);
    int level = 0;
    long position = index;
    while ((position & 1) == 1) {
      node = MerkleTree.hashChildren(node(level, position - 1), node);
      level++;
      position >>>= 1;
      store.put(level, position, node);
    }
    store.setSize(index + 1);
    size = index + 1;
    return index;
  }

  /** The current root, MTH of all leaves appended. */
  public byte[] root() {
    return root(size);
  }

  /**
   * The root the log had at the given size: MTH(D[0:size]).
   *
   * @throws IllegalArgumentException unless {@code 0 <= size <= size()}
   */
  public byte[] root(long size) {
    checkSize(size, this.size);
    if (size == 0) {
      return MerkleTree.emptyRoot();
    }
    return subtree(0, size);
  }

  /**
   * PATH(index, D[size]) of RFC 9162 §2.1.3.1, ordered from the leaf upward.
   *
   * @return an unmodifiable list
   * @throws IllegalArgumentException unless {@code 0 <= size <= size()}
   * @throws IndexOutOfBoundsException unless {@code 0 <= index < size}
   */
  public List<byte[]> inclusionProof(long index, long size) {
    checkSize(size, this.size);
    Objects.checkIndex(index, size);
    return ProofBuilder.path(this::subtree, index, size);
  }

  /**
   * PROOF(oldSize, D[newSize]) of RFC 9162 §2.1.4.1; empty when oldSize == newSize.
   *
   * @return an unmodifiable list
   * @throws IllegalArgumentException unless {@code 0 < oldSize <= newSize <= size()}
   */
  public List<byte[]> consistencyProof(long oldSize, long newSize) {
    checkSize(newSize, this.size);
    if (oldSize <= 0 || oldSize > newSize) {
      throw new IllegalArgumentException(
          "need 0 < oldSize <= newSize, got oldSize " + oldSize + " and newSize " + newSize);
    }
    return ProofBuilder.proof(this::subtree, oldSize, newSize);
  }

  /**
   * MTH(D[lo:hi]) for a node of some tree of the log: a perfect subtree, or a subtree on the right
   * edge of a tree whose start lo is a multiple of a power of two at least hi - lo. Such a range is
   * the perfect subtrees for the set bits of hi - lo, largest first, folded from the right.
   */
  private byte[] subtree(long lo, long hi) {
    long rest = hi - lo;
    byte[] hash = null;
    while (rest != 0) {
      int level = Long.numberOfTrailingZeros(rest);
      rest &= rest - 1; // what remains is the offset of this piece from lo
      long start = lo + rest;
      if ((start & ((1L << level) - 1)) != 0) {
        throw new IllegalStateException("[" + lo + ", " + hi + ") is not a node of the log");
      }
      byte[] piece = node(level, start >>> level);
      hash = hash == null ? piece : MerkleTree.hashChildren(piece, hash);
    }
    return hash;
  }

  private byte[] node(int level, long index) {
    byte[] hash = store.get(level, index);
    if (!MerkleTree.isHash(hash)) {
      throw new IllegalStateException(
          "the store has no valid hash at level " + level + ", index " + index);
    }
    return hash;
  }

  private static void checkSize(long size, long current) {
    if (size < 0 || size > current) {
      throw new IllegalArgumentException(
          "size must be between 0 and the log size " + current + ", got " + size);
    }
  }
}
