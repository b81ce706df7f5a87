package kr.kdid.issuer.http;

import static kr.kdid.issuer.http.Html.esc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kr.kdid.core.json.Json;
import kr.kdid.core.json.MalformedJsonException;
import kr.kdid.credentials.catalog.CredentialType;
import kr.kdid.issuer.IssuerService;
import kr.kdid.issuer.authz.HolderSelfService;
import kr.kdid.issuer.authz.TestIdentityProvider;
import kr.kdid.issuer.oid4vci.AuthorizationError;
import kr.kdid.issuer.oid4vci.AuthorizeWithCode;
import kr.kdid.issuer.oid4vci.CreateAuthorizationCodeOffer;
import kr.kdid.issuer.oid4vci.DeferredIssuance;
import kr.kdid.issuer.oid4vci.Oid4vciError;
import kr.kdid.issuer.store.IssuerStore;
import kr.kdid.web.ApiException;
import kr.kdid.web.Http;

/**
 * The HTTP face of the authorization code flow, deferred issuance and the holder's self-service,
 * for an issuer named {@code police}:
 *
 * <ul>
 *   <li>{@code GET /issuers/police/authorize} (the authorization endpoint; answers with the sign-in
 *       page of the test identity provider) and {@code POST /issuers/police/authorize} (the page's
 *       form; answers with a redirect to the wallet);
 *   <li>{@code POST /issuers/police/deferred_credential};
 *   <li>{@code GET /issuers/police/account}, {@code POST .../account/sign-in}, {@code
 *       .../account/revoke}, {@code .../account/sign-out} (the holder's self-service pages);
 *   <li>admin: {@code POST /admin/issuers/police/test-idp/accounts}, {@code POST
 *       /admin/issuers/police/authorization-offers}, {@code GET /admin/issuers/police/deferred},
 *       {@code POST /admin/issuers/police/deferred/{id}/approve} and {@code .../reject}.
 * </ul>
 *
 * Pages escape every value, carry a CSRF token bound to an HttpOnly SameSite=Strict cookie, and are
 * never cached or framed.
 */
final class AuthorizationApi {
  static final String AUTHZ_CSRF_COOKIE = "kdid_authz_csrf";
  static final String LOGIN_CSRF_COOKIE = "kdid_login_csrf";
  static final String SESSION_COOKIE = "kdid_session";
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Seoul"));

  private final IssuerApi api;

  AuthorizationApi(IssuerApi api) {
    this.api = api;
  }

  void routes(JavalinConfig config) {
    var r = config.routes;
    r.exception(AuthorizationError.class, AuthorizationApi::authorizationError);
    r.exception(PageException.class, AuthorizationApi::pageException);
    r.get("/issuers/{name}/authorize", this::authorize);
    r.post("/issuers/{name}/authorize", this::signIn);
    r.post("/issuers/{name}/deferred_credential", this::deferredCredential);
    r.get("/issuers/{name}/account", this::account);
    r.post("/issuers/{name}/account/sign-in", this::accountSignIn);
    r.post("/issuers/{name}/account/revoke", this::accountRevoke);
    r.post("/issuers/{name}/account/sign-out", this::accountSignOut);

    r.post("/admin/issuers/{name}/test-idp/accounts", api.admin(this::addAccount));
    r.post("/admin/issuers/{name}/authorization-offers", api.admin(this::createOffer));
    r.get("/admin/issuers/{name}/deferred", api.admin(this::deferredList));
    r.post(
        "/admin/issuers/{name}/deferred/{id}/approve",
        api.admin(ctx -> decide(ctx, DeferredIssuance.Decision.APPROVE)));
    r.post(
        "/admin/issuers/{name}/deferred/{id}/reject",
        api.admin(ctx -> decide(ctx, DeferredIssuance.Decision.REJECT)));
  }

  private static void authorizationError(AuthorizationError e, Context ctx) {
    if (e.redirect() != null) {
      ctx.header("Cache-Control", "no-store");
      ctx.status(ctx.method().name().equals("GET") ? 302 : 303).header("Location", e.redirect());
      return;
    }
    Html.error(ctx, e.status(), e.error(), e.kdidCode(), e.getMessage());
  }

