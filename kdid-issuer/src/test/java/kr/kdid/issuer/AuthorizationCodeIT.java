package kr.kdid.issuer;

import static kr.kdid.issuer.IssuanceIT.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.sdjwtvc.SdJwtVcVerifier;
import kr.kdid.issuer.authz.TestIdentityProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorization code flow with PKCE over HTTP on loopback: the wallet's authorization request,
 * the test identity provider's sign-in page, the redirect with the code, the token request with the
 * code verifier, and the credential; then every refusal with its own error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationCodeIT {
  static final String APP_CLIENT = "kr.kdid.wallet.app";
  static final String APP_REDIRECT = "kr.kdid.wallet:/oauth/callback";

  IssuerFixture f;
  AuthzHolder wallet;
  TestHolder holder;
  String applicant;
  String password;
  int citizens;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    f =
        new IssuerFixture(
            dir, c -> c.withFlows(c.flows().withClient(APP_CLIENT, List.of(APP_REDIRECT))));
    wallet = new AuthzHolder(f);
    holder = new TestHolder(f);
    String[] c = wallet.citizen("citizen-1", 30);
    applicant = c[0];
    password = c[1];
  }

  @AfterAll
  void stop() {
    f.close();
  }

  private static void assertOauthError(
      HttpResponse<String> r, int status, String error, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(Json.parse(r.body()).path("error").asText()).as(r.body()).isEqualTo(error);
    assertThat(errorCode(r)).as(r.body()).isEqualTo(code);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  /** An HTML error page (no redirect) with its codes. */
  private static void assertPage(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Location")).isEmpty();
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.body()).contains("<code id=\"kdid_error\">" + code + "</code>");
    assertThat(r.body()).doesNotContain("Exception", "\tat ");
  }

  private static Map<String, String> redirectError(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return AuthzHolder.redirectParams(r, AuthzHolder.REDIRECT_URI);
  }

  @Test
  void metadataAnnouncesTheAuthorizationCodeFlowAndDeferredEndpoint() throws Exception {
    String iss = f.issuer.config().credentialIssuer();
    JsonNode as =
        Json.parse(f.get("/.well-known/oauth-authorization-server/issuers/police").body());
    assertThat(as.path("authorization_endpoint").asText()).isEqualTo(iss + "/authorize");
    assertThat(as.path("grant_types_supported").toString())
        .contains("authorization_code", "urn:ietf:params:oauth:grant-type:pre-authorized_code");
    assertThat(as.path("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
    assertThat(as.path("response_types_supported").toString()).isEqualTo("[\"code\"]");
    JsonNode ci = Json.parse(f.get("/.well-known/openid-credential-issuer/issuers/police").body());
    assertThat(ci.path("deferred_credential_endpoint").asText())
        .isEqualTo(iss + "/deferred_credential");
  }

  @Test
  void wholeFlowIssuesCredentialsToTheSignedInCitizen() throws Exception {
    String verifier = AuthzHolder.newVerifier();
    HttpResponse<String> page = wallet.authorize(AuthzHolder.request(verifier));
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.body()).contains("TEST identity provider", "시험용", "비밀번호 · Password");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("frame-ancestors 'none'");
    String setCookie =
        page.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("kdid_authz_csrf="))
            .findFirst()
            .orElseThrow();
    assertThat(setCookie).contains("HttpOnly", "SameSite=Strict", "Path=/issuers/police");

    HttpResponse<String> signedIn = wallet.signIn(AuthzHolder.page(page), "citizen-1", password);
    assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
    Map<String, String> back = AuthzHolder.redirectParams(signedIn, AuthzHolder.REDIRECT_URI);
    assertThat(back.get("state")).isEqualTo("st-1");
    assertThat(back.get("iss")).isEqualTo(f.issuer.config().credentialIssuer());
    assertThat(back.get("code")).hasSizeGreaterThan(40);

    HttpResponse<String> t =
        wallet.token(back.get("code"), verifier, AuthzHolder.REDIRECT_URI, AuthzHolder.CLIENT_ID);
    assertThat(t.statusCode()).as(t.body()).isEqualTo(200);
    JsonNode token = Json.parse(t.body());
    assertThat(token.path("token_type").asText()).isEqualTo("Bearer");
    assertThat(token.has("authorization_details")).isFalse(); // asked by scope

    List<SoftwareKey> keys = List.of(TestHolder.newKey(), TestHolder.newKey());
    String nonce = holder.nonce();
    List<String> proofs = new ArrayList<>();
    keys.forEach(k -> proofs.add(holder.goodProof(k, nonce)));
    HttpResponse<String> r =
        holder.credential(token.path("access_token").asText(), TestHolder.request(proofs));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode resp = Json.parse(r.body());
    assertThat(resp.path("credentials")).hasSize(2);

    VerificationKey issuerKey = f.issuer.identity().key().publicKey();
    SdJwtVcVerifier verifier2 = new SdJwtVcVerifier((iss, kid) -> issuerKey);
    JsonNode enrolled = f.issuer.store().applicant(applicant).orElseThrow().claims();
    for (int i = 0; i < 2; i++) {
      var v =
          verifier2.verify(
              resp.path("credentials").get(i).path("credential").asText(),
              SdJwtVcVerifier.Options.withoutKeyBinding(f.clock.instant(), Duration.ZERO));
      assertThat(v.ok()).as(v.checks().toString()).isTrue();
      assertThat(v.payload().path("document_number").asText())
          .isEqualTo(enrolled.path("document_number").asText());
      assertThat(v.payload().path("cnf").path("jwk"))
          .isEqualTo(keys.get(i).publicKey().toJwk().toJson());
    }
    // The batch belongs to the citizen who signed in.
    assertThat(f.issuer.store().credentialsOfBatch(resp.path("kdid_batch_id").asText()))
        .allMatch(c -> c.applicantId().equals(applicant));
  }

  @Test
  void authorizationDetailsGiveACredentialIdentifier() throws Exception {
    String verifier = AuthzHolder.newVerifier();
    Map<String, String> q = AuthzHolder.request(verifier);
    q.remove("scope");
    q.put(
        "authorization_details",
        "[{\"type\":\"openid_credential\",\"credential_configuration_id\":\"kr.mdl\"}]");
    String code = wallet.code(q, "citizen-1", password);
    JsonNode token =
        Json.parse(
            wallet.token(code, verifier, AuthzHolder.REDIRECT_URI, AuthzHolder.CLIENT_ID).body());
    JsonNode details = token.path("authorization_details").get(0);
    assertThat(details.path("type").asText()).isEqualTo("openid_credential");
    String identifier = details.path("credential_identifiers").get(0).asText();

    var body = Json.object();
    body.put("credential_identifier", identifier);
    body.putObject("proofs")
        .putArray("jwt")
        .add(holder.goodProof(TestHolder.newKey(), holder.nonce()));
    HttpResponse<String> r = holder.credential(token.path("access_token").asText(), body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void theMdocConfigurationIsAuthorizedTooAndOneTokenServesBothFormats() throws Exception {
    String verifier = AuthzHolder.newVerifier();
    Map<String, String> q = AuthzHolder.request(verifier);
    q.remove("scope");
    q.put(
        "authorization_details",
        "[{\"type\":\"openid_credential\",\"credential_configuration_id\":\"kr.mdl\"},"
            + "{\"type\":\"openid_credential\","
            + "\"credential_configuration_id\":\"org.iso.18013.5.1.mDL\"}]");
    String code = wallet.code(q, "citizen-1", password);
    JsonNode token =
        Json.parse(
            wallet.token(code, verifier, AuthzHolder.REDIRECT_URI, AuthzHolder.CLIENT_ID).body());
    JsonNode details = token.path("authorization_details");
    assertThat(details).hasSize(2);
    assertThat(details.get(1).path("credential_identifiers").get(0).asText())
        .isEqualTo("org.iso.18013.5.1.mDL");
    String access = token.path("access_token").asText();
    String batch = null;
    for (JsonNode d : details) {
      var body = Json.object();
      body.put("credential_identifier", d.path("credential_identifiers").get(0).asText());
      body.putObject("proofs")
          .putArray("jwt")
          .add(holder.goodProof(TestHolder.newKey(), holder.nonce()));
      HttpResponse<String> r = holder.credential(access, body);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      String b = Json.parse(r.body()).path("kdid_batch_id").asText();
      assertThat(batch == null || batch.equals(b)).as("one card").isTrue();
      batch = b;
    }
    // Asking by the mdoc scope works as well; the server announces it.
    JsonNode meta =
        Json.parse(f.get("/.well-known/oauth-authorization-server/issuers/police").body());
    assertThat(meta.path("scopes_supported").toString()).contains("org.iso.18013.5.1.mDL");
  }

  @Test
  void registeredCustomSchemeRedirectIsAcceptedForItsClientOnly() throws Exception {
    String verifier = AuthzHolder.newVerifier();
    Map<String, String> q = AuthzHolder.request(verifier);
    q.put("client_id", APP_CLIENT);
    q.put("redirect_uri", APP_REDIRECT);
    String code = wallet.code(q, "citizen-1", password);
    assertThat(wallet.token(code, verifier, APP_REDIRECT, APP_CLIENT).statusCode()).isEqualTo(200);

    q.put("client_id", "another-wallet");
    assertPage(wallet.authorize(q), 400, "REDIRECT_URI_REFUSED");
  }

  @Test
  void offerWithIssuerStateBindsTheSignInToItsApplicant() throws Exception {
    String[] other = wallet.citizen("citizen-offer", 35);
    JsonNode offer =
        Json.parse(
            f.admin(
                    "POST",
                    "/admin/issuers/police/authorization-offers",
                    Json.object().put("applicantId", other[0]))
                .body());
    JsonNode grant = offer.path("credentialOffer").path("grants").path("authorization_code");
    String issuerState = grant.path("issuer_state").asText();
    assertThat(issuerState).isNotEmpty();
    assertThat(offer.path("credentialOfferUriByValue").asText())
        .startsWith("openid-credential-offer://?credential_offer=");

    // Someone else signs in with the offer's issuer_state: refused.
    Map<String, String> q = AuthzHolder.request(AuthzHolder.newVerifier());
    q.remove("scope");
    q.put("issuer_state", issuerState);
    HttpResponse<String> wrong =
        wallet.signIn(AuthzHolder.page(wallet.authorize(q)), "citizen-1", password);
    Map<String, String> e = redirectError(wrong, 303);
    assertThat(e.get("error")).isEqualTo("access_denied");
    assertThat(e.get("state")).isEqualTo("st-1");

    // The applicant the offer was made for: a code.
    String code = wallet.code(q, "citizen-offer", other[1]);
    assertThat(code).isNotEmpty();
    // The issuer_state is single use.
    Map<String, String> used = redirectError(wallet.authorize(q), 302);
    assertThat(used.get("error")).isEqualTo("invalid_request");
    assertThat(used.get("error_description")).contains("issuer_state");
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class AuthorizationEndpoint {
    @Test
    void missingPkceIsRefusedWithStatePreserved() throws Exception {
      Map<String, String> q = AuthzHolder.request(AuthzHolder.newVerifier());
      q.remove("code_challenge");
      q.remove("code_challenge_method");
      Map<String, String> e = redirectError(wallet.authorize(q), 302);
      assertThat(e.get("error")).isEqualTo("invalid_request");
      assertThat(e.get("error_description")).contains("PKCE");
      assertThat(e.get("state")).isEqualTo("st-1");
      assertThat(e).doesNotContainKey("code");
    }

    @Test
    void plainPkceIsRefused() throws Exception {
      String verifier = AuthzHolder.newVerifier();
      Map<String, String> q = AuthzHolder.request(verifier);
      q.put("code_challenge", verifier);
      q.put("code_challenge_method", "plain");
      Map<String, String> e = redirectError(wallet.authorize(q), 302);
      assertThat(e.get("error")).isEqualTo("invalid_request");
      assertThat(e.get("error_description")).contains("S256", "plain");
      // Without a method, PKCE defaults to plain: refused too.
      q.remove("code_challenge_method");
      q.put("code_challenge", AuthzHolder.request(verifier).get("code_challenge"));
      assertThat(redirectError(wallet.authorize(q), 302).get("error_description"))
          .contains("plain");
    }

    @Test
    void unsupportedResponseType() throws Exception {
      Map<String, String> q = AuthzHolder.request(AuthzHolder.newVerifier());
      q.put("response_type", "token");
      Map<String, String> e = redirectError(wallet.authorize(q), 302);
      assertThat(e.get("error")).isEqualTo("unsupported_response_type");
      assertThat(e.get("state")).isEqualTo("st-1");
    }

    @Test
    void noKnownCredentialIsInvalidScope() throws Exception {
      Map<String, String> q = AuthzHolder.request(AuthzHolder.newVerifier());
      q.put("scope", "openid unknown.type");
      assertThat(redirectError(wallet.authorize(q), 302).get("error")).isEqualTo("invalid_scope");
      q.remove("scope");
      q.put(
          "authorization_details",
          "[{\"type\":\"openid_credential\",\"credential_configuration_id\":\"kr.nope\"}]");
      assertThat(redirectError(wallet.authorize(q), 302).get("error"))
          .isEqualTo("invalid_authorization_details");
    }

    @Test
    void untrustedRedirectUriOrClientIsShownNotRedirected() throws Exception {
      Map<String, String> q = AuthzHolder.request(AuthzHolder.newVerifier());
      q.put("redirect_uri", "https://evil.example/cb");
      assertPage(wallet.authorize(q), 400, "REDIRECT_URI_REFUSED");
      q.put("redirect_uri", "http://192.168.1.5:8080/cb");
      assertPage(wallet.authorize(q), 400, "REDIRECT_URI_REFUSED");
      q.put("redirect_uri", "http://127.0.0.1:9/cb#frag");
      assertPage(wallet.authorize(q), 400, "REDIRECT_URI_REFUSED");
      q.remove("redirect_uri");
      assertPage(wallet.authorize(q), 400, "REDIRECT_URI_REFUSED");
      Map<String, String> noClient = AuthzHolder.request(AuthzHolder.newVerifier());
      noClient.remove("client_id");
      assertPage(wallet.authorize(noClient), 400, "MISSING_CLIENT_ID");
      noClient.put("client_id", "bad client <id>");
      assertPage(wallet.authorize(noClient), 400, "INVALID_CLIENT_ID");
    }

    @Test
    void localhostLoopbackWithAnyPortIsAccepted() throws Exception {
      Map<String, String> q = AuthzHolder.request(AuthzHolder.newVerifier());
      q.put("redirect_uri", "http://localhost:61234/cb?x=1");
      assertThat(wallet.authorize(q).statusCode()).isEqualTo(200);
    }

    @Test
    void cancelGoesBackWithAccessDenied() throws Exception {
      AuthzHolder.Page p =
          AuthzHolder.page(wallet.authorize(AuthzHolder.request(AuthzHolder.newVerifier())));
      HttpResponse<String> r = wallet.signIn(p, p.csrfToken(), p.cookie(), "", "", "cancel");
      Map<String, String> e = redirectError(r, 303);
      assertThat(e.get("error")).isEqualTo("access_denied");
      assertThat(e.get("state")).isEqualTo("st-1");
      // The request is over: signing in on it now is refused.
      assertPage(wallet.signIn(p, "citizen-1", password), 400, "AUTHORIZATION_REQUEST_USED");
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class SignInPage {
    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() throws Exception {
      AuthzHolder.Page p1 =
          AuthzHolder.page(wallet.authorize(AuthzHolder.request(AuthzHolder.newVerifier())));
      AuthzHolder.Page p2 =
          AuthzHolder.page(wallet.authorize(AuthzHolder.request(AuthzHolder.newVerifier())));
      wallet.citizen("citizen-enum", 30);
      HttpResponse<String> wrong = wallet.signIn(p1, "citizen-enum", "not-the-password");
      HttpResponse<String> unknown = wallet.signIn(p2, "nobody-here", "not-the-password");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(unknown.statusCode()).isEqualTo(401);
      assertThat(wrong.headers().firstValue("Location")).isEmpty();
      assertThat(message(wrong)).isEqualTo(message(unknown)).contains("login ID or password");
    }

    private String message(HttpResponse<String> r) {
      int i = r.body().indexOf("id=\"sign-in-error\">");
      return r.body().substring(i, r.body().indexOf("</p>", i));
    }

    @Test
    void tooManyWrongPasswordsDenyTheRequest() throws Exception {
      AuthzHolder.Page p =
          AuthzHolder.page(wallet.authorize(AuthzHolder.request(AuthzHolder.newVerifier())));
      String[] c = wallet.citizen("citizen-denied", 30);
      for (int i = 0; i < 4; i++) {
        assertThat(wallet.signIn(p, "citizen-denied", "wrong-" + i).statusCode()).isEqualTo(401);
      }
      Map<String, String> e = redirectError(wallet.signIn(p, "citizen-denied", "wrong-5"), 303);
      assertThat(e.get("error")).isEqualTo("access_denied");
      assertPage(wallet.signIn(p, "citizen-denied", c[1]), 400, "AUTHORIZATION_REQUEST_USED");
    }

    @Test
    void guessingOneAccountsPasswordAcrossRequestsIsThrottled() throws Exception {
      String[] c = wallet.citizen("citizen-guessed", 30);
      for (int i = 0; i < TestIdentityProvider.MAX_FAILURES; i++) {
        AuthzHolder.Page p =
            AuthzHolder.page(wallet.authorize(AuthzHolder.request(AuthzHolder.newVerifier())));
        assertThat(wallet.signIn(p, "citizen-guessed", "guess-" + i).statusCode()).isEqualTo(401);
      }
      // Locked now: even the right password is answered like a wrong one, on a fresh request ...
      AuthzHolder.Page p =
          AuthzHolder.page(wallet.authorize(AuthzHolder.request(AuthzHolder.newVerifier())));
      assertThat(wallet.signIn(p, "citizen-guessed", c[1]).statusCode()).isEqualTo(401);
      // ... until the lock time has passed.
      f.clock.advance(TestIdentityProvider.LOCKOUT.plusSeconds(1));
      AuthzHolder.Page later =
          AuthzHolder.page(wallet.authorize(AuthzHolder.request(AuthzHolder.newVerifier())));
      assertThat(wallet.signIn(later, "citizen-guessed", c[1]).statusCode()).isEqualTo(303);
    }

    @Test
    void csrfTokenMissingOrForeignIsRefused() throws Exception {
      AuthzHolder.Page p =
          AuthzHolder.page(wallet.authorize(AuthzHolder.request(AuthzHolder.newVerifier())));
      AuthzHolder.Page other =
          AuthzHolder.page(wallet.authorize(AuthzHolder.request(AuthzHolder.newVerifier())));
      // No token in the form.
      assertPage(
          wallet.signIn(p, null, p.cookie(), "citizen-1", password, "sign_in"),
          403,
          "CSRF_TOKEN_INVALID");
      // No cookie (a form posted from another site's page).
      assertPage(
          wallet.signIn(p, p.csrfToken(), null, "citizen-1", password, "sign_in"),
          403,
          "CSRF_TOKEN_INVALID");
      // Another request's token and cookie.
      assertPage(
          wallet.signIn(p, other.csrfToken(), other.cookie(), "citizen-1", password, "sign_in"),
          403,
          "CSRF_TOKEN_INVALID");
      // The page still works with its own token.
      assertThat(wallet.signIn(p, "citizen-1", password).statusCode()).isEqualTo(303);
    }

    @Test
    void secondSubmissionOfASignedInPageIsRefused() throws Exception {
      AuthzHolder.Page p =
          AuthzHolder.page(wallet.authorize(AuthzHolder.request(AuthzHolder.newVerifier())));
      assertThat(wallet.signIn(p, "citizen-1", password).statusCode()).isEqualTo(303);
      assertPage(wallet.signIn(p, "citizen-1", password), 400, "AUTHORIZATION_REQUEST_USED");
    }

    @Test
    void expiredSignInPageIsRefused() throws Exception {
      AuthzHolder.Page p =
          AuthzHolder.page(wallet.authorize(AuthzHolder.request(AuthzHolder.newVerifier())));
      f.clock.advance(f.issuer.config().flows().loginTtl().plusSeconds(1));
      assertPage(wallet.signIn(p, "citizen-1", password), 400, "AUTHORIZATION_REQUEST_EXPIRED");
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class TokenEndpoint {
    @Test
    void wrongCodeVerifier() throws Exception {
      String verifier = AuthzHolder.newVerifier();
      String code = wallet.code(AuthzHolder.request(verifier), "citizen-1", password);
      assertOauthError(
          wallet.token(
              code, AuthzHolder.newVerifier(), AuthzHolder.REDIRECT_URI, AuthzHolder.CLIENT_ID),
          400,
          "invalid_grant",
          "PKCE_VERIFICATION_FAILED");
      // The failed attempt burnt the code.
      assertOauthError(
          wallet.token(code, verifier, AuthzHolder.REDIRECT_URI, AuthzHolder.CLIENT_ID),
          400,
          "invalid_grant",
          "AUTHORIZATION_CODE_USED");
    }

    @Test
    void missingCodeVerifier() throws Exception {
      String code =
          wallet.code(AuthzHolder.request(AuthzHolder.newVerifier()), "citizen-1", password);
      assertOauthError(
          wallet.token(code, null, AuthzHolder.REDIRECT_URI, AuthzHolder.CLIENT_ID),
          400,
          "invalid_request",
          "MISSING_CODE_VERIFIER");
    }

    @Test
    void reusedCodeIsRefusedAndWithdrawsItsToken() throws Exception {
      String verifier = AuthzHolder.newVerifier();
      String code = wallet.code(AuthzHolder.request(verifier), "citizen-1", password);
      HttpResponse<String> first =
          wallet.token(code, verifier, AuthzHolder.REDIRECT_URI, AuthzHolder.CLIENT_ID);
      assertThat(first.statusCode()).isEqualTo(200);
      assertOauthError(
          wallet.token(code, verifier, AuthzHolder.REDIRECT_URI, AuthzHolder.CLIENT_ID),
          400,
          "invalid_grant",
          "AUTHORIZATION_CODE_USED");
      String token = Json.parse(first.body()).path("access_token").asText();
      HttpResponse<String> r =
          holder.credential(
              token,
              TestHolder.request(List.of(holder.goodProof(TestHolder.newKey(), holder.nonce()))));
      assertOauthError(r, 401, "invalid_token", "TOKEN_USED");
    }

    @Test
    void expiredCode() throws Exception {
      String verifier = AuthzHolder.newVerifier();
      String code = wallet.code(AuthzHolder.request(verifier), "citizen-1", password);
      f.clock.advance(f.issuer.config().flows().authorizationCodeTtl().plusSeconds(1));
      assertOauthError(
          wallet.token(code, verifier, AuthzHolder.REDIRECT_URI, AuthzHolder.CLIENT_ID),
          400,
          "invalid_grant",
          "AUTHORIZATION_CODE_EXPIRED");
    }

    @Test
    void redirectUriMismatch() throws Exception {
      String verifier = AuthzHolder.newVerifier();
      String code = wallet.code(AuthzHolder.request(verifier), "citizen-1", password);
      assertOauthError(
          wallet.token(code, verifier, "http://127.0.0.1:45679/callback", AuthzHolder.CLIENT_ID),
          400,
          "invalid_grant",
          "REDIRECT_URI_MISMATCH");
    }

    @Test
    void clientIdMismatch() throws Exception {
      String verifier = AuthzHolder.newVerifier();
      String code = wallet.code(AuthzHolder.request(verifier), "citizen-1", password);
      assertOauthError(
          wallet.token(code, verifier, AuthzHolder.REDIRECT_URI, "another-wallet"),
          400,
          "invalid_grant",
          "CLIENT_ID_MISMATCH");
    }

    @Test
    void unknownCode() throws Exception {
      assertOauthError(
          wallet.token(
              "no-such-code",
              AuthzHolder.newVerifier(),
              AuthzHolder.REDIRECT_URI,
              AuthzHolder.CLIENT_ID),
          400,
          "invalid_grant",
          "UNKNOWN_AUTHORIZATION_CODE");
    }
  }
}
