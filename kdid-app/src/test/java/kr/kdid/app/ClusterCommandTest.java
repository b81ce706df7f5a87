package kr.kdid.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to the cluster commands gets a clear message and a non-zero exit. */
class ClusterCommandTest {
  private static Cli.Run kdid(String... args) {
    return Cli.kdid(args);
  }

  @Test
  void theNodesGetTheLaunchersKdidSettingsOnly() {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("kdid.raft.maxInFlight", "2");
    p.setProperty("kdid.block.lingerMillis", "20");
    p.setProperty("java.version", "25");
    p.setProperty("kdidx", "no");
    assertThat(ClusterCommand.nodeOptions(p))
        .containsExactly("-Dkdid.block.lingerMillis=20", "-Dkdid.raft.maxInFlight=2");
  }

  @Test
  void aNodeThatDoesNotComeUpIsExplainedWithItsOwnOutput(@TempDir Path dir) throws Exception {
    // A JVM option the JVM refuses: every node exits at once, saying why.
    try (LocalCluster c =
        LocalCluster.prepare(
            dir,
            1,
            "127.0.0.1",
            29_871,
            29_881,
            new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
            List.of("-XX:+KdidNoSuchVmOption"))) {
      c.startAll();
      assertThat(c.awaitHealthy(List.of(0), java.time.Duration.ofSeconds(60))).isFalse();
      assertThat(c.whyNotHealthy(List.of(0)))
          .contains("node-1 exited with code")
          .contains("KdidNoSuchVmOption");
    }
  }

  @Test
  void clusterSizeOutOfRangeIsRefused(@TempDir Path dir) {
    Cli.Run r = kdid("cluster", "up", "--nodes", "9", "--data-dir", dir.toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.out()).contains("--nodes must be between 1 and 7");
    Cli.Run bare = kdid("cluster");
    assertThat(bare.out()).contains("Usage: kdid cluster").contains("up");
  }

  @Test
  void aMissingOrMalformedPeersFileIsRefused(@TempDir Path dir) throws Exception {
    Cli.Run missing =
        kdid(
            "node",
            "--data-dir",
            dir.resolve("n").toString(),
            "--port",
            "0",
            "--peers",
            dir.resolve("nope.conf").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.out()).contains("cannot read the peers file");

    Path bad = dir.resolve("peers.conf");
    Files.writeString(bad, "node-1 127.0.0.1 http://127.0.0.1:8081\n");
    Cli.Run malformed =
        kdid(
            "node",
            "--data-dir",
            dir.resolve("n").toString(),
            "--port",
            "0",
            "--peers",
            bad.toString());
    assertThat(malformed.code()).isEqualTo(2);
    assertThat(malformed.out()).contains("the peers file is not right").contains("line 1");
  }

  @Test
  void keygenPrintsTheNodeKeyAndKeepsIt(@TempDir Path dir) {
    Cli.Run first = kdid("node", "keygen", "--data-dir", dir.toString(), "--node-id", "node-2");
    Cli.Run again = kdid("node", "keygen", "--data-dir", dir.toString(), "--node-id", "node-2");
    assertThat(first.code()).isZero();
    assertThat(again.code()).isZero();
  }
}
