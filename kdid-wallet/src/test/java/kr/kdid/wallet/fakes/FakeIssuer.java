package kr.kdid.wallet.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.upokecenter.cbor.CBORObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.P256Key;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.Relationship;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.jose.JoseException;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.credentials.catalog.CredentialType;
import kr.kdid.credentials.events.EventCommitment;
import kr.kdid.credentials.mdoc.IssuerSigned;
import kr.kdid.credentials.mdoc.IssuerSignedItem;
import kr.kdid.credentials.mdoc.MdocCertificates;
import kr.kdid.credentials.mdoc.MdocIssuer;
import kr.kdid.credentials.mdoc.MdocValues;
import kr.kdid.credentials.mdoc.ValidityInfo;
import kr.kdid.credentials.sdjwtvc.SdJwtVcIssuer;
import kr.kdid.credentials.status.StatusReference;

/**
 * An OpenID4VCI issuer for tests, over the JDK's HttpServer on loopback: credential offers by value
 * and by reference, the three metadata documents, the pre-authorized code token endpoint with
 * transaction codes, single-use nonces, and a credential endpoint that checks every key proof (typ,
 * jwk, signature, aud, nonce, no iss) and issues real SD-JWT VCs with {@link SdJwtVcIssuer}, signed
 * by a key whose did:kdid document is on the {@link TestLedger}, and real mdocs ({@code mso_mdoc},
 * configuration id {@value #DOCTYPE}) with {@link MdocIssuer}, signed by a document signer whose
 * certificate is issued by a generated IACA. An access token serves each configuration of its offer
 * once.
 *
 * <p>Public fields are knobs for failure tests.
 */
public final class FakeIssuer implements AutoCloseable {
  public static final String VCT = "urn:kdid:kr:mdl:1";
  public static final String CONFIG = "kr.mdl";
  public static final String DOCTYPE = "org.iso.18013.5.1.mDL";
  public static final String NAMESPACE = "org.iso.18013.5.1";

  private final HttpServer server;
  private final SecureRandom random = new SecureRandom();
  public final SoftwareKey key = SoftwareKey.generate(SignatureAlgorithm.ES256);
  public final Did did;
  public final String kid;
  public final String base;
  public final String credentialIssuer;

  // mdoc: an IACA root and a document signer it certified.
  public final SoftwareKey iacaKey = SoftwareKey.generate(SignatureAlgorithm.ES256);
  public final X509Certificate iaca;
  public final SoftwareKey dsKey = SoftwareKey.generate(SignatureAlgorithm.ES256);
  public final X509Certificate dsCertificate;
  private final MdocIssuer mdocIssuer;

  private final Map<String, ObjectNode> offers = new ConcurrentHashMap<>();
  private final Map<String, String> txCodes = new ConcurrentHashMap<>(); // code -> tx code
  private final Set<String> usedCodes = ConcurrentHashMap.newKeySet();
  private final Map<String, List<String>> offeredConfigs = new ConcurrentHashMap<>(); // by code
  private final Map<String, Set<String>> tokens = new ConcurrentHashMap<>(); // -> unused configs
  private final Set<String> nonces = ConcurrentHashMap.newKeySet();

  /** The proofs' holder keys of every credential request, as received. */
  public final List<List<Jwk>> proofKeys = new CopyOnWriteArrayList<>();

  /** The issuance events handed out. */
  public final List<EventCommitment> events = new CopyOnWriteArrayList<>();

  // Knobs.
  public volatile int batchSize = 3;
  public volatile String metadataIssuer; // overrides credential_issuer in the metadata
  public volatile SoftwareKey signWith; // signs credentials with another key
  public volatile SoftwareKey publishKey; // publishes another key in its JWT VC metadata
  public volatile boolean bindToOtherKey;
  public volatile String vct = VCT;
  public volatile int rejectNoncesOnce; // answers invalid_nonce this many times
  public volatile boolean omitEvent;
  public volatile String format = "dc+sd-jwt";
  // mdoc knobs.
  public volatile boolean offerSdJwt = true; // offers name kr.mdl
  public volatile boolean offerMdoc; // offers name the mdoc configuration too
  public volatile String mdocDoctype; // issues mdocs of another doctype
  public volatile boolean tamperMdoc; // changes an element after signing
  public volatile boolean rejectMdoc; // refuses mdoc credential requests
  public volatile boolean mdocBindToOtherKey;
  public volatile boolean omitMdocEvent;

