package kr.kdid.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.json.Json;
import kr.kdid.ledger.proof.SignedHeader;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.ledger.tx.TxCodec;
import kr.kdid.node.NodeBootstrap;
import kr.kdid.node.store.Tamper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault tests of a 3-node ledger cluster, each node its own JVM so that kill -9 is real: the leader
 * killed under write load (repeatedly), a follower killed, a node restarted with its data wiped.
 * After every scenario no acknowledged transaction is missing on any node and every node has the
 * same block hash at every height.
 *
 * <p>CI runs {@link #CYCLES} leader kills; the soak runs many: {@code ./kdid soak 50} (see
 * docs/operations.md), which sets {@code -Dkdid.soak.cycles}.
 */
class ClusterFaultIT {
  static final int CYCLES = Integer.getInteger("kdid.soak.cycles", 2);

  @TempDir Path dir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void noAcknowledgedTransactionIsLostAndEveryNodeAgrees() throws Exception {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    PrintStream out = Boolean.getBoolean("kdid.soak.verbose") ? System.out : quiet;
    try (LocalCluster c =
        LocalCluster.prepare(
            dir,
            3,
            "127.0.0.1",
            freeBase(3),
            freeBase(3),
            out,
            List.of("-Xmx384m", "-Dkdid.raft.snapshotEvery=100"))) {
      c.startAll();
      assertThat(c.awaitHealthy(List.of(0, 1, 2), Duration.ofMinutes(3)))
          .as(() -> c.whyNotHealthy(List.of(0, 1, 2)))
          .isTrue();
      String chain = Json.parse(get(c.url(0), "/v1/chain").body()).path("chainId").asText();
      Load load = new Load(c.urls(), chain, 4);
      load.start();
      try {
        awaitAcked(load, 50);

        // The leader killed under load, again and again.
        for (int cycle = 0; cycle < CYCLES; cycle++) {
          int leader = leader(c);
          long before = load.acked.size();
          c.kill(leader);
          Thread.sleep(1500);
          c.start(leader);
          assertThat(c.awaitHealthy(List.of(leader), Duration.ofMinutes(2)))
              .as(() -> c.whyNotHealthy(List.of(leader)))
              .isTrue();
          awaitAcked(load, before + 50);
          verify(
              c, load, "leader node-" + (leader + 1) + " killed (cycle " + (cycle + 1) + ")", -1);
        }

        // A follower killed.
        int follower = (leader(c) + 1) % 3;
        long before = load.acked.size();
        c.kill(follower);
        awaitAcked(load, before + 50);
        c.start(follower);
        assertThat(c.awaitHealthy(List.of(follower), Duration.ofMinutes(2)))
            .as(() -> c.whyNotHealthy(List.of(follower)))
            .isTrue();
        verify(c, load, "follower node-" + (follower + 1) + " killed", -1);

        // A node (not the one that wrote genesis) restarted with its ledger and log wiped.
        int wiped = leader(c) == 2 ? 1 : 2;
        c.stop(wiped);
        c.wipe(wiped);
        before = load.acked.size();
        awaitAcked(load, before + 50);
        // Let the others compact their logs past where the wiped node would need to start, so
        // that it must be sent a snapshot.
        int live = wiped == 1 ? 2 : 1;
        awaitLogCompacted(c, live);
        c.start(wiped);
        assertThat(c.awaitHealthy(List.of(wiped), Duration.ofMinutes(2)))
            .as(() -> c.whyNotHealthy(List.of(wiped)))
            .isTrue();
        awaitAcked(load, load.acked.size() + 50);
        verify(c, load, "node-" + (wiped + 1) + " wiped", wiped);

        // A follower's stored ledger altered while it was down: it detects it at start, keeps
        // the damaged copy aside, refuses to serve it and re-syncs from its peers.
        int tampered = (leader(c) + 2) % 3;
        c.stop(tampered);
        Tamper.edit(
            c.nodeDir(tampered).resolve("ledger"),
            Tamper.BLOCKS,
            Tamper.heightKey(1),
            v -> {
              byte[] w = v.clone();
              w[w.length / 2] ^= 0x01;
              return w;
            });
        before = load.acked.size();
        awaitAcked(load, before + 50);
        c.start(tampered);
        assertThat(c.awaitHealthy(List.of(tampered), Duration.ofMinutes(2)))
            .as(() -> c.whyNotHealthy(List.of(tampered)))
            .isTrue();
        try (var entries = java.nio.file.Files.list(c.nodeDir(tampered))) {
          assertThat(entries.map(p -> p.getFileName().toString()))
              .as("the damaged copy is kept aside")
              .anyMatch(n -> n.startsWith("damaged-"));
        }
        awaitAcked(load, load.acked.size() + 50);
        verify(c, load, "node-" + (tampered + 1) + " tampered", tampered);
      } finally {
        load.stop();
      }

      long height = converge(c);
      System.out.println(
          "cluster faults: "
              + load.acked.size()
              + " acknowledged transactions, "
              + load.failed.get()
              + " unacknowledged attempts, "
              + (height + 1)
              + " blocks identical on 3 nodes");
    }
  }

