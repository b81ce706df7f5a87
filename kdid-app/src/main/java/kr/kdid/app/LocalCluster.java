package kr.kdid.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.keys.KeyVault;
import kr.kdid.core.keys.SoftwareKeyVault;
import kr.kdid.node.NodeBootstrap;
import kr.kdid.node.cluster.ClusterConfig;
import kr.kdid.node.cluster.Peer;

/**
 * A ledger cluster on loopback, each node a separate JVM (so that killing one is real): the data
 * directories, node keys and peers file, and the processes. Used by {@code kdid cluster up} and by
 * the fault tests.
 */
public final class LocalCluster implements AutoCloseable {
  /** The peers file inside the cluster directory. */
  public static final String PEERS = "peers.conf";

  private final Path dir;
  private final ClusterConfig config;
  private final PrintStream out;
  private final List<String> jvmOptions;
  private final Process[] processes;

  /** Per node, its last output lines (for saying why a node did not come up). */
  private final List<java.util.Deque<String>> recent = new ArrayList<>();

  private static final int RECENT_LINES = 30;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private LocalCluster(Path dir, ClusterConfig config, PrintStream out, List<String> jvmOptions) {
    this.dir = dir;
    this.config = config;
    this.out = out;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.processes = new Process[config.peers().size()];
    for (int i = 0; i < processes.length; i++) {
      recent.add(new java.util.ArrayDeque<>());
    }
  }

