package kr.kdid.issuer.authz;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.keys.Argon2Params;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Salted, slow hashes of sign-in secrets: Argon2id in the PHC string format ({@code
 * $argon2id$v=19$m=...,t=...,p=...$salt$hash}), so that the cost parameters travel with each hash
 * and can be raised later. Verification compares in constant time.
 */
public final class PasswordHash {
  /** OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane. */
  public static final Argon2Params DEFAULT = new Argon2Params(19 * 1024, 2, 1);

  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private PasswordHash() {}

  /** A new hash of {@code secret} with a random 16-byte salt. */
  public static String hash(String secret, Argon2Params p, SecureRandom random) {
    byte[] salt = Randomness.bytes(random, 16);
    byte[] h = derive(secret, salt, p);
    return "$argon2id$v=19$m="
        + p.memoryKiB()
        + ",t="
        + p.iterations()
        + ",p="
        + p.parallelism()
        + "$"
        + B64.encodeToString(salt)
        + "$"
        + B64.encodeToString(h);
  }

  /** True if {@code secret} matches the stored hash. A malformed stored hash never matches. */
  public static boolean verify(String secret, String stored) {
    String[] parts = stored == null ? new String[0] : stored.split("\\$");
    // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
    if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
      return false;
    }
    try {
      String[] costs = parts[3].split(",");
      if (costs.length != 3) {
        return false;
      }
      Argon2Params p =
          new Argon2Params(
              Integer.parseInt(costs[0].substring(2)),
              Integer.parseInt(costs[1].substring(2)),
              Integer.parseInt(costs[2].substring(2)));
      byte[] salt = B64D.decode(parts[4]);
      byte[] expected = B64D.decode(parts[5]);
      byte[] actual = derive(secret, salt, p);
      return MessageDigest.isEqual(expected, actual);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      return false;
    }
  }

  private static byte[] derive(String secret, byte[] salt, Argon2Params p) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withMemoryAsKB(p.memoryKiB())
            .withIterations(p.iterations())
            .withParallelism(p.parallelism())
            .build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(params);
    byte[] out = new byte[32];
    byte[] pw = secret.getBytes(StandardCharsets.UTF_8);
    try {
      gen.generateBytes(pw, out);
      return out;
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
  }
}
