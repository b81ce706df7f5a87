package kr.kdid.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import kr.kdid.core.json.Json;
import kr.kdid.core.keys.Argon2Params;
import kr.kdid.core.keys.SoftwareKeyVault;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.issuer.http.IssuerApi;
import kr.kdid.ledger.client.LedgerGateway;
import kr.kdid.node.Governance;
import kr.kdid.node.LedgerNode;
import kr.kdid.node.LocalLedgerGateway;
import kr.kdid.node.NodeBootstrap;
import kr.kdid.node.NodeOptions;
import kr.kdid.web.ApiException;
import kr.kdid.web.WebServer;
import kr.kdid.web.db.ServiceDatabase;

/**
 * A ledger node, an accredited police issuer and the HTTP server on a free loopback port, for
 * integration tests. The issuer runs on a clock the test can move forward.
 */
final class IssuerFixture implements AutoCloseable {
  static final String ADMIN_TOKEN = "test-admin-token";

  final SoftwareKeyVault vault;
  final LedgerNode node;
  final LedgerGateway ledger;
  final FlakyLedger flaky;
  final Governance governance;
  final MutableClock clock = new MutableClock();
  final IssuerApi api;
  final WebServer web;
  final String base;
  final IssuerService issuer;
  final HttpClient http = HttpClient.newHttpClient();
  final java.util.List<IssuerService> others = new java.util.ArrayList<>();
  private final Path dir;
  final SecureRandom random = new SecureRandom();

  IssuerFixture(Path dir) {
    this(dir, ServiceDatabase.embedded("issuer", dir.resolve("issuer")), true);
  }

  /** A fixture whose issuer configuration is adjusted (flow options, for example). */
  IssuerFixture(Path dir, java.util.function.UnaryOperator<IssuerConfig> configure) {
    this(dir, ServiceDatabase.embedded("issuer", dir.resolve("issuer")), true, configure);
  }

  IssuerFixture(Path dir, ServiceDatabase db, boolean accredit) {
    this(dir, db, accredit, c -> c);
  }

  IssuerFixture(
      Path dir,
      ServiceDatabase db,
      boolean accredit,
      java.util.function.UnaryOperator<IssuerConfig> configure) {
    this.dir = dir;
    vault =
        SoftwareKeyVault.open(
            dir.resolve("keys"), "pass".toCharArray(), Argon2Params.TEST_ONLY, random);
    node =
        NodeBootstrap.start(
            new NodeOptions(
                dir, "node-1", "kdid-test", 2000, 1, 10_000, Clock.systemUTC(), s -> {}),
            vault,
            WebServer.newMetrics());
    flaky = new FlakyLedger(new LocalLedgerGateway(node));
    ledger = flaky;
    governance = Governance.of(vault, ledger, Clock.systemUTC());
    api =
        new IssuerApi(
            ctx -> {
              String h = ctx.header("Authorization");
              if (!("Bearer " + ADMIN_TOKEN).equals(h)) {
                throw new ApiException(401, "ADMIN_TOKEN_INVALID", "admin token required");
              }
            });
    web = WebServer.builder(WebServer.newMetrics()).routes(api::routes).start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + web.port();
    issuer =
        IssuerService.start(
            configure.apply(IssuerConfig.police(base)),
            vault,
            db,
            ledger,
            Catalog.builtIn(),
            clock,
            random);
    if (accredit) {
      governance.accreditIssuer(issuer.identity().did(), "경찰청", List.of("kr.mdl"));
    }
    api.add(issuer);
  }

  /**
   * Starts another issuer (its own database, like {@code kdid up}) and lets governance accredit it
   * for its types.
   */
  IssuerService startIssuer(IssuerConfig config) {
    IssuerService s =
        IssuerService.start(
            config,
            vault,
            ServiceDatabase.embedded("issuer", dir.resolve("issuer-" + config.name())),
            ledger,
            Catalog.builtIn(),
            clock,
            random);
    governance.accreditIssuer(
        s.identity().did(), config.displayName().get("ko"), config.credentialTypes());
    api.add(s);
    others.add(s);
    return s;
  }

  /** Enrols a sample applicant for a type at an issuer; returns the applicant id. */
  String enrol(IssuerService s, String type, LocalDate birthDate) throws Exception {
    var sample = SampleApplicants.forType(type, random, birthDate, today());
    ObjectNode body = Json.object();
    body.put("personRef", sample.personRef());
    body.put("credentialType", type);
    body.set("claims", sample.claims());
    HttpResponse<String> r = admin("POST", "/admin" + s.config().path() + "/applicants", body);
    if (r.statusCode() != 201) {
      throw new IllegalStateException("enrol failed: " + r.body());
    }
    return Json.parse(r.body()).path("applicantId").asText();
  }

  /** Asks an issuer's admin API for an offer (the response, whatever its status). */
  HttpResponse<String> offer(IssuerService s, String applicantId, String type) throws Exception {
    ObjectNode body = Json.object();
    body.put("applicantId", applicantId);
    body.put("credentialType", type);
    return admin("POST", "/admin" + s.config().path() + "/offers", body);
  }

  LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneId.of("Asia/Seoul"));
  }

  /** Enrols a sample driver of the given age (in whole years) and returns the applicant id. */
  String enrolDriver(int age) throws Exception {
    var s = SampleApplicants.driver(random, today().minusYears(age).minusDays(10), today());
    ObjectNode body = Json.object();
    body.put("personRef", s.personRef());
    body.put("credentialType", "kr.mdl");
    body.set("claims", s.claims());
    HttpResponse<String> r = admin("POST", "/admin/issuers/police/applicants", body);
    if (r.statusCode() != 201) {
      throw new IllegalStateException("enrol failed: " + r.body());
    }
    return Json.parse(r.body()).path("applicantId").asText();
  }

  /** Creates an offer for an applicant through the admin API. */
  JsonNode offer(String applicantId) throws Exception {
    ObjectNode body = Json.object();
    body.put("applicantId", applicantId);
    HttpResponse<String> r = admin("POST", "/admin/issuers/police/offers", body);
    if (r.statusCode() != 201) {
      throw new IllegalStateException("offer failed: " + r.body());
    }
    return Json.parse(r.body());
  }

  HttpResponse<String> admin(String method, String path, JsonNode body) throws Exception {
    return send(
        method,
        path,
        "application/json",
        body == null ? null : Json.bytes(body),
        "Bearer " + ADMIN_TOKEN);
  }

  HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, null, null, null);
  }

  HttpResponse<byte[]> getBytes(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> postForm(String path, Map<String, String> form) throws Exception {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        "POST",
        path,
        "application/x-www-form-urlencoded",
        body.getBytes(StandardCharsets.UTF_8),
        null);
  }

  HttpResponse<String> send(
      String method, String path, String contentType, byte[] body, String authorization)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (body != null) {
      b.header("Content-Type", contentType)
          .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    web.close();
    issuer.close();
    others.forEach(IssuerService::close);
    node.close();
  }
}
