package kr.kdid.node;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.json.Json;
import kr.kdid.core.keys.Argon2Params;
import kr.kdid.core.keys.SoftwareKeyVault;
import kr.kdid.ledger.client.LedgerClient;
import kr.kdid.ledger.proof.TrustPolicy;
import kr.kdid.ledger.testing.LedgerFixture.Actor;
import kr.kdid.node.http.LedgerApi;
import kr.kdid.web.WebServer;

/** A ledger node with its HTTP API on a free loopback port, for integration tests. */
final class TestNode implements AutoCloseable {
  static final String CHAIN = "kdid-it";
  static final char[] PASS = "test-pass".toCharArray();

  final Path dir;
  final SoftwareKeyVault vault;
  final LedgerNode node;
  final WebServer web;
  final URI base;
  final HttpClient http = HttpClient.newHttpClient();

  TestNode(Path dir) {
    this(dir, s -> {});
  }

  /** A node whose progress messages go to {@code say}. */
  TestNode(Path dir, java.util.function.Consumer<String> say) {
    this.dir = dir;
    this.vault =
        SoftwareKeyVault.open(
            dir.resolve("keys"), PASS, Argon2Params.TEST_ONLY, new SecureRandom());
    NodeOptions opts =
        new NodeOptions(dir, "node-1", CHAIN, 2000, 2, 50_000, Clock.systemUTC(), say);
    var metrics = WebServer.newMetrics();
    this.node = NodeBootstrap.start(opts, vault, metrics);
    LedgerApi api = new LedgerApi(node);
    this.web = WebServer.builder(metrics).routes(api::routes).start("127.0.0.1", 0);
    this.base = URI.create("http://127.0.0.1:" + web.port());
  }

  /** The governance authority as an actor that can sign. */
  Actor governance() {
    Signer key = vault.signer(NodeBootstrap.GOVERNANCE_KEY).orElseThrow();
    DidDocument doc = NodeBootstrap.governanceDocument(key);
    return new Actor(
        doc.id(), (kr.kdid.core.crypto.SoftwareKey) key, doc.id().withFragment("key-1"), doc);
  }

  TrustPolicy trust() {
    return LedgerClient.fetchTrustPolicy(List.of(base), 1);
  }

  LedgerClient client() {
    return LedgerClient.create(List.of(base), trust());
  }

  /** A raw HTTP exchange. */
  HttpResponse<String> request(String method, String path, String contentType, byte[] body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
    if (body != null) {
      b.header("Content-Type", contentType)
          .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return request("GET", path, null, null);
  }

  HttpResponse<String> postTx(String jws, boolean wait) throws Exception {
    var o = Json.object();
    o.put("tx", jws);
    return request(
        "POST", "/v1/transactions" + (wait ? "?wait=true" : ""), "application/json", Json.bytes(o));
  }

  @Override
  public void close() {
    web.close();
    node.close();
  }
}
