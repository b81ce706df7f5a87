package kr.kdid.issuer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Options of the authorization code flow, deferred issuance and the holder's self-service pages.
 * Immutable; change it with the {@code with...} methods.
 *
 * @param authorizationCodeTtl how long an authorization code may wait for the token request (short:
 *     at most 10 minutes, RFC 6749 §4.1.2)
 * @param loginTtl how long a sign-in page (an authorization request) stays open
 * @param sessionTtl lifetime of a holder's self-service session (short, fixed, not sliding)
 * @param manualApproval credential type ids whose issuance waits for an officer's approval
 *     (deferred issuance, OpenID4VCI §9)
 * @param deferredInterval the seconds a wallet is asked to wait between deferred requests
 * @param deferredTtl how long a deferred transaction can wait for approval and collection
 * @param clientRedirectUris per client id, the exact non-loopback redirect URIs (a custom scheme or
 *     https) registered for it; loopback http redirect URIs need no registration
 */
public record FlowOptions(
    Duration authorizationCodeTtl,
    Duration loginTtl,
    Duration sessionTtl,
    Set<String> manualApproval,
    Duration deferredInterval,
    Duration deferredTtl,
    Map<String, List<String>> clientRedirectUris) {

  public FlowOptions {
    if (authorizationCodeTtl.isNegative()
        || authorizationCodeTtl.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("authorization codes may live at most 10 minutes");
    }
    if (sessionTtl.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("self-service sessions may live at most 1 hour");
    }
    if (deferredInterval.toSeconds() < 1) {
      throw new IllegalArgumentException("the deferred interval is at least 1 second");
    }
    manualApproval = Set.copyOf(manualApproval);
    clientRedirectUris =
        Map.copyOf(
            clientRedirectUris.entrySet().stream()
                .collect(
                    java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, e -> List.copyOf(e.getValue()))));
  }

  /** Defaults: 60 s codes, 10 min sign-in pages and sessions, no manual approval, no clients. */
  public static FlowOptions defaults() {
    return new FlowOptions(
        Duration.ofSeconds(60),
        Duration.ofMinutes(10),
        Duration.ofMinutes(10),
        Set.of(),
        Duration.ofSeconds(60),
        Duration.ofDays(14),
        Map.of());
  }

  /** These options with issuance of the given types waiting for manual approval. */
  public FlowOptions withManualApproval(Set<String> typeIds) {
    return new FlowOptions(
        authorizationCodeTtl,
        loginTtl,
        sessionTtl,
        typeIds,
        deferredInterval,
        deferredTtl,
        clientRedirectUris);
  }

  /** These options with a client's registered (non-loopback) redirect URIs. */
  public FlowOptions withClient(String clientId, List<String> redirectUris) {
    Map<String, List<String>> m = new java.util.HashMap<>(clientRedirectUris);
    m.put(clientId, redirectUris);
    return new FlowOptions(
        authorizationCodeTtl,
        loginTtl,
        sessionTtl,
        manualApproval,
        deferredInterval,
        deferredTtl,
        m);
  }

  /** These options with another authorization code lifetime. */
  public FlowOptions withAuthorizationCodeTtl(Duration ttl) {
    return new FlowOptions(
        ttl,
        loginTtl,
        sessionTtl,
        manualApproval,
        deferredInterval,
        deferredTtl,
        clientRedirectUris);
  }
}