  /** Waits until node i's Raft log no longer starts at index 0 (a snapshot replaced it). */
  private void awaitLogCompacted(LocalCluster c, int i) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (firstLogIndex(c.nodeDir(i).resolve("raft")) <= 0) {
      assertThat(System.nanoTime()).as("node log compacted").isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private static long firstLogIndex(Path raft) throws IOException {
    long min = Long.MAX_VALUE;
    try (var files = java.nio.file.Files.walk(raft)) {
      for (Path f : files.toList()) {
        var m =
            java.util.regex.Pattern.compile("log_(?:inprogress_)?(\\d+).*")
                .matcher(f.getFileName().toString());
        if (m.matches()) {
          min = Math.min(min, Long.parseLong(m.group(1)));
        }
      }
    }
    return min == Long.MAX_VALUE ? -1 : min;
  }

  private final java.util.Map<Long, String> knownHashes = new java.util.HashMap<>();
  private long checkedHeight = -1;
  private final Set<String> checkedAcks = new java.util.HashSet<>();

  /**
   * After a scenario: pauses the writers, waits until every node has the same height, and checks
   * that every node has the same block hash at every height (all heights again for a node that
   * re-synced, the new ones for the others) and every acknowledged transaction.
   */
  private void verify(LocalCluster c, Load load, String scenario, int resynced) throws Exception {
    load.pause();
    try {
      long height = converge(c);
      for (int i = 0; i < c.size(); i++) {
        long from = i == resynced ? 0 : checkedHeight + 1;
        for (long h = from; h <= height; h++) {
          HttpResponse<String> r = get(c.url(i), "/v1/blocks/" + h + "/header");
          assertThat(r.statusCode()).as("node-" + (i + 1) + " has block " + h).isEqualTo(200);
          String hash = SignedHeader.fromJson(Json.parse(r.body())).header().hashHex();
          String known = knownHashes.putIfAbsent(h, hash);
          assertThat(hash)
              .as("block " + h + " on node-" + (i + 1) + " after " + scenario)
              .isEqualTo(known == null ? hash : known);
        }
      }
      Set<String> fresh = new java.util.HashSet<>(load.acked);
      fresh.removeAll(checkedAcks);
      assertAllAcknowledgedPresent(c, fresh);
      checkedAcks.addAll(fresh);
      checkedHeight = height;
      System.out.println(
          "after "
              + scenario
              + ": "
              + (height + 1)
              + " blocks identical on every node, all "
              + checkedAcks.size()
              + " acknowledged transactions present");
    } finally {
      load.resume();
    }
  }

  private void awaitAcked(Load load, long n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (load.acked.size() < n) {
      assertThat(System.nanoTime()).as("writes resume within 2 minutes").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** The index of the node the others agree is leader. */
  private int leader(LocalCluster c) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      for (int i = 0; i < c.size(); i++) {
        try {
          JsonNode h = Json.parse(get(c.url(i), "/health").body());
          String id = h.path("components").path("ledger").path("leader").asText("");
          for (int j = 0; j < c.size(); j++) {
            if (c.config().peers().get(j).id().equals(id) && c.process(j).isAlive()) {
              return j;
            }
          }
        } catch (IOException e) {
          // that node is down; ask another
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no leader within 60 s");
  }

  /** Waits until every node has the same height; returns it. */
  private long converge(LocalCluster c) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      List<Long> heights = new ArrayList<>();
      for (int i = 0; i < c.size(); i++) {
        heights.add(Json.parse(get(c.url(i), "/v1/chain").body()).path("height").asLong());
      }
      if (heights.stream().distinct().count() == 1) {
        return heights.get(0);
      }
      assertThat(System.nanoTime()).as("nodes converge; heights " + heights).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private void assertAllAcknowledgedPresent(LocalCluster c, Set<String> acked) throws Exception {
    for (String id : acked) {
      for (int i = 0; i < c.size(); i++) {
        HttpResponse<String> r = get(c.url(i), "/v1/transactions/" + id);
        assertThat(r.statusCode()).as("tx " + id + " on node-" + (i + 1)).isEqualTo(200);
        JsonNode t = Json.parse(r.body());
        assertThat(t.path("status").asText()).isEqualTo("committed");
        assertThat(t.path("valid").asBoolean()).isTrue();
      }
    }
  }

  private HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freeBase(int n) throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      // Below Linux's ephemeral range (32768-60999): a port chosen there can be taken, before the
      // node binds it, by an outgoing connection (the nodes' own Raft clients), and the node exits.
      int base = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
      boolean free = true;
      for (int i = 0; i < n && free; i++) {
        try (ServerSocket s = new ServerSocket(base + i, 1, InetAddress.getLoopbackAddress())) {
          s.setReuseAddress(true);
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IOException("no run of " + n + " free ports");
  }

  /** Writers that create DIDs through random nodes and record what was acknowledged. */
  private final class Load {
    final Set<String> acked = ConcurrentHashMap.newKeySet();
    final AtomicLong failed = new AtomicLong();
    final List<URI> nodes;
    final String chain;
    final List<Thread> threads = new ArrayList<>();
    final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicBoolean paused = new AtomicBoolean();
    final java.util.concurrent.atomic.AtomicInteger inFlight =
        new java.util.concurrent.atomic.AtomicInteger();

    /** Stops new writes and waits for those in flight to be answered. */
    void pause() throws InterruptedException {
      paused.set(true);
      while (inFlight.get() > 0) {
        Thread.sleep(10);
      }
    }

    void resume() {
      paused.set(false);
    }

    Load(List<URI> nodes, String chain, int writers) {
      this.nodes = nodes;
      this.chain = chain;
      for (int i = 0; i < writers; i++) {
        threads.add(Thread.ofPlatform().name("writer-" + i).unstarted(this::write));
      }
    }

    void start() {
      threads.forEach(Thread::start);
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join(30_000);
      }
    }

    void write() {
      while (running.get()) {
        if (paused.get()) {
          pause50();
          continue;
        }
        inFlight.incrementAndGet();
        try {
          writeOne();
        } finally {
          inFlight.decrementAndGet();
        }
      }
    }

    private void pause50() {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void writeOne() {
      {
        SoftwareKey key = SoftwareKey.generate(SignatureAlgorithm.ES256);
        DidDocument doc = NodeBootstrap.governanceDocument(key);
        Transaction tx =
            TxCodec.sign(key, doc.id().withFragment("key-1"), chain, new TxBody.DidCreate(doc));
        URI node = nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
        var body = Json.object();
        body.put("tx", tx.encoded());
        try {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(node.resolve("/v1/transactions?wait=true"))
                      .timeout(Duration.ofSeconds(30))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          JsonNode j = Json.parse(r.body());
          if (r.statusCode() == 200 && j.path("valid").asBoolean()) {
            acked.add(tx.idHex());
          } else {
            failed.incrementAndGet();
          }
        } catch (IOException | RuntimeException e) {
          failed.incrementAndGet();
          pause50();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
