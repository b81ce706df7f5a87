package kr.kdid.core.merkle;

/**
 * Storage of the hashes of complete (perfect) subtrees of an append-only log. Implementations
 * decide persistence (in memory here; RocksDB in the ledger later). Keys: (level, index) where
 * level 0 are leaf hashes and the node at (level, i) covers leaves [i*2^level, (i+1)*2^level).
 *
 * <p>Contract, as {@link MerkleLog} relies on it:
 *
 * <ul>
 *   <li>{@link #put} may overwrite a key (a retried append rewrites the nodes of a failed one). An
 *       implementation must not keep the caller's array where the caller could change it later:
 *       copy it or serialize it.
 *   <li>{@link #get} returns an array that no one else holds (a copy or a freshly decoded value),
 *       or null if the key was never written.
 *   <li>{@link #setSize} is called after the nodes of an append are written, so a durable
 *       implementation that persists {@code setSize} last (or in the same atomic batch) never
 *       exposes a size whose nodes are missing.
 * </ul>
 */
public interface MerkleNodeStore {
  /** The hash at (level, index), or null if absent. */
  byte[] get(int level, long index);

  /** Stores the hash at (level, index). */
  void put(int level, long index, byte[] hash);

  /** The number of leaves appended. */
  long size();

  /** Records the number of leaves appended. */
  void setSize(long size);
}
