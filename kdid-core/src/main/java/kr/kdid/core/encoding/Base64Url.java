package kr.kdid.core.encoding;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Unpadded base64url (RFC 4648 §5), as JOSE uses it. Decoding rejects padding and other alphabets.
 */
public final class Base64Url {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Base64Url() {}

  public static String encode(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }

  public static String encode(String utf8) {
    return encode(utf8.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Decodes unpadded base64url.
   *
   * @throws IllegalArgumentException if the text has padding, characters outside the alphabet, or
   *     an impossible length
   */
  public static byte[] decode(String text) {
    if (text.indexOf('=') >= 0) {
      throw new IllegalArgumentException("base64url must not be padded");
    }
    if (text.length() % 4 == 1) {
      throw new IllegalArgumentException("invalid base64url length");
    }
    return DECODER.decode(text);
  }

  /** True if the text is unpadded base64url. */
  public static boolean isValid(String text) {
    try {
      decode(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
