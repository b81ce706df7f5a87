package kr.kdid.node.ordering;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import kr.kdid.ledger.block.BlockProposal;
import kr.kdid.ledger.block.TxOutcome;
import kr.kdid.ledger.machine.AppliedBlock;
import kr.kdid.ledger.machine.LedgerMachine;
import kr.kdid.ledger.tx.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-node orderer. One thread cuts blocks from whatever has queued up (at most {@code
 * maxBlockTxs}, so blocks grow with load and latency stays low when idle) and prepares them
 * (decoding, parallel signature checks); a second thread applies them in order. Preparing block n+1
 * therefore overlaps applying block n. The log index of a block is its height plus one.
 *
 * <p>A storage fault in apply stops the orderer for good (the node reports itself unhealthy):
 * skipping a block would fork the ledger.
 */
public final class LocalOrderer implements Orderer {
  private static final Logger LOG = LoggerFactory.getLogger(LocalOrderer.class);

  private record Pending(Transaction tx, CompletableFuture<TxOutcome> done) {}

  private record Work(List<Pending> batch, LedgerMachine.PreparedBlock prepared) {}

  private final LedgerMachine machine;
  private final String nodeId;
  private final Clock clock;
  private final int maxBlockTxs;
  private final long lingerNanos;
  private final Consumer<AppliedBlock> listener;
  private final BlockingQueue<Pending> queue;
  private final BlockingQueue<Work> prepared = new ArrayBlockingQueue<>(1);
  private final Thread cutter;
  private final Thread applier;
  private volatile boolean running = true;
  private volatile boolean failed;

  /**
   * @param machine the state machine
   * @param nodeId this node's id, recorded as the proposer
   * @param clock block times come from it
   * @param maxBlockTxs most transactions per block
   * @param lingerMillis how long a block may wait for more transactions after its first one
   *     arrived: a few milliseconds of latency buy much larger blocks under load, and so fewer
   *     per-block costs (a header signature, a synced write)
   * @param queueCapacity most transactions waiting
   * @param listener told about every committed block (on the applying thread; keep it quick)
   */
  public LocalOrderer(
      LedgerMachine machine,
      String nodeId,
      Clock clock,
      int maxBlockTxs,
      long lingerMillis,
      int queueCapacity,
      Consumer<AppliedBlock> listener) {
    this.machine = machine;
    this.nodeId = nodeId;
    this.clock = clock;
    this.maxBlockTxs = maxBlockTxs;
    this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMillis);
    this.listener = listener;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.cutter = Thread.ofPlatform().name("kdid-orderer").unstarted(this::cut);
    this.applier = Thread.ofPlatform().name("kdid-applier").unstarted(this::applyLoop);
    cutter.start();
    applier.start();
  }

  @Override
  public CompletableFuture<TxOutcome> submit(Transaction tx) {
    if (!running || failed) {
      return CompletableFuture.failedFuture(new IllegalStateException("the orderer is stopped"));
    }
    Pending p = new Pending(tx, new CompletableFuture<>());
    if (!queue.offer(p)) {
      throw new OverloadedException("the ledger's queue is full; retry shortly");
    }
    return p.done;
  }

  @Override
  public int queued() {
    return queue.size();
  }

  @Override
  public boolean healthy() {
    return running && !failed;
  }

  private void cut() {
    while (running && !failed) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<Pending> batch = new ArrayList<>(maxBlockTxs);
        batch.add(first);
        long deadline = System.nanoTime() + lingerNanos;
        queue.drainTo(batch, maxBlockTxs - 1);
        while (batch.size() < maxBlockTxs) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          Pending more = queue.poll(left, TimeUnit.NANOSECONDS);
          if (more == null) {
            break;
          }
          batch.add(more);
          queue.drainTo(batch, maxBlockTxs - batch.size());
        }
        List<String> encoded = new ArrayList<>(batch.size());
        List<Transaction> decoded = new ArrayList<>(batch.size());
        for (Pending p : batch) {
          encoded.add(p.tx.encoded());
          decoded.add(p.tx);
        }
        BlockProposal proposal = new BlockProposal(nodeId, clock.millis(), encoded);
        Work w = new Work(batch, machine.prepare(proposal, decoded));
        while (!prepared.offer(w, 100, TimeUnit.MILLISECONDS)) {
          if (!running || failed) {
            fail(batch, new IllegalStateException("the orderer stopped"));
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        LOG.error("preparing a block failed", e);
      }
    }
  }

  private void applyLoop() {
    while (true) {
      Work w;
      try {
        w = prepared.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (w == null) {
        if (!running && !cutter.isAlive()) {
          break;
        }
        continue;
      }
      try {
        long logIndex = machine.lastApplied().logIndex() + 1;
        AppliedBlock applied = machine.apply(logIndex, w.prepared);
        List<TxOutcome> outcomes = applied.block().outcomes();
        for (int i = 0; i < w.batch.size(); i++) {
          w.batch.get(i).done.complete(outcomes.get(i));
        }
        listener.accept(applied);
      } catch (RuntimeException | Error e) {
        failed = true;
        LOG.error(
            "applying a block failed; the ledger stops accepting transactions (restart the node)",
            e);
        fail(w.batch, e);
        break;
      }
    }
    drain();
  }

  private static void fail(List<Pending> batch, Throwable e) {
    batch.forEach(p -> p.done.completeExceptionally(e));
  }

  private void drain() {
    Pending p;
    while ((p = queue.poll()) != null) {
      p.done.completeExceptionally(new IllegalStateException("the orderer stopped"));
    }
    Work w;
    while ((w = prepared.poll()) != null) {
      fail(w.batch, new IllegalStateException("the orderer stopped"));
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      cutter.join(30_000);
      applier.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
