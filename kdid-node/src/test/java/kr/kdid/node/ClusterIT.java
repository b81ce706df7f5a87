package kr.kdid.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.json.Json;
import kr.kdid.core.keys.Argon2Params;
import kr.kdid.core.keys.SoftwareKeyVault;
import kr.kdid.ledger.block.BlockHeader;
import kr.kdid.ledger.block.Cosignature;
import kr.kdid.ledger.client.LedgerClient;
import kr.kdid.ledger.machine.NodeSigner;
import kr.kdid.ledger.proof.TrustPolicy;
import kr.kdid.ledger.testing.LedgerFixture;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.node.cluster.ClusterConfig;
import kr.kdid.node.cluster.Peer;
import kr.kdid.node.http.LedgerApi;
import kr.kdid.web.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3-node cluster in one JVM (separate processes are the fault tests' business): replication
 * through a follower, reads that need k-of-n node signatures (co-signed checkpoints), and the alarm
 * on conflicting signed headers.
 */
class ClusterIT {
  static final char[] PASS = "test-pass".toCharArray();

  @TempDir Path dir;
  final List<SoftwareKeyVault> vaults = new ArrayList<>();
  final List<LedgerNode> nodes = new ArrayList<>();
  final List<WebServer> webs = new ArrayList<>();
  final List<URI> urls = new ArrayList<>();
  final HttpClient http = HttpClient.newHttpClient();
  ClusterConfig config;

  int peersRaftPort(int i) {
    return config.peers().get(i).raftPort();
  }

  @BeforeEach
  void start() throws Exception {
    int n = 3;
    List<Peer> peers = new ArrayList<>();
    List<Integer> httpPorts = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      SoftwareKeyVault v =
          SoftwareKeyVault.open(
              dir.resolve("node-" + i).resolve("keys"),
              PASS,
              Argon2Params.TEST_ONLY,
              new SecureRandom());
      vaults.add(v);
      Signer key = v.generate(NodeBootstrap.nodeKeyAlias("node-" + i), SignatureAlgorithm.ES256);
      int hp = freePort();
      httpPorts.add(hp);
      peers.add(
          new Peer(
              "node-" + i,
              "127.0.0.1:" + freePort(),
              URI.create("http://127.0.0.1:" + hp),
              key.publicKey()));
    }
    config = new ClusterConfig("node-2", peers);
    List<CompletableFuture<LedgerNode>> starting = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      int idx = i;
      NodeOptions opts =
          new NodeOptions(
              dir.resolve("node-" + i),
              "node-" + i,
              "kdid-cluster-it",
              2000,
              2,
              50_000,
              Clock.systemUTC(),
              s -> {},
              new ClusterConfig("node-" + i, peers));
      starting.add(
          CompletableFuture.supplyAsync(
              () -> NodeBootstrap.start(opts, vaults.get(idx - 1), WebServer.newMetrics())));
    }
    for (int i = 0; i < n; i++) {
      LedgerNode node = starting.get(i).get();
      nodes.add(node);
      var metrics = WebServer.newMetrics();
      webs.add(
          WebServer.builder(metrics)
              .routes(new LedgerApi(node)::routes)
              .start("127.0.0.1", httpPorts.get(i)));
      urls.add(URI.create("http://127.0.0.1:" + httpPorts.get(i)));
    }
  }

  @AfterEach
  void stop() {
    webs.forEach(WebServer::close);
    nodes.forEach(LedgerNode::close);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private TrustPolicy trust(int required) {
    Map<String, VerificationKey> keys = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      keys.put(
          "node-" + (i + 1),
          vaults
              .get(i)
              .signer(NodeBootstrap.nodeKeyAlias("node-" + (i + 1)))
              .orElseThrow()
              .publicKey());
    }
    return new TrustPolicy(keys, required);
  }

  private HttpResponse<String> post(URI base, String path, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(URI base, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void writesThroughAnyNodeAndReadsWithThreeOfThreeSignatures() throws Exception {
    String chain = nodes.get(0).config().chainId();
    LedgerFixture.Actor a = LedgerFixture.newActor(SignatureAlgorithm.ES256);
    LedgerFixture.Actor b = LedgerFixture.newActor(SignatureAlgorithm.ES256);
    // Through different nodes: whichever is leader, followers hand their batches over.
    for (int i = 0; i < 2; i++) {
      LedgerFixture.Actor who = i == 0 ? a : b;
      var tx = who.sign(chain, new TxBody.DidCreate(who.document()));
      var o = Json.object();
      o.put("tx", tx.encoded());
      HttpResponse<String> r = post(urls.get(i + 1), "/v1/transactions?wait=true", Json.bytes(o));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    // A client that believes nothing fewer than all three nodes signed.
    LedgerClient strict = LedgerClient.create(urls, trust(3));
    var resolved = strict.resolve(a.did().toString());
    assertThat(resolved.document()).isNotNull();
    assertThat(resolved.document().id()).isEqualTo(a.did());
    assertThat(strict.head().signatures()).hasSizeGreaterThanOrEqualTo(3);

    // k-of-n reads keep working under a steady stream of writes (the newest block is never
    // co-signed yet; the node waits for the anchor it chose).
    java.util.concurrent.atomic.AtomicBoolean writing =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  int i = 0;
                  while (writing.get()) {
                    LedgerFixture.Actor w = LedgerFixture.newActor(SignatureAlgorithm.ES256);
                    var t = Json.object();
                    t.put("tx", w.sign(chain, new TxBody.DidCreate(w.document())).encoded());
                    try {
                      post(urls.get(i++ % 3), "/v1/transactions?wait=true", Json.bytes(t));
                    } catch (Exception e) {
                      return;
                    }
                  }
                });
    try {
      for (int i = 0; i < 5; i++) {
        assertThat(strict.resolve(b.did().toString()).document().id()).isEqualTo(b.did());
      }
    } finally {
      writing.set(false);
      writer.join();
    }

    // Every node has the same chain.
    long h = nodes.get(0).reader().height();
    awaitHeight(h);
    for (long i = 0; i <= h; i++) {
      String hash = nodes.get(0).reader().header(i).header().hashHex();
      for (LedgerNode n : nodes) {
        assertThat(n.reader().header(i).header().hashHex()).isEqualTo(hash);
      }
    }

    // A bad request for more signatures than there are nodes is a 400.
    HttpResponse<String> bad = get(urls.get(0), "/v1/blocks/head?signatures=4");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(Json.parse(bad.body()).path("error").asText()).isEqualTo("INVALID_SIGNATURES");
  }

  private void awaitHeight(long h) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (LedgerNode n : nodes) {
      while (n.reader().height() < h) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(20);
      }
    }
  }

  /** The Raft port speaks TLS only, shows the node's certificate and wants one back. */
  @Test
  void theRaftPortIsMutualTlsWithTheNodesIdentity() throws Exception {
    int raftPort = peersRaftPort(0);
    java.util.concurrent.atomic.AtomicReference<java.security.cert.X509Certificate> seen =
        new java.util.concurrent.atomic.AtomicReference<>();
    javax.net.ssl.X509TrustManager record =
        new javax.net.ssl.X509TrustManager() {
          @Override
          public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}

          @Override
          public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {
            seen.set(c[0]);
          }

          @Override
          public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
          }
        };
    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    ctx.init(null, new javax.net.ssl.TrustManager[] {record}, new SecureRandom());
    try (javax.net.ssl.SSLSocket s =
        (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", raftPort)) {
      s.setSoTimeout(5000);
      var params = s.getSSLParameters();
      params.setApplicationProtocols(new String[] {"h2"});
      s.setSSLParameters(params);
      try {
        s.startHandshake();
        // TLS 1.3: the server's refusal of a client without a certificate shows on first read.
        s.getOutputStream().write(new byte[] {0});
        s.getOutputStream().flush();
        assertThat(s.getInputStream().read()).isEqualTo(-1);
      } catch (IOException expected) {
        // refused: no client certificate
      }
    }
    assertThat(seen.get()).isNotNull();
    assertThat(seen.get().getSubjectX500Principal().getName()).isEqualTo("CN=node-1");
    // Signed by node-1's node key, as the peers file pins it.
    var tls =
        kr.kdid.node.cluster.NodeTls.create(
            config, vaults.get(1).signer(NodeBootstrap.nodeKeyAlias("node-2")).orElseThrow());
    tls.trustManager()
        .checkServerTrusted(new java.security.cert.X509Certificate[] {seen.get()}, "EC");
  }

  @Test
  void conflictingSignedHeaderRaisesTheAlarmOnEveryNodeAndStopsWrites() throws Exception {
    String chain = nodes.get(0).config().chainId();
    LedgerFixture.Actor a = LedgerFixture.newActor(SignatureAlgorithm.ES256);
    var o = Json.object();
    o.put("tx", a.sign(chain, new TxBody.DidCreate(a.document())).encoded());
    assertThat(post(urls.get(0), "/v1/transactions?wait=true", Json.bytes(o)).statusCode())
        .isEqualTo(200);

    // node-2's key signs a header for height 1 that is not the chain's (a forked state root).
    BlockHeader real = nodes.get(1).reader().header(1).header();
    BlockHeader forged =
        new BlockHeader(
            real.version(),
            real.chain(),
            real.height(),
            real.previousHash(),
            real.time(),
            real.txCount(),
            real.txRoot(),
            "ab".repeat(32),
            real.historyRoot(),
            real.proposer());
    Signer key2 = vaults.get(1).signer(NodeBootstrap.nodeKeyAlias("node-2")).orElseThrow();
    Cosignature evidence = new Cosignature(forged, new NodeSigner("node-2", key2).sign(forged));

    // Evidence signed by the wrong key is refused.
    Signer key3 = vaults.get(2).signer(NodeBootstrap.nodeKeyAlias("node-3")).orElseThrow();
    var wrong = new Cosignature(forged, new NodeSigner("node-2", key3).sign(forged)).toJson();
    HttpResponse<String> refused = post(urls.get(0), "/v1/checkpoints/evidence", Json.bytes(wrong));
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(Json.parse(refused.body()).path("error").asText()).isEqualTo("BAD_SIGNATURE");

    HttpResponse<String> r =
        post(urls.get(0), "/v1/checkpoints/evidence", Json.bytes(evidence.toJson()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(Json.parse(r.body()).path("conflict").asBoolean()).isTrue();

    // The ledger records the evidence; every node raises the alarm and stops accepting writes.
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    for (int i = 0; i < 3; i++) {
      while (nodes.get(i).alarms().isEmpty()) {
        assertThat(System.nanoTime()).as("node-" + (i + 1) + " alarm").isLessThan(deadline);
        Thread.sleep(20);
      }
      HttpResponse<String> health = get(urls.get(i), "/v1/alarms");
      JsonNode al = Json.parse(health.body());
      assertThat(al.path("writesStopped").asBoolean()).isTrue();
      assertThat(al.path("conflicts").get(0).path("signature").path("node").asText())
          .isEqualTo("node-2");
      LedgerFixture.Actor b = LedgerFixture.newActor(SignatureAlgorithm.ES256);
      var t = Json.object();
      t.put("tx", b.sign(chain, new TxBody.DidCreate(b.document())).encoded());
      HttpResponse<String> w = post(urls.get(i), "/v1/transactions", Json.bytes(t));
      assertThat(w.statusCode()).isEqualTo(503);
      assertThat(Json.parse(w.body()).path("error").asText()).isEqualTo("WRITES_STOPPED");
    }
    // Reporting the same evidence again changes nothing (no block is made for it).
    Thread.sleep(500);
    long before = nodes.get(0).reader().height();
    HttpResponse<String> again =
        post(urls.get(0), "/v1/checkpoints/evidence", Json.bytes(evidence.toJson()));
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(Json.parse(again.body()).path("alreadyRecorded").asBoolean()).isTrue();
    Thread.sleep(500);
    assertThat(nodes.get(0).reader().height()).isEqualTo(before);

    // Reads go on.
    assertThat(LedgerClient.create(urls, trust(1)).head().header().height()).isPositive();
  }
}
