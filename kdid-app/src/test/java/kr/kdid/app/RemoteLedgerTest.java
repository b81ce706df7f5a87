package kr.kdid.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import kr.kdid.core.json.Json;
import kr.kdid.node.Governance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The services run against remote ledger nodes: no local node, verified reads, fail-over. */
class RemoteLedgerTest {
  private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);

  @Test
  void servicesUseARemoteLedgerAndSayWhatGovernanceMustDo(@TempDir Path dir) throws Exception {
    try (KdidServer ledger =
        KdidServer.start(
            KdidServer.Settings.embedded(dir.resolve("node"), "127.0.0.1", 0, out).ledgerOnly())) {
      URI node = URI.create(ledger.baseUrl());
      // The first URL is down: the services fail over to the next.
      URI dead = URI.create("http://127.0.0.1:1");
      try (KdidServer services =
          KdidServer.start(
              KdidServer.Settings.embedded(dir.resolve("services"), "127.0.0.1", 0, out)
                  .withLedger(List.of(dead, node), 1))) {
        assertThat(services.node()).isNull();
        HttpResponse<String> h =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(services.baseUrl() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(h.statusCode()).as(h.body()).isEqualTo(200);
        var health = Json.parse(h.body()).path("components");
        assertThat(health.path("ledger").path("remote").asBoolean()).isTrue();
        assertThat(health.path("ledger").path("chainId").asText())
            .isEqualTo(ledger.node().config().chainId());

        // The issuer published its DID on the remote ledger, but only governance accredits it.
        var issuer = services.issuers().get(0).identity().did();
        assertThat(ledger.ledger().resolve(issuer.toString()).document()).isNotNull();
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains(issuer + " is not accredited");
        assertThat(services.ledger().issuer(issuer)).isEmpty();
        Governance.of(ledger.vault(), ledger.ledger(), Clock.systemUTC())
            .accreditIssuer(issuer, "경찰청", List.of("kr.mdl"));
        assertThat(services.ledger().issuer(issuer)).isPresent();
      }
    }
  }

  @Test
  void anUnreachableLedgerIsAClearError(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                KdidServer.start(
                    KdidServer.Settings.embedded(dir, "127.0.0.1", 0, out)
                        .withLedger(List.of(URI.create("http://127.0.0.1:1")), 1)))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("cannot reach the ledger at");
  }
}