  /** The mdoc credential requests' proof keys, as received. */
  public final List<List<Jwk>> mdocProofKeys = new CopyOnWriteArrayList<>();

  // Authorization code flow: codes to {challenge, redirect_uri, client_id}; the last query seen.
  private final Map<String, Map<String, String>> authorizationCodes = new ConcurrentHashMap<>();
  public volatile Map<String, String> lastAuthorizationQuery;
  // Deferred issuance: when set, credential requests are deferred until approve().
  public volatile boolean deferIssuance;
  private volatile boolean approved;
  private final Map<String, List<Jwk>> deferredKeys = new ConcurrentHashMap<>();
  private final Map<String, String> deferredTokens = new ConcurrentHashMap<>();
  public volatile int deferredPolls;

  /** Lets deferred requests be collected from now on. */
  public void approve() {
    approved = true;
  }

  public FakeIssuer(TestLedger ledger) throws IOException {
    this.did = ledger.registerKey(key.publicKey(), Relationship.ASSERTION_METHOD);
    this.kid = did.withFragment("key-1");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    credentialIssuer = base + "/issuers/police";
    Instant now = Instant.now();
    iaca =
        MdocCertificates.createIaca(
            iacaKey,
            "K-DID Test IACA",
            "KR",
            did.toString(),
            now.minus(1, ChronoUnit.DAYS),
            now.plus(3650, ChronoUnit.DAYS),
            random);
    dsCertificate =
        MdocCertificates.createDocumentSigner(
            iacaKey,
            iaca,
            (P256Key) dsKey.publicKey(),
            "K-DID Test DS police",
            did.toString(),
            now.minus(1, ChronoUnit.DAYS),
            now.plus(730, ChronoUnit.DAYS),
            random);
    mdocIssuer = new MdocIssuer(dsKey, dsCertificate, random);
    // As a K-DID issuer does: the certificates name the DID, whose document publishes the IACA.
    ledger.publishIaca(did, List.of(iaca));
    server.createContext("/", this::handle);
    server.start();
  }

  /** A new offer with a 6-digit transaction code; returns it with the links. */
  public record Offer(ObjectNode json, String txCode, String byValue, String byReference) {}

  public Offer createOffer() {
    String id = token(12);
    String code = token(16);
    String tx = String.format("%06d", random.nextInt(1_000_000));
    ObjectNode offer = Json.object();
    offer.put("credential_issuer", credentialIssuer);
    ArrayNode ids = offer.putArray("credential_configuration_ids");
    if (offerSdJwt) {
      ids.add(CONFIG);
    }
    if (offerMdoc) {
      ids.add(DOCTYPE);
    }
    List<String> configs = new ArrayList<>();
    ids.forEach(i -> configs.add(i.asText()));
    offeredConfigs.put(code, configs);
    ObjectNode g =
        offer.putObject("grants").putObject("urn:ietf:params:oauth:grant-type:pre-authorized_code");
    g.put("pre-authorized_code", code);
    ObjectNode t = g.putObject("tx_code");
    t.put("input_mode", "numeric");
    t.put("length", 6);
    t.put("description", "Enter the 6-digit code from your notice");
    offers.put(id, offer);
    txCodes.put(code, tx);
    return new Offer(
        offer,
        tx,
        "openid-credential-offer://?credential_offer="
            + URLEncoder.encode(Json.string(offer), StandardCharsets.UTF_8),
        "openid-credential-offer://?credential_offer_uri="
            + URLEncoder.encode(credentialIssuer + "/offers/" + id, StandardCharsets.UTF_8));
  }

  private String token(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64Url.encode(b);
  }

