package kr.kdid.wallet.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.Relationship;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.events.EventCommitment;
import kr.kdid.credentials.mdoc.IssuerTrust;
import kr.kdid.credentials.mdoc.MdocException;
import kr.kdid.credentials.mdoc.MdocVerifier;
import kr.kdid.credentials.mdoc.SessionTranscript;
import kr.kdid.credentials.mdoc.VerifiedDocument;
import kr.kdid.credentials.sdjwtvc.SdJwtVcVerifier;

/**
 * An OpenID4VP verifier for tests: signs Request Objects with a did:kdid key on the {@link
 * TestLedger}, serves them by reference, and receives direct_post answers, verifying every
 * presentation with {@link SdJwtVcVerifier} (issuer signature, key binding to this client_id and
 * nonce) the way the real verifier will, and every mdoc presentation ({@code mso_mdoc}) with {@link
 * MdocVerifier} against the trusted issuers' IACA roots and the OpenID4VP SessionTranscript of the
 * request. Public fields are knobs.
 */
public final class FakeVerifier implements AutoCloseable {
  private final HttpServer server;
  private final SecureRandom random = new SecureRandom();
  public final SoftwareKey key = SoftwareKey.generate(SignatureAlgorithm.ES256);
  public final Did did;
  public final String clientId;
  public final String base;
  private final Map<String, VerificationKey> issuerKeys = new ConcurrentHashMap<>();
  private final List<X509Certificate> iacas = new CopyOnWriteArrayList<>();
  // Per request id: the mdoc queries, query id -> [namespace, elements...].
  private final Map<String, Map<String, List<String>>> mdocQueries = new ConcurrentHashMap<>();
  private final Map<String, String> responseUris = new ConcurrentHashMap<>();
  private final Map<String, Request> requests = new ConcurrentHashMap<>();

  /** Every answer received. */
  public final List<Submission> submissions = new CopyOnWriteArrayList<>();

  // Knobs.
  public volatile String rejectWith; // answer 200 with verified false and this error
  public volatile int httpStatus = 200; // answer with this status (4xx: a JSON error)
  public volatile boolean omitEvent;

  /** What a test may vary in a request. */
  public static final class Spec {
    public List<String> claims = List.of("given_name", "age_over_19");
    public String vct = FakeIssuer.VCT;
    public String typ = "oauth-authz-req+jwt";
    public SoftwareKey signWith;
    public String kid;
    public String payloadClientId;
    public String responseMode = "direct_post";
    public Duration expiresIn = Duration.ofMinutes(5);
    public String responseUri;
    public String linkClientId;
    // An mso_mdoc query instead of the SD-JWT VC one when mdocDoctype is set.
    public String mdocDoctype;
    public String mdocNamespace = FakeIssuer.NAMESPACE;
    public String queryId;
  }

  /** A created request. */
  public record Request(String id, String link, String nonce, String state, String jws) {}

  /** An answer the verifier received. */
  public record Submission(
      String requestId,
      Map<String, String> form,
      Map<String, String> presentations,
      Map<String, SdJwtVcVerifier.Result> results,
      Map<String, VerifiedDocument> mdocResults,
      Map<String, String> mdocFailures) {}

  public FakeVerifier(TestLedger ledger) throws IOException {
    this(ledger, Relationship.AUTHENTICATION);
  }

  /** A verifier whose key its DID document lists under the given relationships. */
  public FakeVerifier(TestLedger ledger, Relationship... relationships) throws IOException {
    did = ledger.registerKey(key.publicKey(), relationships);
    clientId = "decentralized_identifier:" + did;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext("/", this::handle);
    server.start();
  }

  /** Trusts an issuer's credentials (its iss and signing key). */
  public void trust(FakeIssuer issuer) {
    issuerKeys.put(issuer.credentialIssuer + " " + issuer.kid, issuer.key.publicKey());
    iacas.add(issuer.iaca);
  }

  /** Trusts no issuer any more. */
  public void distrustAll() {
    issuerKeys.clear();
    iacas.clear();
  }

  /** A request for mdL data elements (namespace org.iso.18013.5.1), query id "mdl_mdoc". */
  public Request createMdocRequest(String... elements) {
    Spec s = new Spec();
    s.claims = List.of(elements);
    s.mdocDoctype = FakeIssuer.DOCTYPE;
    return createRequest(s);
  }

