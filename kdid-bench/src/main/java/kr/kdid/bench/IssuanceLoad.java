package kr.kdid.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;
import kr.kdid.issuer.SampleApplicants;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Load on the issuer over HTTP: many concurrent wallets each run the whole pre-authorized code flow
 * (token with the transaction code, nonce, a credential request with a batch of key proofs), and
 * the tool reports credentials issued per second and the latency of the flow (p50, p99). Applicants
 * and offers are created through the admin API before the clock starts; holder keys are generated
 * before too (a wallet has them ready), proofs are signed inside the flow (they need the nonce).
 *
 * <p>By default it starts {@code kdid up} in a JVM of its own on a temporary data directory.
 */
@Command(
    name = "load-issuance",
    mixinStandardHelpOptions = true,
    description = "HTTP load generator for the issuer's pre-authorized code flow.")
public final class IssuanceLoad implements Callable<Integer> {
  static final String GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code";

  @Option(names = "--url", description = "A running K-DID (needs --admin-token).")
  URI url;

  @Option(names = "--admin-token", description = "The admin token of the server at --url.")
  String adminToken;

  @Option(names = "--flows", defaultValue = "3000", description = "Timed issuance flows.")
  int flows;

  @Option(
      names = "--warmup",
      defaultValue = "3000",
      description = "Untimed flows first (the server's JIT needs them).")
  int warmup;

  @Option(names = "--clients", defaultValue = "8", description = "Concurrent wallets.")
  int clients;

  @Option(names = "--batch", defaultValue = "3", description = "Credentials per flow (keys).")
  int batch;

  @Option(
      names = "--app-jar",
      defaultValue = "kdid-app/target/kdid-app.jar",
      description = "The kdid launcher jar, to start a server.")
  Path appJar;

