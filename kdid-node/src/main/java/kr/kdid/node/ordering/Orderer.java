package kr.kdid.node.ordering;

import java.util.concurrent.CompletableFuture;
import kr.kdid.ledger.tx.Transaction;

/**
 * Puts admitted transactions into an agreed order and has the state machine apply them as blocks.
 * {@link RaftOrderer} orders through Apache Ratis; a single node is a one-peer group. An interface
 * so that {@link kr.kdid.node.LedgerNode} does not depend on Ratis. Implementations are
 * thread-safe.
 */
public interface Orderer extends AutoCloseable {

  /**
   * Queues a transaction for the next block.
   *
   * @return completes with the transaction's outcome and place once its block is applied on this
   *     node, or exceptionally if the orderer stops first
   * @throws OverloadedException if the queue is full (the client should retry later)
   */
  CompletableFuture<CommittedTx> submit(Transaction tx);

  /** Transactions waiting for a block. */
  int queued();

  /** The current leader's node id as far as this node knows, or null (no leader, or no Raft). */
  default String leader() {
    return null;
  }

  /**
   * Queues a signed header to be recorded by a later block (a checkpoint co-signature, or reported
   * evidence of a conflicting header).
   */
  void cosign(kr.kdid.ledger.block.Cosignature c);

  /** True while the orderer can accept and apply transactions. */
  boolean healthy();

  /** Stops after the block in progress; queued transactions fail. */
  @Override
  void close();

  /** The queue is full. */
  final class OverloadedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OverloadedException(String message) {
      super(message, null, false, false);
    }
  }
}