  private void handle(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    String p = "/issuers/police";
    try {
      if (path.startsWith(p + "/offers/")) {
        ObjectNode o = offers.get(path.substring((p + "/offers/").length()));
        if (o == null) {
          Exchanges.error(x, 404, "not_found", "OFFER_UNKNOWN", "no such offer");
        } else {
          Exchanges.json(x, 200, o);
        }
      } else if (path.equals("/.well-known/openid-credential-issuer" + p)) {
        Exchanges.json(x, 200, issuerMetadata());
      } else if (path.equals("/.well-known/oauth-authorization-server" + p)) {
        ObjectNode o = Json.object();
        o.put("issuer", credentialIssuer);
        o.put("token_endpoint", credentialIssuer + "/token");
        o.put("authorization_endpoint", credentialIssuer + "/authorize");
        o.putArray("code_challenge_methods_supported").add("S256");
        o.put("authorization_response_iss_parameter_supported", true);
        o.put("pre-authorized_grant_anonymous_access_supported", true);
        Exchanges.json(x, 200, o);
      } else if (path.equals("/.well-known/jwt-vc-issuer" + p)) {
        ObjectNode o = Json.object();
        o.put("issuer", credentialIssuer);
        SoftwareKey published = publishKey != null ? publishKey : key;
        o.putObject("jwks")
            .putArray("keys")
            .add(published.publicKey().toJwk().withKid(kid).toJson());
        Exchanges.json(x, 200, o);
      } else if (path.equals(p + "/token") && x.getRequestMethod().equals("POST")) {
        token(x);
      } else if (path.equals(p + "/nonce") && x.getRequestMethod().equals("POST")) {
        String n = token(16);
        nonces.add(n);
        ObjectNode o = Json.object();
        o.put("c_nonce", n);
        Exchanges.json(x, 200, o);
      } else if (path.equals(p + "/credential") && x.getRequestMethod().equals("POST")) {
        credential(x);
      } else if (path.equals(p + "/authorize") && x.getRequestMethod().equals("GET")) {
        authorize(x);
      } else if (path.equals(p + "/deferred_credential") && x.getRequestMethod().equals("POST")) {
        deferredCredential(x);
      } else {
        Exchanges.error(x, 404, "not_found", "NOT_FOUND", "no such endpoint");
      }
    } catch (RuntimeException e) {
      Exchanges.error(x, 500, "server_error", "INTERNAL", String.valueOf(e));
    }
  }

  private ObjectNode issuerMetadata() {
    ObjectNode md = Json.object();
    md.put("credential_issuer", metadataIssuer != null ? metadataIssuer : credentialIssuer);
    md.put("credential_endpoint", credentialIssuer + "/credential");
    md.put("nonce_endpoint", credentialIssuer + "/nonce");
    md.put("deferred_credential_endpoint", credentialIssuer + "/deferred_credential");
    md.putObject("batch_credential_issuance").put("batch_size", batchSize);
    ArrayNode display = md.putArray("display");
    display.addObject().put("name", "경찰청").put("locale", "ko");
    display.addObject().put("name", "Korean National Police Agency").put("locale", "en");
    ObjectNode all = md.putObject("credential_configurations_supported");
    ObjectNode c = all.putObject(CONFIG);
    c.put("format", format);
    c.put("vct", VCT);
    c.putArray("cryptographic_binding_methods_supported").add("jwk");
    c.putArray("credential_signing_alg_values_supported").add("ES256");
    c.putObject("proof_types_supported")
        .putObject("jwt")
        .putArray("proof_signing_alg_values_supported")
        .add("ES256");
    ObjectNode m = all.putObject(DOCTYPE);
    m.put("format", "mso_mdoc");
    m.put("doctype", DOCTYPE);
    m.put("scope", DOCTYPE);
    m.putArray("cryptographic_binding_methods_supported").add("cose_key");
    m.putArray("credential_signing_alg_values_supported").add(-7);
    m.putObject("proof_types_supported")
        .putObject("jwt")
        .putArray("proof_signing_alg_values_supported")
        .add("ES256");
    ObjectNode cm = m.putObject("credential_metadata");
    cm.putArray("display").addObject().put("name", "Mobile driver's licence").put("locale", "en");
    ArrayNode claims = cm.putArray("claims");
    for (String e : List.of("family_name", "given_name", "birth_date", "age_over_19")) {
      claims.addObject().putArray("path").add(NAMESPACE).add(e);
    }
    return md;
  }

