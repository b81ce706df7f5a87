package kr.kdid.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kdid cluster}: a ledger cluster on this machine, for trying it out. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    subcommands = {ClusterCommand.Up.class},
    description = "A ledger cluster on this machine's loopback interface, one process per node.")
final class ClusterCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code kdid cluster up}. */
  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = {
        "Start a ledger cluster on loopback: creates each node's data directory, keys and the"
            + " peers file on first use, starts every node as its own process and prints their"
            + " URLs. Ctrl-C stops them all.",
        "Kill a node (its PID is printed) to watch the others carry on; start it again with the"
            + " same command in another terminal, or restart the whole cluster."
      })
  static final class Up implements Callable<Integer> {
    @Option(
        names = "--nodes",
        paramLabel = "N",
        description =
            "How many nodes, 1 to 7 (default: ${DEFAULT-VALUE}; 3 or 5 tolerate 1 or 2"
                + " failures).",
        defaultValue = "3")
    int nodes;

    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description = "Where the cluster lives (default: ${DEFAULT-VALUE}).",
        defaultValue = "${env:KDID_DATA_DIR:-./data}/cluster")
    Path dir;

    @Option(
        names = "--port",
        paramLabel = "PORT",
        description = "HTTP port of the first node; the others follow (default: ${DEFAULT-VALUE}).",
        defaultValue = "8081")
    int port;

    @Option(
        names = "--raft-port",
        paramLabel = "PORT",
        description = "Raft port of the first node; the others follow (default: ${DEFAULT-VALUE}).",
        defaultValue = "9871")
    int raftPort;

    @Override
    public Integer call() throws InterruptedException {
      if (nodes < 1 || nodes > 7) {
        throw new UserException("--nodes must be between 1 and 7");
      }
      PrintStream out = System.out;
      LocalCluster cluster =
          LocalCluster.prepare(
              dir, nodes, "127.0.0.1", port, raftPort, out, nodeOptions(System.getProperties()));
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              Thread.ofPlatform()
                  .unstarted(
                      () -> {
                        out.println("stopping the cluster...");
                        cluster.close();
                        out.println("cluster stopped.");
                        stopped.countDown();
                      }));
      cluster.startAll();
      out.println("starting " + nodes + " ledger nodes (peers file " + cluster.peersFile() + ")");
      List<Integer> all = IntStream.range(0, nodes).boxed().toList();
      if (!cluster.awaitHealthy(all, Duration.ofMinutes(3))) {
        out.println("not every node came up; see the output above. Stopping.");
        System.exit(3);
      }
      out.println();
      out.println("K-DID ledger cluster is up:");
      for (int i = 0; i < nodes; i++) {
        out.println(
            "  "
                + cluster.config().peers().get(i).id()
                + "  "
                + cluster.url(i)
                + "/v1/chain  (raft "
                + cluster.config().peers().get(i).raftAddress()
                + ", pid "
                + cluster.process(i).pid()
                + ")");
      }
      out.println("  clients take every node's URL and fail over between them.");
      out.println("Press Ctrl-C to stop.");
      out.flush();
      stopped.await();
      return 0;
    }
  }

  /**
   * The JVM options a local cluster's nodes get from the launcher: its K-DID settings ({@code
   * -Dkdid.*}, e.g. from {@code KDID_JAVA_OPTS}), so that a tuning tried on {@code kdid cluster up}
   * reaches the nodes as it does on {@code kdid node}.
   */
  static List<String> nodeOptions(java.util.Properties props) {
    return props.stringPropertyNames().stream()
        .filter(n -> n.startsWith("kdid."))
        .sorted()
        .map(n -> "-D" + n + "=" + props.getProperty(n))
        .toList();
  }
}