  private static boolean secure(IssuerService s) {
    return s.config().publicBaseUrl().startsWith("https:");
  }

  // ---- authorization endpoint and sign-in ----

  private void authorize(Context ctx) {
    IssuerService s = api.issuer(ctx);
    AuthorizeWithCode.SignInPage page = s.authorization().start(ctx.queryParamMap());
    Html.cookie(
        ctx,
        AUTHZ_CSRF_COOKIE,
        page.csrfToken(),
        s.config().path(),
        s.config().flows().loginTtl().toSeconds(),
        secure(s));
    signInPage(ctx, s, page, 200, null);
  }

  private static void signInPage(
      Context ctx, IssuerService s, AuthorizeWithCode.SignInPage page, int status, String error) {
    CredentialType type = s.catalog().byId(page.credentialType()).orElseThrow();
    String body =
        Html.TEST_IDP_BANNER
            + "<p>"
            + esc(s.config().displayName().get("ko"))
            + " · "
            + esc(s.config().displayName().get("en"))
            + "</p><p>지갑 <code id=\"client\">"
            + esc(page.clientId())
            + "</code> 이(가) 다음 증명서 발급을 요청합니다 · The wallet asks for: <strong>"
            + esc(type.display("ko").name())
            + " · "
            + esc(type.display("en").name())
            + "</strong></p>"
            + (error == null ? "" : "<p class=\"err\" id=\"sign-in-error\">" + esc(error) + "</p>")
            + "<form method=\"post\" action=\""
            + esc(s.config().path() + "/authorize")
            + "\"><input type=\"hidden\" name=\"authorization_id\" value=\""
            + esc(page.authorizationId())
            + "\"><input type=\"hidden\" name=\"csrf_token\" value=\""
            + esc(page.csrfToken())
            + "\">"
            + credentialFields()
            + "<button type=\"submit\" name=\"action\" value=\"sign_in\">로그인 · Sign in</button> "
            + "<button type=\"submit\" name=\"action\" value=\"cancel\" formnovalidate>"
            + "취소 · Cancel</button></form>";
    Html.send(ctx, status, "본인확인 · Sign in", body);
  }

  private static String credentialFields() {
    return "<label>아이디 · Login ID<input type=\"text\" name=\"login_id\" autocomplete=\"username\""
        + " maxlength=\"64\" required></label>"
        + "<label>비밀번호 · Password<input type=\"password\" name=\"password\""
        + " autocomplete=\"current-password\" maxlength=\"256\" required></label>";
  }

  private static final String WRONG_CREDENTIALS =
      "아이디 또는 비밀번호가 올바르지 않습니다. · The login ID or password is wrong.";

  private void signIn(Context ctx) {
    IssuerService s = api.issuer(ctx);
    Map<String, String> form = pageForm(ctx);
    switch (s.authorization().signIn(form, ctx.cookie(AUTHZ_CSRF_COOKIE))) {
      case AuthorizeWithCode.SignInResult.Redirect r -> {
        Html.cookie(ctx, AUTHZ_CSRF_COOKIE, "", s.config().path(), 0, secure(s));
        ctx.header("Cache-Control", "no-store");
        ctx.status(303).header("Location", r.location());
      }
      case AuthorizeWithCode.SignInResult.TryAgain t ->
          signInPage(
              ctx,
              s,
              t.page(),
              401,
              WRONG_CREDENTIALS + " (" + t.attemptsLeft() + " attempt(s) left · 남은 횟수)");
    }
  }

