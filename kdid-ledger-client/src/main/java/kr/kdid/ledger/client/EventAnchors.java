package kr.kdid.ledger.client;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import kr.kdid.ledger.tx.TxBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anchors salted event commitments (issuances, verifications) on the ledger: every interval, the
 * queued commitments go into one {@code anchor.events} transaction (a Merkle root per batch), so
 * the ledger sees one transaction per interval, not one per event. Commitments stay queued in the
 * service's database until anchored, so a ledger outage delays anchoring without losing anything.
 * Thread-safe.
 */
public final class EventAnchors implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventAnchors.class);

  /** Where a service keeps commitments until they are anchored. */
  public interface Queue {
    /** Up to {@code max} commitments (hex) not yet anchored, oldest first. */
    List<String> pending(int max);

    /** Records that these commitments were anchored by the transaction. */
    void markAnchored(List<String> commitments, String txId);
  }

  private final LedgerIdentity identity;
  private final String kind;
  private final Queue queue;
  private final LedgerGateway ledger;
  private final Clock clock;
  private final ScheduledExecutorService timer;

  /**
   * Starts anchoring every {@code interval}.
   *
   * @param kind {@link TxBody.EventAnchor#ISSUANCE} or {@link TxBody.EventAnchor#VERIFICATION}
   */
  public EventAnchors(
      LedgerIdentity identity,
      String kind,
      Queue queue,
      LedgerGateway ledger,
      Clock clock,
      Duration interval) {
    this.identity = identity;
    this.kind = kind;
    this.queue = queue;
    this.ledger = ledger;
    this.clock = clock;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("kdid-anchors-" + kind).unstarted(r));
    long ms = interval.toMillis();
    timer.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("anchoring {} events failed; will retry: {}", kind, e.getMessage());
    }
  }

  /**
   * Anchors everything queued now, waiting for the blocks.
   *
   * @return how many commitments were anchored
   */
  public synchronized int flush() {
    int total = 0;
    while (true) {
      List<String> batch = queue.pending(TxBody.MAX_ANCHOR_LEAVES);
      if (batch.isEmpty()) {
        return total;
      }
      LedgerClient.Submission s =
          ledger.submit(
              identity.sign(ledger.chainId(), new TxBody.EventAnchor(kind, batch), clock), true);
      if (!s.committed()) {
        throw new LedgerClientException("anchor transaction " + s.id() + " was " + s.status());
      }
      queue.markAnchored(batch, s.id());
      total += batch.size();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("could not anchor the last {} events before stopping: {}", kind, e.getMessage());
    }
  }
}
