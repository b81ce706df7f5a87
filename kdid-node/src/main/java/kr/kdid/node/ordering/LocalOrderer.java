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
 * The single-node orderer: one thread takes whatever has queued up (at most {@code maxBlockTxs})
 * and applies it as the next block, so blocks grow with load and latency stays low when idle. The
 * log index of a block is its height plus one.
 *
 * <p>A storage fault in apply stops the orderer for good (the node reports itself unhealthy):
 * skipping a block would fork the ledger.
 */
public final class LocalOrderer implements Orderer {
  private static final Logger LOG = LoggerFactory.getLogger(LocalOrderer.class);

  private record Pending(Transaction tx, CompletableFuture<TxOutcome> done) {}

  private final LedgerMachine machine;
  private final String nodeId;
  private final Clock clock;
  private final int maxBlockTxs;
  private final Consumer<AppliedBlock> listener;
  private final BlockingQueue<Pending> queue;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean failed;

  /**
   * @param machine the state machine
   * @param nodeId this node's id, recorded as the proposer
   * @param clock block times come from it
   * @param maxBlockTxs most transactions per block
   * @param queueCapacity most transactions waiting
   * @param listener told about every committed block (on the orderer thread; keep it quick)
   */
  public LocalOrderer(
      LedgerMachine machine,
      String nodeId,
      Clock clock,
      int maxBlockTxs,
      int queueCapacity,
      Consumer<AppliedBlock> listener) {
    this.machine = machine;
    this.nodeId = nodeId;
    this.clock = clock;
    this.maxBlockTxs = maxBlockTxs;
    this.listener = listener;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.thread = Thread.ofPlatform().name("kdid-orderer").unstarted(this::run);
    thread.start();
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

  private void run() {
    List<Pending> batch = new ArrayList<>(maxBlockTxs);
    while (running) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.clear();
        batch.add(first);
        queue.drainTo(batch, maxBlockTxs - 1);
        applyBatch(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException | Error e) {
        failed = true;
        LOG.error(
            "applying a block failed; the ledger stops accepting transactions (restart the node)",
            e);
        batch.forEach(p -> p.done.completeExceptionally(e));
        break;
      }
    }
    Pending p;
    while ((p = queue.poll()) != null) {
      p.done.completeExceptionally(new IllegalStateException("the orderer stopped"));
    }
  }

  private void applyBatch(List<Pending> batch) {
    List<String> txs = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      txs.add(p.tx.encoded());
    }
    long logIndex = machine.lastApplied().logIndex() + 1;
    AppliedBlock applied = machine.apply(logIndex, new BlockProposal(nodeId, clock.millis(), txs));
    List<TxOutcome> outcomes = applied.block().outcomes();
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).done.complete(outcomes.get(i));
    }
    listener.accept(applied);
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