  /** A page form's fields (first value of each); never fails on odd input. */
  private static Map<String, String> pageForm(Context ctx) {
    String ct = ctx.contentType();
    if (ct == null
        || !ct.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      throw new PageException(
          415, "invalid_request", "UNSUPPORTED_MEDIA_TYPE", "send the form as a web form");
    }
    Map<String, String> out = new LinkedHashMap<>();
    ctx.formParamMap().forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(0)));
    return out;
  }

  /** Shown as an HTML page by {@link #pageException}. */
  static final class PageException extends ApiException {
    private static final long serialVersionUID = 1L;
    final String error;

    PageException(int status, String error, String kdid, String description) {
      super(status, kdid, description);
      this.error = error;
    }
  }

  static void pageException(PageException e, Context ctx) {
    Html.error(ctx, e.status(), e.error, e.code(), e.getMessage());
  }

  // ---- deferred credential endpoint ----

  private void deferredCredential(Context ctx) {
    IssuerService s = api.issuer(ctx);
    String ct = ctx.contentType();
    if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith(Http.JSON)) {
      throw new Oid4vciError(
          400,
          "invalid_credential_request",
          "UNSUPPORTED_MEDIA_TYPE",
          "send the deferred credential request as application/json");
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
    ObjectNode response = s.deferred().collect(ctx.header("Authorization"), body);
    ctx.header("Cache-Control", "no-store");
    Http.json(ctx, response.has("transaction_id") ? 202 : 200, response);
  }

  // ---- the holder's self-service ----

  private String sessionOf(Context ctx, IssuerService s) {
    String id = ctx.cookie(SESSION_COOKIE);
    return s.selfService().applicantOf(id).isPresent() ? id : null;
  }

  private void account(Context ctx) {
    IssuerService s = api.issuer(ctx);
    String session = sessionOf(ctx, s);
    if (session == null) {
      accountSignInPage(ctx, s, 200, null);
      return;
    }
    accountPage(ctx, s, session, 200, null);
  }

  private void accountSignInPage(Context ctx, IssuerService s, int status, String error) {
    String csrf = s.selfService().newLoginCsrf();
    Html.cookie(
        ctx,
        LOGIN_CSRF_COOKIE,
        csrf,
        s.config().path(),
        s.config().flows().loginTtl().toSeconds(),
        secure(s));
    String body =
        Html.TEST_IDP_BANNER
            + "<p>"
            + esc(s.config().displayName().get("ko"))
            + " · "
            + esc(s.config().displayName().get("en"))
            + ": 내 증명서 관리 · Manage my credentials (e.g. after losing a phone)</p>"
            + (error == null ? "" : "<p class=\"err\" id=\"sign-in-error\">" + esc(error) + "</p>")
            + "<form method=\"post\" action=\""
            + esc(s.config().path() + "/account/sign-in")
            + "\"><input type=\"hidden\" name=\"csrf_token\" value=\""
            + esc(csrf)
            + "\">"
            + credentialFields()
            + "<button type=\"submit\">로그인 · Sign in</button></form>";
    Html.send(ctx, status, "내 증명서 · My credentials", body);
  }

  private void accountPage(
      Context ctx, IssuerService s, String session, int status, String message) {
    String applicant = s.selfService().applicantOf(session).orElseThrow();
    String csrf = HolderSelfService.csrfOf(session);
    Map<String, List<IssuerStore.CredentialRow>> batches = new LinkedHashMap<>();
    for (IssuerStore.CredentialRow r : s.selfService().credentials(applicant)) {
      batches.computeIfAbsent(r.batchId(), k -> new java.util.ArrayList<>()).add(r);
    }
    StringBuilder rows = new StringBuilder();
    for (var e : batches.entrySet()) {
      IssuerStore.CredentialRow first = e.getValue().get(0);
      String typeName =
          s.catalog()
              .byId(first.credentialType())
              .map(t -> t.display("ko").name() + " · " + t.display("en").name())
              .orElse(first.credentialType());
      rows.append("<tr data-batch=\"")
          .append(esc(e.getKey()))
          .append("\"><td><code>")
          .append(esc(e.getKey()))
          .append("</code></td><td>")
          .append(esc(typeName))
          .append("</td><td>")
          .append(e.getValue().size())
          .append("</td><td class=\"status\">")
          .append(esc(first.status()))
          .append("</td><td>")
          .append(esc(DAY.format(Instant.ofEpochMilli(first.issuedAt()))))
          .append("</td><td>")
          .append(esc(DAY.format(Instant.ofEpochMilli(first.expiresAt()))))
          .append("</td><td>");
      if (e.getValue().stream().anyMatch(c -> IssuerStore.isActive(c.status()))) {
        rows.append("<form method=\"post\" action=\"")
            .append(esc(s.config().path() + "/account/revoke"))
            .append("\"><input type=\"hidden\" name=\"csrf_token\" value=\"")
            .append(esc(csrf))
            .append("\"><input type=\"hidden\" name=\"batch_id\" value=\"")
            .append(esc(e.getKey()))
            .append("\"><button type=\"submit\">폐지 · Revoke</button></form>");
      }
      rows.append("</td></tr>");
    }
    String body =
        Html.TEST_IDP_BANNER
            + (message == null ? "" : "<p class=\"err\" id=\"message\">" + esc(message) + "</p>")
            + "<p>폐지한 증명서는 다시 쓸 수 없습니다. · A revoked credential cannot be used again."
            + "</p><table><tr><th>묶음 · Batch</th><th>종류 · Type</th><th>사본 · Copies</th>"
            + "<th>상태 · Status</th><th>발급 · Issued</th><th>만료 · Expires</th><th></th></tr>"
            + rows
            + "</table><form method=\"post\" action=\""
            + esc(s.config().path() + "/account/sign-out")
            + "\"><input type=\"hidden\" name=\"csrf_token\" value=\""
            + esc(csrf)
            + "\"><button type=\"submit\">로그아웃 · Sign out</button></form>";
    Html.send(ctx, status, "내 증명서 · My credentials", body);
  }

  private void accountSignIn(Context ctx) {
    IssuerService s = api.issuer(ctx);
    Map<String, String> form = pageForm(ctx);
    switch (s.selfService()
        .signIn(
            form.get("login_id"),
            form.get("password"),
            form.get("csrf_token"),
            ctx.cookie(LOGIN_CSRF_COOKIE))) {
      case HolderSelfService.SignIn.Ok ok -> {
        Html.cookie(ctx, LOGIN_CSRF_COOKIE, "", s.config().path(), 0, secure(s));
        Html.cookie(
            ctx,
            SESSION_COOKIE,
            ok.sessionId(),
            s.config().path(),
            s.config().flows().sessionTtl().toSeconds(),
            secure(s));
        ctx.header("Cache-Control", "no-store");
        ctx.status(303).header("Location", s.config().path() + "/account");
      }
      case HolderSelfService.SignIn.Refused r -> accountSignInPage(ctx, s, 401, WRONG_CREDENTIALS);
      case HolderSelfService.SignIn.CsrfInvalid c ->
          Html.error(
              ctx,
              403,
              "invalid_request",
              "CSRF_TOKEN_INVALID",
              "the form's security token is missing or does not match this browser; reload the"
                  + " page");
    }
  }

  /** The session of a posted self-service form, after its CSRF check; null if answered. */
  private String postedSession(Context ctx, IssuerService s, Map<String, String> form) {
    String session = sessionOf(ctx, s);
    if (session == null) {
      accountSignInPage(
          ctx, s, 401, "로그인이 필요합니다 · Please sign in (your session ended or never began)");
      return null;
    }
    if (!HolderSelfService.csrfValid(session, form.get("csrf_token"))) {
      Html.error(
          ctx,
          403,
          "invalid_request",
          "CSRF_TOKEN_INVALID",
          "the form's security token is missing or does not belong to your session");
      return null;
    }
    return session;
  }

  private void accountRevoke(Context ctx) {
    IssuerService s = api.issuer(ctx);
    Map<String, String> form = pageForm(ctx);
    String session = postedSession(ctx, s, form);
    if (session == null) {
      return;
    }
    String applicant = s.selfService().applicantOf(session).orElseThrow();
    String batch = form.get("batch_id");
    switch (s.selfService().revoke(applicant, batch)) {
      case REVOKED -> accountPage(ctx, s, session, 200, "폐지했습니다 · Revoked: " + batch);
      case ALREADY_REVOKED ->
          accountPage(ctx, s, session, 409, "이미 폐지됨 · Already revoked: " + batch);
      case NOT_YOURS ->
          accountPage(ctx, s, session, 404, "해당 증명서가 없습니다 · You hold no batch " + batch);
    }
  }

  private void accountSignOut(Context ctx) {
    IssuerService s = api.issuer(ctx);
    Map<String, String> form = pageForm(ctx);
    String session = postedSession(ctx, s, form);
    if (session == null) {
      return;
    }
    s.selfService().signOut(session);
    Html.cookie(ctx, SESSION_COOKIE, "", s.config().path(), 0, secure(s));
    ctx.header("Cache-Control", "no-store");
    ctx.status(303).header("Location", s.config().path() + "/account");
  }

  // ---- administration ----

  private void addAccount(Context ctx) {
    IssuerService s = api.issuer(ctx);
    ObjectNode body = Http.jsonObject(ctx);
    String loginId = Http.requiredText(body, "loginId");
    String applicantId = Http.requiredText(body, "applicantId");
    String password = Http.requiredText(body, "password");
    switch (s.testIdentityProvider().addAccount(loginId, applicantId, password)) {
      case TestIdentityProvider.Added.Ok ok -> {
        ObjectNode o = Json.object();
        o.put("loginId", ok.loginId());
        o.put("applicantId", applicantId);
        o.put("testIdentityProvider", true);
        Http.json(ctx, 201, o);
      }
      case TestIdentityProvider.Added.LoginIdTaken t ->
          throw new ApiException(409, "LOGIN_ID_TAKEN", "login id " + loginId + " is taken");
      case TestIdentityProvider.Added.UnknownApplicant u ->
          throw ApiException.notFound("UNKNOWN_APPLICANT", "no enrolled applicant " + applicantId);
      case TestIdentityProvider.Added.Invalid i ->
          throw ApiException.badRequest("INVALID_ACCOUNT", i.problem());
    }
  }

  private void createOffer(Context ctx) {
    IssuerService s = api.issuer(ctx);
    ObjectNode body = Http.jsonObject(ctx);
    String applicantId = Http.requiredText(body, "applicantId");
    JsonNode t = body.get("credentialType");
    String type = t == null ? s.config().credentialTypes().get(0) : t.asText();
    if (t != null && !t.isTextual() || !s.config().credentialTypes().contains(type)) {
      throw ApiException.badRequest(
          "UNKNOWN_CREDENTIAL_TYPE", "this issuer issues " + s.config().credentialTypes());
    }
    if (s.store().applicant(applicantId).isEmpty()) {
      throw ApiException.notFound("UNKNOWN_APPLICANT", "no enrolled applicant " + applicantId);
    }
    CreateAuthorizationCodeOffer.Result r = s.authorizationCodeOffers().create(applicantId, type);
    ObjectNode o = Json.object();
    o.put("offerId", r.offerId());
    o.put("credentialOfferUriByValue", r.uriByValue());
    o.put("expiresAt", r.expiresAt().toString());
    o.set("credentialOffer", r.offer());
    ctx.header("Cache-Control", "no-store");
    Http.json(ctx, 201, o);
  }

  private void deferredList(Context ctx) {
    IssuerService s = api.issuer(ctx);
    String status = ctx.queryParam("status");
    if (status != null) {
      status = status.toUpperCase(Locale.ROOT);
      if (!List.of("PENDING", "APPROVED", "REJECTED", "ISSUED").contains(status)) {
        throw ApiException.badRequest(
            "INVALID_STATUS", "status is one of pending, approved, rejected, issued");
      }
    }
    ObjectNode o = Json.object();
    o.set("transactions", s.deferred().list(status));
    Http.json(ctx, o);
  }

  private void decide(Context ctx, DeferredIssuance.Decision decision) {
    IssuerService s = api.issuer(ctx);
    String id = ctx.pathParam("id");
    switch (s.deferred().decide(id, decision)) {
      case UNKNOWN ->
          throw ApiException.notFound("UNKNOWN_TRANSACTION", "no deferred transaction " + id);
      case NOT_PENDING ->
          throw new ApiException(
              409, "TRANSACTION_NOT_PENDING", "transaction " + id + " was already decided");
      case DONE -> {
        ObjectNode o = Json.object();
        o.put("id", id);
        o.put("status", decision == DeferredIssuance.Decision.APPROVE ? "APPROVED" : "REJECTED");
        Http.json(ctx, o);
      }
    }
  }
}
