package kr.kdid.ledger.machine;

import java.nio.file.Path;
import kr.kdid.ledger.block.BlockProposal;

/**
 * The ledger's replicated state machine: turns an agreed order of transactions into blocks and
 * world state. A consensus engine drives it (the Raft adapter in {@code kdid-node}, for a single
 * node as for a cluster). It never imports or calls the engine.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li><b>Serial.</b> The engine calls {@link #apply} from one thread at a time, in log order, for
 *       every committed log entry that carries a proposal. Entries at or below {@link
 *       #lastApplied()}'s log index are ignored, so re-delivery after a restart is harmless.
 *   <li><b>Deterministic.</b> The block, its hash and the new state depend only on the previous
 *       state and the proposal. Inside apply there is no wall clock (the block time comes from the
 *       proposal and never decreases), no randomness, and no I/O other than the {@link
 *       LedgerStore}. Caches (parsed documents, verified signatures) are pure functions of their
 *       inputs and change no result.
 *   <li><b>Validating.</b> Every transaction's signature and every rule are checked against the
 *       state as it stands at that transaction. An invalid transaction stays in the block, marked
 *       invalid with its code and reason; nothing is silently dropped.
 *   <li><b>Failures.</b> A business rejection is a result (an invalid transaction). An exception
 *       from apply is an internal fault, such as a storage failure: the engine must stop this
 *       replica rather than skip the entry, because skipping would fork the ledger.
 *   <li><b>Atomic; durable through the engine's log.</b> When apply returns, the block and its
 *       effects are committed to the store as one write, but possibly in memory only: the engine's
 *       log, synced before an entry is applied, is the write-ahead log. After a crash the store
 *       reopens at a block boundary at or after its last {@link #snapshot} (never half a block),
 *       {@link #lastApplied()} says which, and the engine re-delivers the entries after it. So the
 *       engine keeps every entry after its last snapshot, and a crash loses nothing.
 *   <li><b>Snapshots.</b> {@link #snapshot} copies the whole ledger as of {@link #lastApplied()}; a
 *       replica restored from it resumes applying at the next log index. The engine uses this to
 *       compact its log and to bring new or wiped replicas up to date.
 * </ul>
 */
public interface LedgerStateMachine {

  /**
   * Applies one proposal as the next block (the genesis block when the ledger is empty).
   *
   * @param logIndex the consensus log index of the entry; must exceed the last applied one
   * @param proposal the ordered transactions
   * @return the committed block, or null if the entry was already applied
   * @throws LedgerStorageException on a storage fault (the replica must stop)
   */
  AppliedBlock apply(long logIndex, BlockProposal proposal);

  /** The log index and height of the last applied block. */
  LogPosition lastApplied();

  /**
   * Writes a snapshot of the whole ledger into {@code dir}, which must not exist yet.
   *
   * @return the position the snapshot reflects
   */
  LogPosition snapshot(Path dir);
}
