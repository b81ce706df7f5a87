package kr.kdid.credentials.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.jose.Jws;
import kr.kdid.credentials.status.StatusException.Reason;
import kr.kdid.credentials.status.StatusListToken.Verified;

/**
 * A Relying Party's cache of verified Status List Tokens, one per URI (draft-ietf-oauth-status-list
 * §8.3, §13.7). Thread-safe; share one instance per verifier.
 *
 * <p>Semantics:
 *
 * <ul>
 *   <li><b>Freshness.</b> A token fetched at {@code resolvedAt} is served until {@code resolvedAt +
 *       ttl}, where {@code ttl} is the token's {@code ttl} clamped to {@code [minTtl, maxTtl]}, or
 *       {@code maxTtl} when the token has none. Then it is fetched again.
 *   <li><b>Expiry.</b> A token is never served at or after its {@code exp}, whatever the {@code
 *       ttl}. If {@code exp} passes less than {@code minTtl} after the last successful fetch, the
 *       cache does not refetch before {@code resolvedAt + minTtl} (an issuer cannot force a request
 *       storm with short {@code exp} values, §11.5); until then {@link #get} fails with EXPIRED.
 *   <li><b>Failures are not cached.</b> A fetch, key-resolution or verification failure is thrown
 *       to the caller and leaves the cache as it was: the next call tries again, and a token that
 *       failed verification never replaces a good one. A stale entry is never served after a failed
 *       refresh (no statement can be made, so the Referenced Token is rejected).
 *   <li><b>No rollback.</b> A fetched token issued ({@code iat}) before the one cached for the same
 *       URI is refused with ROLLBACK, so a replayed older snapshot cannot hide a revocation.
 *   <li><b>One fetch at a time per URI.</b> Concurrent callers for a URI whose entry needs
 *       refreshing wait for a single fetch; different URIs are fetched in parallel.
 *   <li><b>Bounded size.</b> At most {@code maxEntries} URIs are kept; beyond that, unusable
 *       entries go first, then the least recently fetched. Worst-case memory is about {@code
 *       maxEntries * maxBytes}.
 * </ul>
 *
 * <p>HTTP caching headers play no part: {@code exp} and {@code ttl} take precedence (§8.2), so a
 * fetcher should not cache on its own.
 */
public final class StatusListCache {

  /** Retrieves the Status List Token (compact JWS text) at a URI. Must be thread-safe. */
  @FunctionalInterface
  public interface Fetcher {
    /**
     * The raw Status List Token (compact JWS) for {@code uri}: e.g. the body of a GET with {@code
     * Accept: application/statuslist+jwt}, or a signed token read from the K-DID ledger. A bare
     * {@code lst} is not enough: the token's signature is what the cache verifies.
     *
     * @throws IOException if it cannot be retrieved
     */
    String fetch(String uri) throws IOException;
  }

  /** Finds the key trusted to sign the Status List Token at a URI. Must be thread-safe. */
  @FunctionalInterface
  public interface KeyResolver {
    /**
     * The verification key for a Status List Token. The token is <b>not yet verified</b>: use its
     * header ({@code kid}) and payload ({@code iss}) only to look a key up, and return only keys
     * trusted for the issuer that owns {@code uri}.
     *
     * @return the key; null is treated as KEY_UNRESOLVED
     * @throws StatusException (KEY_UNRESOLVED, usually) if no trusted key is found
     */
    VerificationKey resolve(String uri, Jws unverifiedToken) throws StatusException;
  }

  private record Entry(Verified verified, Instant resolvedAt, Instant refreshAt) {
    boolean usableAt(Instant now) {
      return now.isBefore(refreshAt) && !verified.isExpiredAt(now);
    }
  }

  private static final class Slot {
    final ReentrantLock lock = new ReentrantLock();
    volatile Entry entry;
  }

  private final Fetcher fetcher;
  private final KeyResolver keys;
  private final Clock clock;
  private final Duration minTtl;
  private final Duration maxTtl;
  private final Duration clockSkew;
  private final int maxBytes;
  private final int maxEntries;
  private final Map<String, Slot> slots = new ConcurrentHashMap<>();
  private final ReentrantLock evictionLock = new ReentrantLock();

  private StatusListCache(Builder b) {
    this.fetcher = b.fetcher;
    this.keys = b.keys;
    this.clock = b.clock;
    this.minTtl = b.minTtl;
    this.maxTtl = b.maxTtl;
    this.clockSkew = b.clockSkew;
    this.maxBytes = b.maxBytes;
    this.maxEntries = b.maxEntries;
  }

  /** A builder; every setting but the fetcher and key resolver has a default. */
  public static Builder builder(Fetcher fetcher, KeyResolver keys) {
    return new Builder(fetcher, keys);
  }

  /**
   * The verified Status List Token for {@code uri}, from the cache while it is fresh and not
   * expired, else fetched and verified now.
   *
   * @throws StatusException FETCH_FAILED, KEY_UNRESOLVED, ROLLBACK, EXPIRED, or any reason of
   *     {@link StatusListToken#verify}
   */
  public Verified get(String uri) throws StatusException {
    Objects.requireNonNull(uri, "uri");
    Slot slot = slots.get(uri);
    if (slot == null) {
      makeRoom();
      slot = slots.computeIfAbsent(uri, u -> new Slot());
    }
    Entry e = slot.entry;
    if (e != null && e.usableAt(clock.instant())) {
      return e.verified();
    }
    slot.lock.lock();
    try {
      e = slot.entry;
      Instant now = clock.instant();
      if (e != null && e.usableAt(now)) {
        return e.verified(); // another thread refreshed it while we waited
      }
      if (e != null && now.isBefore(e.resolvedAt().plus(minTtl))) {
        throw new StatusException(
            Reason.EXPIRED,
            "the status list expired at "
                + e.verified().expires()
                + " and is not refetched before "
                + e.resolvedAt().plus(minTtl));
      }
      Entry fresh = fetch(uri, e);
      slot.entry = fresh;
      return fresh.verified();
    } finally {
      slot.lock.unlock();
    }
  }

