package kr.kdid.verifier.oid4vp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.crypto.Sha256;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.encoding.Hex;

/** Random identifiers and secrets of presentation requests, and how they are compared. */
final class Secrets {
  private Secrets() {}

  /** {@code bytes} random bytes, base64url. */
  static String random(SecureRandom random, int bytes) {
    return Base64Url.encode(Randomness.bytes(random, bytes));
  }

  /** SHA-256 hex of a secret, as stored. */
  static String hash(String secret) {
    return Hex.encode(Sha256.hash(secret.getBytes(StandardCharsets.UTF_8)));
  }

  /** Equality in time independent of where the strings differ. */
  static boolean equal(String a, String b) {
    return a != null
        && b != null
        && MessageDigest.isEqual(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
