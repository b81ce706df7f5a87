package kr.kdid.issuer.oid4vci;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import kr.kdid.core.json.Json;
import kr.kdid.core.json.MalformedJsonException;
import kr.kdid.issuer.IssuerConfig;
import kr.kdid.issuer.authz.RedirectUris;
import kr.kdid.issuer.authz.TestIdentityProvider;
import kr.kdid.issuer.store.AuthorizationStore;
import kr.kdid.issuer.store.AuthorizationStore.Authorization;

/**
 * The Authorization Endpoint of the authorization code flow (OpenID4VCI §5, RFC 6749 §4.1, PKCE RFC
 * 7636 with S256 only) and the sign-in that completes it: {@link #start} checks the request and
 * opens a sign-in page, {@link #signIn} checks the page's form (CSRF token bound to the browser and
 * the request), signs the citizen in at the identity provider, and answers with a redirect carrying
 * a single-use, short-lived code bound to the client id, redirect URI, code challenge and
 * applicant.
 */
public final class AuthorizeWithCode {
  public static final String GRANT_TYPE = "authorization_code";

  /** Wrong passwords tolerated on one sign-in page before the request is denied. */
  public static final int MAX_FAILED_SIGN_INS = 5;

  private static final String DETAILS_TYPE = "openid_credential";

  private final IssuerConfig config;
  private final java.util.function.Function<String, String> doctypeOf;
  private final AuthorizationStore store;
  private final TestIdentityProvider idp;
  private final RedirectUris redirects;
  private final Clock clock;
  private final SecureRandom random;

  public AuthorizeWithCode(
      IssuerConfig config,
      AuthorizationStore store,
      TestIdentityProvider idp,
      Clock clock,
      SecureRandom random) {
    this(config, store, idp, t -> null, clock, random);
  }

  /**
   * @param doctypeOf the mdoc doctype of a credential type (its {@code mso_mdoc} configuration id),
   *     or null
   */
  public AuthorizeWithCode(
      IssuerConfig config,
      AuthorizationStore store,
      TestIdentityProvider idp,
      java.util.function.Function<String, String> doctypeOf,
      Clock clock,
      SecureRandom random) {
    this.doctypeOf = doctypeOf;
    this.config = config;
    this.store = store;
    this.idp = idp;
    this.redirects = new RedirectUris(config.flows().clientRedirectUris());
    this.clock = clock;
    this.random = random;
  }

  /**
   * An opened sign-in page.
   *
   * @param csrfToken goes both into the page's form and into a cookie of the browser
   */
  public record SignInPage(
      String authorizationId, String csrfToken, String credentialType, String clientId) {}

