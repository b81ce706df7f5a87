package kr.kdid.core.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 through the JDK (which uses the CPU's SHA extensions where present).
 *
 * <p>Thread-safe: each thread keeps its own digest.
 */
public final class Sha256 {
  public static final int LENGTH = 32;

  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("the JDK has no SHA-256", e);
            }
          });

  private Sha256() {}

  public static byte[] hash(byte[] data) {
    MessageDigest md = DIGEST.get();
    md.reset();
    return md.digest(data);
  }

  /** The hash of the concatenation of the parts. */
  public static byte[] hash(byte[]... parts) {
    MessageDigest md = DIGEST.get();
    md.reset();
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  /** The hash of one prefix byte followed by the parts (domain-separated hashing). */
  public static byte[] hashWithPrefix(byte prefix, byte[]... parts) {
    MessageDigest md = DIGEST.get();
    md.reset();
    md.update(prefix);
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }
}