  /** Signs the holder in at once (no page) and redirects with a code, as a browser would see. */
  private void authorize(HttpExchange x) throws IOException {
    Map<String, String> q = new java.util.LinkedHashMap<>();
    for (String pair : x.getRequestURI().getRawQuery().split("&")) {
      int i = pair.indexOf('=');
      q.put(
          java.net.URLDecoder.decode(pair.substring(0, i), StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
    }
    lastAuthorizationQuery = q;
    if (!"S256".equals(q.get("code_challenge_method")) || q.get("code_challenge") == null) {
      Exchanges.error(x, 400, "invalid_request", "PKCE_REQUIRED", "S256 PKCE required");
      return;
    }
    String code = token(16);
    authorizationCodes.put(code, q);
    String location =
        q.get("redirect_uri")
            + "?code="
            + code
            + "&state="
            + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8)
            + "&iss="
            + URLEncoder.encode(credentialIssuer, StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Location", location);
    x.sendResponseHeaders(302, -1);
    x.close();
  }

  private void authorizationCodeToken(HttpExchange x, Map<String, String> f) throws IOException {
    Map<String, String> q = authorizationCodes.remove(String.valueOf(f.get("code")));
    if (q == null) {
      Exchanges.error(x, 400, "invalid_grant", "UNKNOWN_AUTHORIZATION_CODE", "unknown code");
      return;
    }
    String verifier = f.get("code_verifier");
    String s256 =
        verifier == null
            ? ""
            : Base64Url.encode(
                kr.kdid.core.crypto.Sha256.hash(verifier.getBytes(StandardCharsets.US_ASCII)));
    if (!s256.equals(q.get("code_challenge"))
        || !q.get("redirect_uri").equals(f.get("redirect_uri"))
        || !q.get("client_id").equals(f.get("client_id"))) {
      Exchanges.error(x, 400, "invalid_grant", "PKCE_VERIFICATION_FAILED", "code mismatch");
      return;
    }
    String t = token(24);
    tokens.put(t, ConcurrentHashMap.newKeySet());
    tokens.get(t).addAll(List.of(CONFIG, DOCTYPE));
    ObjectNode o = Json.object();
    o.put("access_token", t);
    o.put("token_type", "Bearer");
    o.put("expires_in", 300);
    Exchanges.json(x, 200, o);
  }

  private void deferredCredential(HttpExchange x) throws IOException {
    deferredPolls++;
    String auth = x.getRequestHeaders().getFirst("Authorization");
    String tid = Json.parse(Exchanges.body(x)).path("transaction_id").asText();
    List<Jwk> keys = deferredKeys.get(tid);
    if (keys == null) {
      Exchanges.error(x, 400, "invalid_transaction_id", "UNKNOWN_TRANSACTION_ID", "unknown");
      return;
    }
    if (auth == null || !auth.equals("Bearer " + deferredTokens.get(tid))) {
      Exchanges.error(x, 401, "invalid_token", "TOKEN_NOT_FOR_TRANSACTION", "wrong token");
      return;
    }
    if (!approved) {
      ObjectNode o = Json.object();
      o.put("transaction_id", tid);
      o.put("interval", 1);
      Exchanges.json(x, 202, o);
      return;
    }
    deferredKeys.remove(tid);
    Exchanges.json(x, 200, issueTo(keys));
  }

  private void token(HttpExchange x) throws IOException {
    Map<String, String> f = Exchanges.form(x);
    if ("authorization_code".equals(f.get("grant_type"))) {
      authorizationCodeToken(x, f);
      return;
    }
    if (!"urn:ietf:params:oauth:grant-type:pre-authorized_code".equals(f.get("grant_type"))) {
      Exchanges.error(x, 400, "unsupported_grant_type", "UNSUPPORTED_GRANT_TYPE", "grant");
      return;
    }
    String code = f.get("pre-authorized_code");
    String expected = code == null ? null : txCodes.get(code);
    if (expected == null) {
      Exchanges.error(x, 400, "invalid_grant", "UNKNOWN_PRE_AUTHORIZED_CODE", "unknown code");
      return;
    }
    if (!expected.equals(f.get("tx_code"))) {
      Exchanges.error(
          x, 400, "invalid_grant", "TX_CODE_WRONG", "wrong transaction code; 4 more attempt(s)");
      return;
    }
    if (!usedCodes.add(code)) {
      Exchanges.error(x, 400, "invalid_grant", "PRE_AUTHORIZED_CODE_USED", "already used");
      return;
    }
    String t = token(24);
    tokens.put(t, ConcurrentHashMap.newKeySet());
    tokens.get(t).addAll(offeredConfigs.getOrDefault(code, List.of(CONFIG)));
    ObjectNode o = Json.object();
    o.put("access_token", t);
    o.put("token_type", "Bearer");
    o.put("expires_in", 300);
    Exchanges.json(x, 200, o);
  }

  private void credential(HttpExchange x) throws IOException {
    String auth = x.getRequestHeaders().getFirst("Authorization");
    Set<String> unused =
        auth == null || !auth.startsWith("Bearer ") ? null : tokens.get(auth.substring(7));
    JsonNode body = Json.parse(Exchanges.body(x));
    String config = body.path("credential_configuration_id").asText();
    if (unused == null || !unused.remove(config)) {
      Exchanges.error(x, 401, "invalid_token", "TOKEN_INVALID", "unknown or used access token");
      return;
    }
    if (!CONFIG.equals(config) && !DOCTYPE.equals(config)) {
      unused.add(config);
      Exchanges.error(x, 400, "unknown_credential_configuration", "UNKNOWN", "configuration");
      return;
    }
    boolean mdoc = DOCTYPE.equals(config);
    JsonNode jwts = body.path("proofs").path("jwt");
    if (!jwts.isArray() || jwts.isEmpty() || jwts.size() > batchSize) {
      Exchanges.error(x, 400, "invalid_proof", "PROOF_COUNT", "1 to batch_size proofs");
      return;
    }
    if (rejectNoncesOnce > 0) {
      rejectNoncesOnce--;
      unused.add(config);
      Exchanges.error(x, 400, "invalid_nonce", "NONCE_EXPIRED", "get a new nonce");
      return;
    }
    List<Jwk> keys = new ArrayList<>();
    Set<String> thumbprints = new HashSet<>();
    Set<String> seenNonces = new HashSet<>();
    for (JsonNode p : jwts) {
      String problem = checkProof(p.asText(), keys, seenNonces);
      if (problem != null) {
        Exchanges.error(x, 400, "invalid_proof", "PROOF_INVALID", problem);
        return;
      }
      if (!thumbprints.add(keys.get(keys.size() - 1).thumbprint())) {
        Exchanges.error(x, 400, "invalid_proof", "PROOF_DUPLICATE_KEY", "one key per proof");
        return;
      }
    }
    nonces.removeAll(seenNonces); // single use
    if (mdoc) {
      mdocProofKeys.add(List.copyOf(keys));
      if (rejectMdoc) {
        Exchanges.error(
            x, 400, "credential_request_denied", "MDOC_UNAVAILABLE", "no mdoc for this holder");
        return;
      }
      Exchanges.json(x, 200, issueMdocTo(keys));
      return;
    }
    proofKeys.add(List.copyOf(keys));
    if (deferIssuance) {
      String tid = token(12);
      deferredKeys.put(tid, List.copyOf(keys));
      deferredTokens.put(tid, auth.substring(7));
      ObjectNode o = Json.object();
      o.put("transaction_id", tid);
      o.put("interval", 5);
      Exchanges.json(x, 202, o);
      return;
    }
    Exchanges.json(x, 200, issueTo(keys));
  }

  private ObjectNode issueTo(List<Jwk> keys) {
    CredentialType type = Catalog.builtIn().byId(CONFIG).orElseThrow();
    ObjectNode claims = type.issuableClaims(sourceClaims(), LocalDate.now());
    Instant iat = Instant.now().truncatedTo(ChronoUnit.HOURS);
    ObjectNode response = Json.object();
    ArrayNode creds = response.putArray("credentials");
    SdJwtVcIssuer issuer = new SdJwtVcIssuer(random);
    for (Jwk holder : keys) {
      Jwk bound =
          bindToOtherKey
              ? SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey().toJwk()
              : holder;
      ObjectNode status = Json.object();
      status.putObject("status_list").put("idx", random.nextInt(131072)).put("uri", base + "/sl/1");
      String sd =
          issuer
              .issue(
                  new SdJwtVcIssuer.Request(
                      signWith != null ? signWith : key,
                      kid,
                      credentialIssuer,
                      vct,
                      claims,
                      null,
                      bound,
                      status,
                      iat,
                      null,
                      iat.plus(365, ChronoUnit.DAYS),
                      2))
              .serialize();
      creds.addObject().put("credential", sd);
    }
    EventCommitment event =
        EventCommitment.create(
            EventCommitment.ISSUANCE, did.toString(), CONFIG, Instant.now(), random);
    events.add(event);
    if (!omitEvent) {
      response.set("kdid_issuance_event", event.toJson());
    }
    response.put("kdid_batch_id", token(9));
    return response;
  }

  private ObjectNode issueMdocTo(List<Jwk> keys) {
    CredentialType type = Catalog.builtIn().byId(CONFIG).orElseThrow();
    ObjectNode claims = type.issuableClaims(sourceClaims(), LocalDate.now());
    Map<String, CBORObject> elements = MdocValues.fromClaims(type, claims);
    Instant signed = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ValidityInfo validity = new ValidityInfo(signed, signed, signed.plus(365, ChronoUnit.DAYS));
    ObjectNode response = Json.object();
    ArrayNode creds = response.putArray("credentials");
    for (Jwk holder : keys) {
      Jwk bound =
          mdocBindToOtherKey
              ? SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey().toJwk()
              : holder;
      IssuerSigned issued =
          mdocIssuer.issue(
              new MdocIssuer.Request(
                  mdocDoctype != null ? mdocDoctype : DOCTYPE,
                  Map.of(NAMESPACE, elements),
                  (P256Key) VerificationKey.fromJwk(bound),
                  validity,
                  Optional.of(new StatusReference(random.nextInt(131072), base + "/sl/1"))));
      if (tamperMdoc) {
        issued = tamper(issued);
      }
      creds.addObject().put("credential", Base64Url.encode(issued.encode()));
    }
    if (!omitMdocEvent) {
      EventCommitment event =
          EventCommitment.create(
              EventCommitment.ISSUANCE, did.toString(), CONFIG, Instant.now(), random);
      events.add(event);
      response.set("kdid_issuance_event", event.toJson());
    }
    response.put("kdid_batch_id", token(9));
    return response;
  }

  /** The mdoc with family_name changed after signing (same digestID and salt). */
  private static IssuerSigned tamper(IssuerSigned issued) {
    Map<String, List<IssuerSignedItem>> ns = new LinkedHashMap<>();
    issued
        .nameSpaces()
        .forEach(
            (name, items) -> {
              List<IssuerSignedItem> out = new ArrayList<>();
              for (IssuerSignedItem i : items) {
                out.add(
                    i.elementIdentifier().equals("family_name")
                        ? IssuerSignedItem.create(
                            i.digestId(),
                            i.random(),
                            i.elementIdentifier(),
                            CBORObject.FromObject("김"))
                        : i);
              }
              ns.put(name, out);
            });
    return new IssuerSigned(ns, issued.issuerAuth());
  }

  /** Null if the proof is good (its key appended to {@code keys}), else the problem. */
  private String checkProof(String jwt, List<Jwk> keys, Set<String> seenNonces) {
    try {
      Jws jws = Jws.parse(jwt);
      if (!"openid4vci-proof+jwt".equals(jws.typ())) {
        return "typ";
      }
      if (jws.header().has("kid") || jws.header().has("x5c")) {
        return "key header";
      }
      Jwk jwk = Jwk.fromJson(jws.header().get("jwk"));
      if (jwk.isPrivate()) {
        return "private key in proof";
      }
      if (!jws.verify(VerificationKey.fromJwk(jwk))) {
        return "signature";
      }
      ObjectNode c = jws.payloadJson();
      if (!credentialIssuer.equals(c.path("aud").asText())) {
        return "aud";
      }
      if (c.has("iss")) {
        return "iss must be omitted for anonymous pre-authorized access";
      }
      if (!c.path("iat").isIntegralNumber()) {
        return "iat";
      }
      String nonce = c.path("nonce").asText(null);
      if (nonce == null || !nonces.contains(nonce)) {
        return "nonce";
      }
      seenNonces.add(nonce);
      keys.add(jwk);
      return null;
    } catch (JoseException | IllegalArgumentException e) {
      return "malformed: " + e.getMessage();
    }
  }

  /** The applicant's claims from the authentic source. */
  public static ObjectNode sourceClaims() {
    ObjectNode s = Json.object();
    s.put("family_name", "홍");
    s.put("given_name", "길동");
    s.put("birth_date", "1990-03-01");
    s.put("issue_date", "2024-01-02");
    s.put("expiry_date", "2034-01-02");
    s.put("issuing_country", "KR");
    s.put("issuing_authority", "경찰청");
    s.put("document_number", "11-24-123456-70");
    s.put("portrait", "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB");
    s.putArray("driving_privileges").addObject().put("vehicle_category_code", "B");
    s.put("un_distinguishing_sign", "ROK");
    return s;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