  /**
   * Checks an authorization request's query parameters (each name with all its values).
   *
   * @throws AuthorizationError for every refusal
   */
  public SignInPage start(Map<String, List<String>> query) {
    String clientId = single(query, "client_id");
    if (clientId == null || !RedirectUris.validClientId(clientId)) {
      throw AuthorizationError.page(
          400,
          "invalid_request",
          clientId == null ? "MISSING_CLIENT_ID" : "INVALID_CLIENT_ID",
          "client_id is required once, up to 128 of A-Z a-z 0-9 . _ : / -");
    }
    String redirectUri = single(query, "redirect_uri");
    String problem = redirects.problem(clientId, redirectUri);
    if (problem != null) {
      throw AuthorizationError.page(400, "invalid_request", "REDIRECT_URI_REFUSED", problem);
    }
    String state = single(query, "state");
    Redirector r =
        new Redirector(redirectUri, state != null && state.length() <= 1024 ? state : null);
    for (Map.Entry<String, List<String>> e : query.entrySet()) {
      if (e.getValue().size() > 1) {
        throw r.error(
            "invalid_request", "REPEATED_PARAMETER", "parameter " + e.getKey() + " is repeated");
      }
    }
    if (state != null && state.length() > 1024) {
      throw r.error("invalid_request", "STATE_TOO_LONG", "state may have at most 1024 characters");
    }
    if (query.containsKey("request_uri") || query.containsKey("request")) {
      throw r.error(
          "request_not_supported",
          "REQUEST_OBJECT_UNSUPPORTED",
          "this authorization server takes plain query parameters, not request objects");
    }
    String responseType = single(query, "response_type");
    if (responseType == null) {
      throw r.error("invalid_request", "MISSING_RESPONSE_TYPE", "response_type=code is required");
    }
    if (!responseType.equals("code")) {
      throw r.error(
          "unsupported_response_type",
          "UNSUPPORTED_RESPONSE_TYPE",
          "only response_type=code is supported");
    }
    String method = single(query, "code_challenge_method");
    String challenge = single(query, "code_challenge");
    if (challenge == null) {
      throw r.error(
          "invalid_request", "PKCE_REQUIRED", "PKCE is required: send code_challenge (S256)");
    }
    if (method == null || method.equals("plain")) {
      throw r.error(
          "invalid_request",
          "PKCE_PLAIN_REFUSED",
          "code_challenge_method must be S256; plain (the default when absent) is refused");
    }
    if (!method.equals("S256")) {
      throw r.error(
          "invalid_request",
          "PKCE_METHOD_UNSUPPORTED",
          "code_challenge_method must be S256, not " + method);
    }
    if (!challenge.matches("[A-Za-z0-9_-]{43}")) {
      throw r.error(
          "invalid_request",
          "PKCE_CHALLENGE_MALFORMED",
          "an S256 code_challenge is 43 base64url characters");
    }
    AuthorizationStore.AuthorizationOffer offer = null;
    String issuerState = single(query, "issuer_state");
    if (issuerState != null) {
      long now = clock.millis();
      offer =
          store
              .authorizationOfferByState(Secrets.hash(issuerState))
              .filter(o -> !o.used() && now <= o.expiresAt())
              .orElseThrow(
                  () ->
                      r.error(
                          "invalid_request",
                          "ISSUER_STATE_INVALID",
                          "issuer_state is unknown, used or expired; ask the issuer for a new"
                              + " offer"));
    }
    Set<String> fromDetails = detailsTypes(single(query, "authorization_details"), r);
    Set<String> requested = new LinkedHashSet<>(fromDetails);
    String scope = single(query, "scope");
    if (scope != null) {
      for (String s : scope.split(" ")) {
        String type = typeOf(s);
        if (type != null) {
          requested.add(type); // Unknown scope values are ignored (OpenID4VCI §5.1.2).
        }
      }
    }
    if (requested.isEmpty() && offer != null) {
      requested.add(offer.credentialType());
    }
    if (requested.isEmpty()) {
      throw r.error(
          "invalid_scope",
          "NO_CREDENTIAL_REQUESTED",
          "name a credential of this issuer in scope or authorization_details: "
              + config.credentialTypes());
    }
    if (requested.size() > 1) {
      throw r.error(
          "invalid_request",
          "ONE_CREDENTIAL_PER_AUTHORIZATION",
          "ask for one credential configuration per authorization request");
    }
    String type = requested.iterator().next();
    if (offer != null && !offer.credentialType().equals(type)) {
      throw r.error(
          "invalid_request",
          "ISSUER_STATE_TYPE_MISMATCH",
          "the offer behind issuer_state is for " + offer.credentialType() + ", not " + type);
    }
    String id = Secrets.token(random).substring(0, 22);
    String csrf = Secrets.token(random);
    long now = clock.millis();
    store.insertAuthorization(
        new Authorization(
            id,
            Secrets.hash(csrf),
            clientId,
            redirectUri,
            challenge,
            state,
            type,
            !fromDetails.isEmpty(),
            offer == null ? null : offer.id(),
            AuthorizationStore.PENDING,
            0,
            now,
            now + config.flows().loginTtl().toMillis(),
            null,
            null,
            0));
    return new SignInPage(id, csrf, type, clientId);
  }

  /** The credential type a configuration id (the type id, or its mdoc doctype) names, or null. */
  private String typeOf(String configurationId) {
    for (String t : config.credentialTypes()) {
      if (t.equals(configurationId) || configurationId.equals(doctypeOf.apply(t))) {
        return t;
      }
    }
    return null;
  }

