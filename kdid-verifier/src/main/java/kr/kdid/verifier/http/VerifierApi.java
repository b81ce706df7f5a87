package kr.kdid.verifier.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import kr.kdid.core.json.Json;
import kr.kdid.ledger.client.LedgerClientException;
import kr.kdid.verifier.ErrorCode;
import kr.kdid.verifier.VerifierException;
import kr.kdid.verifier.VerifierRegistry;
import kr.kdid.verifier.VerifierService;
import kr.kdid.verifier.oid4vp.CreateRequest;
import kr.kdid.verifier.oid4vp.DcqlQuery;
import kr.kdid.verifier.oid4vp.OpenId4Vp;
import kr.kdid.web.AdminAuth;
import kr.kdid.web.ApiException;
import kr.kdid.web.Http;
import kr.kdid.web.QrCodes;

/**
 * The verifiers' HTTP API. Public, for wallets and browsers, under {@code /verifiers/<name>}:
 *
 * <ul>
 *   <li>{@code GET /requests/<id>/object}: the signed request object ({@code
 *       application/oauth-authz-req+jwt});
 *   <li>{@code POST /responses/<id>}: the wallet's {@code direct_post} response; 200 {@code
 *       {"kdid_result": ..., "kdid_verification_event"?: ...}} for a processed response, else 400
 *       {@code {"error": "invalid_request", "error_description", "kdid_error"}};
 *   <li>{@code GET /requests/<id>/qr.png}: the request's QR code;
 *   <li>{@code GET /requests/<id>/result}: the result, with the read secret as a bearer token;
 *   <li>{@code GET /} (the verifier's path itself): the "show your mobile ID" page.
 * </ul>
 *
 * <p>Admin, with the admin token as a bearer token: {@code POST /admin/verifiers/<name>/requests}
 * {@code {"credentialType", "claims": [...]}} creates a request (201, with its read secret).
 *
 * <p>Every refusal is a 4xx JSON with a code (503 {@code SERVICE_STARTING} before the verifier has
 * started, 503 {@code LEDGER_UNAVAILABLE} when the ledger cannot be read); protocol responses carry
 * {@code Cache-Control: no-store}. Routes find services by name in a {@link VerifierRegistry}, so
 * they can be registered before the services start.
 */
public final class VerifierApi {
  /** Size of QR code images, in pixels. */
  static final int QR_PIXELS = 360;

  private final VerifierRegistry registry;
  private final AdminAuth admin;

