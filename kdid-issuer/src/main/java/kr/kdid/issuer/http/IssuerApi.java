package kr.kdid.issuer.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import kr.kdid.core.json.Json;
import kr.kdid.core.json.MalformedJsonException;
import kr.kdid.credentials.catalog.CredentialType;
import kr.kdid.issuer.CredentialLifecycle;
import kr.kdid.issuer.EnrolApplicant;
import kr.kdid.issuer.IssuerService;
import kr.kdid.issuer.oid4vci.AuthorizeWithCode;
import kr.kdid.issuer.oid4vci.CreateOffer;
import kr.kdid.issuer.oid4vci.Oid4vciError;
import kr.kdid.issuer.store.IssuerStore;
import kr.kdid.web.ApiException;
import kr.kdid.web.Http;
import kr.kdid.web.QrCodes;

/**
 * The HTTP face of the issuers of a process: the OpenID4VCI endpoints and metadata (public) and the
 * administration API (behind the admin token). Routes are registered before the issuers start;
 * until an issuer is added, its endpoints answer 503.
 *
 * <p>Paths, for an issuer named {@code police} whose Credential Issuer Identifier is {@code
 * <base>/issuers/police}:
 *
 * <ul>
 *   <li>{@code GET /.well-known/openid-credential-issuer/issuers/police} and the authorization
 *       server and JWT VC issuer metadata at the matching well-known URLs;
 *   <li>{@code GET /issuers/police/offers/{id}} (offer by reference) and {@code .../qr.png};
 *   <li>{@code POST /issuers/police/token}, {@code /nonce}, {@code /credential};
 *   <li>{@code POST /admin/issuers/police/applicants}, {@code /offers}, {@code GET
 *       /admin/issuers/police/applicants/{id}/credentials}, {@code POST
 *       /admin/issuers/police/batches/{batchId}/status};
 *   <li>the authorization code flow, deferred issuance and self-service pages: see {@link
 *       AuthorizationApi}.
 * </ul>
 */
public final class IssuerApi {
  private static final String FORM = "application/x-www-form-urlencoded";

  private final Map<String, IssuerService> issuers = new ConcurrentHashMap<>();
  private final Consumer<Context> adminAuth;

  /**
   * @param adminAuth checks a request's admin credentials, throwing {@link ApiException} (401) if
   *     they are missing or wrong
   */
  public IssuerApi(Consumer<Context> adminAuth) {
    this.adminAuth = adminAuth;
  }

  private final Map<String, Consumer<Context>> issuerAdmins = new ConcurrentHashMap<>();

  /**
   * Gives an issuing body its own admin authentication: its admin routes then accept only that (its
   * officers cannot administer another body, and another body's officers cannot administer it),
   * instead of the server's admin token.
   */
  public void separateAdmin(String issuerName, Consumer<Context> auth) {
    issuerAdmins.put(issuerName, auth);
  }

  /** Serves an issuer (from now on). */
  public void add(IssuerService issuer) {
    issuers.put(issuer.config().name(), issuer);
  }

  public void routes(JavalinConfig config) {
    var r = config.routes;
    r.exception(Oid4vciError.class, (e, ctx) -> oauthError(ctx, e));
    r.get(
        "/.well-known/openid-credential-issuer/issuers/{name}",
        ctx -> Http.json(ctx, issuer(ctx).credentialIssuerMetadata()));
    r.get(
        "/.well-known/oauth-authorization-server/issuers/{name}",
        ctx -> Http.json(ctx, issuer(ctx).authorizationServerMetadata()));
    r.get(
        "/.well-known/jwt-vc-issuer/issuers/{name}",
        ctx -> Http.json(ctx, issuer(ctx).jwtVcIssuerMetadata()));
    r.get("/issuers/{name}/offers/{id}", this::offer);
    r.get("/issuers/{name}/offers/{id}/qr.png", this::offerQr);
    r.post("/issuers/{name}/token", this::token);
    r.post("/issuers/{name}/nonce", this::nonce);
    r.post("/issuers/{name}/credential", this::credential);

    r.post("/admin/issuers/{name}/applicants", admin(this::enrol));
    r.post("/admin/issuers/{name}/offers", admin(this::createOffer));
    r.get("/admin/issuers/{name}/applicants/{id}/credentials", admin(this::credentialsOf));
    r.post("/admin/issuers/{name}/batches/{batchId}/status", admin(this::setStatus));
    r.post("/admin/issuers/{name}/batches/{batchId}/renewal", admin(this::renew));
    r.get("/admin/issuers/{name}/batches/{batchId}/events", admin(this::events));
    r.post("/admin/issuers/{name}/applicants/{id}/reissue", admin(this::reissue));
    // Authorization code flow, deferred issuance, holder self-service.
    new AuthorizationApi(this).routes(config);
  }

