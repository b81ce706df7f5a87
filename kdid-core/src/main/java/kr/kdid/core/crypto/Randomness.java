package kr.kdid.core.crypto;

import java.security.SecureRandom;
import kr.kdid.core.encoding.Base64Url;

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

  /**
   * An identifier of {@code n} random bytes in base64url that never starts with '-', so that a
   * command line (picocli, getopt) does not read it as an option when someone types it: ids that
   * people pass to {@code kdid} (applicants, batches, credentials, events). About 1 draw in 64 is
   * drawn again.
   */
  public static String id(SecureRandom random, int n) {
    while (true) {
      String id = Base64Url.encode(bytes(random, n));
      if (id.charAt(0) != '-') {
        return id;
      }
    }
  }

  /** {@code n} random bytes from the system CSPRNG. */
  public static byte[] bytes(int n) {
    return bytes(SYSTEM, n);
  }
}
