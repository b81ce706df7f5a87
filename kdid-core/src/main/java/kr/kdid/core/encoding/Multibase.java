package kr.kdid.core.encoding;

/**
 * The multibase encodings K-DID reads and writes: base58btc ('z') and base64url ('u').
 *
 * @see <a href="https://datatracker.ietf.org/doc/draft-multiformats-multibase/">multibase</a>
 */
public final class Multibase {
  private Multibase() {}

  /** base58btc with the 'z' prefix. */
  public static String encodeBase58Btc(byte[] bytes) {
    return "z" + Base58.encode(bytes);
  }

  /**
   * Decodes a multibase string in base58btc ('z') or base64url ('u').
   *
   * @throws IllegalArgumentException for other prefixes or bad characters
   */
  public static byte[] decode(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty multibase value");
    }
    return switch (text.charAt(0)) {
      case 'z' -> Base58.decode(text.substring(1));
      case 'u' -> Base64Url.decode(text.substring(1));
      default ->
          throw new IllegalArgumentException(
              "unsupported multibase prefix '" + text.charAt(0) + "' (expected 'z' or 'u')");
    };
  }
}
