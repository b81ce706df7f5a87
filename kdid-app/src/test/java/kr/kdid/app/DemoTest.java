package kr.kdid.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole flow over HTTP on loopback, as {@code kdid demo} runs it: issuance over OpenID4VCI into
 * the wallet SDK, presentation over OpenID4VP to the verifier (verified, with only the asked claims
 * disclosed), revocation on the ledger, a second presentation (rejected: revoked), and the wallet's
 * history checked against the ledger's anchors. Each step asserts its own outcome inside the demo.
 */
class DemoTest {
  @Test
  void theWholeStoryBehavesAsExpected(@TempDir Path dir) throws Exception {
    StringWriter sw = new StringWriter();
    boolean ok = new Demo(new PrintWriter(sw)).run(dir.resolve("data"), 0);
    String out = sw.toString();
    assertThat(ok).as(out).isTrue();
    assertThat(out)
        .contains("3 unlinkable copies")
        .contains(
            "the bank saw only {\"family_name\":\"김\",\"given_name\":\"민준\",\"age_over_19\":true}")
        .contains("rejected by the bank: CREDENTIAL_REVOKED")
        .contains("as an ISO/IEC 18013-5 mdoc (org.iso.18013.5.1.mDL), 3 copies")
        .contains("the bank saw {\"family_name\":\"김\",\"given_name\":\"민준\",\"age_over_19\":true}")
        .contains("every step behaved as expected")
        .doesNotContain("✗");
  }

  @Test
  void theDemoRefusesADirectoryThatIsNotEmpty(@TempDir Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("something"), "x");
    StringWriter sw = new StringWriter();
    picocli.CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(sw));
    cl.setErr(new PrintWriter(sw));
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("kdid: " + e.getMessage());
          return e instanceof UserException u ? u.exitCode() : 1;
        });
    int code = cl.execute("demo", "--data-dir", dir.toString());
    assertThat(code).isEqualTo(2);
    assertThat(sw.toString()).contains("is not empty");
  }
}
