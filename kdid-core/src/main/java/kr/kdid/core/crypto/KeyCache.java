package kr.kdid.core.crypto;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Parsed public keys, shared process-wide. Reusing the same {@link VerificationKey} object for the
 * same key matters: BouncyCastle keeps per-point precomputation on it and, once a key has been used
 * a few times, switches to a fixed-point algorithm that verifies about 2.5 times faster. So a
 * signer that signs many transactions (an issuer, a verifier, a ledger node) is verified at the
 * fast rate. Bounded; thread-safe.
 */
public final class KeyCache {
  /** Most keys kept (each holds a few KiB of precomputed points). */
  public static final int CAPACITY = 8192;

  private static final ConcurrentHashMap<String, VerificationKey> KEYS = new ConcurrentHashMap<>();

  private KeyCache() {}

  /**
   * The cached key for an identity string (a canonical encoding of the key), created with {@code
   * parse} if absent. Exceptions from {@code parse} propagate and nothing is cached.
   */
  public static VerificationKey get(String identity, Supplier<VerificationKey> parse) {
    VerificationKey k = KEYS.get(identity);
    if (k != null) {
      return k;
    }
    k = parse.get();
    if (KEYS.size() >= CAPACITY) {
      evictSome();
    }
    VerificationKey prior = KEYS.putIfAbsent(identity, k);
    return prior != null ? prior : k;
  }

  /** The key of a public JWK, from the cache. */
  public static VerificationKey of(Jwk jwk) {
    String id =
        jwk.kty() + "|" + jwk.crv() + "|" + jwk.x() + "|" + (jwk.y() == null ? "" : jwk.y());
    return get(id, () -> VerificationKey.fromJwk(jwk));
  }

  /** The key of a multibase value, from the cache. */
  public static VerificationKey ofMultibase(String multibase) {
    return get("mb|" + multibase, () -> VerificationKey.fromMultibase(multibase));
  }

  private static void evictSome() {
    // Drop roughly a tenth, oldest-inserted first is not tracked; any tenth will do: the cache
    // only saves work, and hot keys come straight back.
    int drop = CAPACITY / 10;
    Iterator<String> it = KEYS.keySet().iterator();
    while (drop-- > 0 && it.hasNext()) {
      it.next();
      it.remove();
    }
  }
}