  /**
   * Opens the cluster in {@code dir}, creating its node directories, keys and peers file on first
   * use.
   *
   * @param nodes how many nodes (used only when creating)
   * @throws UserException if an existing cluster there has another size, or on I/O trouble
   */
  public static LocalCluster prepare(
      Path dir,
      int nodes,
      String host,
      int httpBasePort,
      int raftBasePort,
      PrintStream out,
      List<String> jvmOptions) {
    Path peers = dir.resolve(PEERS);
    try {
      if (Files.exists(peers)) {
        ClusterConfig existing = ClusterConfig.read(peers, "node-1");
        if (existing.peers().size() != nodes) {
          throw new UserException(
              "a cluster of "
                  + existing.peers().size()
                  + " nodes already lives in "
                  + dir
                  + "; use --nodes "
                  + existing.peers().size()
                  + " or another --data-dir");
        }
        return new LocalCluster(dir, existing, out, jvmOptions);
      }
      List<Peer> list = new ArrayList<>();
      for (int i = 1; i <= nodes; i++) {
        String id = "node-" + i;
        Path nodeDir = dir.resolve(id);
        VerificationKey key = nodeKey(nodeDir, id, out);
        list.add(
            new Peer(
                id,
                host + ":" + (raftBasePort + i - 1),
                URI.create("http://" + host + ":" + (httpBasePort + i - 1)),
                key));
      }
      ClusterConfig config = new ClusterConfig("node-1", list);
      Files.createDirectories(dir);
      Files.writeString(peers, config.format(), StandardCharsets.UTF_8);
      out.println("created a " + nodes + "-node cluster in " + dir);
      return new LocalCluster(dir, config, out, jvmOptions);
    } catch (IOException e) {
      throw new UserException("cannot prepare the cluster in " + dir + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new UserException("the peers file " + peers + " is not right: " + e.getMessage());
    }
  }

  /** Creates (or reads) a node's header-signing key in its data directory's key vault. */
  static VerificationKey nodeKey(Path nodeDir, String nodeId, PrintStream out) {
    char[] pass = Passphrases.resolve(nodeDir, null, out);
    KeyVault vault = SoftwareKeyVault.open(nodeDir.resolve("keys"), pass);
    String alias = NodeBootstrap.nodeKeyAlias(nodeId);
    return vault
        .signer(alias)
        .orElseGet(() -> vault.generate(alias, SignatureAlgorithm.ES256))
        .publicKey();
  }

  public Path dir() {
    return dir;
  }

  public ClusterConfig config() {
    return config;
  }

  public Path peersFile() {
    return dir.resolve(PEERS);
  }

  public int size() {
    return processes.length;
  }

  public Path nodeDir(int i) {
    return dir.resolve(config.peers().get(i).id());
  }

  public URI url(int i) {
    return config.peers().get(i).httpUrl();
  }

  public List<URI> urls() {
    return config.peers().stream().map(Peer::httpUrl).toList();
  }

  /** The process of node i, or null if not started. */
  public Process process(int i) {
    return processes[i];
  }

  /** Starts node i as a child JVM; its output goes to {@code out}, each line prefixed. */
  public synchronized void start(int i) {
    if (processes[i] != null && processes[i].isAlive()) {
      throw new IllegalStateException("node " + (i + 1) + " is running");
    }
    Peer p = config.peers().get(i);
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 24) {
      // Ratis's bundled Netty uses sun.misc.Unsafe; say it is expected.
      cmd.add("--sun-misc-unsafe-memory-access=allow");
    }
    cmd.addAll(NodeJvm.hugePages());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.add("node");
    cmd.add("--data-dir=" + nodeDir(i));
    cmd.add("--node-id=" + p.id());
    cmd.add("--peers=" + peersFile());
    cmd.add("--host=" + p.httpUrl().getHost());
    cmd.add("--port=" + p.httpUrl().getPort());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove(AdminTokens.ENV);
    Process proc;
    try {
      proc = pb.start();
    } catch (IOException e) {
      throw new UserException("cannot start " + p.id() + ": " + e.getMessage());
    }
    processes[i] = proc;
    String prefix = "[" + p.id() + "] ";
    java.util.Deque<String> lines = recent.get(i);
    synchronized (lines) {
      lines.clear();
    }
    Thread.ofPlatform()
        .daemon()
        .name("kdid-cluster-out-" + p.id())
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  out.println(prefix + line);
                  synchronized (lines) {
                    if (lines.size() == RECENT_LINES) {
                      lines.removeFirst();
                    }
                    lines.addLast(line);
                  }
                }
              } catch (IOException e) {
                // the process went away
              }
            });
  }

  /** Starts every node that is not running. */
  public void startAll() {
    for (int i = 0; i < processes.length; i++) {
      if (processes[i] == null || !processes[i].isAlive()) {
        start(i);
      }
    }
  }

  /** Stops node i cleanly (SIGTERM) and waits for it. */
  public void stop(int i) throws InterruptedException {
    Process p = processes[i];
    if (p != null && p.isAlive()) {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
  }

  /** Kills node i at once (SIGKILL): no shutdown hooks, no flushing. */
  public void kill(int i) throws InterruptedException {
    Process p = processes[i];
    if (p != null && p.isAlive()) {
      p.destroyForcibly().waitFor();
    }
  }

  /** Deletes node i's ledger and Raft log, keeping its keys (the node must be stopped). */
  public void wipe(int i) throws IOException {
    if (processes[i] != null && processes[i].isAlive()) {
      throw new IllegalStateException("stop node " + (i + 1) + " before wiping it");
    }
    for (String sub : List.of("ledger", "raft")) {
      kr.kdid.core.io.FileTrees.delete(nodeDir(i).resolve(sub));
    }
  }

  /** True if node i answers 200 on /health. */
  public boolean healthy(int i) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(url(i).resolve("/health"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Which of these nodes are not healthy, and for each whether its process still runs and its last
   * output lines: what a caller shows when {@link #awaitHealthy} gave up.
   */
  public String whyNotHealthy(List<Integer> nodes) {
    StringBuilder b = new StringBuilder();
    for (int i : nodes) {
      if (healthy(i)) {
        continue;
      }
      Process proc = processes[i];
      b.append(config.peers().get(i).id())
          .append(
              proc == null
                  ? " was never started"
                  : proc.isAlive()
                      ? " is running but not healthy"
                      : " exited with code " + proc.exitValue())
          .append("; its last output:\n");
      java.util.Deque<String> lines = recent.get(i);
      synchronized (lines) {
        lines.forEach(l -> b.append("  ").append(l).append('\n'));
      }
    }
    return b.toString();
  }

  /**
   * Waits until the given nodes answer healthy.
   *
   * @return false if one did not within the timeout or its process exited
   */
  public boolean awaitHealthy(List<Integer> nodes, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i : nodes) {
      while (!healthy(i)) {
        if (System.nanoTime() > deadline || processes[i] == null || !processes[i].isAlive()) {
          return false;
        }
        Thread.sleep(100);
      }
    }
    return true;
  }

  @Override
  public void close() {
    for (Process p : processes) {
      if (p != null && p.isAlive()) {
        p.destroy();
      }
    }
    for (Process p : processes) {
      if (p != null) {
        try {
          if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          p.destroyForcibly();
        }
      }
    }
  }
}
