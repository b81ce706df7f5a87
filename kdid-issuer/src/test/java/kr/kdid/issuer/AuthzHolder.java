package kr.kdid.issuer;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.Json;
import kr.kdid.issuer.oid4vci.RedeemAuthorizationCode;

/**
 * A wallet and its browser in the authorization code flow, step by step, so that tests can bend
 * each step: the authorization request, the sign-in page and its form, the token request.
 */
final class AuthzHolder {
  static final String CLIENT_ID = "kdid-test-wallet";
  static final String REDIRECT_URI = "http://127.0.0.1:45678/callback";

  private final IssuerFixture f;

  AuthzHolder(IssuerFixture f) {
    this.f = f;
  }

  static String newVerifier() {
    return Base64Url.encode(Randomness.bytes(new java.security.SecureRandom(), 32));
  }

  /** The usual authorization request parameters for a verifier (S256), state "st-1". */
  static Map<String, String> request(String verifier) {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", CLIENT_ID);
    q.put("redirect_uri", REDIRECT_URI);
    q.put("scope", "kr.mdl");
    q.put("state", "st-1");
    q.put("code_challenge", RedeemAuthorizationCode.s256(verifier));
    q.put("code_challenge_method", "S256");
    return q;
  }

  HttpResponse<String> authorize(Map<String, String> query) throws Exception {
    return f.get("/issuers/police/authorize?" + encode(query));
  }

  /** The sign-in page's form: its hidden fields and the browser's CSRF cookie. */
  record Page(String authorizationId, String csrfToken, String cookie) {}

  static Page page(HttpResponse<String> r) {
    String cookie =
        r.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("kdid_authz_csrf="))
            .findFirst()
            .map(c -> c.substring(0, c.indexOf(';')))
            .orElseThrow(() -> new IllegalStateException("no CSRF cookie: " + r.headers()));
    return new Page(hidden(r.body(), "authorization_id"), hidden(r.body(), "csrf_token"), cookie);
  }

  static String hidden(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    if (!m.find()) {
      throw new IllegalStateException("no field " + name + " in " + html);
    }
    return m.group(1);
  }

  HttpResponse<String> signIn(
      Page page, String csrfField, String cookie, String loginId, String password, String action)
      throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("authorization_id", page.authorizationId());
    if (csrfField != null) {
      form.put("csrf_token", csrfField);
    }
    form.put("login_id", loginId);
    form.put("password", password);
    form.put("action", action);
    return postForm("/issuers/police/authorize", form, cookie);
  }

  HttpResponse<String> signIn(Page page, String loginId, String password) throws Exception {
    return signIn(page, page.csrfToken(), page.cookie(), loginId, password, "sign_in");
  }

  HttpResponse<String> postForm(String path, Map<String, String> form, String cookie)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(f.base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return f.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> getWithCookie(String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.base + path)).GET();
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return f.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The query parameters of a redirect's Location (which must go to the redirect URI). */
  static Map<String, String> redirectParams(HttpResponse<String> r, String redirectUri) {
    String location = r.headers().firstValue("Location").orElseThrow();
    if (!location.startsWith(redirectUri + "?")) {
      throw new IllegalStateException("redirected elsewhere: " + location);
    }
    return query(location.substring(redirectUri.length() + 1));
  }

  static Map<String, String> query(String q) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String p : q.split("&")) {
      int i = p.indexOf('=');
      out.put(
          URLDecoder.decode(p.substring(0, i), StandardCharsets.UTF_8),
          URLDecoder.decode(p.substring(i + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  HttpResponse<String> token(String code, String verifier, String redirectUri, String clientId)
      throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    if (verifier != null) {
      form.put("code_verifier", verifier);
    }
    form.put("redirect_uri", redirectUri);
    form.put("client_id", clientId);
    return f.postForm("/issuers/police/token", form);
  }

  /** Enrols a driver with a test identity provider account; returns {applicantId, password}. */
  String[] citizen(String loginId, int age) throws Exception {
    String applicant = f.enrolDriver(age);
    String password = newVerifier(); // random, never a real password
    var r =
        f.admin(
            "POST",
            "/admin/issuers/police/test-idp/accounts",
            Json.object()
                .put("loginId", loginId)
                .put("applicantId", applicant)
                .put("password", password));
    if (r.statusCode() != 201) {
      throw new IllegalStateException(r.body());
    }
    return new String[] {applicant, password};
  }

  /** The whole front channel: authorize, sign in; returns the code. */
  String code(Map<String, String> query, String loginId, String password) throws Exception {
    HttpResponse<String> r = signIn(page(authorize(query)), loginId, password);
    if (r.statusCode() != 303) {
      throw new IllegalStateException(r.statusCode() + " " + r.body());
    }
    return redirectParams(r, query.get("redirect_uri")).get("code");
  }

  /** An access token through the whole flow. */
  String accessToken(String loginId, String password) throws Exception {
    String verifier = newVerifier();
    String code = code(request(verifier), loginId, password);
    HttpResponse<String> t = token(code, verifier, REDIRECT_URI, CLIENT_ID);
    if (t.statusCode() != 200) {
      throw new IllegalStateException(t.body());
    }
    return Json.parse(t.body()).path("access_token").asText();
  }

  static String encode(Map<String, String> m) {
    return m.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
