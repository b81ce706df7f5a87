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
  void offersForTheOtherCardsAndTheAgeRuleIsExplained() {
    String url = server.baseUrl();
    Cli.Run rrc =
        kdid(
            "issuer",
            "offer",
            "--issuer",
            "mois",
            "--type",
            "kr.rrc",
            "--url",
            url,
            "--data-dir",
            data.toString(),
            "--birth-date",
            "1980-01-02");
    assertThat(rrc.code()).as(rrc.out()).isZero();
    assertThat(rrc.out()).contains("born 1980-01-02").contains("issuers%2Fmois");
    // A 16-year-old gets no resident card, and the officer reads why.
    String born16 =
        java.time.LocalDate.now(java.time.ZoneId.of("Asia/Seoul"))
            .minusYears(16)
            .minusDays(3)
            .toString();
    Cli.Run young =
        kdid(
            "issuer",
            "offer",
            "--issuer",
            "mois",
            "--type",
            "kr.rrc",
            "--url",
            url,
            "--data-dir",
            data.toString(),
            "--birth-date",
            born16);
    assertThat(young.code()).as(young.out()).isNotZero();
    assertThat(young.out()).contains("BELOW_MINIMUM_AGE").contains("from age 17");
    Cli.Run badType =
        kdid(
            "issuer",
            "offer",
            "--issuer",
            "mois",
            "--type",
            "kr.passport",
            "--url",
            url,
            "--data-dir",
            data.toString());
    assertThat(badType.code()).isNotZero();
    assertThat(badType.out()).contains("unknown --type kr.passport");
    Cli.Run reissue =
        kdid(
            "issuer",
            "reissue",
            "nobody",
            "--type",
            "kr.rrc",
            "--issuer",
            "mois",
            "--url",
            url,
            "--data-dir",
            data.toString());
    assertThat(reissue.code()).isNotZero();
    assertThat(reissue.out()).contains("UNKNOWN_APPLICANT");
    Cli.Run renew = kdid("issuer", "renew", "nope", "--url", url, "--data-dir", data.toString());
    assertThat(renew.code()).isNotZero();
    assertThat(renew.out()).contains("UNKNOWN_BATCH");
    Cli.Run events = kdid("issuer", "events", "nope", "--url", url, "--data-dir", data.toString());
    assertThat(events.code()).isNotZero();
    assertThat(events.out()).contains("UNKNOWN_BATCH");
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

    // An id that starts with '-' goes after '--' (picocli would read "-hX" as -h -X); one that
    // holds "../" stays one path segment instead of reaching another endpoint.
    for (String id : new String[] {"-hNoSuchApplicant", "../../police/applicants", "..", "."}) {
      Cli.Run noApplicant =
          kdid(
              "issuer",
              "credentials",
              "--url",
              server.baseUrl(),
              "--data-dir",
              data.toString(),
              "--",
              id);
      assertThat(noApplicant.code()).as(noApplicant.out()).isEqualTo(2);
      assertThat(noApplicant.out()).contains("UNKNOWN_APPLICANT").doesNotContain("Usage:");
    }

    Cli.Run dashBatch =
        kdid(
            "issuer",
            "status",
            "--url",
            server.baseUrl(),
            "--data-dir",
            data.toString(),
            "--",
            "-VNoSuchBatch",
            "revoked");
    assertThat(dashBatch.code()).as(dashBatch.out()).isEqualTo(2);
    assertThat(dashBatch.out()).contains("UNKNOWN_BATCH");

    Cli.Run down =
        kdid("issuer", "offer", "--url", "http://127.0.0.1:1", "--data-dir", data.toString());
    assertThat(down.code()).isEqualTo(2);
    assertThat(down.out()).contains("cannot reach K-DID").doesNotContain("\tat ");
  }
}
