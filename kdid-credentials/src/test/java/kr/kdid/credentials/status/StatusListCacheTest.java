package kr.kdid.credentials.status;

import static kr.kdid.credentials.status.StatusListTest.assertReason;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.credentials.status.StatusException.Reason;
import kr.kdid.credentials.status.StatusListToken.Verified;
import kr.kdid.credentials.status.StatusTestSupport.MutableClock;
import org.junit.jupiter.api.Test;

class StatusListCacheTest {
  private static final String URI = "https://status.kdid.kr/lists/1";
  private static final SoftwareKey KEY = StatusTestSupport.key(11);
  private static final SoftwareKey OTHER = StatusTestSupport.key(12);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T00:00:00Z"));

  /** A fetcher serving whatever {@link #next} produces, counting calls per URI. */
  private final class FakeFetcher implements StatusListCache.Fetcher {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    volatile Source next;

    @Override
    public String fetch(String uri) throws IOException {
      calls.computeIfAbsent(uri, u -> new AtomicInteger()).incrementAndGet();
      return next.token(uri);
    }

    int calls(String uri) {
      AtomicInteger n = calls.get(uri);
      return n == null ? 0 : n.get();
    }
  }

  interface Source {
    String token(String uri) throws IOException;
  }

  private final FakeFetcher fetcher = new FakeFetcher();

  private StatusListCache cache(Duration min, Duration max) {
    return StatusListCache.builder(fetcher, (uri, token) -> KEY.publicKey())
        .clock(clock)
        .ttlBounds(min, max)
        .clockSkew(Duration.ofSeconds(30))
        .build();
  }

  /** A token issued now, with a list whose entry 0 holds {@code marker}. */
  private String token(String uri, Duration ttl, Duration expiresIn, int marker) {
    StatusList list = StatusList.create(16, 2);
    list.set(0, marker);
    Instant now = clock.instant();
    return StatusListToken.sign(
            list, uri, now, expiresIn == null ? null : now.plus(expiresIn), ttl, null, KEY, "k")
        .encoded();
  }

  private Source serving(Duration ttl, Duration expiresIn, int marker) {
    return uri -> token(uri, ttl, expiresIn, marker);
  }

