package kr.kdid.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import kr.kdid.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LauncherTest {
  private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);

  private static int run(StringBuilder captured, String... args) {
    CommandLine cl = Main.commandLine();
    java.io.StringWriter sw = new java.io.StringWriter();
    cl.setOut(new java.io.PrintWriter(sw));
    cl.setErr(new java.io.PrintWriter(sw));
    int code = cl.execute(args);
    captured.append(sw);
    return code;
  }

  @Test
  void helpListsTheCommands() {
    StringBuilder s = new StringBuilder();
    assertThat(run(s, "--help")).isZero();
    assertThat(s.toString()).contains("up").contains("node").contains("kdid");
    StringBuilder u = new StringBuilder();
    assertThat(run(u, "up", "--help")).isZero();
    assertThat(u.toString())
        .contains("--data-dir")
        .contains("--port")
        .contains("--passphrase-file");
    StringBuilder bad = new StringBuilder();
    assertThat(run(bad, "fly")).isEqualTo(2);
    assertThat(run(new StringBuilder(), "up", "--port", "many")).isEqualTo(2);
  }

  @Test
  void serverAnswersHealthAndRestartsWithTheSameKeys(@TempDir Path dir) throws Exception {
    Path pass = dir.resolve("pass.txt");
    Files.writeString(pass, "secret-passphrase\n");
    Path data = dir.resolve("data");
    String chain;
    try (KdidServer s =
        KdidServer.start(
            KdidServer.Settings.embedded(data, "127.0.0.1", 0, out).withPassphraseFile(pass))) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(s.baseUrl() + "/health")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode h = Json.parse(r.body());
      assertThat(h.path("status").asText()).isEqualTo("UP");
      // The issuer's DID and its accreditation are the first blocks.
      assertThat(h.path("components").path("ledger").path("height").asLong()).isPositive();
      assertThat(h.path("components").path("issuer-police").path("credentialIssuer").asText())
          .isEqualTo(s.baseUrl() + "/issuers/police");
      // Every issuing body of the six mobile IDs runs, accredited for its types.
      java.util.Set<String> types = new java.util.TreeSet<>();
      for (var issuer : s.issuers()) {
        assertThat(h.path("components").has("issuer-" + issuer.config().name())).isTrue();
        for (String t : issuer.config().credentialTypes()) {
          assertThat(s.ledger().issuer(issuer.identity().did()).orElseThrow().mayIssue(t)).isTrue();
          types.add(t);
        }
      }
      assertThat(types)
          .containsExactly(
              "kr.civil-servant", "kr.disability", "kr.frc", "kr.mdl", "kr.rrc", "kr.veteran");
      chain = s.node().config().chainId();
    }
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("created chain " + chain);
    // The launcher ships the native verifier (decision 0011) and says which one runs.
    assertThat(buf.toString(StandardCharsets.UTF_8))
        .contains("P-256 signatures verified by " + kr.kdid.core.crypto.NativeP256.status());
    if (System.getProperty("os.arch").matches("amd64|x86_64")
        && System.getProperty("os.name").startsWith("Linux")) {
      assertThat(kr.kdid.core.crypto.NativeP256.active())
          .as(kr.kdid.core.crypto.NativeP256.status())
          .isTrue();
    }
    try (KdidServer again =
        KdidServer.start(
            KdidServer.Settings.embedded(data, "127.0.0.1", 0, out).withPassphraseFile(pass))) {
      assertThat(again.node().config().chainId()).isEqualTo(chain);
    }
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("ledger verified");
  }

  @Test
  void anIssuingBodyWithItsOwnAdminTokenIsAdministeredOnlyWithIt(@TempDir Path dir)
      throws Exception {
    Path pass = dir.resolve("pass.txt");
    Files.writeString(pass, "secret-passphrase\n");
    Path data = dir.resolve("data");
    Files.createDirectories(data.resolve("secrets"));
    String moisToken = "mois-officer-token-0123456789abcdef";
    Files.writeString(AdminTokens.issuerFile(data, "mois"), moisToken + "\n");
    try (KdidServer s =
        KdidServer.start(
            KdidServer.Settings.embedded(data, "127.0.0.1", 0, out).withPassphraseFile(pass))) {
      String serverToken = Files.readString(AdminTokens.devFile(data)).strip();
      java.util.function.BiFunction<String, String, Integer> get =
          (path, token) -> {
            try {
              return HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(URI.create(s.baseUrl() + path))
                          .header("Authorization", "Bearer " + token)
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
      String mois = "/admin/issuers/mois/deferred";
      String police = "/admin/issuers/police/deferred";
      assertThat(get.apply(mois, moisToken)).isEqualTo(200);
      assertThat(get.apply(mois, serverToken)).isEqualTo(401);
      assertThat(get.apply(police, moisToken)).isEqualTo(401);
      assertThat(get.apply(police, serverToken)).isEqualTo(200);
    }
    assertThat(buf.toString(StandardCharsets.UTF_8))
        .contains("issuer mois has its own admin token");
  }

  @Test
  void aBadNodeCacheSettingStopsTheStartWithItsReason(@TempDir Path dir) throws Exception {
    Path pass = dir.resolve("pass.txt");
    Files.writeString(pass, "secret-passphrase\n");
    Path data = dir.resolve("data");
    String property = kr.kdid.node.store.RocksLedgerStore.NODE_CACHE_PROPERTY;
    System.setProperty(property, "lots");
    try {
      assertThatThrownBy(
              () ->
                  KdidServer.start(
                      KdidServer.Settings.embedded(data, "127.0.0.1", 0, out)
                          .withPassphraseFile(pass)))
          .isInstanceOfSatisfying(UserException.class, e -> assertThat(e.exitCode()).isEqualTo(3))
          .hasMessageContaining("cannot open the ledger")
          .hasMessageContaining("kdid.store.nodeCache must be a number of nodes")
          .hasMessageContaining("not lots");
    } finally {
      System.clearProperty(property);
    }
    // Nothing was lost: the same data directory starts with the default cache.
    KdidServer.start(
            KdidServer.Settings.embedded(data, "127.0.0.1", 0, out).withPassphraseFile(pass))
        .close();
  }

  @Test
  void aBareNodeRunsWithoutServicesOrAdminToken(@TempDir Path dir) throws Exception {
    Path pass = dir.resolve("pass.txt");
    Files.writeString(pass, "secret-passphrase\n");
    Path data = dir.resolve("data");
    try (KdidServer s =
        KdidServer.start(
            KdidServer.Settings.embedded(data, "127.0.0.1", 0, out)
                .withPassphraseFile(pass)
                .ledgerOnly())) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(s.baseUrl() + "/health")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode h = Json.parse(r.body());
      assertThat(h.path("components").has("issuer-police")).isFalse();
      assertThat(h.path("components").path("ledger").path("height").asLong()).isZero();
      HttpResponse<String> admin =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(s.baseUrl() + "/admin/issuers/police/offers"))
                      .POST(HttpRequest.BodyPublishers.ofString("{}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(admin.statusCode()).isEqualTo(404);
    }
    assertThat(Files.exists(AdminTokens.devFile(data))).isFalse();
  }

  @Test
  void userErrorsAreClearMessages(@TempDir Path dir) throws Exception {
    Path pass = dir.resolve("pass.txt");
    Files.writeString(pass, "right");
    Path data = dir.resolve("data");
    KdidServer.start(
            KdidServer.Settings.embedded(data, "127.0.0.1", 0, out).withPassphraseFile(pass))
        .close();

    Path wrong = dir.resolve("wrong.txt");
    Files.writeString(wrong, "wrong");
    assertThatThrownBy(
            () ->
                KdidServer.start(
                    KdidServer.Settings.embedded(data, "127.0.0.1", 0, out)
                        .withPassphraseFile(wrong)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("passphrase does not open");

    Path empty = dir.resolve("empty.txt");
    Files.writeString(empty, "  \n");
    assertThatThrownBy(
            () ->
                KdidServer.start(
                    KdidServer.Settings.embedded(data, "127.0.0.1", 0, out)
                        .withPassphraseFile(empty)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("empty");

    assertThatThrownBy(
            () ->
                KdidServer.start(
                    KdidServer.Settings.embedded(data, "127.0.0.1", 0, out)
                        .withPassphraseFile(dir.resolve("nope.txt"))))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("cannot read");

    try (ServerSocket busy = new ServerSocket(0)) {
      assertThatThrownBy(
              () ->
                  KdidServer.start(
                      KdidServer.Settings.embedded(data, "127.0.0.1", busy.getLocalPort(), out)
                          .withPassphraseFile(pass)))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("cannot listen");
    }
    // The ledger is still usable after those refusals.
    KdidServer.start(
            KdidServer.Settings.embedded(data, "127.0.0.1", 0, out).withPassphraseFile(pass))
        .close();
  }

  @Test
  void aDevelopmentPassphraseIsGeneratedOnceAndKeptPrivate(@TempDir Path dir) {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getenv(Passphrases.ENV) == null, "KDID_PASSPHRASE is set here");
    Path data = dir.resolve("data");
    char[] first = Passphrases.resolve(data, null, out);
    char[] second = Passphrases.resolve(data, null, out);
    assertThat(second).isEqualTo(first);
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("development passphrase");
    Path f = data.resolve("secrets/passphrase");
    assertThat(f).exists();
  }
}
