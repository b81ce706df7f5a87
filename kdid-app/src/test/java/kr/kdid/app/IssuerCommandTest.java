package kr.kdid.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kr.kdid.web.QrCodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code kdid issuer ...} against a running server, as a person would type it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IssuerCommandTest {
  Path data;
  KdidServer server;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    data = dir.resolve("data");
    Path pass = dir.resolve("pass.txt");
    Files.writeString(pass, "pass-for-tests");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    server =
        KdidServer.start(
            KdidServer.Settings.embedded(data, "127.0.0.1", 0, quiet).withPassphraseFile(pass));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static Cli.Run kdid(String... args) {
    return Cli.kdid(args);
  }

  @Test
  void offerEnrolsASampleHolderAndPrintsTheOffer(@TempDir Path tmp) throws Exception {
    Path qr = tmp.resolve("offer.png");
    Cli.Run r =
        kdid(
            "issuer",
            "offer",
            "--url",
            server.baseUrl(),
            "--data-dir",
            data.toString(),
            "--family-name",
            "홍",
            "--given-name",
            "길동",
            "--birth-date",
            "1990-05-05",
            "--qr",
            qr.toString());
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).contains("홍길동, born 1990-05-05").contains("openid-credential-offer://");
    Matcher m = Pattern.compile("tx code\\s+(\\d{6})").matcher(r.out());
    assertThat(m.find()).isTrue();
    assertThat(QrCodes.decode(Files.readAllBytes(qr))).startsWith("openid-credential-offer://");

    Matcher applicant = Pattern.compile("applicant ([A-Za-z0-9_-]+)\\)").matcher(r.out());
    assertThat(applicant.find()).isTrue();
    Cli.Run list =
        kdid(
            "issuer",
            "credentials",
            applicant.group(1),
            "--url",
            server.baseUrl(),
            "--data-dir",
            data.toString());
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("No credentials issued");
  }

  @Test
  void badInputAndMissingServerAreOneLineErrors(@TempDir Path tmp) {
    Cli.Run status =
        kdid(
            "issuer",
            "status",
            "batch-1",
            "lost",
            "--url",
            server.baseUrl(),
            "--data-dir",
            data.toString());
    assertThat(status.code()).isEqualTo(2);
    assertThat(status.out()).contains("STATUS must be valid, suspended or revoked");

    Cli.Run unknown =
        kdid(
            "issuer",
            "status",
            "no-such-batch",
            "revoked",
            "--url",
            server.baseUrl(),
            "--data-dir",
            data.toString());
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.out()).contains("UNKNOWN_BATCH");

    Cli.Run birth =
        kdid(
            "issuer",
            "offer",
            "--birth-date",
            "05/05/1990",
            "--url",
            server.baseUrl(),
            "--data-dir",
            data.toString());
    assertThat(birth.code()).isEqualTo(2);
    assertThat(birth.out()).contains("--birth-date must be YYYY-MM-DD");

    Cli.Run noToken =
        kdid("issuer", "offer", "--url", server.baseUrl(), "--data-dir", tmp.toString());
    assertThat(noToken.code()).isEqualTo(2);
    assertThat(noToken.out()).contains("no admin token");

    Cli.Run down =
        kdid("issuer", "offer", "--url", "http://127.0.0.1:1", "--data-dir", data.toString());
    assertThat(down.code()).isEqualTo(2);
    assertThat(down.out()).contains("cannot reach K-DID").doesNotContain("\tat ");
  }
}