  @Test
  void ttlIsHonoured() throws Exception {
    StatusListCache cache = cache(Duration.ofMinutes(1), Duration.ofDays(1));
    fetcher.next = serving(Duration.ofMinutes(10), Duration.ofDays(1), 1);
    Verified first = cache.get(URI);
    assertThat(first.list().get(0)).isEqualTo(1);
    assertThat(fetcher.calls(URI)).isEqualTo(1);

    fetcher.next = serving(Duration.ofMinutes(10), Duration.ofDays(1), 2);
    clock.advance(Duration.ofMinutes(10).minusSeconds(1));
    assertThat(cache.get(URI)).isSameAs(first);
    assertThat(fetcher.calls(URI)).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1)); // resolvedAt + ttl
    Verified second = cache.get(URI);
    assertThat(second.list().get(0)).isEqualTo(2);
    assertThat(fetcher.calls(URI)).isEqualTo(2);
    assertThat(cache.statusOf(new StatusReference(0, URI))).isEqualTo(StatusValue.SUSPENDED);
    assertThat(fetcher.calls(URI)).isEqualTo(2);
  }

  @Test
  void expIsNeverPassed() throws Exception {
    StatusListCache cache = cache(Duration.ofMinutes(1), Duration.ofDays(1));
    fetcher.next = serving(Duration.ofHours(12), Duration.ofMinutes(5), 1);
    cache.get(URI);
    clock.advance(Duration.ofMinutes(5).minusSeconds(1));
    cache.get(URI);
    assertThat(fetcher.calls(URI)).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1)); // exp: a ttl of 12 h does not matter
    fetcher.next = serving(Duration.ofHours(12), Duration.ofMinutes(5), 3);
    assertThat(cache.get(URI).list().get(0)).isEqualTo(3);
    assertThat(fetcher.calls(URI)).isEqualTo(2);
  }

  @Test
  void expiredTokensFromTheProviderAreRefused() {
    StatusListCache cache = cache(Duration.ofMinutes(1), Duration.ofDays(1));
    Instant issued = clock.instant();
    fetcher.next =
        uri ->
            StatusListToken.sign(
                    StatusList.create(16, 1),
                    uri,
                    issued,
                    issued.plusSeconds(60),
                    Duration.ofHours(1),
                    null,
                    KEY,
                    null)
                .encoded();
    clock.advance(Duration.ofMinutes(2));
    assertReason(() -> cache.get(URI), Reason.EXPIRED);
  }

  @Test
  void shortExpDoesNotCauseAFetchStorm() throws Exception {
    StatusListCache cache = cache(Duration.ofMinutes(1), Duration.ofDays(1));
    fetcher.next = serving(Duration.ofHours(1), Duration.ofSeconds(20), 1);
    cache.get(URI);
    clock.advance(Duration.ofSeconds(20));
    for (int i = 0; i < 5; i++) {
      assertReason(() -> cache.get(URI), Reason.EXPIRED);
      clock.advance(Duration.ofSeconds(5));
    }
    assertThat(fetcher.calls(URI)).isEqualTo(1); // not refetched before resolvedAt + minTtl
    clock.advance(Duration.ofSeconds(15)); // now resolvedAt + 60 s
    fetcher.next = serving(Duration.ofHours(1), Duration.ofHours(1), 2);
    assertThat(cache.get(URI).list().get(0)).isEqualTo(2);
    assertThat(fetcher.calls(URI)).isEqualTo(2);
  }

  @Test
  void ttlIsClampedToTheMinimum() throws Exception {
    StatusListCache cache = cache(Duration.ofMinutes(1), Duration.ofHours(1));
    fetcher.next = serving(Duration.ofSeconds(1), Duration.ofDays(1), 1);
    cache.get(URI);
    clock.advance(Duration.ofSeconds(59));
    cache.get(URI);
    assertThat(fetcher.calls(URI)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    cache.get(URI);
    assertThat(fetcher.calls(URI)).isEqualTo(2);
  }

  @Test
  void ttlIsClampedToTheMaximum() throws Exception {
    StatusListCache cache = cache(Duration.ofMinutes(1), Duration.ofHours(1));
    fetcher.next = serving(Duration.ofDays(30), Duration.ofDays(365), 1);
    cache.get(URI);
    clock.advance(Duration.ofMinutes(59));
    cache.get(URI);
    assertThat(fetcher.calls(URI)).isEqualTo(1);
    clock.advance(Duration.ofMinutes(1));
    cache.get(URI);
    assertThat(fetcher.calls(URI)).isEqualTo(2);
  }

  @Test
  void noTtlMeansTheMaximum() throws Exception {
    StatusListCache cache = cache(Duration.ofMinutes(1), Duration.ofHours(2));
    fetcher.next = serving(null, null, 1);
    cache.get(URI);
    clock.advance(Duration.ofHours(2).minusSeconds(1));
    cache.get(URI);
    assertThat(fetcher.calls(URI)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    cache.get(URI);
    assertThat(fetcher.calls(URI)).isEqualTo(2);
  }

  @Test
  void aFetchFailureDoesNotPoisonTheCache() throws Exception {
    StatusListCache cache = cache(Duration.ofMinutes(1), Duration.ofDays(1));
    fetcher.next =
        uri -> {
          throw new IOException("connection refused");
        };
    assertReason(() -> cache.get(URI), Reason.FETCH_FAILED);
    // The next call tries again at once and caches the good token.
    fetcher.next = serving(Duration.ofMinutes(10), Duration.ofDays(1), 1);
    Verified good = cache.get(URI);
    assertThat(fetcher.calls(URI)).isEqualTo(2);
    assertThat(cache.get(URI)).isSameAs(good);
    assertThat(fetcher.calls(URI)).isEqualTo(2);

    // When a refresh fails the stale token is not served, and the next call tries again.
    clock.advance(Duration.ofMinutes(10));
    fetcher.next =
        uri -> {
          throw new IOException("timeout");
        };
    assertReason(() -> cache.get(URI), Reason.FETCH_FAILED);
    assertReason(() -> cache.get(URI), Reason.FETCH_FAILED);
    fetcher.next = serving(Duration.ofMinutes(10), Duration.ofDays(1), 2);
    assertThat(cache.get(URI).list().get(0)).isEqualTo(2);
    assertThat(fetcher.calls(URI)).isEqualTo(5);

    // A null body, a bad token or a bad signature do not replace anything either.
    clock.advance(Duration.ofMinutes(10));
    fetcher.next = uri -> null;
    assertReason(() -> cache.get(URI), Reason.FETCH_FAILED);
    fetcher.next = uri -> "<html>503</html>";
    assertReason(() -> cache.get(URI), Reason.MALFORMED);
    fetcher.next =
        uri ->
            StatusListToken.sign(
                    StatusList.create(16, 1), uri, clock.instant(), null, null, null, OTHER, null)
                .encoded();
    assertReason(() -> cache.get(URI), Reason.SIGNATURE);
    fetcher.next = serving(Duration.ofMinutes(10), Duration.ofDays(1), 3);
    assertThat(cache.get(URI).list().get(0)).isEqualTo(3);
  }

  @Test
  void failuresForOneUriDoNotAffectAnother() throws Exception {
    StatusListCache cache = cache(Duration.ofMinutes(1), Duration.ofDays(1));
    String other = "https://status.kdid.kr/lists/2";
    fetcher.next =
        uri -> {
          if (uri.equals(other)) {
            throw new IOException("down");
          }
          return token(uri, Duration.ofMinutes(10), null, 1);
        };
    assertThat(cache.get(URI).uri()).isEqualTo(URI);
    assertReason(() -> cache.get(other), Reason.FETCH_FAILED);
    assertThat(cache.get(URI).list().get(0)).isEqualTo(1);
    assertThat(fetcher.calls(URI)).isEqualTo(1);
  }

  @Test
  void tokensForAnotherUriAreRefused() {
    StatusListCache cache = cache(Duration.ofMinutes(1), Duration.ofDays(1));
    fetcher.next = uri -> token("https://status.kdid.kr/lists/999", null, null, 1);
    assertReason(() -> cache.get(URI), Reason.SUBJECT_MISMATCH);
  }

  @Test
  void olderTokensAreRefusedAsRollback() throws Exception {
    StatusListCache cache = cache(Duration.ofMinutes(1), Duration.ofDays(1));
    String old = token(URI, Duration.ofMinutes(5), Duration.ofDays(1), 1);
    clock.advance(Duration.ofMinutes(1));
    fetcher.next = serving(Duration.ofMinutes(5), Duration.ofDays(1), 2);
    cache.get(URI);
    clock.advance(Duration.ofMinutes(5));
    fetcher.next = uri -> old;
    assertReason(() -> cache.get(URI), Reason.ROLLBACK);
    fetcher.next = serving(Duration.ofMinutes(5), Duration.ofDays(1), 3);
    assertThat(cache.get(URI).list().get(0)).isEqualTo(3);
  }

  @Test
  void keyResolution() {
    StatusListCache unresolved =
        StatusListCache.builder(fetcher, (uri, token) -> null).clock(clock).build();
    fetcher.next = serving(null, null, 1);
    assertReason(() -> unresolved.get(URI), Reason.KEY_UNRESOLVED);

    StatusListCache refusing =
        StatusListCache.builder(
                fetcher,
                (uri, token) -> {
                  assertThat(token.kid()).isEqualTo("k");
                  throw new StatusException(Reason.KEY_UNRESOLVED, "unknown issuer");
                })
            .clock(clock)
            .build();
    assertReason(() -> refusing.get(URI), Reason.KEY_UNRESOLVED);
  }

  @Test
  void outOfRangeIndex() {
    StatusListCache cache = cache(Duration.ofMinutes(1), Duration.ofDays(1));
    fetcher.next = serving(null, null, 1);
    assertReason(() -> cache.statusOf(new StatusReference(16, URI)), Reason.INDEX_OUT_OF_RANGE);
  }

  @Test
  void invalidate() throws Exception {
    StatusListCache cache = cache(Duration.ofMinutes(1), Duration.ofDays(1));
    fetcher.next = serving(Duration.ofHours(1), null, 1);
    cache.get(URI);
    cache.invalidate(URI);
    cache.get(URI);
    assertThat(fetcher.calls(URI)).isEqualTo(2);
  }

  @Test
  void boundedNumberOfEntries() throws Exception {
    StatusListCache cache =
        StatusListCache.builder(fetcher, (uri, token) -> KEY.publicKey())
            .clock(clock)
            .maxEntries(3)
            .build();
    fetcher.next = serving(Duration.ofHours(1), null, 1);
    for (int i = 0; i < 10; i++) {
      cache.get(URI + "/" + i);
      clock.advance(Duration.ofSeconds(1));
      assertThat(cache.size()).isLessThanOrEqualTo(3);
    }
    // The most recent one is still cached; the oldest ones were evicted.
    cache.get(URI + "/9");
    assertThat(fetcher.calls(URI + "/9")).isEqualTo(1);
    cache.get(URI + "/0");
    assertThat(fetcher.calls(URI + "/0")).isEqualTo(2);
  }

  @Test
  void concurrentCallersShareOneFetch() throws Exception {
    StatusListCache cache = cache(Duration.ofMinutes(1), Duration.ofDays(1));
    CountDownLatch release = new CountDownLatch(1);
    fetcher.next =
        uri -> {
          try {
            release.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return token(uri, Duration.ofMinutes(10), null, 1);
        };
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Verified>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(() -> cache.get(URI)));
      }
      Thread.sleep(100);
      release.countDown();
      Verified first = results.get(0).get(5, TimeUnit.SECONDS);
      for (Future<Verified> f : results) {
        assertThat(f.get(5, TimeUnit.SECONDS)).isSameAs(first);
      }
      assertThat(fetcher.calls(URI)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