  private Set<String> detailsTypes(String details, Redirector r) {
    Set<String> out = new LinkedHashSet<>();
    if (details == null) {
      return out;
    }
    JsonNode arr;
    try {
      arr = Json.parse(details.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (MalformedJsonException e) {
      throw r.error(
          "invalid_authorization_details",
          "AUTHORIZATION_DETAILS_MALFORMED",
          "authorization_details is not JSON");
    }
    if (!arr.isArray() || arr.isEmpty()) {
      throw r.error(
          "invalid_authorization_details",
          "AUTHORIZATION_DETAILS_MALFORMED",
          "authorization_details must be a non-empty JSON array");
    }
    for (JsonNode d : arr) {
      if (!d.isObject() || !d.path("type").isTextual()) {
        throw r.error(
            "invalid_authorization_details",
            "AUTHORIZATION_DETAILS_MALFORMED",
            "each authorization detail is an object with a type");
      }
      if (!DETAILS_TYPE.equals(d.path("type").asText())) {
        throw r.error(
            "invalid_authorization_details",
            "AUTHORIZATION_DETAILS_TYPE_UNSUPPORTED",
            "this server understands authorization details of type openid_credential only");
      }
      JsonNode id = d.get("credential_configuration_id");
      if (id == null || !id.isTextual()) {
        throw r.error(
            "invalid_authorization_details",
            "AUTHORIZATION_DETAILS_MALFORMED",
            "an openid_credential detail needs credential_configuration_id");
      }
      String type = typeOf(id.asText());
      if (type == null) {
        throw r.error(
            "invalid_authorization_details",
            "UNKNOWN_CREDENTIAL_CONFIGURATION",
            "this issuer has no credential configuration " + id.asText());
      }
      out.add(type); // both formats of one type are one card: one authorization
    }
    return out;
  }

  /** What the sign-in form led to. */
  public sealed interface SignInResult {
    /** Send the browser here (the code, or an error the client should see). */
    record Redirect(String location) implements SignInResult {}

    /** Wrong login id or password: show the page again with the same message either way. */
    record TryAgain(SignInPage page, int attemptsLeft) implements SignInResult {}
  }

  /**
   * Handles the sign-in form.
   *
   * @param form the form fields: {@code authorization_id}, {@code csrf_token}, {@code login_id},
   *     {@code password}, and {@code action} ({@code sign_in} or {@code cancel})
   * @param csrfCookie the CSRF cookie of the browser, or null
   * @throws AuthorizationError for a request that is unknown, used, expired, or whose CSRF token
   *     does not match (shown as pages)
   */
  public SignInResult signIn(Map<String, String> form, String csrfCookie) {
    String id = form.get("authorization_id");
    Authorization a =
        Optional.ofNullable(id)
            .filter(s -> s.matches("[A-Za-z0-9_-]{1,64}"))
            .flatMap(store::authorization)
            .orElseThrow(
                () ->
                    AuthorizationError.page(
                        400,
                        "invalid_request",
                        "AUTHORIZATION_REQUEST_UNKNOWN",
                        "this sign-in request is unknown; start again from your wallet"));
    String csrf = form.get("csrf_token");
    if (csrf == null
        || csrfCookie == null
        || !constantTimeEquals(csrf, csrfCookie)
        || !constantTimeEquals(Secrets.hash(csrf), a.csrfHash())) {
      throw AuthorizationError.page(
          403,
          "invalid_request",
          "CSRF_TOKEN_INVALID",
          "the form's security token is missing or does not match this browser; reload the"
              + " sign-in page from your wallet");
    }
    if (!a.status().equals(AuthorizationStore.PENDING)) {
      throw AuthorizationError.page(
          400,
          "invalid_request",
          "AUTHORIZATION_REQUEST_USED",
          "this sign-in request was already completed or cancelled");
    }
    if (clock.millis() > a.expiresAt()) {
      throw AuthorizationError.page(
          400,
          "invalid_request",
          "AUTHORIZATION_REQUEST_EXPIRED",
          "this sign-in page has expired; start again from your wallet");
    }
    Redirector r = new Redirector(a.redirectUri(), a.clientState());
    if ("cancel".equals(form.get("action"))) {
      store.deny(a.id());
      throw r.error("access_denied", "SIGN_IN_CANCELLED", "the holder cancelled the sign-in");
    }
    Optional<String> applicant = idp.authenticate(form.get("login_id"), form.get("password"));
    if (applicant.isEmpty()) {
      int failed = store.failedLogin(a.id(), MAX_FAILED_SIGN_INS);
      if (failed >= MAX_FAILED_SIGN_INS) {
        throw r.error(
            "access_denied", "TOO_MANY_FAILED_SIGN_INS", "too many failed sign-in attempts");
      }
      return new SignInResult.TryAgain(
          new SignInPage(a.id(), csrf, a.credentialType(), a.clientId()),
          MAX_FAILED_SIGN_INS - failed);
    }
    if (a.offerId() != null) {
      AuthorizationStore.AuthorizationOffer offer =
          store.authorizationOffer(a.offerId()).orElseThrow();
      if (!offer.applicantId().equals(applicant.get())) {
        store.deny(a.id());
        throw r.error(
            "access_denied",
            "SIGNED_IN_AS_ANOTHER_PERSON",
            "the credential offer was made for another person than the one who signed in");
      }
      if (!store.useAuthorizationOffer(offer.id())) {
        store.deny(a.id());
        throw r.error(
            "access_denied", "OFFER_ALREADY_USED", "the credential offer was already used");
      }
    }
    String code = Secrets.token(random);
    long expires = clock.millis() + config.flows().authorizationCodeTtl().toMillis();
    if (!store.issueCode(a.id(), applicant.get(), Secrets.hash(code), expires)) {
      throw AuthorizationError.page(
          400,
          "invalid_request",
          "AUTHORIZATION_REQUEST_USED",
          "this sign-in request was already completed or cancelled");
    }
    Map<String, String> p = new LinkedHashMap<>();
    p.put("code", code);
    p.put("state", a.clientState());
    p.put("iss", config.credentialIssuer());
    return new SignInResult.Redirect(RedirectUris.withParams(a.redirectUri(), p));
  }

  static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String single(Map<String, List<String>> query, String name) {
    List<String> v = query.get(name);
    if (v == null || v.isEmpty() || v.get(0).isEmpty()) {
      return null;
    }
    return v.get(0);
  }

  /** Errors sent back to a checked redirect URI. */
  private final class Redirector {
    private final String redirectUri;
    private final String state;

    Redirector(String redirectUri, String state) {
      this.redirectUri = redirectUri;
      this.state = state;
    }

    AuthorizationError error(String error, String kdidCode, String description) {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("error", error);
      p.put("error_description", description);
      p.put("state", state);
      p.put("iss", config.credentialIssuer());
      return new AuthorizationError(
          302, error, kdidCode, description, RedirectUris.withParams(redirectUri, p));
    }
  }
}
