package kr.kdid.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A K-DID server in a JVM of its own (so that the load generator's CPU is not counted as the
 * server's), on a free loopback port and a temporary data directory that is deleted afterwards.
 */
final class ServerProcess implements AutoCloseable {
  final Process process;
  final URI url;
  final Path dir;
  final List<URI> urls;

  private ServerProcess(Process process, URI url, Path dir) {
    this(process, List.of(url), dir);
  }

  private ServerProcess(Process process, List<URI> urls, Path dir) {
    this.process = process;
    this.url = urls.get(0);
    this.urls = List.copyOf(urls);
    this.dir = dir;
  }

  /**
   * Starts {@code kdid cluster up --nodes n} (one JVM per node, on loopback) and waits until every
   * node is healthy.
   */
  static ServerProcess startCluster(Path appJar, int nodes)
      throws IOException, InterruptedException {
    requireJar(appJar);
    Path dir = Files.createTempDirectory("kdid-cluster-load");
    int httpBase = freeRun(nodes);
    int raftBase = freeRun(nodes);
    List<String> cmd = javaCommand();
    cmd.addAll(
        List.of(
            "-jar",
            appJar.toString(),
            "cluster",
            "up",
            "--nodes",
            Integer.toString(nodes),
            "--data-dir",
            dir.resolve("cluster").toString(),
            "--port",
            Integer.toString(httpBase),
            "--raft-port",
            Integer.toString(raftBase)));
    Process p = spawn(cmd, dir.resolve("cluster.log"), Map.of());
    List<URI> urls = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      urls.add(URI.create("http://127.0.0.1:" + (httpBase + i)));
    }
    System.out.println(
        "started `kdid cluster up --nodes " + nodes + "` (pid " + p.pid() + "), data " + dir);
    ServerProcess s = new ServerProcess(p, urls, dir);
    return healthyOrClosed(s);
  }

  /**
   * A benchmark tool's command line: a server that does not start, or a launcher jar that is not
   * there, ends it with a message and exit code 2 instead of a stack trace.
   */
  static picocli.CommandLine commandLine(Object command) {
    return new picocli.CommandLine(command)
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              if (e instanceof IllegalStateException || e instanceof IOException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 2;
              }
              throw e;
            });
  }

  private static void requireJar(Path appJar) {
    if (!Files.isRegularFile(appJar)) {
      throw new IllegalStateException(
          "the kdid launcher jar "
              + appJar.toAbsolutePath()
              + " does not exist: run from the repository root after building it (./mvnw package"
              + " -Pbench -DskipTests), or pass --app-jar (or --url for a running server)");
    }
  }

  /** Starts a server command with its output in a log file and a passphrase for its keys. */
  private static Process spawn(List<String> cmd, Path log, Map<String, String> env)
      throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("KDID_PASSPHRASE", "load-generator");
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Waits until the server answers; stops it if it never does. */
  private static ServerProcess healthyOrClosed(ServerProcess s) throws InterruptedException {
    try {
      s.waitForHealth();
    } catch (RuntimeException | InterruptedException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** This JVM's java with the options every server needs. */
  static List<String> javaCommand() {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.addAll(kr.kdid.app.NodeJvm.hugePages());
    // The tool's own -Dkdid.* settings go to the server (and, through `kdid cluster up`, to every
    // node), so that a setting can be compared under the same load.
    System.getProperties().stringPropertyNames().stream()
        .filter(n -> n.startsWith("kdid."))
        .sorted()
        .forEach(n -> cmd.add("-D" + n + "=" + System.getProperty(n)));
    return cmd;
  }

  /** The first of {@code n} consecutive free loopback ports. */
  private static int freeRun(int n) throws IOException {
    java.util.Random r = new java.util.Random();
    for (int attempt = 0; attempt < 200; attempt++) {
      // Below Linux's ephemeral range (32768-60999): a port chosen there can be taken, before the
      // node binds it, by an outgoing connection (the nodes' own Raft clients), and the node exits.
      int base = 20_000 + r.nextInt(12_000);
      boolean free = true;
      for (int i = 0; i < n && free; i++) {
        try (ServerSocket s = new ServerSocket(base + i)) {
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

  /**
   * Starts {@code kdid <command>} from the launcher jar and waits for its health endpoint.
   *
   * @param command "node" or "up"
   */
  static ServerProcess start(Path appJar, String command, Map<String, String> env)
      throws IOException, InterruptedException {
    requireJar(appJar);
    Path dir = Files.createTempDirectory("kdid-load");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> cmd = javaCommand();
    cmd.addAll(
        List.of(
            "-jar",
            appJar.toString(),
            command,
            "--data-dir",
            dir.resolve("data").toString(),
            "--port",
            Integer.toString(port)));
    Process p = spawn(cmd, dir.resolve("server.log"), env);
    URI url = URI.create("http://127.0.0.1:" + port);
    System.out.println(
        "started `kdid " + command + "` (pid " + p.pid() + ") at " + url + ", data " + dir);
    ServerProcess s = new ServerProcess(p, url, dir);
    return healthyOrClosed(s);
  }

  private void waitForHealth() throws InterruptedException {
    for (URI u : urls) {
      waitForHealth(u);
    }
  }

  private void waitForHealth(URI url) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited:\n" + logTail());
      }
      try {
        var r =
            http.send(
                HttpRequest.newBuilder(url.resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the server did not come up in 3 minutes:\n" + logTail());
  }

  /**
   * The last lines of the server's output, for an error message (the data directory with the log is
   * deleted when the server is closed).
   */
  private String logTail() {
    try (var files = Files.list(dir)) {
      Path log = files.filter(f -> f.toString().endsWith(".log")).findFirst().orElse(null);
      if (log == null) {
        return "  (no output)";
      }
      List<String> lines = Files.readAllLines(log);
      StringBuilder b = new StringBuilder();
      for (String l : lines.subList(Math.max(0, lines.size() - 20), lines.size())) {
        b.append("  ").append(l).append('\n');
      }
      return b.toString();
    } catch (IOException | RuntimeException e) {
      return "  (output unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