  io.javalin.http.Handler admin(io.javalin.http.Handler h) {
    return ctx -> {
      Consumer<Context> own = issuerAdmins.get(ctx.pathParam("name"));
      (own != null ? own : adminAuth).accept(ctx);
      h.handle(ctx);
    };
  }

  IssuerService issuer(Context ctx) {
    String name = ctx.pathParam("name");
    IssuerService s = issuers.get(name);
    if (s == null) {
      throw ApiException.notFound("UNKNOWN_ISSUER", "no issuer named " + name + " here");
    }
    return s;
  }

  private static void oauthError(Context ctx, Oid4vciError e) {
    ObjectNode o = Json.object();
    o.put("error", e.error());
    o.put("error_description", e.getMessage());
    o.put("kdid_error", e.kdidCode());
    if (e.status() == 401) {
      ctx.header("WWW-Authenticate", "Bearer error=\"" + e.error() + "\"");
    }
    noStore(ctx);
    Http.json(ctx, e.status(), o);
  }

  private static void noStore(Context ctx) {
    ctx.header("Cache-Control", "no-store");
  }

  // ---- OpenID4VCI ----

  private void offer(Context ctx) {
    IssuerStore.Offer o = liveOffer(ctx);
    noStore(ctx);
    Http.json(ctx, o.offerJson());
  }

  private void offerQr(Context ctx) {
    IssuerService s = issuer(ctx);
    IssuerStore.Offer o = liveOffer(ctx);
    String url = s.config().credentialIssuer() + "/offers/" + o.id();
    String uri =
        "openid-credential-offer://?credential_offer_uri="
            + URLEncoder.encode(url, StandardCharsets.UTF_8);
    noStore(ctx);
    Http.binary(ctx, "image/png", QrCodes.png(uri, 360));
  }

