package kr.kdid.ledger.machine;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import kr.kdid.ledger.block.BlockProposal;

/**
 * Prepares the next few blocks ({@link LedgerMachine#prepareAsync}: decoding and the parallel
 * signature checks) on the verification threads while the current one is applied, so that every
 * core stays busy: the serial apply of block n overlaps the verification of blocks n+1 and n+2.
 *
 * <p>Entries are named by (term, log index). In a Raft log two entries with the same index and term
 * are the same entry, so a block prepared ahead from the log is the block later applied at that
 * index; an entry replaced after a leader change has another term and is simply prepared again.
 * Preparing has no effect on the ledger (it only fills the signature cache, whose entries are true
 * whatever happens to the block), so preparing an entry that is never committed is harmless, and
 * any failure ahead falls back to preparing on the applying thread.
 *
 * <p>Thread-safe. At most {@code depth} + 1 blocks are held at a time: the next one to be applied
 * and {@code depth} after it.
 */
public final class PrepareAhead implements AutoCloseable {
  private final LedgerMachine machine;
  private final int depth;
  private boolean closed; // guarded by this
  private final TreeMap<Long, Ahead> ahead = new TreeMap<>(); // guarded by this
  private long lastTaken = Long.MIN_VALUE; // guarded by this

  private record Ahead(long term, CompletableFuture<LedgerMachine.PreparedBlock> block) {}

  /**
   * @param depth how many blocks past the one being applied may be prepared ahead (at least 1)
   */
  public PrepareAhead(LedgerMachine machine, int depth) {
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be at least 1");
    }
    this.machine = machine;
    this.depth = depth;
  }

  /**
   * Starts preparing the entry at {@code index} in the background, unless it is already being
   * prepared for this term, has been applied, or lies more than {@code depth} entries past the last
   * one taken. Returns at once; {@code proposal} (decoding the entry) runs in the background, and
   * if it fails the entry is prepared when it is taken.
   */
  public synchronized void offer(long term, long index, Supplier<BlockProposal> proposal) {
    if (index <= lastTaken
        || (lastTaken != Long.MIN_VALUE && index > lastTaken + 1 + depth)
        || closed) {
      return;
    }
    Ahead existing = ahead.get(index);
    if (existing != null && existing.term == term) {
      return;
    }
    if (existing == null && ahead.size() >= depth + 1) {
      return;
    }
    ahead.put(index, new Ahead(term, machine.prepareAsync(proposal)));
  }

  /**
   * The block at {@code index}, prepared: the one prepared ahead if it was for this term, otherwise
   * prepared now on the calling thread (from {@code proposal}). Forgets every entry up to {@code
   * index}.
   */
  public LedgerMachine.PreparedBlock take(long term, long index, Supplier<BlockProposal> proposal) {
    Ahead a;
    synchronized (this) {
      a = ahead.remove(index);
      lastTaken = Math.max(lastTaken, index);
      Iterator<Map.Entry<Long, Ahead>> it = ahead.headMap(index, true).entrySet().iterator();
      while (it.hasNext()) {
        it.next();
        it.remove();
      }
    }
    if (a != null && a.term == term) {
      try {
        return a.block.join();
      } catch (CompletionException | CancellationException e) {
        // Fall through: prepare it here, where a failure is reported properly.
      }
    }
    return machine.prepare(proposal.get());
  }

  /**
   * Forgets everything prepared ahead, e.g. after the store was replaced by a snapshot. Work in
   * progress finishes in the background and is dropped.
   */
  public synchronized void clear() {
    ahead.clear();
    lastTaken = Long.MIN_VALUE;
  }

  /** Blocks currently held or in progress ahead (for tests and metrics). */
  public synchronized int pending() {
    return ahead.size();
  }

  /** Stops taking offers; work in progress finishes in the background and is dropped. */
  @Override
  public synchronized void close() {
    closed = true;
    ahead.clear();
  }
}
