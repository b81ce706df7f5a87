package kr.kdid.wallet.issuance;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import kr.kdid.core.json.Json;
import kr.kdid.core.json.MalformedJsonException;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;
import kr.kdid.wallet.http.DeepLink;

/**
 * A credential offer (OpenID4VCI §4.1), validated, with the pre-authorized code grant, the
 * authorization code grant, or both. Every value in it is untrusted until the issuer's metadata
 * confirms the issuer (§13.5). {@link #toString()} never shows the pre-authorized code or the
 * issuer state.
 *
 * @param credentialIssuer the Credential Issuer Identifier (an http(s) URL without query or
 *     fragment)
 * @param configurationIds the offered credential configurations, non-empty and unique
 * @param preAuthorizedCode the single-use code to redeem at the token endpoint, or null if the
 *     offer has no pre-authorized code grant
 * @param txCode what the offer says about the transaction code, or null if none is required
 * @param authorizationCode the authorization code grant, or null if the offer has none
 */
public record CredentialOffer(
    String credentialIssuer,
    List<String> configurationIds,
    String preAuthorizedCode,
    TxCodeSpec txCode,
    AuthorizationCodeGrant authorizationCode) {

  /**
   * The offer's {@code authorization_code} grant (§4.1.1).
   *
   * @param issuerState the opaque value to send back in the authorization request, or null
   */
  public record AuthorizationCodeGrant(String issuerState) {
    @Override
    public String toString() {
      return "AuthorizationCodeGrant[" + (issuerState == null ? "" : "issuer_state") + "]";
    }
  }

  public CredentialOffer {
    Objects.requireNonNull(credentialIssuer, "credentialIssuer");
    configurationIds = List.copyOf(configurationIds);
  }

  /** An offer with the pre-authorized code grant only. */
  public CredentialOffer(
      String credentialIssuer,
      List<String> configurationIds,
      String preAuthorizedCode,
      TxCodeSpec txCode) {
    this(
        credentialIssuer,
        configurationIds,
        Objects.requireNonNull(preAuthorizedCode, "preAuthorizedCode"),
        txCode,
        null);
  }

  /** True if the offer can be redeemed with a pre-authorized code (and transaction code). */
  public boolean hasPreAuthorizedCode() {
    return preAuthorizedCode != null;
  }

  /** True if the offer lets the holder sign in at the issuer (authorization code flow). */
  public boolean allowsSignIn() {
    return authorizationCode != null;
  }

  /** True if the holder must type a transaction code. */
  public boolean requiresTxCode() {
    return txCode != null;
  }

  /**
   * Where an offer link points: the offer itself (by value), or a URL to fetch it from.
   *
   * @param offer the offer, or null when by reference
   * @param offerUri the {@code credential_offer_uri}, or null when by value
   */
  public record Link(CredentialOffer offer, String offerUri) {
    public Link {
      if ((offer == null) == (offerUri == null)) {
        throw new IllegalArgumentException("an offer link holds the offer or its URI");
      }
    }
  }

  /**
   * Parses an {@code openid-credential-offer://} link: exactly one of {@code credential_offer} (the
   * URL-encoded JSON) and {@code credential_offer_uri}.
   *
   * @throws WalletException OFFER_MALFORMED with a plain explanation
   */
  public static Link parseLink(String link) throws WalletException {
    DeepLink l;
    try {
      l = DeepLink.parse(link);
    } catch (IllegalArgumentException e) {
      throw malformed("this is not a credential offer link: " + e.getMessage());
    }
    if (!OpenId4VciSpec.OFFER_SCHEME.equals(l.scheme())) {
      throw malformed("a credential offer link starts with " + OpenId4VciSpec.OFFER_SCHEME + "://");
    }
    String byValue = l.get(OpenId4VciSpec.CREDENTIAL_OFFER);
    String byRef = l.get(OpenId4VciSpec.CREDENTIAL_OFFER_URI);
    if (byValue != null && byRef != null) {
      throw malformed("the link has both credential_offer and credential_offer_uri");
    }
    if (byValue == null && byRef == null) {
      throw malformed("the link has neither credential_offer nor credential_offer_uri");
    }
    if (byValue != null) {
      JsonNode json;
      try {
        json = Json.parse(byValue);
      } catch (MalformedJsonException e) {
        throw malformed("the offer in the link is not valid JSON");
      }
      return new Link(fromJson(json), null);
    }
    if (byRef.isBlank()) {
      throw malformed("credential_offer_uri is empty");
    }
    return new Link(null, byRef);
  }

  /**
   * Reads and validates an offer object. Unknown members are ignored (§4.1.1).
   *
   * @throws WalletException OFFER_MALFORMED, or OFFER_UNSUPPORTED if it has no pre-authorized code
   *     grant
   */
  public static CredentialOffer fromJson(JsonNode o) throws WalletException {
    if (o == null || !o.isObject()) {
      throw malformed("the credential offer must be a JSON object");
    }
    String issuer = requiredText(o, "credential_issuer");
    checkIssuerIdentifier(issuer);
    JsonNode ids = o.get("credential_configuration_ids");
    if (ids == null || !ids.isArray() || ids.isEmpty()) {
      throw malformed("credential_configuration_ids must be a non-empty array");
    }
    List<String> configIds = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode id : ids) {
      if (!id.isTextual() || id.textValue().isEmpty()) {
        throw malformed("credential_configuration_ids must hold non-empty strings");
      }
      if (!seen.add(id.textValue())) {
        throw malformed("credential_configuration_ids lists " + id.textValue() + " twice");
      }
      configIds.add(id.textValue());
    }
    JsonNode grants = o.get("grants");
    if (grants != null && !grants.isObject()) {
      throw malformed("grants must be an object");
    }
    JsonNode pre = grants == null ? null : grants.get(OpenId4VciSpec.PRE_AUTHORIZED_GRANT);
    JsonNode authz = grants == null ? null : grants.get(OpenId4VciSpec.AUTHORIZATION_CODE_GRANT);
    AuthorizationCodeGrant authzGrant = null;
    if (authz != null) {
      if (!authz.isObject()) {
        throw malformed("the authorization code grant must be an object");
      }
      JsonNode st = authz.get("issuer_state");
      if (st != null && (!st.isTextual() || st.textValue().isEmpty())) {
        throw malformed("issuer_state must be a non-empty string");
      }
      if (authz.has("authorization_server")) {
        throw new WalletException(
            WalletError.OFFER_UNSUPPORTED,
            "the offer names a separate authorization server, which this wallet does not use");
      }
      authzGrant = new AuthorizationCodeGrant(st == null ? null : st.textValue());
    }
    if (pre == null && authzGrant != null) {
      return new CredentialOffer(issuer, configIds, null, null, authzGrant);
    }
    if (pre == null) {
      throw new WalletException(
          WalletError.OFFER_UNSUPPORTED,
          "the offer has neither a pre-authorized code nor an authorization code grant");
    }
    if (!pre.isObject()) {
      throw malformed("the pre-authorized code grant must be an object");
    }
    String code = requiredText(pre, "pre-authorized_code");
    TxCodeSpec tx = null;
    JsonNode t = pre.get("tx_code");
    if (t != null && !t.isNull()) {
      if (!t.isObject()) {
        throw malformed("tx_code must be an object");
      }
      String mode = t.has("input_mode") ? t.path("input_mode").asText(null) : "numeric";
      if (!"numeric".equals(mode) && !"text".equals(mode)) {
        throw malformed("tx_code input_mode must be numeric or text");
      }
      JsonNode len = t.get("length");
      if (len != null && !len.isIntegralNumber()) {
        throw malformed("tx_code length must be an integer");
      }
      JsonNode desc = t.get("description");
      if (desc != null && !desc.isTextual()) {
        throw malformed("tx_code description must be a string");
      }
      try {
        tx =
            new TxCodeSpec(
                "numeric".equals(mode),
                len == null ? null : len.intValue(),
                desc == null ? null : desc.textValue());
      } catch (IllegalArgumentException e) {
        throw malformed(e.getMessage());
      }
    }
    return new CredentialOffer(issuer, configIds, code, tx, authzGrant);
  }

  /**
   * Checks a Credential Issuer Identifier (§12.2.1): an absolute http(s) URL with a host, and no
   * query or fragment. Whether plain http is acceptable is the network policy's decision.
   */
  static void checkIssuerIdentifier(String issuer) throws WalletException {
    URI u;
    try {
      u = new URI(issuer);
    } catch (URISyntaxException e) {
      throw malformed("credential_issuer is not a URL");
    }
    if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme()))
        || u.getHost() == null
        || u.getRawQuery() != null
        || u.getRawFragment() != null
        || u.getRawUserInfo() != null) {
      throw malformed("credential_issuer must be an https URL without query or fragment");
    }
  }

  private static String requiredText(JsonNode o, String name) throws WalletException {
    JsonNode v = o.get(name);
    if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
      throw malformed(name + " is missing or not a string");
    }
    return v.textValue();
  }

  private static WalletException malformed(String message) {
    return new WalletException(WalletError.OFFER_MALFORMED, message);
  }

  @Override
  public String toString() {
    return "CredentialOffer["
        + credentialIssuer
        + ", "
        + configurationIds
        + (txCode != null ? ", tx_code required" : "")
        + (authorizationCode != null ? ", sign-in allowed" : "")
        + "]";
  }
}
