package kr.kdid.issuer.oid4vci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import kr.kdid.core.crypto.Sha256;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.Json;
import kr.kdid.issuer.IssuerConfig;
import kr.kdid.issuer.store.AuthorizationStore;
import kr.kdid.issuer.store.AuthorizationStore.Authorization;

/**
 * The Token Endpoint for the authorization code grant (RFC 6749 §4.1.3, PKCE RFC 7636 §4.6): the
 * code is consumed by the first request that presents it, whatever the outcome; it must be
 * unexpired, presented by the client it was issued to with the same redirect URI, and the {@code
 * code_verifier} must hash (S256) to the code challenge. A second presentation of a used code
 * withdraws the tokens issued for it.
 */
public final class RedeemAuthorizationCode {
  private final java.util.function.Function<String, String> doctypeOf;
  private final IssuerConfig config;
  private final AuthorizationStore store;
  private final Clock clock;
  private final SecureRandom random;

  public RedeemAuthorizationCode(
      IssuerConfig config, AuthorizationStore store, Clock clock, SecureRandom random) {
    this(config, store, t -> null, clock, random);
  }

  /**
   * @param doctypeOf the mdoc doctype (configuration id) of a credential type, or null
   */
  public RedeemAuthorizationCode(
      IssuerConfig config,
      AuthorizationStore store,
      java.util.function.Function<String, String> doctypeOf,
      Clock clock,
      SecureRandom random) {
    this.doctypeOf = doctypeOf;
    this.config = config;
    this.store = store;
    this.clock = clock;
    this.random = random;
  }

  /** The S256 code challenge of a code verifier. */
  public static String s256(String verifier) {
    return Base64Url.encode(Sha256.hash(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * Handles a token request with {@code grant_type=authorization_code}.
   *
   * @throws Oid4vciError for every refusal, each with its own K-DID code
   */
  public ObjectNode redeem(Map<String, String> form) {
    String code = required(form, "code", "MISSING_CODE");
    String verifier = required(form, "code_verifier", "MISSING_CODE_VERIFIER");
    String redirectUri = required(form, "redirect_uri", "MISSING_REDIRECT_URI");
    String clientId = required(form, "client_id", "MISSING_CLIENT_ID");
    if (!verifier.matches("[A-Za-z0-9._~-]{43,128}")) {
      throw Oid4vciError.invalidRequest(
          "CODE_VERIFIER_MALFORMED",
          "code_verifier must be 43 to 128 of A-Z a-z 0-9 - . _ ~ (RFC 7636 section 4.1)");
    }
    if (form.containsKey("pre-authorized_code") || form.containsKey("tx_code")) {
      throw Oid4vciError.invalidRequest(
          "PARAMETER_OF_ANOTHER_GRANT",
          "pre-authorized_code and tx_code belong to the pre-authorized code grant");
    }
    long now = clock.millis();
    Authorization a =
        store
            .consumeCode(Secrets.hash(code))
            .orElseThrow(
                () ->
                    Oid4vciError.invalidGrant(
                        "UNKNOWN_AUTHORIZATION_CODE", "unknown authorization code"));
    if (!a.status().equals(AuthorizationStore.CODE_ISSUED)) {
      throw Oid4vciError.invalidGrant(
          "AUTHORIZATION_CODE_USED",
          "the authorization code was already used; the tokens issued for it are withdrawn");
    }
    if (now > a.codeExpiresAt()) {
      throw Oid4vciError.invalidGrant(
          "AUTHORIZATION_CODE_EXPIRED", "the authorization code has expired; sign in again");
    }
    if (!AuthorizeWithCode.constantTimeEquals(clientId, a.clientId())) {
      throw Oid4vciError.invalidGrant(
          "CLIENT_ID_MISMATCH", "the authorization code was issued to another client");
    }
    if (!AuthorizeWithCode.constantTimeEquals(redirectUri, a.redirectUri())) {
      throw Oid4vciError.invalidGrant(
          "REDIRECT_URI_MISMATCH",
          "redirect_uri differs from the one of the authorization request");
    }
    if (!AuthorizeWithCode.constantTimeEquals(s256(verifier), a.codeChallenge())) {
      throw Oid4vciError.invalidGrant(
          "PKCE_VERIFICATION_FAILED", "code_verifier does not match the code_challenge (S256)");
    }
    String token = Secrets.token(random);
    long ttl = config.tokenTtl().toSeconds();
    store.insertAccessToken(Secrets.hash(token), a.id(), now + ttl * 1000);
    ObjectNode o = Json.object();
    o.put("access_token", token);
    o.put("token_type", "Bearer");
    o.put("expires_in", ttl);
    if (a.withDetails()) {
      var details = o.putArray("authorization_details");
      ObjectNode d = details.addObject();
      d.put("type", "openid_credential");
      d.put("credential_configuration_id", a.credentialType());
      d.putArray("credential_identifiers").add(a.credentialType());
      String doctype = doctypeOf.apply(a.credentialType());
      if (doctype != null) {
        // The same card as an mdoc: the token serves one request per configuration.
        ObjectNode m = details.addObject();
        m.put("type", "openid_credential");
        m.put("credential_configuration_id", doctype);
        m.putArray("credential_identifiers").add(doctype);
      }
    }
    return o;
  }

  private static String required(Map<String, String> form, String name, String kdid) {
    String v = form.get(name);
    if (v == null || v.isEmpty()) {
      throw Oid4vciError.invalidRequest(kdid, name + " is required");
    }
    return v;
  }
}