  /** The OpenID4VP SessionTranscript of a request (no encryption). */
  public SessionTranscript transcript(Request r) {
    return SessionTranscript.openId4VpRedirect(
        clientId, r.nonce(), Optional.empty(), responseUris.get(r.id()));
  }

  public Request createRequest(String... claims) {
    Spec s = new Spec();
    s.claims = List.of(claims);
    return createRequest(s);
  }

  public Request createRequest(Spec s) {
    String id = token();
    String nonce = token();
    String state = token();
    ObjectNode header = Json.object();
    header.put("typ", s.typ);
    header.put("kid", s.kid != null ? s.kid : did.withFragment("key-1"));
    ObjectNode p = Json.object();
    p.put("client_id", s.payloadClientId != null ? s.payloadClientId : clientId);
    p.put("response_type", "vp_token");
    p.put("response_mode", s.responseMode);
    String responseUri = s.responseUri != null ? s.responseUri : base + "/responses/" + id;
    responseUris.put(id, responseUri);
    p.put("response_uri", responseUri);
    p.put("nonce", nonce);
    p.put("state", state);
    ObjectNode q = p.putObject("dcql_query");
    ObjectNode c = q.putArray("credentials").addObject();
    if (s.mdocDoctype != null) {
      String qid = s.queryId != null ? s.queryId : "mdl_mdoc";
      c.put("id", qid);
      c.put("format", "mso_mdoc");
      c.putObject("meta").put("doctype_value", s.mdocDoctype);
      if (!s.claims.isEmpty()) {
        ArrayNode cl = c.putArray("claims");
        s.claims.forEach(name -> cl.addObject().putArray("path").add(s.mdocNamespace).add(name));
      }
      List<String> asked = new ArrayList<>();
      asked.add(s.mdocNamespace);
      asked.addAll(s.claims);
      mdocQueries.put(id, Map.of(qid, asked));
    } else {
      c.put("id", s.queryId != null ? s.queryId : "mdl");
      c.put("format", "dc+sd-jwt");
      c.putObject("meta").putArray("vct_values").add(s.vct);
      if (!s.claims.isEmpty()) {
        ArrayNode cl = c.putArray("claims");
        s.claims.forEach(name -> cl.addObject().putArray("path").add(name));
      }
    }
    p.putObject("client_metadata")
        .putObject("vp_formats_supported")
        .putObject("dc+sd-jwt")
        .putArray("sd-jwt_alg_values")
        .add("ES256");
    p.put("aud", "https://self-issued.me/v2");
    Instant now = Instant.now();
    p.put("iat", now.getEpochSecond());
    p.put("exp", now.plus(s.expiresIn).getEpochSecond());
    String jws = Jws.sign(header, p, s.signWith != null ? s.signWith : key).encoded();
    String link =
        "openid4vp://?client_id="
            + URLEncoder.encode(
                s.linkClientId != null ? s.linkClientId : clientId, StandardCharsets.UTF_8)
            + "&request_uri="
            + URLEncoder.encode(base + "/requests/" + id, StandardCharsets.UTF_8);
    Request r = new Request(id, link, nonce, state, jws);
    requests.put(id, r);
    return r;
  }

