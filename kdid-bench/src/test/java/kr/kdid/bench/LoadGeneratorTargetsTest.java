package kr.kdid.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --url} with several running nodes (a cluster on other machines): the clients are spread
 * evenly over them, and bad combinations are refused with a message.
 */
class LoadGeneratorTargetsTest {
  private final List<HttpServer> servers = new ArrayList<>();

  /** A fake node that commits everything and counts the transactions it was sent. */
  private URI fakeNode(AtomicInteger posts) throws IOException {
    HttpServer s =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    s.createContext("/v1/chain", x -> answer(x, "{\"chainId\":\"kdid-test\"}"));
    s.createContext(
        "/v1/transactions",
        x -> {
          x.getRequestBody().readAllBytes();
          posts.incrementAndGet();
          answer(x, "{\"valid\":true}");
        });
    s.start();
    servers.add(s);
    return URI.create("http://127.0.0.1:" + s.getAddress().getPort());
  }

  private static void answer(HttpExchange x, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(200, b.length);
    x.getResponseBody().write(b);
    x.close();
  }

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
  }

  private static LoadGenerator parsed(String... args) {
    LoadGenerator g = new LoadGenerator();
    new CommandLine(g).parseArgs(args);
    return g;
  }

  @Test
  void clientsAreSpreadEvenlyOverTheGivenNodes() throws Exception {
    AtomicInteger first = new AtomicInteger();
    AtomicInteger second = new AtomicInteger();
    AtomicInteger third = new AtomicInteger();
    String urls = fakeNode(first) + "," + fakeNode(second) + "," + fakeNode(third);
    LoadGenerator g =
        parsed(
            "--url",
            urls,
            "--workload",
            "didCreate",
            "--clients",
            "6",
            "--warmup",
            "12",
            "--txs",
            "18");

    LoadGenerator.Result r = g.measure();

    assertThat(r.errors()).isEmpty();
    assertThat(r.committed()).isEqualTo(18);
    // 30 transactions in all (warm-up included), 6 clients, 2 per node: 10 per node.
    assertThat(List.of(first.get(), second.get(), third.get())).containsExactly(10, 10, 10);
  }

  @Test
  void oneUrlStillWorks() throws Exception {
    AtomicInteger posts = new AtomicInteger();
    LoadGenerator g =
        parsed(
            "--url",
            fakeNode(posts).toString(),
            "--workload",
            "didCreate",
            "--clients",
            "2",
            "--warmup",
            "2",
            "--txs",
            "4");
    assertThat(g.measure().committed()).isEqualTo(4);
    assertThat(posts.get()).isEqualTo(6);
  }

  /**
   * Asserts that checking these --url values (with --nodes) is refused with this in its message.
   */
  private static void assertRefused(int nodes, String message, String... urls) {
    List<URI> given = java.util.Arrays.stream(urls).map(URI::create).toList();
    assertThatThrownBy(
            () ->
                LoadGenerator.checkedUrls(given, nodes, () -> new CommandLine(new LoadGenerator())))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining(message);
  }

  @Test
  void urlsAndNodesTogetherAreRefused() {
    assertRefused(3, "give one of them", "http://127.0.0.1:8080");
  }

  @Test
  void aUrlWithoutSchemeOrHostIsRefused() {
    // "node-a:8080" parses as a URI whose scheme is "node-a": not an http URL.
    assertRefused(0, "http://host:port", "node-a:8080");
    assertRefused(0, "ftp://node-a:21", "ftp://node-a:21");
    // Its clients speak plain HTTP on their own sockets: no TLS, and the port must be given.
    assertRefused(0, "does not speak TLS", "https://node-a:8443");
    assertRefused(0, "http://host:port", "http://node-a");
  }

  @Test
  void aNodeNamedTwiceIsRefused() {
    assertRefused(0, "twice", "http://10.0.0.1:8080", "http://10.0.0.1:8080");
  }

  /** Runs the command line; returns what it printed as errors, having checked it failed. */
  private static String failedRun(String... args) {
    java.io.StringWriter err = new java.io.StringWriter();
    CommandLine cmd = ServerProcess.commandLine(new LoadGenerator());
    cmd.setErr(new java.io.PrintWriter(err));
    assertThat(cmd.execute(args)).isNotZero();
    return err.toString();
  }

  @Test
  void theCommandLineSaysWhatIsWrongAndExitsNonZero() {
    assertThat(failedRun("--url", "http://127.0.0.1:1", "--nodes", "3"))
        .contains("give one of them");
    // Not a URI at all: picocli's own conversion refuses it.
    assertThat(failedRun("--url", "127.0.0.1:8080")).contains("127.0.0.1:8080");
  }
}
