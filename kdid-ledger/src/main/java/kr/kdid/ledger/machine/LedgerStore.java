package kr.kdid.ledger.machine;

import java.nio.file.Path;
import kr.kdid.ledger.block.Block;
import kr.kdid.ledger.smt.SmtNodeStore;
import kr.kdid.ledger.state.StateReader;

/**
 * Storage of one node's copy of the ledger: blocks, world state, state-tree and history-tree nodes,
 * and the indexes the rules need (transaction ids, used nonces, anchored commitments). The state
 * machine is its only writer.
 *
 * <p>Reads are thread-safe and may run during a commit; each read sees the store either before or
 * after a commit, never half of one. Implementations: RocksDB in the node, memory in tests.
 */
public interface LedgerStore extends StateReader, SmtNodeStore, AutoCloseable {

  /** Where the last commit left the ledger. */
  LogPosition lastApplied();

  /** The block at a height, or null. */
  Block block(long height);

  /** The block hash at a height, or null. */
  byte[] blockHash(long height);

  /** Location of a transaction id, or null if no block holds it. */
  TxLocation txLocation(byte[] txId);

  /** True if a valid transaction already used this nonce key. */
  boolean nonceUsed(byte[] nonceKey);

  /** Location of an anchored commitment, or null. */
  CommitmentLocation commitment(byte[] commitment);

  /**
   * The id of the transaction that wrote version {@code version} of a DID, or null. (The world
   * state holds only each DID's current record; earlier versions are proven by the transactions
   * that wrote them.)
   */
  byte[] didVersionTx(kr.kdid.core.did.Did did, long version);

  /** A stored history-tree node, or null. */
  byte[] historyNode(int level, long index);

  /** Leaves in the history tree (the number of blocks). */
  long historySize();

  /**
   * Writes a block and all its effects atomically, then makes them visible. The write need not be
   * on disk yet (the consensus log is the write-ahead log; see {@link LedgerStateMachine}): after a
   * crash the store may reopen at an earlier block, never inside one, and never before its last
   * {@link #snapshot}.
   *
   * @throws LedgerStorageException if the write fails; the store is then unchanged
   */
  void commit(BlockCommit commit);

  /**
   * Writes a consistent copy of the whole store into {@code dir} (which must not exist) and returns
   * the position it reflects. Afterwards the store itself is on disk at least up to that position.
   *
   * @throws LedgerStorageException if the copy cannot be made
   */
  LogPosition snapshot(Path dir);

  @Override
  void close();
}
