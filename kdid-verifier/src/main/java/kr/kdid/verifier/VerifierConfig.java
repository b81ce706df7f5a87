package kr.kdid.verifier;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a verifier (a relying party's OpenID4VP service) runs.
 *
 * @param name the verifier's path segment and key alias suffix ("bank")
 * @param displayName the relying party's name per locale ("ko", "en")
 * @param publicBaseUrl the origin wallets reach this process at, e.g. http://127.0.0.1:8080 (no
 *     trailing slash)
 * @param requestTtl how long a presentation request can be answered
 * @param resultRetention how long the disclosed claims of a result are kept; afterwards only the
 *     outcome remains
 * @param anchorInterval how often verification commitments are anchored on the ledger
 * @param statusCacheTtlCap the longest a verified status list is reused, whatever its {@code ttl}
 *     says; zero reads and verifies the list on the ledger for every presentation
 * @param trustCacheTtl how long issuer DID documents and accreditations read from the ledger are
 *     reused
 * @param kbMaxAge how old a Key Binding JWT may be
 * @param clockSkew tolerance for the clocks of holders and issuers
 * @param demoCredentialType the credential type the demo page asks for
 * @param demoClaims the claims the demo page asks for
 */
public record VerifierConfig(
    String name,
    Map<String, String> displayName,
    String publicBaseUrl,
    Duration requestTtl,
    Duration resultRetention,
    Duration anchorInterval,
    Duration statusCacheTtlCap,
    Duration trustCacheTtl,
    Duration kbMaxAge,
    Duration clockSkew,
    String demoCredentialType,
    List<String> demoClaims) {

  /** Default request lifetime. */
  public static final Duration REQUEST_TTL = Duration.ofMinutes(5);

  /** Default retention of disclosed claims. */
  public static final Duration RESULT_RETENTION = Duration.ofMinutes(10);

  /**
   * @throws IllegalArgumentException if the name is not a-z 0-9 - (up to 32), the base URL ends
   *     with "/", a display name in Korean or English is missing, or a duration is not positive
   */
  public VerifierConfig {
    if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,31}")) {
      throw new IllegalArgumentException("verifier name must be a-z 0-9 -, up to 32: " + name);
    }
    Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
    if (publicBaseUrl.endsWith("/") || !publicBaseUrl.matches("https?://.+")) {
      throw new IllegalArgumentException(
          "public base URL must be http(s)://host[:port][/path] without a trailing /");
    }
    displayName = Map.copyOf(displayName);
    if (!displayName.containsKey("ko") || !displayName.containsKey("en")) {
      throw new IllegalArgumentException("a verifier needs display names in ko and en");
    }
    for (Duration d : List.of(requestTtl, resultRetention, anchorInterval, kbMaxAge, clockSkew)) {
      if (d == null || !d.isPositive()) {
        throw new IllegalArgumentException("verifier durations must be positive");
      }
    }
    if (statusCacheTtlCap == null || statusCacheTtlCap.isNegative()) {
      throw new IllegalArgumentException("statusCacheTtlCap must not be negative");
    }
    if (trustCacheTtl == null || trustCacheTtl.isNegative()) {
      throw new IllegalArgumentException("trustCacheTtl must not be negative");
    }
    Objects.requireNonNull(demoCredentialType, "demoCredentialType");
    demoClaims = List.copyOf(demoClaims);
  }

  /**
   * A bank checking a customer's name and age with the mobile driver's licence, with the defaults
   * of {@code kdid up}.
   */
  public static VerifierConfig bank(String publicBaseUrl) {
    return new VerifierConfig(
        "bank",
        Map.of("ko", "케이은행", "en", "K-Bank"),
        publicBaseUrl,
        REQUEST_TTL,
        RESULT_RETENTION,
        Duration.ofSeconds(5),
        Duration.ofMinutes(5),
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        Duration.ofMinutes(1),
        "kr.mdl",
        List.of("family_name", "given_name", "age_over_19"));
  }

  /**
   * The same configuration with another status-list cache cap; zero checks the ledger's list for
   * every presentation.
   */
  public VerifierConfig withStatusCacheTtlCap(Duration cap) {
    return new VerifierConfig(
        name,
        displayName,
        publicBaseUrl,
        requestTtl,
        resultRetention,
        anchorInterval,
        cap,
        trustCacheTtl,
        kbMaxAge,
        clockSkew,
        demoCredentialType,
        demoClaims);
  }

  /** The same configuration under another name. */
  public VerifierConfig withName(String newName) {
    return new VerifierConfig(
        newName,
        displayName,
        publicBaseUrl,
        requestTtl,
        resultRetention,
        anchorInterval,
        statusCacheTtlCap,
        trustCacheTtl,
        kbMaxAge,
        clockSkew,
        demoCredentialType,
        demoClaims);
  }

  /** The path of this verifier's endpoints on the server: {@code /verifiers/<name>}. */
  public String path() {
    return "/verifiers/" + name;
  }

  /** The verifier's public URL: {@code <base>/verifiers/<name>}. */
  public String url() {
    return publicBaseUrl + path();
  }

  /** The key alias of the verifier's identity in the key vault. */
  public String keyAlias() {
    return "verifier-" + name;
  }
}
