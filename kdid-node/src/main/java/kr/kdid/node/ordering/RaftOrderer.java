package kr.kdid.node.ordering;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import kr.kdid.ledger.block.Block;
import kr.kdid.ledger.block.BlockProposal;
import kr.kdid.ledger.block.Cosignature;
import kr.kdid.ledger.block.TxOutcome;
import kr.kdid.ledger.machine.AppliedBlock;
import kr.kdid.ledger.machine.LedgerMachine;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.node.cluster.ClusterConfig;
import kr.kdid.node.cluster.Peer;
import kr.kdid.node.store.ReplaceableStore;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders blocks through Apache Ratis (Raft). One block proposal is one Raft log entry; every member
 * applies the committed entries in log order through {@link RaftStateMachine}. A single node is a
 * one-peer group and runs this same code.
 *
 * <p>Each node cuts block proposals from the transactions it admitted (as the single-node orderer
 * did: up to {@code maxBlockTxs}, lingering a few milliseconds for more under load) and hands them
 * to its Raft client, which sends them to the leader wherever it is; the leader appends them to the
 * log in the order they arrive. A transaction's outcome is delivered when this node's own copy of
 * the ledger has applied its block, so a client that reads from the node it wrote to sees its
 * write.
 */
public final class RaftOrderer implements Orderer {
  private static final Logger LOG = LoggerFactory.getLogger(RaftOrderer.class);

  /** The ledger's Raft group; one group per cluster. */
  static final RaftGroupId GROUP_ID =
      RaftGroupId.valueOf(UUID.nameUUIDFromBytes("kdid-ledger".getBytes(StandardCharsets.UTF_8)));

  /** Tuning and identity of the orderer. */
  public record Settings(
      String nodeId,
      Clock clock,
      int maxBlockTxs,
      long lingerMillis,
      int queueCapacity,
      int maxInFlight,
      long electionTimeoutMillis,
      long snapshotEvery,
      kr.kdid.node.cluster.NodeTls tls) {}

  private final LedgerMachine machine;
  private final Settings settings;
  private final long lingerNanos;
  private final BlockingQueue<Transaction> queue;
  private final ConcurrentHashMap<String, CompletableFuture<CommittedTx>> pending =
      new ConcurrentHashMap<>();
  private final Semaphore inFlight;

  /** This node's signatures over blocks it applied (and reported evidence), not yet proposed. */
  private final java.util.concurrent.ConcurrentLinkedQueue<Cosignature> unpublished =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  private final RaftServer server;
  private final RaftClient client;
  private final RaftStateMachine stateMachine;
  private final Thread cutter;
  private final ClusterConfig cluster;
  private volatile Consumer<AppliedBlock> listener = b -> {};
  private volatile boolean running = true;
  private volatile boolean failed;
  private volatile String leaderId;

