package kr.kdid.core.crypto;

import java.security.SecureRandom;

/**
 * The one place K-DID obtains system randomness. Components take a {@link SecureRandom} as a
 * constructor argument and default to this one, so tests can inject a seeded source.
 */
public final class Randomness {
  private static final SecureRandom SYSTEM = new SecureRandom();

  private Randomness() {}

  /** The shared, thread-safe system CSPRNG. */
  public static SecureRandom secure() {
    return SYSTEM;
  }

  /** {@code n} random bytes from {@code random}. */
  public static byte[] bytes(SecureRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** {@code n} random bytes from the system CSPRNG. */
  public static byte[] bytes(int n) {
    return bytes(SYSTEM, n);
  }
}