  /**
   * The status of a Referenced Token: {@link #get} of its URI, then {@link
   * StatusListToken#statusOf}.
   *
   * @throws StatusException as {@link #get}, or INDEX_OUT_OF_RANGE
   */
  public StatusValue statusOf(StatusReference ref) throws StatusException {
    return StatusListToken.statusOf(get(ref.uri()), ref);
  }

  /** Forgets the token cached for {@code uri}, if any (the next {@link #get} fetches). */
  public void invalidate(String uri) {
    slots.remove(uri);
  }

  /** Number of URIs held (with or without a usable token). */
  public int size() {
    return slots.size();
  }

  private Entry fetch(String uri, Entry previous) throws StatusException {
    String text;
    try {
      text = fetcher.fetch(uri);
    } catch (IOException | UncheckedIOException e) {
      throw new StatusException(Reason.FETCH_FAILED, "cannot fetch " + uri + ": " + e, e);
    }
    if (text == null) {
      throw new StatusException(Reason.FETCH_FAILED, "the fetcher returned nothing for " + uri);
    }
    Jws jws = StatusListToken.parse(text.strip());
    VerificationKey key = keys.resolve(uri, jws);
    if (key == null) {
      throw new StatusException(Reason.KEY_UNRESOLVED, "no trusted key for " + uri);
    }
    Instant now = clock.instant();
    Verified v = StatusListToken.verify(jws, key, uri, now, clockSkew, maxBytes);
    if (previous != null && v.issuedAt().isBefore(previous.verified().issuedAt())) {
      throw new StatusException(
          Reason.ROLLBACK,
          "fetched a token issued at "
              + v.issuedAt()
              + ", older than the cached one of "
              + previous.verified().issuedAt());
    }
    return new Entry(v, now, now.plus(effectiveTtl(v.ttl())));
  }

  private Duration effectiveTtl(Duration ttl) {
    if (ttl == null || ttl.compareTo(maxTtl) > 0) {
      return maxTtl;
    }
    return ttl.compareTo(minTtl) < 0 ? minTtl : ttl;
  }

  /** Evicts so that one more URI fits within {@code maxEntries}. */
  private void makeRoom() {
    if (slots.size() < maxEntries || !evictionLock.tryLock()) {
      return;
    }
    try {
      Instant now = clock.instant();
      slots
          .entrySet()
          .removeIf(
              en -> {
                Slot s = en.getValue();
                Entry e = s.entry;
                return !s.lock.isLocked() && (e == null || !e.usableAt(now));
              });
      while (slots.size() >= maxEntries) {
        String oldest = null;
        Instant oldestAt = Instant.MAX;
        for (Map.Entry<String, Slot> en : slots.entrySet()) {
          Entry e = en.getValue().entry;
          Instant at = e == null ? Instant.MIN : e.resolvedAt();
          if (at.isBefore(oldestAt) || oldest == null) {
            oldest = en.getKey();
            oldestAt = at;
          }
        }
        if (oldest == null) {
          break;
        }
        slots.remove(oldest);
      }
    } finally {
      evictionLock.unlock();
    }
  }

  /** Settings for a {@link StatusListCache}. Not thread-safe. */
  public static final class Builder {
    private final Fetcher fetcher;
    private final KeyResolver keys;
    private Clock clock = Clock.systemUTC();
    private Duration minTtl = Duration.ofMinutes(1);
    private Duration maxTtl = Duration.ofHours(24);
    private Duration clockSkew = Duration.ofMinutes(1);
    private int maxBytes = StatusListToken.DEFAULT_MAX_BYTES;
    private int maxEntries = 1024;

    private Builder(Fetcher fetcher, KeyResolver keys) {
      this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
      this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The time source (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Bounds for the token's {@code ttl} (defaults: 1 minute and 24 hours). {@code min} is also the
     * shortest interval between two fetches of a URI; {@code max} is used when a token has no
     * {@code ttl}.
     */
    public Builder ttlBounds(Duration min, Duration max) {
      if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
        throw new IllegalArgumentException("need 0 < min <= max");
      }
      if (max.getSeconds() > StatusListToken.MAX_SECONDS) {
        throw new IllegalArgumentException("max is too long");
      }
      this.minTtl = min;
      this.maxTtl = max;
      return this;
    }

    /** Tolerance for a Status Issuer's clock running ahead, for {@code iat} (default: 1 minute). */
    public Builder clockSkew(Duration clockSkew) {
      if (clockSkew.isNegative()) {
        throw new IllegalArgumentException("clockSkew must not be negative");
      }
      this.clockSkew = clockSkew;
      return this;
    }

    /** Bound on a decompressed list (default: {@link StatusListToken#DEFAULT_MAX_BYTES}). */
    public Builder maxBytes(int maxBytes) {
      if (maxBytes <= 0 || maxBytes > StatusList.MAX_BYTES) {
        throw new IllegalArgumentException("maxBytes must be 1 to " + StatusList.MAX_BYTES);
      }
      this.maxBytes = maxBytes;
      return this;
    }

    /** Most URIs held at once (default: 1024). */
    public Builder maxEntries(int maxEntries) {
      if (maxEntries <= 0) {
        throw new IllegalArgumentException("maxEntries must be positive");
      }
      this.maxEntries = maxEntries;
      return this;
    }

    public StatusListCache build() {
      return new StatusListCache(this);
    }
  }
}