  /**
   * Starts this node's Raft server and client.
   *
   * @param raftDir where Ratis keeps its log (the ledger's own store is elsewhere)
   * @throws IOException if the Raft server cannot start (storage, port)
   */
  public RaftOrderer(
      LedgerMachine machine,
      ReplaceableStore store,
      ClusterConfig cluster,
      Path raftDir,
      Settings settings)
      throws IOException {
    this.machine = machine;
    this.cluster = cluster;
    this.settings = settings;
    this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(settings.lingerMillis());
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.inFlight = new Semaphore(settings.maxInFlight());
    this.stateMachine =
        new RaftStateMachine(
            machine, store, this::applied, this::failedHard, this::leaderChanged, this::forwarded);

    List<RaftPeer> peers = new ArrayList<>();
    for (Peer p : cluster.peers()) {
      peers.add(RaftPeer.newBuilder().setId(p.id()).setAddress(p.raftAddress()).build());
    }
    RaftGroup group = RaftGroup.valueOf(GROUP_ID, peers);
    RaftProperties props = properties(cluster.self(), raftDir, settings);
    // Node-to-node traffic (and this node's own client) over mutual TLS, peers pinned to the
    // node keys of the peers file.
    org.apache.ratis.conf.Parameters params = new org.apache.ratis.conf.Parameters();
    if (settings.tls() != null) {
      GrpcConfigKeys.TLS.setConf(
          params,
          new org.apache.ratis.grpc.GrpcTlsConfig(
              settings.tls().keyManager(), settings.tls().trustManager(), true));
    }
    this.server =
        RaftServer.newBuilder()
            .setParameters(params)
            .setServerId(RaftPeerId.valueOf(cluster.selfId()))
            .setGroup(group)
            .setProperties(props)
            .setStateMachine(stateMachine)
            .setOption(RaftStorage.StartupOption.RECOVER)
            .build();
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    this.client =
        RaftClient.newBuilder()
            .setProperties(props)
            .setParameters(params)
            .setRaftGroup(group)
            .setRetryPolicy(
                RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                    150, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
            .build();
    this.cutter = Thread.ofPlatform().name("kdid-raft-proposer").unstarted(this::cut);
    cutter.start();
  }

  private static RaftProperties properties(Peer self, Path raftDir, Settings s) {
    RaftProperties p = new RaftProperties();
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    GrpcConfigKeys.Server.setHost(p, self.raftHost());
    GrpcConfigKeys.Server.setPort(p, self.raftPort());
    RaftServerConfigKeys.setStorageDir(p, List.of(raftDir.toFile()));
    // Blocks of up to a few thousand transactions are one entry each: make room for them.
    GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf("64MB"));
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf("32MB"));
    RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf("33MB"));
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf("64MB"));
    long min = s.electionTimeoutMillis();
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(min, TimeUnit.MILLISECONDS));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(2 * min, TimeUnit.MILLISECONDS));
    // Snapshot every so many blocks and drop the log before it: a node that is further behind
    // (new, wiped, down for long) receives the snapshot and then the rest of the log.
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, s.snapshotEvery());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 1);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, s.snapshotEvery()));
    return p;
  }

  /** Sets who hears about every block this node applies (on the applying thread; keep it quick). */
  public void listen(Consumer<AppliedBlock> l) {
    this.listener = l;
  }

  @Override
  public String leader() {
    return leaderId;
  }

  /** The id of the current leader as this node knows it, or null during an election. */
  public String leaderId() {
    return leaderId;
  }

  /** The cluster this node belongs to. */
  public ClusterConfig cluster() {
    return cluster;
  }

  /**
   * Sends a whole proposal through the log, bypassing the queue (genesis).
   *
   * @return completes when the leader has applied it
   */
  public CompletableFuture<RaftClientReply> propose(BlockProposal proposal) {
    return client.async().send(Message.valueOf(ByteString.copyFrom(proposal.encode())));
  }

  /** The highest log index this node has applied, and the highest it knows to be committed. */
  public long[] appliedAndCommitted() throws IOException {
    var division = server.getDivision(GROUP_ID);
    return new long[] {
      division.getInfo().getLastAppliedIndex(), division.getRaftLog().getLastCommittedIndex()
    };
  }

  @Override
  public CompletableFuture<CommittedTx> submit(Transaction tx) {
    if (!running || failed) {
      return CompletableFuture.failedFuture(new IllegalStateException("the orderer is stopped"));
    }
    CompletableFuture<CommittedTx> f = new CompletableFuture<>();
    CompletableFuture<CommittedTx> earlier = pending.putIfAbsent(tx.idHex(), f);
    if (earlier != null) {
      return earlier;
    }
    if (!queue.offer(tx)) {
      pending.remove(tx.idHex(), f);
      throw new OverloadedException("the ledger's queue is full; retry shortly");
    }
    return f;
  }

  @Override
  public int queued() {
    return queue.size();
  }

  @Override
  public boolean healthy() {
    return running && !failed && !stateMachine.failed();
  }

  /**
   * Queues a signed header to be recorded on the ledger by the next block: this node's own
   * checkpoint signatures, or a header someone reports (if it conflicts with the chain, the ledger
   * records the evidence).
   */
  @Override
  public void cosign(Cosignature c) {
    unpublished.add(c);
  }

  private List<Cosignature> drainCosignatures() {
    List<Cosignature> out = new ArrayList<>();
    Cosignature c;
    while (out.size() < 500 && (c = unpublished.poll()) != null) {
      out.add(c);
    }
    return out;
  }

  private void applied(AppliedBlock applied) {
    Block block = applied.block();
    // Co-sign blocks that carry transactions (blocks that only record co-signatures are not
    // co-signed themselves, or the cluster would never fall quiet).
    if (block.header().txCount() > 0 && cluster.peers().size() > 1) {
      for (var sig : block.signatures()) {
        if (sig.node().equals(settings.nodeId())) {
          unpublished.add(new Cosignature(block.header(), sig));
        }
      }
    }
    long height = block.header().height();
    List<TxOutcome> outcomes = block.outcomes();
    for (int i = 0; i < outcomes.size(); i++) {
      CompletableFuture<CommittedTx> f = pending.remove(outcomes.get(i).id());
      if (f != null) {
        f.complete(new CommittedTx(height, i, outcomes.get(i)));
      }
    }
    listener.accept(applied);
  }

  private void leaderChanged(RaftPeerId id) {
    String now = id == null ? null : id.toString();
    if (now != null && !now.equals(leaderId) && cluster.peers().size() > 1) {
      LOG.info("consensus leader is now {}", now);
    }
    leaderId = now;
  }

  private void failedHard(Throwable e) {
    failed = true;
    IllegalStateException stop =
        new IllegalStateException("this node's ledger stopped: " + e.getMessage(), e);
    pending.values().forEach(f -> f.completeExceptionally(stop));
    pending.clear();
  }

  private boolean isLeader() {
    try {
      return server.getDivision(GROUP_ID).getInfo().isLeader();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * On the leader: transactions a follower admitted, as a JSON array of compact JWS. They join the
   * queue like local ones (apply re-checks everything). Answers "queued", or throws if this node is
   * not the leader or its queue is full (the follower then proposes the block itself).
   */
  private String forwarded(byte[] body) {
    if (!isLeader()) {
      throw new IllegalStateException("not the leader");
    }
    com.fasterxml.jackson.databind.JsonNode msg = kr.kdid.core.json.Json.parse(body);
    com.fasterxml.jackson.databind.JsonNode a = msg.path("txs");
    for (com.fasterxml.jackson.databind.JsonNode c : msg.path("cosignatures")) {
      try {
        unpublished.add(Cosignature.fromJson(c));
      } catch (IllegalArgumentException e) {
        // a malformed one would be ignored by apply anyway
      }
    }
    List<Transaction> txs = new ArrayList<>(a.size());
    for (com.fasterxml.jackson.databind.JsonNode n : a) {
      try {
        Transaction tx = kr.kdid.ledger.tx.TxCodec.decode(n.asText());
        // Decoded once here: preparing its block on this node then reuses it.
        machine.rememberDecoded(tx);
        txs.add(tx);
      } catch (kr.kdid.ledger.tx.TxRejectedException e) {
        // admitted by a follower, so it decodes; if not, apply would only record it invalid
      }
    }
    if (queue.remainingCapacity() < txs.size()) {
      throw new OverloadedException("the leader's queue is full");
    }
    for (Transaction tx : txs) {
      if (!queue.offer(tx)) {
        throw new OverloadedException("the leader's queue is full");
      }
    }
    return "queued";
  }

  /** Sends a follower's batch to the leader; if that fails, proposes it as a block itself. */
  private CompletableFuture<?> forward(
      List<Transaction> batch, List<String> encoded, List<Cosignature> cosignatures) {
    var msg = kr.kdid.core.json.Json.object();
    com.fasterxml.jackson.databind.node.ArrayNode a = msg.putArray("txs");
    encoded.forEach(a::add);
    com.fasterxml.jackson.databind.node.ArrayNode cs = msg.putArray("cosignatures");
    cosignatures.forEach(c -> cs.add(c.toJson()));
    return client
        .async()
        .sendReadOnly(Message.valueOf(ByteString.copyFrom(kr.kdid.core.json.Json.bytes(msg))))
        .handle(
            (reply, e) -> {
              if (e == null && reply.isSuccess()) {
                return CompletableFuture.completedFuture(null);
              }
              return proposeBatch(batch, encoded, cosignatures);
            })
        .thenCompose(f -> f);
  }

  private CompletableFuture<?> proposeBatch(
      List<Transaction> batch, List<String> encoded, List<Cosignature> cosignatures) {
    BlockProposal proposal =
        new BlockProposal(settings.nodeId(), settings.clock().millis(), encoded, cosignatures);
    return propose(proposal)
        .whenComplete(
            (reply, e) -> {
              if (e != null) {
                fail(batch, new IllegalStateException("the cluster did not commit: " + e, e));
              } else if (!reply.isSuccess()) {
                fail(
                    batch,
                    new IllegalStateException(
                        "the cluster did not commit: " + reply.getException()));
              } else {
                String m = reply.getMessage().getContent().toStringUtf8();
                if (!m.matches("\\d+ .*") && !"already applied".equals(m)) {
                  fail(batch, new IllegalStateException("the block was not applied: " + m));
                }
              }
            });
  }

  private void cut() {
    while (running && !failed) {
      try {
        // A free slot first, then the batch: what arrives while the previous block is replicated
        // and applied joins this one (with one proposal in flight, blocks grow with the load).
        if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          continue;
        }
        boolean handedOver = false;
        List<Transaction> batch = new ArrayList<>(settings.maxBlockTxs());
        List<Cosignature> cos = List.of();
        try {
          Transaction first = queue.poll(100, TimeUnit.MILLISECONDS);
          if (first == null) {
            // Quiet: record the checkpoint signatures that are waiting, in a block of their own.
            if (!unpublished.isEmpty()) {
              cos = drainCosignatures();
              submit(batch, List.of(), cos);
              handedOver = true;
            }
            continue;
          }
          batch.add(first);
          long deadline = System.nanoTime() + lingerNanos;
          queue.drainTo(batch, settings.maxBlockTxs() - 1);
          while (batch.size() < settings.maxBlockTxs()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              break;
            }
            Transaction more = queue.poll(left, TimeUnit.NANOSECONDS);
            if (more == null) {
              break;
            }
            batch.add(more);
            queue.drainTo(batch, settings.maxBlockTxs() - batch.size());
          }
          List<String> encoded = new ArrayList<>(batch.size());
          for (Transaction tx : batch) {
            encoded.add(tx.encoded());
          }
          cos = drainCosignatures();
          submit(batch, encoded, cos);
          handedOver = true;
        } catch (RuntimeException e) {
          // Nothing was handed over: the batch's writers hear of it, the co-signatures wait for
          // the next block, and the slot is freed below (with one slot, a lost one would stop
          // the orderer for good).
          LOG.error("proposing a block failed", e);
          fail(batch, e);
          unpublished.addAll(cos);
        } finally {
          if (!handedOver) {
            inFlight.release();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
  }

  /**
   * Hands a batch to consensus; the slot it holds is freed when that completes. The leader cuts the
   * blocks: a follower hands its batch over, so that the cluster makes few large blocks (each costs
   * a synced log entry, a ledger write and a signature on every node).
   */
  private void submit(List<Transaction> batch, List<String> encoded, List<Cosignature> cos) {
    (isLeader() ? proposeBatch(batch, encoded, cos) : forward(batch, encoded, cos))
        .whenComplete((r, e) -> inFlight.release());
  }

  private void fail(List<Transaction> batch, Throwable e) {
    for (Transaction tx : batch) {
      CompletableFuture<CommittedTx> f = pending.remove(tx.idHex());
      if (f != null) {
        f.completeExceptionally(e);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      cutter.join(30_000);
      // Let the blocks already sent finish (or fail) before the client goes away.
      if (inFlight.tryAcquire(settings.maxInFlight(), 10, TimeUnit.SECONDS)) {
        inFlight.release(settings.maxInFlight());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    IllegalStateException stopped = new IllegalStateException("the orderer stopped");
    Transaction t;
    while ((t = queue.poll()) != null) {
      CompletableFuture<CommittedTx> f = pending.remove(t.idHex());
      if (f != null) {
        f.completeExceptionally(stopped);
      }
    }
    try {
      client.close();
    } catch (IOException e) {
      LOG.warn("closing the Raft client failed", e);
    }
    try {
      server.close();
    } catch (IOException e) {
      LOG.warn("closing the Raft server failed", e);
    }
    pending.values().forEach(f -> f.completeExceptionally(stopped));
    pending.clear();
  }
}
