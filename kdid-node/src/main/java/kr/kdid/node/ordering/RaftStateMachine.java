package kr.kdid.node.ordering;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import kr.kdid.ledger.block.BlockProposal;
import kr.kdid.ledger.machine.AppliedBlock;
import kr.kdid.ledger.machine.LedgerMachine;
import kr.kdid.ledger.machine.LedgerStorageException;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter between Ratis and the ledger's state machine: each committed Raft log entry is one
 * block proposal, applied by {@link LedgerMachine#apply} at its log index. The ledger module knows
 * nothing of Ratis; this class is the only place the two meet.
 *
 * <p>Ratis calls {@link #applyTransaction} on one thread, in log order. On restart it replays the
 * log from its start (or from the latest snapshot); entries the store has already applied are
 * skipped by their log index, so replay is harmless.
 *
 * <p>An entry that is not a well-formed proposal is skipped, on every node alike (the decision
 * depends only on the entry's bytes). A storage failure stops this node: applying the next entry
 * without the previous one would fork its copy of the ledger.
 */
final class RaftStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(RaftStateMachine.class);

  private final LedgerMachine machine;
  private final Consumer<AppliedBlock> onApplied;
  private final Consumer<Throwable> onFailure;
  private final Consumer<RaftPeerId> onLeader;
  private volatile boolean failed;

  RaftStateMachine(
      LedgerMachine machine,
      Consumer<AppliedBlock> onApplied,
      Consumer<Throwable> onFailure,
      Consumer<RaftPeerId> onLeader) {
    this.machine = machine;
    this.onApplied = onApplied;
    this.onFailure = onFailure;
    this.onLeader = onLeader;
  }

  boolean failed() {
    return failed;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    long index = entry.getIndex();
    if (failed) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("this node's ledger stopped after a storage failure"));
    }
    BlockProposal proposal;
    try {
      proposal = BlockProposal.decode(entry.getStateMachineLogEntry().getLogData().toByteArray());
    } catch (RuntimeException e) {
      LOG.warn("log entry {} is not a block proposal; skipped on every node", index);
      updateLastAppliedTermIndex(entry.getTerm(), index);
      return CompletableFuture.completedFuture(Message.valueOf("skipped"));
    }
    AppliedBlock applied;
    try {
      applied = machine.apply(index, machine.prepare(proposal));
    } catch (LedgerStorageException | Error e) {
      failed = true;
      LOG.error(
          "applying log entry {} failed; this node stops applying blocks (restart it)", index, e);
      onFailure.accept(e);
      return CompletableFuture.failedFuture(e);
    } catch (RuntimeException e) {
      // Deterministic refusals (a malformed genesis, a proposal no rule can place) are the same
      // on every node; the entry becomes no block anywhere.
      LOG.warn("log entry {} was not applied: {}", index, e.getMessage());
      updateLastAppliedTermIndex(entry.getTerm(), index);
      return CompletableFuture.completedFuture(Message.valueOf("refused: " + e.getMessage()));
    }
    updateLastAppliedTermIndex(entry.getTerm(), index);
    if (applied == null) {
      return CompletableFuture.completedFuture(Message.valueOf("already applied"));
    }
    try {
      onApplied.accept(applied);
    } catch (RuntimeException e) {
      LOG.warn("a block listener failed", e);
    }
    return CompletableFuture.completedFuture(
        Message.valueOf(applied.block().header().height() + " " + applied.hash()));
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
    onLeader.accept(newLeaderId);
  }
}
