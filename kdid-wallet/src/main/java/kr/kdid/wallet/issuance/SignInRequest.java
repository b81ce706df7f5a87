package kr.kdid.wallet.issuance;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.crypto.Sha256;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.Json;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;

/**
 * One authorization request of the authorization code flow (OpenID4VCI §5, RFC 6749 §4.1) with PKCE
 * S256 (RFC 7636): the URL for the browser, and the secrets the wallet keeps until the browser
 * comes back: a fresh {@code state} and {@code code_verifier} (256 random bits each). {@link
 * #toString()} shows neither.
 *
 * @param url the authorization request to open in a browser
 * @param state the value the redirect must carry back
 * @param codeVerifier the PKCE verifier, sent only to the token endpoint
 * @param clientId the wallet's client id
 * @param redirectUri where the issuer sends the browser back
 */
public record SignInRequest(
    URI url, String state, String codeVerifier, String clientId, String redirectUri) {

  public SignInRequest {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(codeVerifier, "codeVerifier");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(redirectUri, "redirectUri");
  }

  /** The S256 code challenge of a verifier: base64url(SHA-256(ASCII(verifier))). */
  public static String challenge(String codeVerifier) {
    return Base64Url.encode(Sha256.hash(codeVerifier.getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * Builds the request for one credential configuration, with the offer's {@code issuer_state} if
   * it has one.
   *
   * @param authorizationEndpoint the issuer's authorization endpoint
   * @param configurationId the configuration asked for (as {@code authorization_details})
   * @param issuerState the offer's issuer state, or null
   */
  public static SignInRequest create(
      URI authorizationEndpoint,
      String configurationId,
      String issuerState,
      String clientId,
      String redirectUri,
      SecureRandom random) {
    return create(
        authorizationEndpoint,
        List.of(configurationId),
        issuerState,
        clientId,
        redirectUri,
        random);
  }

  /**
   * Builds the request for the configurations of one credential (its SD-JWT VC and mdoc forms), one
   * {@code authorization_details} entry each.
   */
  public static SignInRequest create(
      URI authorizationEndpoint,
      List<String> configurationIds,
      String issuerState,
      String clientId,
      String redirectUri,
      SecureRandom random) {
    String verifier = Base64Url.encode(Randomness.bytes(random, 32));
    String state = Base64Url.encode(Randomness.bytes(random, 32));
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", clientId);
    q.put("redirect_uri", redirectUri);
    q.put("state", state);
    q.put("code_challenge", challenge(verifier));
    q.put("code_challenge_method", OpenId4VciSpec.PKCE_S256);
    var details = Json.array();
    for (String configurationId : configurationIds) {
      details
          .addObject()
          .put("type", OpenId4VciSpec.OPENID_CREDENTIAL)
          .put("credential_configuration_id", configurationId);
    }
    q.put("authorization_details", Json.string(details));
    if (issuerState != null) {
      q.put("issuer_state", issuerState);
    }
    StringBuilder sb = new StringBuilder(authorizationEndpoint.toString());
    char sep = authorizationEndpoint.getRawQuery() == null ? '?' : '&';
    for (Map.Entry<String, String> e : q.entrySet()) {
      sb.append(sep)
          .append(e.getKey())
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      sep = '&';
    }
    return new SignInRequest(URI.create(sb.toString()), state, verifier, clientId, redirectUri);
  }

  /**
   * Checks where the browser came back to and takes the code: the redirect URI must be this
   * request's, {@code state} must match (compared in constant time), {@code iss} must be the issuer
   * if present (and present if {@code requireIss}); an {@code error} is the issuer's refusal.
   *
   * @throws WalletException SIGN_IN_FAILED for a mismatched state, issuer or redirect, a missing
   *     code, or the issuer's error (its code and description in the message)
   */
  public String code(String redirectedTo, String issuer, boolean requireIss)
      throws WalletException {
    if (redirectedTo == null || !redirectedTo.startsWith(redirectUri)) {
      throw failed("the browser came back to another address than the wallet's redirect URI");
    }
    URI u;
    try {
      u = new URI(redirectedTo);
    } catch (URISyntaxException e) {
      throw failed("the browser came back to a malformed address");
    }
    Map<String, String> p = new LinkedHashMap<>();
    String raw = u.getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int i = pair.indexOf('=');
        String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
        String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
        if (p.putIfAbsent(k, v) != null) {
          throw failed("the redirect repeats parameter " + k);
        }
      }
    }
    String st = p.get("state");
    if (st == null
        || !MessageDigest.isEqual(
            st.getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))) {
      throw failed("the redirect's state does not match this sign-in (a forged or stale answer)");
    }
    String iss = p.get("iss");
    if ((iss != null || requireIss) && !issuer.equals(iss)) {
      throw failed("the redirect names another issuer (mix-up); not using it");
    }
    if (p.containsKey("error")) {
      throw failed(
          "the issuer refused: "
              + p.get("error")
              + (p.containsKey("error_description")
                  ? " (" + p.get("error_description") + ")"
                  : ""));
    }
    String code = p.get("code");
    if (code == null || code.isEmpty()) {
      throw failed("the redirect carries no authorization code");
    }
    return code;
  }

  private static WalletException failed(String message) {
    return new WalletException(WalletError.SIGN_IN_FAILED, message);
  }

  @Override
  public String toString() {
    return "SignInRequest[" + clientId + " -> " + redirectUri + "]";
  }
}