  /**
   * @param admin checks the admin token (supplied by the launcher)
   */
  public VerifierApi(VerifierRegistry registry, AdminAuth admin) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.admin = Objects.requireNonNull(admin, "admin");
  }

  /** Registers the routes. */
  public void routes(JavalinConfig config) {
    var r = config.routes;
    r.get("/verifiers/{name}", this::page);
    r.get("/verifiers/{name}/requests/{id}/object", this::requestObject);
    r.get("/verifiers/{name}/requests/{id}/qr.png", this::qr);
    r.get("/verifiers/{name}/requests/{id}/result", this::result);
    r.post("/verifiers/{name}/responses/{id}", this::response);
    r.post("/admin/verifiers/{name}/requests", this::createRequest);
  }

  private VerifierService service(Context ctx) {
    String name = ctx.pathParam("name");
    return switch (registry.lookup(name)) {
      case VerifierRegistry.Lookup.Running running -> running.service();
      case VerifierRegistry.Lookup.Starting starting -> {
        ctx.header("Retry-After", "5");
        throw new ApiException(
            503, ErrorCode.SERVICE_STARTING.name(), "verifier " + name + " is starting; retry");
      }
      case VerifierRegistry.Lookup.Unknown unknown ->
          throw ApiException.notFound(
              ErrorCode.VERIFIER_NOT_FOUND.name(), "no verifier named " + name);
    };
  }

  // ---- OpenID4VP ----

  private void requestObject(Context ctx) {
    noStore(ctx);
    VerifierService s = service(ctx);
    try {
      String jws = s.requestObject(ctx.pathParam("id")).encoded();
      ctx.status(200).contentType(OpenId4Vp.REQUEST_OBJECT_MEDIA_TYPE).result(jws);
    } catch (VerifierException e) {
      oauthError(ctx, e.code() == ErrorCode.REQUEST_NOT_FOUND ? 404 : 410, e);
    } catch (LedgerClientException e) {
      ledgerDown(e);
    }
  }

  private void response(Context ctx) {
    noStore(ctx);
    VerifierService s = service(ctx);
    String ct = ctx.contentType();
    if (ct == null || !ct.toLowerCase(Locale.ROOT).strip().startsWith(OpenId4Vp.FORM_MEDIA_TYPE)) {
      oauthError(
          ctx,
          400,
          new VerifierException(
              ErrorCode.RESPONSE_CONTENT_TYPE,
              "post the response as " + OpenId4Vp.FORM_MEDIA_TYPE + ", not " + ct));
      return;
    }
    try {
      Http.json(ctx, s.acceptResponse(ctx.pathParam("id"), ctx.formParamMap()).toJson());
    } catch (VerifierException e) {
      oauthError(ctx, e.code() == ErrorCode.REQUEST_NOT_FOUND ? 404 : 400, e);
    } catch (LedgerClientException e) {
      ledgerDown(e);
    }
  }

  private void qr(Context ctx) {
    noStore(ctx);
    VerifierService s = service(ctx);
    String uri;
    try {
      uri = s.authorizationRequestUri(ctx.pathParam("id"));
    } catch (VerifierException e) {
      throw apiError(e.code() == ErrorCode.REQUEST_NOT_FOUND ? 404 : 410, e);
    }
    ctx.status(200).result(QrCodes.png(uri, QR_PIXELS));
    // Binary content: no charset parameter (the server's default encoding would add one).
    ctx.res().setCharacterEncoding(null);
    ctx.res().setContentType("image/png");
  }

  private void result(Context ctx) {
    noStore(ctx);
    VerifierService s = service(ctx);
    try {
      Http.json(ctx, s.result(ctx.pathParam("id"), bearer(ctx)));
    } catch (VerifierException e) {
      if (e.code() == ErrorCode.REQUEST_NOT_FOUND) {
        throw apiError(404, e);
      }
      ctx.header("WWW-Authenticate", "Bearer");
      throw apiError(401, e);
    }
  }

  // ---- admin ----

  private void createRequest(Context ctx) {
    noStore(ctx);
    admin.require(ctx);
    VerifierService s = service(ctx);
    ObjectNode body = Http.jsonObject(ctx);
    List<CreateRequest.Asked> asked = new ArrayList<>();
    List<DcqlQuery.CredentialSet> sets = new ArrayList<>();
    if (body.has("credentials")) {
      JsonNode creds = body.get("credentials");
      if (!creds.isArray() || creds.isEmpty()) {
        throw ApiException.badRequest(
            ErrorCode.INVALID_QUERY.name(), "credentials must be a non-empty array");
      }
      for (JsonNode c : creds) {
        if (!c.isObject()) {
          throw ApiException.badRequest(
              ErrorCode.INVALID_QUERY.name(), "each credential asked for is an object");
        }
        asked.add(
            new CreateRequest.Asked(
                optionalText(c, "id"),
                Http.requiredText((ObjectNode) c, "credentialType"),
                optionalText(c, "format"),
                claimNames(c.get("claims"))));
      }
      sets = credentialSets(body.get("credentialSets"));
    } else {
      asked.add(
          new CreateRequest.Asked(
              null,
              Http.requiredText(body, "credentialType"),
              null,
              claimNames(body.get("claims"))));
    }
    try {
      CreateRequest.Created created = s.createRequest(asked, sets);
      Http.json(ctx, 201, created.toJson());
    } catch (VerifierException e) {
      throw apiError(
          switch (e.code()) {
            case RP_NOT_REGISTERED, CLAIMS_NOT_REGISTERED -> 403;
            default -> 400;
          },
          e);
    } catch (LedgerClientException e) {
      ledgerDown(e);
    }
  }

  private static List<String> claimNames(JsonNode claimsNode) {
    if (claimsNode == null || !claimsNode.isArray()) {
      throw ApiException.badRequest(
          ErrorCode.INVALID_CLAIMS.name(), "claims must be an array of claim names");
    }
    List<String> claims = new ArrayList<>();
    for (JsonNode c : claimsNode) {
      if (!c.isTextual()) {
        throw ApiException.badRequest(
            ErrorCode.INVALID_CLAIMS.name(), "claims must be an array of claim names");
      }
      claims.add(c.textValue());
    }
    return claims;
  }

  private static String optionalText(JsonNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw ApiException.badRequest(ErrorCode.INVALID_QUERY.name(), name + " must be a string");
    }
    return v.textValue();
  }

  /** {@code [{"options": [["veteran"]]}, {"options": [["rrc"], ["mdl"]], "required": true}]} */
  private static List<DcqlQuery.CredentialSet> credentialSets(JsonNode node) {
    List<DcqlQuery.CredentialSet> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    String shape = "credentialSets is an array of {\"options\": [[query ids]], \"required\": bool}";
    if (!node.isArray() || node.isEmpty()) {
      throw ApiException.badRequest(ErrorCode.INVALID_QUERY.name(), shape);
    }
    for (JsonNode s : node) {
      JsonNode options = s.path("options");
      JsonNode required = s.get("required");
      if (!options.isArray() || options.isEmpty() || (required != null && !required.isBoolean())) {
        throw ApiException.badRequest(ErrorCode.INVALID_QUERY.name(), shape);
      }
      List<List<String>> opts = new ArrayList<>();
      for (JsonNode o : options) {
        if (!o.isArray() || o.isEmpty()) {
          throw ApiException.badRequest(ErrorCode.INVALID_QUERY.name(), shape);
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode id : o) {
          if (!id.isTextual()) {
            throw ApiException.badRequest(ErrorCode.INVALID_QUERY.name(), shape);
          }
          ids.add(id.textValue());
        }
        opts.add(ids);
      }
      out.add(new DcqlQuery.CredentialSet(opts, required == null || required.booleanValue()));
    }
    return out;
  }

  // ---- the page ----

  private void page(Context ctx) {
    noStore(ctx);
    VerifierService s = service(ctx);
    String nonce = VerifierPage.scriptNonce();
    ctx.header(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self'; style-src 'unsafe-inline'; script-src 'nonce-"
            + nonce
            + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    CreateRequest.Created created;
    try {
      created = s.createRequest(s.config().demoCredentialType(), s.config().demoClaims());
    } catch (VerifierException e) {
      ctx.status(503).html(VerifierPage.unavailable(s.config(), e.code(), e.getMessage()));
      return;
    } catch (LedgerClientException e) {
      ctx.status(503)
          .html(
              VerifierPage.unavailable(
                  s.config(), ErrorCode.LEDGER_UNAVAILABLE, "the ledger cannot be reached"));
      return;
    }
    ctx.status(200).html(VerifierPage.render(s.config(), s.catalog(), created, nonce));
  }

  // ---- helpers ----

  private static String bearer(Context ctx) {
    String h = ctx.header("Authorization");
    if (h == null || h.length() < 8 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return h.substring(7).strip();
  }

  private static void noStore(Context ctx) {
    ctx.header("Cache-Control", "no-store");
  }

  /** The OpenID4VP error shape (OAuth 2.0 errors plus K-DID's code). */
  private static void oauthError(Context ctx, int status, VerifierException e) {
    ObjectNode o = Json.object();
    o.put("error", OpenId4Vp.INVALID_REQUEST);
    o.put("error_description", e.getMessage());
    o.put("kdid_error", e.code().name());
    Http.json(ctx, status, o);
  }

  private static ApiException apiError(int status, VerifierException e) {
    return new ApiException(status, e.code().name(), e.getMessage());
  }

  private static void ledgerDown(LedgerClientException e) {
    throw new ApiException(
        503,
        ErrorCode.LEDGER_UNAVAILABLE.name(),
        "the ledger cannot be read now; try again (" + e.getMessage() + ")");
  }
}
