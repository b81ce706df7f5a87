package kr.kdid.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import kr.kdid.core.json.Json;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.ledger.tx.TxBody;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Submits signed transactions to a ledger node over HTTP from many concurrent clients, each waiting
 * for its transaction's block ({@code ?wait=true}), and reports committed transactions per second
 * and the commit latency (p50, p99). Transactions are signed before the clock starts.
 *
 * <p>By default it starts a fresh node of its own ({@code kdid node} in a separate JVM, on a free
 * loopback port and a temporary data directory) and stops it afterwards; {@code --nodes} starts a
 * local cluster instead, and {@code --url} targets running nodes (one, or a cluster's, such as one
 * machine per node), over which the clients are spread evenly. Either workload needs nothing from
 * the nodes' operator: the clients create their own DIDs.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "HTTP load generator for a K-DID ledger node or cluster: signed transactions from many"
          + " concurrent clients, each waiting for its commit; reports tx/s and p50/p99 commit"
          + " latency.",
      "On Linux it also prints the CPU of every thread group of the node(s) it started and of"
          + " itself while measuring (from /proc). Its -Dkdid.* settings are passed to the node(s)."
    })
public final class LoadGenerator implements java.util.concurrent.Callable<Integer> {

  @Option(
      names = "--url",
      split = ",",
      paramLabel = "URL",
      description =
          "Running node(s) to load instead of starting them: one URL, or a cluster's nodes"
              + " separated by commas (say, one machine per node), over which the clients are"
              + " spread evenly.")
  List<URI> urls = List.of();