  public static void main(String[] args) {
    System.exit(ServerProcess.commandLine(new IssuanceLoad()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Result r = measure();
    System.out.println(r.report());
    System.out.println("RESULT_JSON " + Json.string(r.json()));
    return r.errors.isEmpty() ? 0 : 1;
  }

  /** One prepared flow: the offer's codes and the holder's keys. */
  record Flow(String code, String txCode, List<SoftwareKey> keys) {}

  Result measure() throws Exception {
    ServerProcess server = null;
    URI target = url;
    String token = adminToken;
    if (target == null) {
      token = Base64Url.encode(new SecureRandom().generateSeed(24));
      server = ServerProcess.start(appJar, "up", Map.of("KDID_ADMIN_TOKEN", token));
      target = server.url;
    } else if (token == null) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--url needs --admin-token");
    }
    try {
      System.out.printf("enrolling %d applicants and creating their offers...%n", warmup + flows);
      List<Flow> all = prepare(target, token, warmup + flows);
      System.out.println("warming up...");
      run(target, all.subList(0, warmup));
      System.out.printf("measuring (%d flows, %d clients, batch %d)...%n", flows, clients, batch);
      return run(target, all.subList(warmup, warmup + flows));
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private List<Flow> prepare(URI target, String token, int n) throws Exception {
    LocalDate today = LocalDate.now();
    SampleApplicants.Sample sample =
        SampleApplicants.driver(new SecureRandom(), today.minusYears(30), today);
    Flow[] out = new Flow[n];
    AtomicInteger next = new AtomicInteger();
    Map<String, Integer> errors = new ConcurrentHashMap<>();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < 16; c++) {
        ex.submit(
            () -> {
              try (MiniHttpClient h = new MiniHttpClient(target.getHost(), target.getPort())) {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                  try {
                    ObjectNode enrol = Json.object();
                    enrol.put("personRef", "load:" + i + ":" + System.nanoTime());
                    enrol.set("claims", sample.claims());
                    MiniHttpClient.Response r =
                        h.send(
                            "POST",
                            "/admin/issuers/police/applicants",
                            "application/json",
                            "Bearer " + token,
                            Json.bytes(enrol));
                    if (r.status() != 201) {
                      errors.merge("enrol HTTP " + r.status(), 1, Integer::sum);
                      continue;
                    }
                    String applicant = Json.parse(r.body()).path("applicantId").asText();
                    MiniHttpClient.Response o =
                        h.send(
                            "POST",
                            "/admin/issuers/police/offers",
                            "application/json",
                            "Bearer " + token,
                            Json.bytes(Json.object().put("applicantId", applicant)));
                    if (o.status() / 100 != 2) {
                      errors.merge("offer HTTP " + o.status(), 1, Integer::sum);
                      continue;
                    }
                    JsonNode offer = Json.parse(o.body());
                    List<SoftwareKey> keys = new ArrayList<>(batch);
                    for (int k = 0; k < batch; k++) {
                      keys.add(SoftwareKey.generate(SignatureAlgorithm.ES256));
                    }
                    out[i] =
                        new Flow(
                            offer
                                .path("credentialOffer")
                                .path("grants")
                                .path(GRANT)
                                .path("pre-authorized_code")
                                .asText(),
                            offer.path("txCode").asText(),
                            keys);
                  } catch (RuntimeException e) {
                    // Never lose a client silently (a task's exception would vanish in its
                    // future, and its flows would be missing from the measured run).
                    errors.merge("prepare: " + e, 1, Integer::sum);
                  }
                }
              } catch (IOException e) {
                errors.merge(LoadGenerator.errorName(e), 1, Integer::sum);
              }
            });
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalStateException("preparing the offers failed: " + errors);
    }
    return Arrays.asList(out);
  }

  record Result(
      int flows,
      int credentials,
      double seconds,
      long[] flowMicros,
      long[] credentialMicros,
      Map<String, Integer> errors) {
    double credentialsPerSecond() {
      return credentials / seconds;
    }

    static double percentileMillis(long[] sorted, double p) {
      if (sorted.length == 0) {
        return Double.NaN;
      }
      int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
      return sorted[Math.max(0, i)] / 1000.0;
    }

    String report() {
      return String.format(
          "issued %d credentials in %d flows in %.2f s: %.0f credentials/s; flow latency p50 %.1f"
              + " ms, p99 %.1f ms; credential request p50 %.1f ms, p99 %.1f ms%s",
          credentials,
          flows,
          seconds,
          credentialsPerSecond(),
          percentileMillis(flowMicros, 0.50),
          percentileMillis(flowMicros, 0.99),
          percentileMillis(credentialMicros, 0.50),
          percentileMillis(credentialMicros, 0.99),
          errors.isEmpty() ? "" : "; errors " + errors);
    }

    ObjectNode json() {
      ObjectNode o = Json.object();
      o.put("flows", flows);
      o.put("credentials", credentials);
      o.put("seconds", seconds);
      o.put("credentialsPerSecond", Math.round(credentialsPerSecond()));
      o.put("flowP50ms", percentileMillis(flowMicros, 0.50));
      o.put("flowP99ms", percentileMillis(flowMicros, 0.99));
      o.put("credentialP50ms", percentileMillis(credentialMicros, 0.50));
      o.put("credentialP99ms", percentileMillis(credentialMicros, 0.99));
      o.set("errors", Json.tree(errors));
      return o;
    }
  }

  Result run(URI target, List<Flow> work) throws InterruptedException {
    int n = work.size();
    long[] flowLat = new long[n];
    long[] credLat = new long[n];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    LongAdder credentials = new LongAdder();
    Map<String, Integer> errors = new ConcurrentHashMap<>();
    String aud = target.toString().replaceAll("/$", "") + "/issuers/police";
    long start = System.nanoTime();
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < clients; c++) {
        ex.submit(
            () -> {
              try (MiniHttpClient h = new MiniHttpClient(target.getHost(), target.getPort())) {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                  Flow f = work.get(i);
                  try {
                    long t0 = System.nanoTime();
                    String form =
                        "grant_type="
                            + URLEncoder.encode(GRANT, StandardCharsets.UTF_8)
                            + "&pre-authorized_code="
                            + URLEncoder.encode(f.code(), StandardCharsets.UTF_8)
                            + "&tx_code="
                            + f.txCode();
                    MiniHttpClient.Response t =
                        h.send(
                            "POST",
                            "/issuers/police/token",
                            "application/x-www-form-urlencoded",
                            null,
                            form.getBytes(StandardCharsets.US_ASCII));
                    if (t.status() != 200) {
                      errors.merge("token " + t.errorCode("kdid_error", "error"), 1, Integer::sum);
                      continue;
                    }
                    String access = Json.parse(t.body()).path("access_token").asText();
                    MiniHttpClient.Response nr =
                        h.send("POST", "/issuers/police/nonce", null, null, null);
                    String nonce = Json.parse(nr.body()).path("c_nonce").asText();
                    ObjectNode req = Json.object();
                    req.put("credential_configuration_id", "kr.mdl");
                    ArrayNode jwts = req.putObject("proofs").putArray("jwt");
                    long iat = System.currentTimeMillis() / 1000;
                    for (SoftwareKey k : f.keys()) {
                      jwts.add(proof(k, aud, nonce, iat));
                    }
                    long t1 = System.nanoTime();
                    MiniHttpClient.Response cr =
                        h.send(
                            "POST",
                            "/issuers/police/credential",
                            "application/json",
                            "Bearer " + access,
                            Json.bytes(req));
                    long t2 = System.nanoTime();
                    if (cr.status() != 200) {
                      errors.merge(
                          "credential " + cr.errorCode("kdid_error", "error"), 1, Integer::sum);
                      continue;
                    }
                    int got = Json.parse(cr.body()).path("credentials").size();
                    credentials.add(got);
                    int slot = done.getAndIncrement();
                    flowLat[slot] = (t2 - t0) / 1000;
                    credLat[slot] = (t2 - t1) / 1000;
                  } catch (IOException e) {
                    errors.merge(LoadGenerator.errorName(e), 1, Integer::sum);
                  } catch (RuntimeException e) {
                    // An answer that is not what the protocol says (not JSON, say): count it
                    // and go on with the next flow, never lose the client silently.
                    errors.merge("unexpected answer: " + e, 1, Integer::sum);
                  }
                }
              }
            });
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] fl = Arrays.copyOf(flowLat, done.get());
    long[] cl = Arrays.copyOf(credLat, done.get());
    Arrays.sort(fl);
    Arrays.sort(cl);
    return new Result(done.get(), credentials.intValue(), seconds, fl, cl, errors);
  }

  private static String proof(SoftwareKey k, String aud, String nonce, long iat) {
    ObjectNode h = Json.object();
    h.put("alg", "ES256");
    h.put("typ", "openid4vci-proof+jwt");
    h.set("jwk", k.publicKey().toJwk().toJson());
    ObjectNode p = Json.object();
    p.put("aud", aud);
    p.put("iat", iat);
    p.put("nonce", nonce);
    return Jws.sign(h, p, k).encoded();
  }
}
