package kr.kdid.wallet.issuance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.wallet.Label;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;
import kr.kdid.wallet.http.HttpRequest;
import kr.kdid.wallet.http.JsonHttp;
import kr.kdid.wallet.http.NetworkPolicy;

/**
 * What the wallet learns about an issuer before asking it for credentials: its Credential Issuer
 * metadata (OpenID4VCI §12.2), its authorization server's token endpoint (RFC 8414) and its
 * credential signing keys (JWT VC Issuer metadata, SD-JWT VC §4). Each document must name exactly
 * the identifier its URL was built from, or it is not used.
 *
 * @param credentialIssuer the Credential Issuer Identifier
 * @param name the issuer's display name
 * @param credentialEndpoint where credentials are requested
 * @param nonceEndpoint where c_nonces come from, or null if the issuer needs none
 * @param tokenEndpoint the authorization server's token endpoint
 * @param batchSize how many credentials one request may ask for (1 without batch issuance)
 * @param configurations the supported credential configurations by id
 * @param signingKeys the issuer's credential signing keys by {@code kid}
 * @param authorization the authorization code flow's endpoints, or null if the authorization server
 *     offers no authorization endpoint with PKCE S256
 * @param deferredCredentialEndpoint where deferred credentials are collected, or null
 */
public record IssuerMetadata(
    String credentialIssuer,
    Label name,
    URI credentialEndpoint,
    URI nonceEndpoint,
    URI tokenEndpoint,
    int batchSize,
    Map<String, CredentialConfiguration> configurations,
    Map<String, Jwk> signingKeys,
    AuthorizationEndpoint authorization,
    URI deferredCredentialEndpoint) {

  /**
   * The authorization server's authorization endpoint, with PKCE S256 announced.
   *
   * @param endpoint the authorization endpoint
   * @param issParameter true if the server sends {@code iss} in authorization responses (RFC 9207),
   *     which the wallet then requires
   */
  public record AuthorizationEndpoint(URI endpoint, boolean issParameter) {}

  public IssuerMetadata {
    Objects.requireNonNull(credentialIssuer, "credentialIssuer");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(credentialEndpoint, "credentialEndpoint");
    Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
    configurations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(configurations));
    signingKeys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(signingKeys));
  }

  /** A configuration by id. */
  public Optional<CredentialConfiguration> configuration(String id) {
    return Optional.ofNullable(configurations.get(id));
  }

  /**
   * Fetches and validates the three metadata documents of an issuer.
   *
   * @throws WalletException ISSUER_METADATA_INVALID, URL_NOT_ALLOWED, NETWORK, RESPONSE_TOO_LARGE
   *     or RESPONSE_MALFORMED
   */
  public static IssuerMetadata fetch(JsonHttp http, NetworkPolicy policy, String credentialIssuer)
      throws WalletException {
    String party = "the issuer";
    URI issuerUrl =
        policy.check(
            WellKnown.insert(credentialIssuer, OpenId4VciSpec.WELL_KNOWN_ISSUER),
            "the issuer metadata URL");
    ObjectNode md = getMetadata(http, issuerUrl, party);
    if (!credentialIssuer.equals(md.path("credential_issuer").asText(null))) {
      throw invalid(
          "the issuer metadata names another credential_issuer than the offer; not using it");
    }
    URI credentialEndpoint =
        policy.check(text(md, "credential_endpoint", true), "the credential endpoint");
    String nonce = text(md, "nonce_endpoint", false);
    URI nonceEndpoint = nonce == null ? null : policy.check(nonce, "the nonce endpoint");
    int batchSize = 1;
    JsonNode batch = md.path("batch_credential_issuance").get("batch_size");
    if (batch != null) {
      if (!batch.isIntegralNumber() || batch.intValue() < 2) {
        throw invalid("batch_credential_issuance.batch_size must be an integer of at least 2");
      }
      batchSize = batch.intValue();
    }
    JsonNode configs = md.get("credential_configurations_supported");
    if (configs == null || !configs.isObject() || configs.isEmpty()) {
      throw invalid("the issuer metadata lists no credential_configurations_supported");
    }
    Map<String, CredentialConfiguration> byId = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : configs.properties()) {
      byId.put(e.getKey(), CredentialConfiguration.fromJson(e.getKey(), e.getValue()));
    }

    String asId = credentialIssuer;
    JsonNode servers = md.get("authorization_servers");
    if (servers != null) {
      if (!servers.isArray() || servers.isEmpty() || !servers.get(0).isTextual()) {
        throw invalid("authorization_servers must be a non-empty array of URLs");
      }
      asId = servers.get(0).textValue();
    }
    URI asUrl =
        policy.check(
            wellKnown(asId, OpenId4VciSpec.WELL_KNOWN_AUTHORIZATION_SERVER),
            "the authorization server metadata URL");
    ObjectNode as = getMetadata(http, asUrl, "the authorization server");
    if (!asId.equals(as.path("issuer").asText(null))) {
      throw invalid(
          "the authorization server metadata names another issuer than " + asId + "; not using it");
    }
    URI tokenEndpoint = policy.check(text(as, "token_endpoint", true), "the token endpoint");
    AuthorizationEndpoint authorization = null;
    String authzEndpoint = text(as, "authorization_endpoint", false);
    if (authzEndpoint != null
        && as.path("code_challenge_methods_supported").isArray()
        && as.path("code_challenge_methods_supported")
            .toString()
            .contains("\"" + OpenId4VciSpec.PKCE_S256 + "\"")) {
      authorization =
          new AuthorizationEndpoint(
              policy.check(authzEndpoint, "the authorization endpoint"),
              as.path("authorization_response_iss_parameter_supported").asBoolean(false));
    }
    String deferred = text(md, "deferred_credential_endpoint", false);
    URI deferredEndpoint =
        deferred == null ? null : policy.check(deferred, "the deferred credential endpoint");

    URI jwtVcUrl =
        policy.check(
            WellKnown.insert(credentialIssuer, OpenId4VciSpec.WELL_KNOWN_JWT_VC_ISSUER),
            "the JWT VC issuer metadata URL");
    ObjectNode vc = getMetadata(http, jwtVcUrl, party);
    if (!credentialIssuer.equals(vc.path("issuer").asText(null))) {
      throw invalid("the JWT VC issuer metadata names another issuer; not using it");
    }
    JsonNode jwks = vc.get("jwks");
    JsonNode jwksUri = vc.get("jwks_uri");
    if ((jwks == null) == (jwksUri == null)) {
      throw invalid("the JWT VC issuer metadata must have exactly one of jwks and jwks_uri");
    }
    if (jwksUri != null) {
      if (!jwksUri.isTextual()) {
        throw invalid("jwks_uri must be a URL");
      }
      jwks = getMetadata(http, policy.check(jwksUri.textValue(), "jwks_uri"), party);
    }
    return new IssuerMetadata(
        credentialIssuer,
        displayName(md.get("display"), issuerUrl.getHost()),
        credentialEndpoint,
        nonceEndpoint,
        tokenEndpoint,
        batchSize,
        byId,
        keys(jwks),
        authorization,
        deferredEndpoint);
  }

  private static URI wellKnown(String id, String segment) throws WalletException {
    try {
      return WellKnown.insert(id, segment);
    } catch (IllegalArgumentException e) {
      throw invalid("the authorization server identifier is not a URL");
    }
  }

  private static ObjectNode getMetadata(JsonHttp http, URI url, String party)
      throws WalletException {
    return http.send(
        HttpRequest.get(url, "application/json"), party, WalletError.ISSUER_METADATA_INVALID);
  }

  private static Map<String, Jwk> keys(JsonNode jwks) throws WalletException {
    JsonNode keys = jwks.get("keys");
    if (keys == null || !keys.isArray() || keys.isEmpty()) {
      throw invalid("the issuer publishes no signing keys");
    }
    Map<String, Jwk> out = new LinkedHashMap<>();
    for (JsonNode k : keys) {
      JsonNode kid = k.get("kid");
      if (kid == null || !kid.isTextual()) {
        continue; // Unidentified keys cannot be matched to a credential's kid.
      }
      try {
        Jwk jwk = Jwk.fromJson(k);
        if (jwk.isPrivate()) {
          throw invalid("the issuer publishes a private key");
        }
        out.putIfAbsent(kid.textValue(), jwk.toPublic());
      } catch (IllegalArgumentException e) {
        // A key type this wallet does not use: skip it.
      }
    }
    if (out.isEmpty()) {
      throw invalid("the issuer publishes no usable signing key with a kid");
    }
    return out;
  }

  private static Label displayName(JsonNode display, String fallback) {
    String ko = null;
    String en = null;
    String any = null;
    if (display != null && display.isArray()) {
      for (JsonNode d : display) {
        String name = d.path("name").asText(null);
        if (name == null || name.isBlank()) {
          continue;
        }
        String locale = d.path("locale").asText("");
        if (locale.startsWith("ko") && ko == null) {
          ko = name;
        } else if (locale.startsWith("en") && en == null) {
          en = name;
        }
        if (any == null) {
          any = name;
        }
      }
    }
    String e = JsonHttp.sanitise(en != null ? en : any != null ? any : fallback);
    return new Label(ko != null ? JsonHttp.sanitise(ko) : e, e);
  }

  private static String text(JsonNode n, String name, boolean required) throws WalletException {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      if (required) {
        throw invalid("the metadata has no " + name);
      }
      return null;
    }
    if (!v.isTextual()) {
      throw invalid(name + " must be a string");
    }
    return v.textValue();
  }

  private static WalletException invalid(String message) {
    return new WalletException(WalletError.ISSUER_METADATA_INVALID, message);
  }
}
