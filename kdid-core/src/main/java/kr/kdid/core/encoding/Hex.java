package kr.kdid.core.encoding;

import java.util.HexFormat;

/** Lower-case hexadecimal, the encoding K-DID uses for hashes and identifiers in its APIs. */
public final class Hex {
  private static final HexFormat HEX = HexFormat.of();

  private Hex() {}

  public static String encode(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /**
   * Decodes lower- or upper-case hex.
   *
   * @throws IllegalArgumentException if the text is not an even number of hex digits
   */
  public static byte[] decode(String hex) {
    return HEX.parseHex(hex);
  }
}
