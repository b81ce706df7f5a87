package kr.kdid.issuer;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import kr.kdid.issuer.store.IssuerStore;
import kr.kdid.ledger.client.LedgerClient;
import kr.kdid.ledger.client.LedgerGateway;
import kr.kdid.ledger.tx.TxBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anchors issuance commitments on the ledger: every interval, the queued salted commitments go into
 * one {@code anchor.events} transaction (a Merkle root per batch), so the ledger sees one
 * transaction per interval, not one per credential. Commitments stay queued until anchored, so a
 * ledger outage delays anchoring without losing anything. Thread-safe.
 */
public final class IssuanceAnchors implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IssuanceAnchors.class);

  private final IssuerIdentity identity;
  private final IssuerStore store;
  private final LedgerGateway ledger;
  private final Clock clock;
  private final ScheduledExecutorService timer;

  public IssuanceAnchors(
      IssuerIdentity identity,
      IssuerStore store,
      LedgerGateway ledger,
      Clock clock,
      java.time.Duration interval) {
    this.identity = identity;
    this.store = store;
    this.ledger = ledger;
    this.clock = clock;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("kdid-issuer-anchors").unstarted(r));
    long ms = interval.toMillis();
    timer.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("anchoring issuance events failed; will retry: {}", e.getMessage());
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
      List<String> batch = store.pendingCommitments(TxBody.MAX_ANCHOR_LEAVES);
      if (batch.isEmpty()) {
        return total;
      }
      LedgerClient.Submission s =
          ledger.submit(
              identity.sign(
                  ledger.chainId(),
                  new TxBody.EventAnchor(TxBody.EventAnchor.ISSUANCE, batch),
                  clock),
              true);
      store.markAnchored(batch, s.id());
      total += batch.size();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("could not anchor the last issuance events before stopping: {}", e.getMessage());
    }
  }
}
