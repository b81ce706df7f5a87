package kr.kdid.issuer;

import java.time.Duration;
import java.util.List;

/**
 * How an issuer service runs.
 *
 * @param name the issuer's path segment and key alias suffix ("police")
 * @param displayName the issuing body's name per locale ("ko", "en")
 * @param publicBaseUrl the origin wallets and verifiers reach this process at, e.g.
 *     http://127.0.0.1:8080 (no trailing slash)
 * @param credentialTypes the catalog types this issuer issues
 * @param offerTtl how long a credential offer (its pre-authorized code) stays valid
 * @param tokenTtl access token lifetime (at most 5 minutes: tokens are bearer tokens)
 * @param nonceTtl c_nonce lifetime
 * @param maxTxCodeAttempts wrong transaction codes tolerated before an offer is locked
 * @param statusListSize entries per status list (at least 131,072)
 * @param statusListUriBase the public ledger address that prefixes status list URIs
 * @param anchorInterval how often issuance commitments are anchored on the ledger
 * @param flows the authorization code flow, deferred issuance and self-service options
 */
public record IssuerConfig(
    String name,
    java.util.Map<String, String> displayName,
    String publicBaseUrl,
    List<String> credentialTypes,
    Duration offerTtl,
    Duration tokenTtl,
    Duration nonceTtl,
    int maxTxCodeAttempts,
    int statusListSize,
    String statusListUriBase,
    Duration anchorInterval,
    FlowOptions flows) {

  /** A configuration with {@link FlowOptions#defaults()}. */
  public IssuerConfig(
      String name,
      java.util.Map<String, String> displayName,
      String publicBaseUrl,
      List<String> credentialTypes,
      Duration offerTtl,
      Duration tokenTtl,
      Duration nonceTtl,
      int maxTxCodeAttempts,
      int statusListSize,
      String statusListUriBase,
      Duration anchorInterval) {
    this(
        name,
        displayName,
        publicBaseUrl,
        credentialTypes,
        offerTtl,
        tokenTtl,
        nonceTtl,
        maxTxCodeAttempts,
        statusListSize,
        statusListUriBase,
        anchorInterval,
        FlowOptions.defaults());
  }

  public IssuerConfig {
    if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,31}")) {
      throw new IllegalArgumentException("issuer name must be a-z 0-9 -, up to 32: " + name);
    }
    if (publicBaseUrl == null || publicBaseUrl.endsWith("/")) {
      throw new IllegalArgumentException("public base URL must not end with /");
    }
    if (tokenTtl.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException(
          "bearer access tokens may live at most 5 minutes (OpenID4VCI §13.2)");
    }
    credentialTypes = List.copyOf(credentialTypes);
    displayName = java.util.Map.copyOf(displayName);
    java.util.Objects.requireNonNull(flows, "flows");
  }

  /** This configuration with other flow options. */
  public IssuerConfig withFlows(FlowOptions f) {
    return new IssuerConfig(
        name,
        displayName,
        publicBaseUrl,
        credentialTypes,
        offerTtl,
        tokenTtl,
        nonceTtl,
        maxTxCodeAttempts,
        statusListSize,
        statusListUriBase,
        anchorInterval,
        f);
  }

  /**
   * The police agency issuing the mobile driver's licence, with the defaults of {@code kdid up}.
   */
  public static IssuerConfig police(String publicBaseUrl) {
    return standard(
        "police", "경찰청", "Korean National Police Agency", publicBaseUrl, List.of("kr.mdl"));
  }

  /**
   * The Ministry of the Interior and Safety: the resident registration card and the civil-servant
   * ID.
   */
  public static IssuerConfig interior(String publicBaseUrl) {
    return standard(
        "mois",
        "행정안전부",
        "Ministry of the Interior and Safety",
        publicBaseUrl,
        List.of("kr.rrc", "kr.civil-servant"));
  }

  /** The Ministry of Patriots and Veterans Affairs: the national veterans card. */
  public static IssuerConfig veterans(String publicBaseUrl) {
    return standard(
        "mpva",
        "국가보훈부",
        "Ministry of Patriots and Veterans Affairs",
        publicBaseUrl,
        List.of("kr.veteran"));
  }

  /** The Ministry of Justice (immigration): the foreigner registration card. */
  public static IssuerConfig justice(String publicBaseUrl) {
    return standard("moj", "법무부", "Ministry of Justice", publicBaseUrl, List.of("kr.frc"));
  }

  /** The Ministry of Health and Welfare: the disability registration card. */
  public static IssuerConfig welfare(String publicBaseUrl) {
    return standard(
        "mohw", "보건복지부", "Ministry of Health and Welfare", publicBaseUrl, List.of("kr.disability"));
  }

  /**
   * The issuing bodies of the six mobile IDs, as {@code kdid up} runs them: the police first (its
   * database keeps the name "issuer" of earlier versions), then the ministries.
   */
  public static List<IssuerConfig> builtIn(String publicBaseUrl) {
    return List.of(
        police(publicBaseUrl),
        interior(publicBaseUrl),
        veterans(publicBaseUrl),
        justice(publicBaseUrl),
        welfare(publicBaseUrl));
  }

  private static IssuerConfig standard(
      String name, String ko, String en, String publicBaseUrl, List<String> types) {
    return new IssuerConfig(
        name,
        java.util.Map.of("ko", ko, "en", en),
        publicBaseUrl,
        types,
        Duration.ofMinutes(15),
        Duration.ofMinutes(5),
        Duration.ofMinutes(5),
        5,
        131_072,
        publicBaseUrl,
        Duration.ofSeconds(5));
  }

  /** The Credential Issuer Identifier (OpenID4VCI): {@code <base>/issuers/<name>}. */
  public String credentialIssuer() {
    return publicBaseUrl + "/issuers/" + name;
  }

  /** The path of this issuer's endpoints on the server. */
  public String path() {
    return "/issuers/" + name;
  }
}
