package kr.kdid.core.encoding;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The multicodec key prefixes K-DID understands, with unsigned-varint framing.
 *
 * @see <a href="https://github.com/multiformats/multicodec/blob/master/table.csv">multicodec
 *     table</a>
 */
public enum Multicodec {
  /** Ed25519 public key, 32 bytes. */
  ED25519_PUB(0xed),
  /** P-256 public key, 33-byte compressed SEC1 point. */
  P256_PUB(0x1200);

  private final int code;
  private final byte[] prefix;

  Multicodec(int code) {
    this.code = code;
    this.prefix = varint(code);
  }

  public int code() {
    return code;
  }

  /** The varint prefix followed by the key bytes. */
  public byte[] prefix(byte[] key) {
    byte[] out = Arrays.copyOf(prefix, prefix.length + key.length);
    System.arraycopy(key, 0, out, prefix.length, key.length);
    return out;
  }

  /** A codec and the bytes that followed its prefix. */
  public record Prefixed(Multicodec codec, byte[] value) {}

  /**
   * Splits the varint prefix off.
   *
   * @throws IllegalArgumentException if the prefix is malformed or names an unsupported codec
   */
  public static Prefixed split(byte[] bytes) {
    long code = 0;
    int shift = 0;
    int i = 0;
    while (true) {
      if (i >= bytes.length || i >= 9) {
        throw new IllegalArgumentException("malformed multicodec varint");
      }
      int b = bytes[i++] & 0xFF;
      code |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
    }
    for (Multicodec c : values()) {
      if (c.code == code) {
        return new Prefixed(c, Arrays.copyOfRange(bytes, i, bytes.length));
      }
    }
    throw new IllegalArgumentException("unsupported multicodec 0x" + Long.toHexString(code));
  }

  private static byte[] varint(int value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int v = value;
    while ((v & ~0x7F) != 0) {
      out.write((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.write(v);
    return out.toByteArray();
  }
}
