package kr.kdid.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The load generator's didUpdate clients after a failed request: they read their DID's version
 * again and go on with the transaction that follows it, instead of failing every later update as
 * STALE_VERSION. Runs against a small fake node that keeps one version counter per DID, as the
 * ledger does, and fails chosen requests.
 */
class LoadGeneratorResyncTest {
  private static final Pattern TX = Pattern.compile("\\{\"tx\":\"c(\\d+)-(\\d+)\"}");

  private HttpServer server;

  /** Per client, the DID's current version; created DIDs start at 1. */
  private final Map<Integer, AtomicInteger> versions = new ConcurrentHashMap<>();

  /** Requests (client, index) that commit but lose their response: the connection just closes. */
  private final Set<List<Integer>> loseResponse = ConcurrentHashMap.newKeySet();

  /** Requests (client, index) that are always refused without committing. */
  private final Set<List<Integer>> refuse = ConcurrentHashMap.newKeySet();

  /** Clients whose DID cannot be resolved. */
  private final Set<Integer> unresolvable = ConcurrentHashMap.newKeySet();

  private final AtomicInteger posts = new AtomicInteger();

  /** Refusals come as an HTML error page (a proxy's), not as the node's JSON. */
  private volatile boolean refuseWithPage;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/v1/transactions", this::submit);
    server.createContext("/1.0/identifiers/", this::resolve);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void submit(HttpExchange x) throws IOException {
    posts.incrementAndGet();
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII);
    Matcher m = TX.matcher(body);
    if (!m.matches()) {
      answer(x, 400, "{\"error\":\"MALFORMED\"}");
      return;
    }
    int client = Integer.parseInt(m.group(1));
    int index = Integer.parseInt(m.group(2));
    List<Integer> key = List.of(client, index);
    if (refuse.contains(key)) {
      if (refuseWithPage) {
        answer(x, 502, "<html><body>Bad Gateway</body></html>");
        return;
      }
      answer(x, 503, "{\"error\":\"OVERLOADED\"}");
      return;
    }
    AtomicInteger v = versions.computeIfAbsent(client, c -> new AtomicInteger(1));
    // Transaction `index` updates version index + 1 (the create is version 1).
    if (!v.compareAndSet(index + 1, index + 2)) {
      answer(x, 409, "{\"error\":\"STALE_VERSION\"}");
      return;
    }
    if (loseResponse.remove(key)) {
      // Committed, but the answer never arrives.
      x.close();
      return;
    }
    answer(x, 200, "{\"valid\":true}");
  }

  private void resolve(HttpExchange x) throws IOException {
    String did = x.getRequestURI().getPath().substring("/1.0/identifiers/".length());
    int client = Integer.parseInt(did.substring("did:example:".length()));
    if (unresolvable.contains(client)) {
      answer(x, 500, "not json");
      return;
    }
    int v = versions.computeIfAbsent(client, c -> new AtomicInteger(1)).get();
    answer(x, 200, "{\"didDocumentMetadata\":{\"versionId\":\"" + v + "\"}}");
  }

  private static void answer(HttpExchange x, int status, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
    x.close();
  }

  /** A generator of `clients` didUpdate clients of `perClient` transactions each. */
  private LoadGenerator generator(int clients) {
    LoadGenerator g = new LoadGenerator();
    g.url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    List<String> dids = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      dids.add("did:example:" + c);
    }
    g.updaters = dids;
    return g;
  }

  private static List<List<String>> txs(int clients, int perClient) {
    List<List<String>> out = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      List<String> mine = new ArrayList<>();
      for (int i = 0; i < perClient; i++) {
        mine.add("c" + c + "-" + i);
      }
      out.add(mine);
    }
    return out;
  }

  @Test
  void everyTransactionCommitsWhenNothingFails() throws Exception {
    LoadGenerator.Result r = generator(4).run(txs(4, 25), 0, 25);
    assertThat(r.errors()).isEmpty();
    assertThat(r.committed()).isEqualTo(100);
    assertThat(versions.values()).allSatisfy(v -> assertThat(v.get()).isEqualTo(26));
  }

  @Test
  void aLostAnswerCostsOneTransactionNotTheRestOfTheClient() throws Exception {
    loseResponse.add(List.of(1, 5));
    LoadGenerator.Result r = generator(3).run(txs(3, 20), 0, 20);
    // Client 1's transaction 5 was committed; its answer was lost, the client sent it once more
    // (the connection looked stale) and heard STALE_VERSION, read its version again and went on
    // with transaction 6. Nothing else failed.
    assertThat(r.errors()).isEqualTo(Map.of("STALE_VERSION", 1));
    assertThat(r.committed()).isEqualTo(59);
    assertThat(versions.values()).allSatisfy(v -> assertThat(v.get()).isEqualTo(21));
  }

  @Test
  void aRunStartedPastTheFirstTransactionResyncsFromTheLedger() throws Exception {
    // The measured part starts at index 10, after a warm-up that ran 0..9.
    LoadGenerator g = generator(2);
    g.run(txs(2, 30), 0, 10);
    loseResponse.add(List.of(0, 12));
    LoadGenerator.Result r = g.run(txs(2, 30), 10, 30);
    assertThat(r.errors()).isEqualTo(Map.of("STALE_VERSION", 1));
    assertThat(r.committed()).isEqualTo(39);
    assertThat(versions.get(0).get()).isEqualTo(31);
  }

  @Test
  void aRefusalThatRepeatsStopsOnlyThatClientAfterThreeRetries() throws Exception {
    refuse.add(List.of(2, 3));
    LoadGenerator.Result r = generator(3).run(txs(3, 10), 0, 10);
    assertThat(r.errors()).isEqualTo(Map.of("OVERLOADED", 4, "CLIENT_STOPPED", 1));
    assertThat(r.committed()).isEqualTo(10 + 10 + 3);
    assertThat(versions.get(2).get()).isEqualTo(4);
  }

  @Test
  void aClientWhoseDidCannotBeReadStops() throws Exception {
    refuse.add(List.of(0, 2));
    unresolvable.add(0);
    LoadGenerator.Result r = generator(2).run(txs(2, 10), 0, 10);
    assertThat(r.errors()).isEqualTo(Map.of("OVERLOADED", 1, "CLIENT_STOPPED", 1));
    assertThat(r.committed()).isEqualTo(2 + 10);
  }

  @Test
  void aRefusalWithoutAJsonBodyIsCountedByItsStatus() throws Exception {
    refuse.add(List.of(0, 4));
    refuseWithPage = true;
    LoadGenerator.Result r = generator(1).run(txs(1, 10), 0, 10);
    assertThat(r.errors()).isEqualTo(Map.of("HTTP_502", 4, "CLIENT_STOPPED", 1));
    assertThat(r.committed()).isEqualTo(4);
  }

  @Test
  void theLastTransactionsLostAnswerEndsTheClientWithoutAnotherRequest() throws Exception {
    loseResponse.add(List.of(0, 9));
    LoadGenerator.Result r = generator(1).run(txs(1, 10), 0, 10);
    assertThat(r.committed()).isEqualTo(9);
    assertThat(r.errors()).isEqualTo(Map.of("STALE_VERSION", 1));
    // 10 transactions, the lost one sent twice.
    assertThat(posts.get()).isEqualTo(11);
    assertThat(versions.get(0).get()).isEqualTo(11);
  }
}
