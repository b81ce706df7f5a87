package kr.kdid.verifier.verification;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import kr.kdid.core.did.Did;
import kr.kdid.core.jose.Jws;
import kr.kdid.credentials.status.StatusException;
import kr.kdid.credentials.status.StatusListCache;
import kr.kdid.credentials.status.StatusListToken;
import kr.kdid.credentials.status.StatusReference;
import kr.kdid.credentials.status.StatusValue;
import kr.kdid.ledger.client.LedgerGateway;
import kr.kdid.ledger.state.StatusListRecord;
import kr.kdid.ledger.tx.StatusLists;
import kr.kdid.verifier.ErrorCode;

/**
 * Checks a credential's status (draft-ietf-oauth-status-list §8.3) against the status lists on the
 * ledger. The credential's {@code status.status_list.uri} names the list as {@code
 * <ledger>/v1/status-lists/<issuer DID>/<listId>}; the list must belong to the credential's own
 * issuer. The whole list is read from the ledger (never a per-credential query, for herd privacy)
 * as the issuer's signed Status List Token, whose signature is checked with the issuer's
 * assertionMethod key ({@link LedgerIssuerTrust#assertionKey}), whose {@code sub} must equal the
 * URI exactly, and whose {@code exp} (if any) must not have passed.
 *
 * <p>Verified lists are cached per URI for the token's {@code ttl}, capped at the configured
 * maximum ({@link StatusListCache}). Thread-safe. A ledger outage ({@link
 * kr.kdid.ledger.client.LedgerClientException}) propagates.
 */
public final class LedgerStatusLists {
  /** The check's name in reports. */
  public static final String CHECK = "status";

  /** Shortest time a fetched list is reused: bounds how often one list is read. */
  static final Duration MIN_TTL = Duration.ofSeconds(5);

  /** Tolerance for the issuer's clock running ahead ({@code iat} of a token). */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  private final LedgerGateway ledger;
  private final LedgerIssuerTrust trust;
  private final Clock clock;
  private final StatusListCache cache;

  /**
   * @param ttlCap the longest a verified list is reused, whatever its {@code ttl} says; zero reads
   *     and verifies the list for every check (a revocation takes effect at once)
   */
  public LedgerStatusLists(
      LedgerGateway ledger, LedgerIssuerTrust trust, Clock clock, Duration ttlCap) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.trust = Objects.requireNonNull(trust, "trust");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (ttlCap.isZero()) {
      this.cache = null;
    } else {
      Duration min = ttlCap.compareTo(MIN_TTL) < 0 ? ttlCap : MIN_TTL;
      this.cache =
          StatusListCache.builder(uri -> fetch(ledger, uri), (uri, jws) -> key(trust, uri, jws))
              .clock(clock)
              .ttlBounds(min, ttlCap)
              .clockSkew(CLOCK_SKEW)
              .build();
    }
  }

  /** The verified list of a URI, from the cache or (without one) straight from the ledger. */
  private StatusListToken.Verified list(String uri) throws StatusException {
    if (cache != null) {
      return cache.get(uri);
    }
    String jwt;
    try {
      jwt = fetch(ledger, uri);
    } catch (IOException e) {
      throw new StatusException(StatusException.Reason.FETCH_FAILED, e.getMessage(), e);
    }
    Jws jws;
    try {
      jws = Jws.parse(jwt);
    } catch (kr.kdid.core.jose.JoseException e) {
      throw new StatusException(StatusException.Reason.MALFORMED, e.getMessage(), e);
    }
    return StatusListToken.verify(
        jwt,
        key(trust, uri, jws),
        uri,
        clock.instant(),
        CLOCK_SKEW,
        StatusListToken.DEFAULT_MAX_BYTES);
  }

  /**
   * The status check of a credential whose signature and issuer have been verified.
   *
   * @param statusClaim the credential's plaintext {@code status} claim, may be null
   * @param issuer the credential's issuer (the DID of its signing key)
   */
  public Check check(JsonNode statusClaim, Did issuer) {
    StatusReference ref;
    try {
      ref = StatusReference.fromStatusClaim(statusClaim);
    } catch (StatusException e) {
      return unavailable("the credential has no usable status reference: " + e.getMessage());
    }
    Optional<StatusLists.ListAddress> address = StatusLists.parseUri(ref.uri());
    if (address.isEmpty()) {
      return unavailable("the status list URI is not a K-DID ledger status list");
    }
    if (!address.get().issuer().equals(issuer)) {
      return unavailable("the status list belongs to another issuer than the credential");
    }
    StatusValue value;
    try {
      value = StatusListToken.statusOf(list(ref.uri()), ref);
    } catch (StatusException e) {
      return unavailable(e.getMessage());
    }
    return switch (value) {
      case VALID -> Check.passed(CHECK);
      case INVALID ->
          Check.failed(CHECK, ErrorCode.CREDENTIAL_REVOKED, "the credential is revoked");
      case SUSPENDED ->
          Check.failed(CHECK, ErrorCode.CREDENTIAL_SUSPENDED, "the credential is suspended");
      default ->
          unavailable("the status value has no meaning for K-DID credentials (" + value + ")");
    };
  }

  /** Drops the cached list of a URI, so the next check reads it from the ledger. */
  public void invalidate(String uri) {
    if (cache != null) {
      cache.invalidate(uri);
    }
  }

  private static Check unavailable(String detail) {
    return Check.failed(CHECK, ErrorCode.STATUS_UNAVAILABLE, detail);
  }

  private static String fetch(LedgerGateway ledger, String uri) throws IOException {
    StatusLists.ListAddress a =
        StatusLists.parseUri(uri).orElseThrow(() -> new IOException("not a ledger status list"));
    return ledger
        .statusList(a.issuer(), a.listId())
        .map(StatusListRecord::token)
        .orElseThrow(() -> new IOException("the ledger has no status list " + a.listId()));
  }

  private static kr.kdid.core.crypto.VerificationKey key(
      LedgerIssuerTrust trust, String uri, Jws token) throws StatusException {
    StatusLists.ListAddress a =
        StatusLists.parseUri(uri)
            .orElseThrow(
                () ->
                    new StatusException(
                        StatusException.Reason.KEY_UNRESOLVED, "not a ledger status list"));
    String kid = token.kid();
    if (kid == null || !kid.startsWith(a.issuer() + "#")) {
      throw new StatusException(
          StatusException.Reason.KEY_UNRESOLVED,
          "the Status List Token's kid is not a key of the list's issuer");
    }
    LedgerIssuerTrust.KeyResolution r = trust.assertionKey(kid);
    if (r instanceof LedgerIssuerTrust.KeyResolution.Trusted t) {
      return t.key();
    }
    throw new StatusException(
        StatusException.Reason.KEY_UNRESOLVED,
        ((LedgerIssuerTrust.KeyResolution.Untrusted) r).detail());
  }
}