  /** The node that the generator reads from (the chain, DIDs): the first target. */
  URI url;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--nodes",
      defaultValue = "0",
      description =
          "Start a local cluster of this many nodes (kdid cluster up) and spread the clients over"
              + " them; 0 (default) starts a single `kdid node`.")
  int nodes;

  @Option(names = "--txs", defaultValue = "30000", description = "Transactions to submit.")
  int txs;

  @Option(
      names = "--warmup",
      defaultValue = "60000",
      description = "Untimed transactions first (a fresh node's JIT needs tens of thousands).")
  int warmup;

  @Option(names = "--clients", defaultValue = "128", description = "Concurrent clients.")
  int clients;

  @Option(
      names = "--workload",
      defaultValue = "didUpdate",
      description =
          "didCreate: each transaction creates a DID with a fresh key. didUpdate: each client owns"
              + " a DID and updates it again and again (keys reused).")
  String workload;

  @Option(
      names = "--app-jar",
      defaultValue = "kdid-app/target/kdid-app.jar",
      description = "The kdid launcher jar, to start a node.")
  Path appJar;

  public static void main(String[] args) {
    System.exit(ServerProcess.commandLine(new LoadGenerator()).execute(args));
  }

  private List<URI> targets;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .executor(Executors.newVirtualThreadPerTaskExecutor())
          .build();

  @Override
  public Integer call() throws Exception {
    Result r = measure();
    System.out.println(r.report());
    System.out.println("RESULT_JSON " + Json.string(r.json()));
    return r.errors.isEmpty() ? 0 : 1;
  }

  /**
   * The share of the measured processes' CPU that their JIT compilers took while measuring, after
   * {@link #measure()} (NaN where there is no /proc): how far from a steady state the measurement
   * was.
   */
  double jitShare = Double.NaN;

  /** Runs the whole measurement (starting and stopping a node unless --url was given). */
  Result measure() throws Exception {
    List<URI> given =
        checkedUrls(urls, nodes, () -> spec != null ? spec.commandLine() : new CommandLine(this));
    ServerProcess node =
        !given.isEmpty()
            ? null
            : nodes > 0
                ? ServerProcess.startCluster(appJar, nodes)
                : ServerProcess.start(appJar, "node", Map.of());
    try {
      this.targets = node != null ? node.urls : given;
      this.url = targets.get(0);
      JsonNode chain = getJson("/v1/chain");
      String chainId = chain.path("chainId").asText();
      System.out.println("machine: " + Machine.describe());
      System.out.printf(
          "signing %d transactions (%s, %d clients)...%n", warmup + txs, workload, clients);
      List<List<String>> perClient = prepare(chainId);
      System.out.println("warming up...");
      run(perClient, 0, warmup / clients);
      System.out.println("measuring...");
      Optional<ThreadCpu> cpu = ThreadCpu.of(measuredProcesses(node));
      ThreadCpu.Snapshot before = cpu.map(ThreadCpu::snapshot).orElse(null);
      Result r = run(perClient, warmup / clients, (warmup + txs) / clients);
      if (cpu.isPresent()) {
        ThreadCpu.Snapshot after = cpu.get().snapshot();
        System.out.print(ThreadCpu.format(before, after, r.committed()));
        jitShare = ThreadCpu.share(ThreadCpu.between(before, after, r.committed()), ThreadCpu.JIT);
      }
      return r;
    } finally {
      if (node != null) {
        node.close();
      }
    }
  }

  /**
   * The --url targets, checked: each an http URL with a host and a port, none named twice, and not
   * together with --nodes (which starts a cluster of its own).
   *
   * @param command the command line an error is reported for (made only then)
   * @throws CommandLine.ParameterException with a message naming the problem
   */
  static List<URI> checkedUrls(
      List<URI> urls, int nodes, java.util.function.Supplier<CommandLine> command) {
    if (urls.isEmpty()) {
      return List.of();
    }
    if (nodes > 0) {
      throw new CommandLine.ParameterException(
          command.get(),
          "--url loads running nodes and --nodes starts a cluster: give one of them");
    }
    for (URI u : urls) {
      // Its clients speak plain HTTP/1.1 on their own sockets: no TLS, and no default port.
      if (!"http".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 0) {
        throw new CommandLine.ParameterException(
            command.get(),
            "--url needs plain http://host:port URLs (the load generator does not speak TLS), not '"
                + u
                + "'");
      }
    }
    if (new java.util.HashSet<>(urls).size() != urls.size()) {
      throw new CommandLine.ParameterException(command.get(), "--url names a node twice: " + urls);
    }
    return List.copyOf(urls);
  }

  /**
   * The processes whose CPU the measurement reports: this load generator and, if it started them,
   * the node or the cluster's node JVMs.
   */
  private static Map<Long, String> measuredProcesses(ServerProcess node) {
    Map<Long, String> out = new LinkedHashMap<>();
    if (node != null) {
      List<ProcessHandle> jvms =
          node.process.descendants().filter(ProcessHandle::isAlive).sorted().toList();
      if (jvms.isEmpty()) {
        out.put(node.process.pid(), "node");
      } else {
        out.put(node.process.pid(), "cluster launcher");
        for (ProcessHandle jvm : jvms) {
          out.put(jvm.pid(), "node pid " + jvm.pid());
        }
      }
    }
    out.put(ProcessHandle.current().pid(), "load generator");
    return out;
  }

  private JsonNode getJson(String path) throws IOException, InterruptedException {
    var r =
        http.send(
            HttpRequest.newBuilder(url.resolve(path)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return Json.parse(r.body());
  }

  /** True if the node resolves the DID (false on any error). */
  private boolean exists(String did) {
    try {
      var r =
          http.send(
              HttpRequest.newBuilder(url.resolve("/1.0/identifiers/" + did)).build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Per client, its transactions in submission order. */
  private List<List<String>> prepare(String chainId) throws Exception {
    int perClient = (warmup + txs) / clients;
    List<List<String>> out = new ArrayList<>();
    if (workload.equals("didCreate")) {
      List<Transaction> all = Workloads.didCreates(chainId, perClient * clients);
      for (int c = 0; c < clients; c++) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < perClient; i++) {
          l.add(all.get(c * perClient + i).encoded());
        }
        out.add(l);
      }
      return out;
    }
    if (!workload.equals("didUpdate")) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "unknown workload " + workload);
    }
    // Each client's DID is created first (untimed), then updated perClient times.
    List<Workloads.Actor> actors =
        IntStream.range(0, clients).parallel().mapToObj(i -> Workloads.actor()).toList();
    List<List<String>> creates = new ArrayList<>();
    for (Workloads.Actor a : actors) {
      creates.add(List.of(a.sign(chainId, new TxBody.DidCreate(a.document())).encoded()));
    }
    Result created = run(creates, 0, 1);
    // A client whose DID is missing would see only UNKNOWN_SIGNER: create the missing ones again
    // (a connection refused or reset while a node is still starting), and say so.
    for (int attempt = 1; attempt <= 3; attempt++) {
      List<List<String>> missing = new ArrayList<>();
      for (int i = 0; i < actors.size(); i++) {
        if (!exists(actors.get(i).did().toString())) {
          missing.add(creates.get(i));
        }
      }
      if (missing.isEmpty()) {
        break;
      }
      System.out.println(
          missing.size()
              + " clients' DIDs are missing after creating them ("
              + created.errors
              + "); creating them again");
      Thread.sleep(500L * attempt);
      created = run(missing, 0, 1);
    }
    updaters = actors.stream().map(a -> a.did().toString()).toList();
    for (Workloads.Actor a : actors) {
      out.add(
          IntStream.range(0, perClient)
              .parallel()
              .mapToObj(
                  v ->
                      a.sign(chainId, new TxBody.DidUpdate(a.did(), v + 1, a.document())).encoded())
              .toList());
    }
    return out;
  }

  record Result(
      int committed, double seconds, long[] latenciesMicros, Map<String, Integer> errors) {
    double tps() {
      return committed / seconds;
    }

    double percentileMillis(double p) {
      if (latenciesMicros.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.min(latenciesMicros.length - 1, Math.ceil(p * latenciesMicros.length) - 1);
      return latenciesMicros[Math.max(0, i)] / 1000.0;
    }

    String report() {
      return String.format(
          "committed %d transactions in %.2f s: %.0f tx/s; commit latency p50 %.1f ms, p99 %.1f ms"
              + "%s",
          committed,
          seconds,
          tps(),
          percentileMillis(0.50),
          percentileMillis(0.99),
          errors.isEmpty() ? "" : "; errors " + errors);
    }

    com.fasterxml.jackson.databind.node.ObjectNode json() {
      var o = Json.object();
      o.put("committed", committed);
      o.put("seconds", seconds);
      o.put("tps", Math.round(tps()));
      o.put("p50ms", percentileMillis(0.50));
      o.put("p99ms", percentileMillis(0.99));
      o.set("errors", Json.tree(errors));
      return o;
    }
  }

  /**
   * An I/O error's name for the error counts: its class and message ("SocketException: Connection
   * reset"), so that a report says what went wrong, not only that something did.
   */
  static String errorName(IOException e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return e.getClass().getSimpleName() + ": " + (m.length() > 80 ? m.substring(0, 80) : m);
  }

  /**
   * For didUpdate, each client's DID (client i's transaction j names version j + 1 as the previous
   * one); null for other workloads.
   */
  List<String> updaters;

  /**
   * After a failed request of a didUpdate client (an I/O error, a refusal), the index of the
   * transaction that follows the DID's current version on the ledger, as a real client would
   * resolve again; -1 if it cannot be read. Without this, one lost request failed every later
   * update of that client as STALE_VERSION.
   */
  private int resync(int client) {
    try {
      JsonNode r = getJson("/1.0/identifiers/" + updaters.get(client));
      long version = Long.parseLong(r.path("didDocumentMetadata").path("versionId").asText("0"));
      return version >= 1 && version <= Integer.MAX_VALUE ? (int) version - 1 : -1;
    } catch (IOException | RuntimeException e) {
      // Unreachable, not JSON (an error page), no version: the client cannot know where it is.
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Runs items [from, to) of every client's list concurrently. */
  Result run(List<List<String>> perClient, int from, int to) throws InterruptedException {
    int n = perClient.size() * (to - from);
    long[] lat = new long[n];
    AtomicInteger next = new AtomicInteger();
    LongAdder committed = new LongAdder();
    Map<String, Integer> errors = new ConcurrentHashMap<>();
    long start = System.nanoTime();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int ci = 0; ci < perClient.size(); ci++) {
        List<String> mine = perClient.get(ci);
        // Clients spread evenly over the nodes; each node forwards its blocks to the leader.
        URI node = targets == null ? url : targets.get(ci % targets.size());
        int client = ci;
        ex.submit(
            () -> {
              try (MiniHttpClient c = new MiniHttpClient(node.getHost(), node.getPort())) {
                int retries = 0;
                for (int i = from; i < to; i++) {
                  boolean failed = true;
                  byte[] body =
                      ("{\"tx\":\"" + mine.get(i) + "\"}").getBytes(StandardCharsets.US_ASCII);
                  long t0 = System.nanoTime();
                  try {
                    MiniHttpClient.Response r = c.post("/v1/transactions?wait=true", body);
                    long t = (System.nanoTime() - t0) / 1000;
                    if (r.status() == 200) {
                      lat[next.getAndIncrement()] = t;
                      committed.increment();
                      failed = false;
                      retries = 0;
                    } else {
                      errors.merge(r.errorCode("error"), 1, Integer::sum);
                    }
                  } catch (IOException e) {
                    errors.merge(errorName(e), 1, Integer::sum);
                  }
                  if (failed && updaters != null) {
                    int j = resync(client);
                    if (j == to) {
                      break; // the failed request had been committed, and it was the last one
                    }
                    // Three tries of one transaction in a row at most: a refusal that repeats
                    // cannot hold a client forever. A client that cannot go on stops and is
                    // counted under CLIENT_STOPPED.
                    if (j < from || j >= to || (j <= i && ++retries > 3)) {
                      errors.merge("CLIENT_STOPPED", 1, Integer::sum);
                      break;
                    }
                    i = j - 1; // the loop's increment makes it j
                  }
                }
              } catch (RuntimeException e) {
                // Never lose a client silently (a task's exception would vanish in its future).
                errors.merge("CLIENT_FAILED: " + e, 1, Integer::sum);
              }
            });
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] got = Arrays.copyOf(lat, next.get());
    Arrays.sort(got);
    return new Result(committed.intValue(), seconds, got, errors);
  }
}