  /** An offer that can still be redeemed. */
  private IssuerStore.Offer liveOffer(Context ctx) {
    IssuerService s = issuer(ctx);
    String id = ctx.pathParam("id");
    if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
      throw ApiException.notFound("UNKNOWN_OFFER", "no such credential offer");
    }
    IssuerStore.Offer o =
        s.store()
            .offer(id)
            .orElseThrow(() -> ApiException.notFound("UNKNOWN_OFFER", "no such credential offer"));
    if (!o.state().equals(IssuerStore.OFFERED)) {
      throw new ApiException(410, "OFFER_USED", "this credential offer was already used");
    }
    if (s.clock().millis() > o.expiresAt()) {
      throw new ApiException(410, "OFFER_EXPIRED", "this credential offer has expired");
    }
    return o;
  }

  private void token(Context ctx) {
    IssuerService s = issuer(ctx);
    Map<String, String> form = form(ctx);
    noStore(ctx);
    if (AuthorizeWithCode.GRANT_TYPE.equals(form.get("grant_type"))) {
      Http.json(ctx, s.authorizationCodes().redeem(form));
      return;
    }
    Http.json(ctx, s.tokens().redeem(form));
  }

  private void nonce(Context ctx) {
    IssuerService s = issuer(ctx);
    noStore(ctx);
    Http.json(ctx, s.nonces().issue());
  }

  private void credential(Context ctx) {
    IssuerService s = issuer(ctx);
    String ct = ctx.contentType();
    if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith(Http.JSON)) {
      throw new Oid4vciError(
          400,
          "invalid_credential_request",
          "UNSUPPORTED_MEDIA_TYPE",
          "send the credential request as application/json");
    }
    JsonNode body;
    try {
      body = Json.parse(ctx.bodyAsBytes());
    } catch (MalformedJsonException e) {
      throw new Oid4vciError(
          400,
          "invalid_credential_request",
          "MALFORMED_CREDENTIAL_REQUEST",
          "the body is not valid JSON: " + e.getMessage());
    }
    ObjectNode response = s.credentials().issue(ctx.header("Authorization"), body);
    noStore(ctx);
    // 202 with a transaction_id when issuance waits for approval (deferred, OpenID4VCI §8.3).
    Http.json(ctx, response.has("transaction_id") ? 202 : 200, response);
  }

  /** The form parameters of an OAuth request; each may appear once (RFC 6749 §3.1). */
  private static Map<String, String> form(Context ctx) {
    String ct = ctx.contentType();
    if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith(FORM)) {
      throw new Oid4vciError(
          400, "invalid_request", "UNSUPPORTED_MEDIA_TYPE", "send the token request as " + FORM);
    }
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, List<String>> e : ctx.formParamMap().entrySet()) {
      if (e.getValue().isEmpty()) {
        // The form parser keeps the name of a value it cannot decode (bad %-encoding).
        throw new Oid4vciError(
            400,
            "invalid_request",
            "MALFORMED_PARAMETER",
            "parameter " + e.getKey() + " is not validly percent-encoded");
      }
      if (e.getValue().size() != 1) {
        throw new Oid4vciError(
            400,
            "invalid_request",
            "REPEATED_PARAMETER",
            "parameter " + e.getKey() + " appears more than once");
      }
      out.put(e.getKey(), e.getValue().get(0));
    }
    return out;
  }

  // ---- administration ----

  private void enrol(Context ctx) {
    IssuerService s = issuer(ctx);
    ObjectNode body = Http.jsonObject(ctx);
    String personRef = Http.requiredText(body, "personRef");
    CredentialType type = type(s, body);
    JsonNode claims = body.get("claims");
    if (claims == null || !claims.isObject()) {
      throw ApiException.badRequest("MISSING_FIELD", "the body needs an object \"claims\"");
    }
    switch (s.enrolment().enrol(personRef, type, (ObjectNode) claims)) {
      case EnrolApplicant.Result.Enrolled e -> {
        ObjectNode o = Json.object();
        o.put("applicantId", e.applicantId());
        Http.json(ctx, 201, o);
      }
      case EnrolApplicant.Result.AlreadyEnrolled a -> {
        ObjectNode o = Json.object();
        o.put("applicantId", a.applicantId());
        o.put("alreadyEnrolled", true);
        Http.json(ctx, 200, o);
      }
      case EnrolApplicant.Result.Invalid i -> {
        ObjectNode o = Http.error(400, "INVALID_CLAIMS", String.join("; ", i.problems()));
        ArrayNode p = o.putArray("problems");
        i.problems().forEach(p::add);
        Http.json(ctx, 400, o);
      }
    }
  }

  private static CredentialType type(IssuerService s, ObjectNode body) {
    JsonNode t = body.get("credentialType");
    String id = t == null ? s.config().credentialTypes().get(0) : t.asText();
    if (t != null && !t.isTextual() || !s.config().credentialTypes().contains(id)) {
      throw ApiException.badRequest(
          "UNKNOWN_CREDENTIAL_TYPE",
          "this issuer issues " + s.config().credentialTypes() + ", not " + t);
    }
    return s.catalog().byId(id).orElseThrow();
  }

  private void createOffer(Context ctx) {
    IssuerService s = issuer(ctx);
    ObjectNode body = Http.jsonObject(ctx);
    String applicantId = Http.requiredText(body, "applicantId");
    CredentialType type = type(s, body);
    if (s.store().applicant(applicantId).isEmpty()) {
      throw ApiException.notFound("UNKNOWN_APPLICANT", "no enrolled applicant " + applicantId);
    }
    CreateOffer.Result r =
        lifecycle(
            () -> {
              // The officer hears a refusal now (an applicant aged 16 gets no resident card, and
              // is told why), not only the wallet when it asks for the credential.
              s.lifecycle().checkEligible(applicantId, type.id(), c -> false);
              return s.offers().create(applicantId, type.id());
            });
    offerCreated(ctx, r, null);
  }

  private static void offerCreated(Context ctx, CreateOffer.Result r, ObjectNode extra) {
    ObjectNode o = Json.object();
    o.put("offerId", r.offerId());
    o.put("credentialOfferUri", r.uriByReference());
    o.put("credentialOfferUriByValue", r.uriByValue());
    o.put("offerUrl", r.offerUrl());
    o.put("qrUrl", r.qrUrl());
    o.put("txCode", r.txCode());
    o.put("expiresAt", r.expiresAt().toString());
    o.set("credentialOffer", r.offer());
    if (extra != null) {
      o.setAll(extra);
    }
    noStore(ctx);
    Http.json(ctx, 201, o);
  }

  private void renew(Context ctx) {
    IssuerService s = issuer(ctx);
    String batchId = batchId(ctx);
    CreateOffer.Result r = lifecycle(() -> s.lifecycle().renew(batchId));
    offerCreated(ctx, r, Json.object().put("renews", batchId));
  }

  private void reissue(Context ctx) {
    IssuerService s = issuer(ctx);
    String applicantId = ctx.pathParam("id");
    ObjectNode body = Http.jsonObject(ctx);
    CredentialType type = type(s, body);
    CreateOffer.Result r = lifecycle(() -> s.lifecycle().reissue(applicantId, type.id()));
    offerCreated(
        ctx,
        r,
        Json.object()
            .put(
                "note",
                "every "
                    + type.id()
                    + " the applicant holds now is revoked when the new device redeems this offer"));
  }

  private void events(Context ctx) {
    IssuerService s = issuer(ctx);
    String batchId = batchId(ctx);
    List<IssuerStore.EventRow> rows = s.store().eventsOfBatch(batchId);
    if (rows.isEmpty()) {
      throw ApiException.notFound("UNKNOWN_BATCH", "no events for batch " + batchId);
    }
    ObjectNode o = Json.object();
    o.put("batchId", batchId);
    ArrayNode arr = o.putArray("events");
    for (IssuerStore.EventRow e : rows) {
      ObjectNode x = arr.addObject();
      x.put("kind", e.kind());
      x.put("at", java.time.Instant.ofEpochMilli(e.createdAt()).toString());
      if (e.reason() != null) {
        x.put("reason", e.reason());
      }
      x.put("commitment", e.commitment());
      x.set("event", e.event());
      if (e.anchorTx() != null) {
        x.put("anchorTx", e.anchorTx());
      }
    }
    Http.json(ctx, o);
  }

  private static String batchId(Context ctx) {
    String id = ctx.pathParam("batchId");
    if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
      throw ApiException.notFound("UNKNOWN_BATCH", "no credentials in batch " + id);
    }
    return id;
  }

  private static <T> T lifecycle(java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (CredentialLifecycle.LifecycleException e) {
      throw new ApiException(e.status(), e.code(), e.getMessage());
    }
  }

  private void credentialsOf(Context ctx) {
    IssuerService s = issuer(ctx);
    String id = ctx.pathParam("id");
    if (s.store().applicant(id).isEmpty()) {
      throw ApiException.notFound("UNKNOWN_APPLICANT", "no enrolled applicant " + id);
    }
    ObjectNode o = Json.object();
    o.put("applicantId", id);
    o.set("credentials", s.credentialsOf(id));
    Http.json(ctx, o);
  }

  private void setStatus(Context ctx) {
    IssuerService s = issuer(ctx);
    String batchId = batchId(ctx);
    ObjectNode body = Http.jsonObject(ctx);
    String status = Http.requiredText(body, "status").toUpperCase(Locale.ROOT);
    JsonNode reason = body.get("reason");
    if (reason != null && (!reason.isTextual() || reason.asText().length() > 256)) {
      throw ApiException.badRequest("INVALID_REASON", "reason must be a string of at most 256");
    }
    CredentialLifecycle.Changed c =
        lifecycle(
            () ->
                s.lifecycle()
                    .apply(
                        batchId,
                        CredentialLifecycle.Transition.toStatus(status),
                        reason == null ? null : reason.asText()));
    ObjectNode o = Json.object();
    o.put("batchId", batchId);
    o.put("status", c.status());
    o.put("credentials", c.credentials());
    o.put("publishedOnLedger", c.published());
    o.put("eventCommitment", c.event().commitmentHex());
    if (!c.published()) {
      o.put(
          "note",
          "recorded; the ledger could not be reached, the status list is published as soon as it"
              + " can be");
    }
    Http.json(ctx, c.published() ? 200 : 202, o);
  }
}
