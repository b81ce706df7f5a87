package kr.kdid.issuer.oid4vci;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.crypto.Sha256;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.encoding.Hex;

/** Random one-time secrets and the hashes under which the issuer stores them. */
final class Secrets {
  private Secrets() {}

  /** 256 random bits, base64url. */
  static String token(SecureRandom random) {
    return Base64Url.encode(Randomness.bytes(random, 32));
  }

  /** A numeric transaction code of {@code length} digits. */
  static String digits(SecureRandom random, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append((char) ('0' + random.nextInt(10)));
    }
    return sb.toString();
  }

  /** SHA-256 hex of a secret, as stored. */
  static String hash(String secret) {
    return Hex.encode(Sha256.hash(secret.getBytes(StandardCharsets.UTF_8)));
  }

  /** SHA-256 hex of a transaction code bound to its offer (a salt against precomputation). */
  static String txCodeHash(String offerId, String txCode) {
    return hash("tx-code:" + offerId + ":" + txCode);
  }
}
