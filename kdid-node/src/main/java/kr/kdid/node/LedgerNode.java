package kr.kdid.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import kr.kdid.ledger.block.TxOutcome;
import kr.kdid.ledger.machine.AppliedBlock;
import kr.kdid.ledger.machine.LedgerMachine;
import kr.kdid.ledger.machine.TxLocation;
import kr.kdid.ledger.query.LedgerReader;
import kr.kdid.ledger.smt.ByteKey;
import kr.kdid.ledger.state.ChainConfig;
import kr.kdid.ledger.tx.RejectCode;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.ledger.tx.TxCodec;
import kr.kdid.ledger.tx.TxRejectedException;
import kr.kdid.node.ordering.CommittedTx;
import kr.kdid.node.ordering.Orderer;
import kr.kdid.node.store.ReplaceableStore;

/**
 * A running ledger node: admission of transactions (decode, replay check against the pending ones,
 * rule check against the committed state), ordering into blocks, and reads with proofs.
 * Thread-safe.
 */
public final class LedgerNode implements AutoCloseable {
  private final String nodeId;
  private final ReplaceableStore store;
  private final LedgerMachine machine;
  private final Orderer orderer;
  private final LedgerReader reader;
  private final ConcurrentHashMap<ByteKey, Transaction> pendingIds = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ByteKey, ByteKey> pendingNonces = new ConcurrentHashMap<>();
  private final MeterRegistry metrics;
  private final java.time.Clock clock;
  private final List<String> alarms = new java.util.concurrent.CopyOnWriteArrayList<>();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LedgerNode.class);

  /** The node accepts no writes (an alarm is raised). */
  public static final class WritesStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WritesStoppedException(String message) {
      super(message, null, false, false);
    }
  }

  /** An admitted transaction and the future of its outcome. */
  public record Submitted(Transaction tx, CompletableFuture<CommittedTx> outcome) {}

  /** What is known about a transaction id. */
  public sealed interface Status {
    /** Admitted, waiting for a block. */
    record Pending() implements Status {}

    /** In a block. */
    record Committed(TxLocation location, TxOutcome outcome) implements Status {}

    /** Unknown to this node. */
    record Unknown() implements Status {}
  }

  LedgerNode(
      String nodeId,
      ReplaceableStore store,
      LedgerMachine machine,
      java.util.function.Function<java.util.function.Consumer<AppliedBlock>, Orderer> orderer,
      MeterRegistry metrics,
      java.time.Clock clock) {
    this.nodeId = nodeId;
    this.clock = clock;
    this.store = store;
    this.machine = machine;
    this.reader = new LedgerReader(store);
    this.metrics = metrics;
    DistributionSummary blockSize =
        DistributionSummary.builder("kdid.ledger.block.transactions")
            .description("transactions per block")
            .register(metrics);
    Counter blocks = Counter.builder("kdid.ledger.blocks").register(metrics);
    metrics.gauge("kdid.ledger.height", store, s -> s.lastApplied().height());
    metrics.gauge("kdid.ledger.pending", pendingIds, java.util.Map::size);
    Counter conflicts =
        Counter.builder("kdid.ledger.conflicts")
            .description("conflicting signed headers recorded (evidence of a fork)")
            .register(metrics);
    metrics.gauge("kdid.ledger.alarm", alarms, a -> a.isEmpty() ? 0 : 1);
    store.scanState(
        "conflict/",
        null,
        (k, v) -> {
          alarms.add("the ledger records conflicting signed headers (" + k + ")");
          return alarms.size() < 100;
        });
    if (!alarms.isEmpty()) {
      LOG.error("ALARM: {}; this node accepts no writes (see GET /v1/alarms)", alarms.get(0));
    }
    this.orderer =
        orderer.apply(
            applied -> {
              blocks.increment();
              blockSize.record(applied.block().transactions().size());
              for (String c : applied.conflicts()) {
                conflicts.increment();
                alarms.add(c);
                LOG.error("ALARM: {}; this node stops accepting writes (see GET /v1/alarms)", c);
              }
            });
  }

  /**
   * Conflicting signed headers this node has seen recorded (evidence that a node signed a fork).
   * While there are any, the node accepts no writes: a fork must be investigated first.
   */
  public List<String> alarms() {
    return List.copyOf(alarms);
  }

  /** Records a signed header for the ledger (own checkpoint signatures, or reported evidence). */
  public void cosign(kr.kdid.ledger.block.Cosignature c) {
    orderer.cosign(c);
  }

  public String nodeId() {
    return nodeId;
  }

  public LedgerReader reader() {
    return reader;
  }

  public ReplaceableStore store() {
    return store;
  }

  public LedgerMachine machine() {
    return machine;
  }

  /** The chain configuration (the node always has a genesis block once started). */
  public ChainConfig config() {
    return machine.config();
  }

  /** True if the node accepts and applies transactions. */
  public boolean healthy() {
    return orderer.healthy();
  }

  /**
   * Admits a transaction: decodes it, refuses replays of pending ones, checks it against the
   * committed state and queues it for the next block.
   *
   * @throws TxRejectedException if it is malformed or would be rejected now (nothing is stored)
   * @throws Orderer.OverloadedException if the queue is full
   */
  public Submitted submit(String encoded) throws TxRejectedException {
    if (!alarms.isEmpty()) {
      throw new WritesStoppedException(
          "this node has seen conflicting signed headers and accepts no writes: " + alarms.get(0));
    }
    Transaction tx;
    try {
      tx = TxCodec.decode(encoded);
    } catch (TxRejectedException e) {
      rejected(e.code());
      throw e;
    }
    ByteKey id = new ByteKey(tx.id());
    ByteKey nonce = new ByteKey(tx.nonceKey());
    if (pendingIds.putIfAbsent(id, tx) != null) {
      rejected(RejectCode.DUPLICATE_TX);
      throw new TxRejectedException(
          RejectCode.DUPLICATE_TX, "transaction " + tx.idHex() + " is already waiting for a block");
    }
    if (pendingNonces.putIfAbsent(nonce, id) != null) {
      pendingIds.remove(id);
      rejected(RejectCode.NONCE_REPLAYED);
      throw new TxRejectedException(
          RejectCode.NONCE_REPLAYED,
          "a pending transaction of " + tx.signerDid() + " already uses this nonce");
    }
    boolean queued = false;
    try {
      machine.check(tx, clock.millis());
      CompletableFuture<CommittedTx> f = orderer.submit(tx);
      queued = true;
      f.whenComplete(
          (o, e) -> {
            pendingIds.remove(id);
            pendingNonces.remove(nonce);
          });
      metrics.counter("kdid.ledger.admitted").increment();
      return new Submitted(tx, f);
    } catch (TxRejectedException e) {
      rejected(e.code());
      throw e;
    } finally {
      if (!queued) {
        pendingIds.remove(id);
        pendingNonces.remove(nonce);
      }
    }
  }

  private void rejected(RejectCode code) {
    metrics.counter("kdid.ledger.rejected", "code", code.name()).increment();
  }

  /** What this node knows about a transaction id. */
  public Status status(byte[] txId) {
    if (pendingIds.containsKey(new ByteKey(txId))) {
      return new Status.Pending();
    }
    TxLocation loc = reader.locate(txId);
    if (loc == null) {
      return new Status.Unknown();
    }
    return new Status.Committed(loc, store.block(loc.height()).outcomes().get(loc.index()));
  }

  /** The consensus leader's node id as this node knows it, or null during an election. */
  public String leader() {
    return orderer.leader();
  }

  /** Transactions waiting for a block. */
  public int queued() {
    return orderer.queued();
  }

  @Override
  public void close() {
    orderer.close();
    store.close();
  }
}
