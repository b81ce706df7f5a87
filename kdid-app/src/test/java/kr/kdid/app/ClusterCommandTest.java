package kr.kdid.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input to the cluster commands gets a clear message and a non-zero exit. */
class ClusterCommandTest {
  private record Run(int code, String out) {}

  private Run kdid(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter sw = new StringWriter();
    cl.setOut(new PrintWriter(sw));
    cl.setErr(new PrintWriter(sw));
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("kdid: " + e.getMessage());
          return e instanceof UserException u ? u.exitCode() : 1;
        });
    return new Run(cl.execute(args), sw.toString());
  }

  @Test
  void clusterSizeOutOfRangeIsRefused(@TempDir Path dir) {
    Run r = kdid("cluster", "up", "--nodes", "9", "--data-dir", dir.toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.out()).contains("--nodes must be between 1 and 7");
    Run bare = kdid("cluster");
    assertThat(bare.out()).contains("Usage: kdid cluster").contains("up");
  }

  @Test
  void aMissingOrMalformedPeersFileIsRefused(@TempDir Path dir) throws Exception {
    Run missing =
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
    Run malformed =
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
    Run first = kdid("node", "keygen", "--data-dir", dir.toString(), "--node-id", "node-2");
    Run again = kdid("node", "keygen", "--data-dir", dir.toString(), "--node-id", "node-2");
    assertThat(first.code()).isZero();
    assertThat(again.code()).isZero();
  }
}
