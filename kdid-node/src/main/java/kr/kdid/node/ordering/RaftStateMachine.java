package kr.kdid.node.ordering;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import kr.kdid.ledger.block.BlockProposal;
import kr.kdid.ledger.machine.AppliedBlock;
import kr.kdid.ledger.machine.LedgerMachine;
import kr.kdid.ledger.machine.LedgerStorageException;
import kr.kdid.ledger.machine.PrepareAhead;
import kr.kdid.node.store.ChainVerifier;
import kr.kdid.node.store.ReplaceableStore;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.util.LifeCycle;
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
 * <p>While an entry is applied, the next {@link kr.kdid.node.NodeBootstrap#PREPARE_AHEAD} entries
 * already in the Raft log (committed or not) are prepared in the background ({@link PrepareAhead}):
 * their signatures are checked on both cores while this thread applies, which matters most on a
 * follower, whose signature cache holds nothing from admission.
 *
 * <p>An entry that is not a well-formed proposal is skipped, on every node alike (the decision
 * depends only on the entry's bytes). A storage failure stops this node: applying the next entry
 * without the previous one would fork its copy of the ledger.
 */
final class RaftStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(RaftStateMachine.class);

  private final LedgerMachine machine;
  private final ReplaceableStore store;
  private final LedgerSnapshots snapshots = new LedgerSnapshots();
  private final Consumer<AppliedBlock> onApplied;
  private final Consumer<Throwable> onFailure;
  private final Consumer<RaftPeerId> onLeader;
  private final java.util.function.Function<byte[], String> onForward;
  private volatile boolean failed;
  private final PrepareAhead ahead;
  private volatile RaftLog raftLog;

  RaftStateMachine(
      LedgerMachine machine,
      ReplaceableStore store,
      Consumer<AppliedBlock> onApplied,
      Consumer<Throwable> onFailure,
      Consumer<RaftPeerId> onLeader,
      java.util.function.Function<byte[], String> onForward) {
    this.machine = machine;
    this.store = store;
    this.onApplied = onApplied;
    this.onFailure = onFailure;
    this.onLeader = onLeader;
    this.onForward = onForward;
    this.ahead = new PrepareAhead(machine, kr.kdid.node.NodeBootstrap.PREPARE_AHEAD);
  }

  boolean failed() {
    return failed;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, groupId, raftStorage);
    snapshots.init(raftStorage);
    getLifeCycle().startAndTransition(() -> loadIfNewer(snapshots.getLatestSnapshot()));
  }

  @Override
  public LedgerSnapshots getStateMachineStorage() {
    return snapshots;
  }

  @Override
  public void pause() {
    // Ratis pauses once per snapshot chunk it receives: only the first one changes anything.
    LifeCycle lc = getLifeCycle();
    if (lc.getCurrentState() == LifeCycle.State.RUNNING) {
      lc.transition(LifeCycle.State.PAUSING);
      lc.transition(LifeCycle.State.PAUSED);
    }
  }

  /** Called by Ratis after it installed a snapshot from the leader. */
  @Override
  public void reinitialize() throws IOException {
    if (getLifeCycle().getCurrentState() == LifeCycle.State.PAUSED) {
      getLifeCycle().startAndTransition(() -> loadIfNewer(snapshots.rescan()));
    } else {
      loadIfNewer(snapshots.rescan());
    }
  }

  /**
   * Loads a snapshot into the live store if it is ahead of it (installed from the leader, or the
   * store was lost while the Raft log and its snapshot survived). The snapshot is verified like a
   * stored ledger at start; a damaged one is refused.
   */
  private void loadIfNewer(SnapshotInfo s) throws IOException {
    if (s == null || s.getIndex() <= machine.lastApplied().logIndex()) {
      return;
    }
    var held = snapshots.position(s);
    if (held != null && held.logIndex() <= machine.lastApplied().logIndex()) {
      // The store already has every block the snapshot holds (the snapshot's index is only
      // past the last block by entries that are not blocks, e.g. one taken at shutdown).
      updateLastAppliedTermIndex(s.getTerm(), s.getIndex());
      return;
    }
    LOG.info(
        "loading the ledger snapshot at log index {} (this node was at {})",
        s.getIndex(),
        machine.lastApplied().logIndex());
    try {
      store.replaceWith(
          snapshots.directory(s),
          candidate -> {
            ChainVerifier.Result r = new ChainVerifier(candidate, h -> {}).verify();
            if (!r.ok()) {
              throw new LedgerStorageException(
                  "the snapshot at log index "
                      + s.getIndex()
                      + " failed verification: "
                      + r.message());
            }
          });
    } catch (LedgerStorageException e) {
      throw new IOException(e.getMessage(), e);
    }
    ahead.clear();
    machine.reload();
    updateLastAppliedTermIndex(s.getTerm(), s.getIndex());
    LOG.info("ledger snapshot loaded: height {}", machine.lastApplied().height());
  }

  /** Ratis asks for a snapshot (every so many entries) so that it can compact its log. */
  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    if (last == null || last.getIndex() < 0 || machine.lastApplied().height() < 0 || failed) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    try {
      snapshots.take(store, last);
    } catch (LedgerStorageException e) {
      throw new IOException(e.getMessage(), e);
    }
    return last.getIndex();
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    long index = entry.getIndex();
    if (failed) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("this node's ledger stopped after a storage failure"));
    }
    if (index <= machine.lastApplied().logIndex()) {
      // Replayed after a restart: the store has it already.
      updateLastAppliedTermIndex(entry.getTerm(), index);
      return CompletableFuture.completedFuture(Message.valueOf("already applied"));
    }
    lookAhead(index);
    AppliedBlock applied;
    try {
      applied = machine.apply(index, ahead.take(entry.getTerm(), index, () -> proposalOf(entry)));
    } catch (MalformedEntry e) {
      LOG.warn("log entry {} is not a block proposal; skipped on every node", index);
      updateLastAppliedTermIndex(entry.getTerm(), index);
      return CompletableFuture.completedFuture(Message.valueOf("skipped"));
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

  /** Offers the entries after {@code index} that the Raft log already holds for preparing. */
  private void lookAhead(long index) {
    RaftLog log = raftLog();
    if (log == null) {
      return;
    }
    for (long j = index + 1; j <= index + kr.kdid.node.NodeBootstrap.PREPARE_AHEAD; j++) {
      LogEntryProto next;
      try {
        next = log.get(j);
      } catch (Exception e) {
        return; // not readable now: it is prepared when applied
      }
      if (next == null) {
        return;
      }
      if (!next.hasStateMachineLogEntry()) {
        continue;
      }
      ahead.offer(next.getTerm(), j, () -> proposalOf(next));
    }
  }

  /** A log entry that does not hold a block proposal. */
  private static final class MalformedEntry extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedEntry(RuntimeException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private static BlockProposal proposalOf(LogEntryProto entry) {
    try {
      return BlockProposal.decode(entry.getStateMachineLogEntry().getLogData().toByteArray());
    } catch (MalformedEntry e) {
      throw e;
    } catch (RuntimeException e) {
      throw new MalformedEntry(e);
    }
  }

  private RaftLog raftLog() {
    RaftLog log = raftLog;
    if (log == null) {
      try {
        log =
            getServer().getNow(null) == null
                ? null
                : getServer().getNow(null).getDivision(getGroupId()).getRaftLog();
      } catch (IOException | RuntimeException e) {
        log = null;
      }
      raftLog = log;
    }
    return log;
  }

  @Override
  public void close() throws IOException {
    ahead.close();
    super.close();
  }

  /**
   * Followers forward the transactions they admitted to the leader as read-only requests (no log
   * entry of their own); the leader queues them for its next block.
   */
  @Override
  public CompletableFuture<Message> query(Message request) {
    try {
      return CompletableFuture.completedFuture(
          Message.valueOf(onForward.apply(request.getContent().toByteArray())));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
    onLeader.accept(newLeaderId);
  }
}