  private String token() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return Base64Url.encode(b);
  }

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    try {
      if (path.startsWith("/requests/") && x.getRequestMethod().equals("GET")) {
        Request r = requests.get(path.substring("/requests/".length()));
        if (r == null) {
          Exchanges.error(x, 404, "invalid_request", "REQUEST_UNKNOWN", "no such request");
        } else {
          Exchanges.send(
              x,
              200,
              "application/oauth-authz-req+jwt",
              r.jws().getBytes(StandardCharsets.US_ASCII));
        }
      } else if (path.startsWith("/responses/") && x.getRequestMethod().equals("POST")) {
        respond(x, requests.get(path.substring("/responses/".length())));
      } else {
        Exchanges.error(x, 404, "not_found", "NOT_FOUND", "no such endpoint");
      }
    } catch (RuntimeException e) {
      Exchanges.error(x, 500, "server_error", "INTERNAL", String.valueOf(e));
    }
  }

  private void respond(HttpExchange x, Request r) throws IOException {
    Map<String, String> form = Exchanges.form(x);
    if (r == null) {
      Exchanges.error(x, 400, "invalid_request", "REQUEST_UNKNOWN", "no such request");
      return;
    }
    Map<String, String> presentations = new LinkedHashMap<>();
    Map<String, SdJwtVcVerifier.Result> results = new LinkedHashMap<>();
    Map<String, VerifiedDocument> mdocResults = new LinkedHashMap<>();
    Map<String, String> mdocFailures = new LinkedHashMap<>();
    Map<String, List<String>> mdocAsked = mdocQueries.getOrDefault(r.id(), Map.of());
    if (form.containsKey("vp_token")) {
      JsonNode vp = Json.parse(form.get("vp_token"));
      SdJwtVcVerifier v = new SdJwtVcVerifier((iss, kid) -> issuerKeys.get(iss + " " + kid));
      for (Map.Entry<String, JsonNode> e : vp.properties()) {
        String p = e.getValue().get(0).asText();
        presentations.put(e.getKey(), p);
        List<String> asked = mdocAsked.get(e.getKey());
        if (asked != null) {
          verifyMdoc(e.getKey(), p, r, asked, mdocResults, mdocFailures);
          continue;
        }
        results.put(
            e.getKey(),
            v.verify(
                p,
                SdJwtVcVerifier.Options.withKeyBinding(
                    clientId,
                    r.nonce(),
                    Instant.now(),
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(1))));
      }
    }
    submissions.add(
        new Submission(r.id(), form, presentations, results, mdocResults, mdocFailures));
    if (httpStatus != 200) {
      Exchanges.error(x, httpStatus, "invalid_request", "PRESENTATION_REFUSED", "refused by test");
      return;
    }
    if (form.containsKey("error")) {
      Exchanges.json(x, 200, Json.object());
      return;
    }
    boolean ok =
        rejectWith == null
            && r.state().equals(form.get("state"))
            && (!results.isEmpty() || !mdocResults.isEmpty())
            && mdocFailures.isEmpty()
            && results.values().stream().allMatch(SdJwtVcVerifier.Result::ok);
    ObjectNode out = Json.object();
    ObjectNode result = out.putObject("kdid_result");
    result.put("verified", ok);
    if (!ok) {
      result.put("error", rejectWith != null ? rejectWith : "PRESENTATION_INVALID");
    }
    ArrayNode checks = result.putArray("checks");
    results
        .values()
        .forEach(
            res ->
                res.checks()
                    .forEach(
                        ch ->
                            checks
                                .addObject()
                                .put("check", ch.name())
                                .put("status", ch.status().name())));
    mdocResults
        .values()
        .forEach(
            d ->
                d.checks()
                    .forEach(
                        ch ->
                            checks.addObject().put("check", "mdoc." + ch).put("status", "PASSED")));
    mdocFailures
        .values()
        .forEach(f -> checks.addObject().put("check", "mdoc." + f).put("status", "FAILED"));
    if (ok && !omitEvent) {
      out.set(
          "kdid_verification_event",
          EventCommitment.create(
                  EventCommitment.VERIFICATION, did.toString(), "kr.mdl", Instant.now(), random)
              .toJson());
    }
    Exchanges.json(x, 200, out);
  }

  /** Verifies one mdoc presentation and that it discloses no element that was not asked for. */
  private void verifyMdoc(
      String queryId,
      String presentation,
      Request r,
      List<String> asked,
      Map<String, VerifiedDocument> ok,
      Map<String, String> failures) {
    try {
      List<VerifiedDocument> docs =
          new MdocVerifier(IssuerTrust.iacaRoots(iacas), Clock.systemUTC())
              .verify(Base64Url.decode(presentation), transcript(r));
      if (docs.size() != 1) {
        failures.put(queryId, "documents");
        return;
      }
      VerifiedDocument d = docs.get(0);
      String namespace = asked.get(0);
      for (var ns : d.elements().entrySet()) {
        if (!ns.getKey().equals(namespace)
            || !asked.subList(1, asked.size()).containsAll(ns.getValue().keySet())) {
          failures.put(queryId, "disclosed_beyond_request");
          return;
        }
      }
      ok.put(queryId, d);
    } catch (MdocException e) {
      failures.put(queryId, e.reason().name());
    } catch (IllegalArgumentException e) {
      failures.put(queryId, "MALFORMED");
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
