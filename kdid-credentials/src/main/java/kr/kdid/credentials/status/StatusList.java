package kr.kdid.credentials.status;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.credentials.status.StatusException.Reason;

/**
 * A Status List (draft-ietf-oauth-status-list §4): {@link #size()} entries of {@link #bits()} bits
 * each (1, 2, 4 or 8), packed into a byte array with entry {@code i} at bits {@code [i*bits,
 * i*bits+bits)}, filling each byte from its least significant bit upward. Its JSON form {@code lst}
 * ({@link #encodedLst()}) is the byte array compressed with DEFLATE in the ZLIB format, then
 * base64url-encoded without padding.
 *
 * <p>The size is always a whole number of bytes: {@code size * bits % 8 == 0} (RECOMMENDED by
 * §13.4, and what a decoder sees anyway, since {@code lst} carries bytes, not entries). A decoded
 * list has {@code decodedBytes * 8 / bits} entries.
 *
 * <p><b>Not thread-safe.</b> A list is mutable unless it is read-only ({@link #isReadOnly()}); the
 * lists inside {@link StatusListToken.Verified} are read-only, so once published they may be read
 * by any number of threads. Confine a mutable list to one thread or guard it with a lock; take a
 * {@link #copy()} to publish a snapshot.
 */
public final class StatusList {
  /**
   * Largest byte array a list may have, so that every bit offset fits in an {@code int}: 256 MiB,
   * far beyond any sensible list (the ledger's largest is 4 MiB).
   */
  public static final int MAX_BYTES = Integer.MAX_VALUE / 8;

  private final byte[] data;
  private final int size;
  private final int bits;
  private final boolean readOnly;

  private StatusList(byte[] data, int bits, boolean readOnly) {
    this.data = data;
    this.bits = bits;
    this.size = (int) ((long) data.length * 8 / bits);
    this.readOnly = readOnly;
  }

  /**
   * A list of {@code size} entries, all VALID (0x00), the RECOMMENDED default (§13.3): unused
   * entries look exactly like valid ones.
   *
   * @throws IllegalArgumentException if {@code bits} is not 1, 2, 4 or 8, {@code size} is not
   *     positive, {@code size * bits} is not a multiple of 8, or the list would exceed {@link
   *     #MAX_BYTES}
   */
  public static StatusList create(int size, int bits) {
    requireBits(bits);
    if (size <= 0) {
      throw new IllegalArgumentException("a status list has at least one entry, not " + size);
    }
    long totalBits = (long) size * bits;
    if (totalBits % 8 != 0) {
      throw new IllegalArgumentException(
          "size * bits must be a whole number of bytes; " + size + " * " + bits + " is not");
    }
    if (totalBits / 8 > MAX_BYTES) {
      throw new IllegalArgumentException("a status list is at most " + MAX_BYTES + " bytes");
    }
    return new StatusList(new byte[(int) (totalBits / 8)], bits, false);
  }

  /**
   * A mutable list over a copy of an uncompressed byte array (the form the spec's examples show).
   *
   * @throws IllegalArgumentException if {@code bits} is not 1, 2, 4 or 8, or {@code bytes} is empty
   *     or longer than {@link #MAX_BYTES}
   */
  public static StatusList fromBytes(byte[] bytes, int bits) {
    requireBits(bits);
    if (bytes.length == 0 || bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException("a status list has 1 to " + MAX_BYTES + " bytes");
    }
    return new StatusList(bytes.clone(), bits, false);
  }

  /**
   * Decodes {@code lst}: base64url, then ZLIB inflate, bounded. Inflation stops as soon as the
   * output would exceed {@code maxBytes}, so a compression bomb costs at most {@code maxBytes} of
   * work and memory; compressed input that is implausibly long for {@code maxBytes} is refused
   * before it is decoded. The result is mutable and has {@code decodedBytes * 8 / bits} entries.
   *
   * <p>Strict: a truncated stream, a preset dictionary, bytes after the end of the ZLIB stream or
   * an empty list are MALFORMED.
   *
   * @param lst the {@code lst} text (no whitespace)
   * @param bits the {@code bits} member that came with it
   * @param maxBytes the largest decompressed list accepted, in bytes (1 to {@link #MAX_BYTES})
   * @throws StatusException UNSUPPORTED_BITS, TOO_LARGE or MALFORMED
   * @throws IllegalArgumentException if {@code maxBytes} is out of range
   */
  public static StatusList decode(String lst, int bits, int maxBytes) throws StatusException {
    Objects.requireNonNull(lst, "lst");
    if (maxBytes <= 0 || maxBytes > MAX_BYTES) {
      throw new IllegalArgumentException(
          "maxBytes must be 1 to " + MAX_BYTES + ", not " + maxBytes);
    }
    if (!isSupportedBits(bits)) {
      throw new StatusException(Reason.UNSUPPORTED_BITS, "bits must be 1, 2, 4 or 8, not " + bits);
    }
    if (lst.length() > maxEncodedLength(maxBytes)) {
      throw new StatusException(
          Reason.TOO_LARGE, "lst is " + lst.length() + " characters, too long for the size bound");
    }
    byte[] compressed;
    try {
      compressed = Base64Url.decode(lst);
    } catch (IllegalArgumentException e) {
      throw new StatusException(Reason.MALFORMED, "lst is not unpadded base64url");
    }
    byte[] out = inflate(compressed, maxBytes);
    if (out.length == 0) {
      throw new StatusException(Reason.MALFORMED, "lst holds an empty list");
    }
    return new StatusList(out, bits, false);
  }

  /**
   * Upper bound on the base64url length of a ZLIB stream holding at most {@code maxBytes}: stored
   * (uncompressed) DEFLATE blocks cost 5 bytes per 65,535, and the wrapper 6; the bound is generous
   * so that no sensible encoder is refused.
   */
  private static long maxEncodedLength(int maxBytes) {
    long compressed = (long) maxBytes + maxBytes / 8 + 1024;
    return (compressed + 2) / 3 * 4;
  }

  private static byte[] inflate(byte[] compressed, int maxBytes) throws StatusException {
    Inflater inflater = new Inflater(); // ZLIB wrapper (RFC 1950), not raw DEFLATE or GZIP
    try {
      inflater.setInput(compressed);
      // Grow the output as data arrives rather than allocating maxBytes up front; never ask for
      // more than one byte beyond the bound, which is how overflow is detected.
      byte[] out = new byte[(int) Math.min((long) maxBytes + 1, 8192)];
      int n = 0;
      while (!inflater.finished()) {
        if (n == out.length) {
          out = Arrays.copyOf(out, (int) Math.min((long) maxBytes + 1, (long) out.length * 2));
        }
        long readBefore = inflater.getBytesRead();
        int r = inflater.inflate(out, n, out.length - n);
        n += r;
        if (n > maxBytes) {
          throw new StatusException(
              Reason.TOO_LARGE, "lst decompresses to more than " + maxBytes + " bytes");
        }
        if (r == 0 && !inflater.finished()) {
          if (inflater.needsDictionary()) {
            throw new StatusException(Reason.MALFORMED, "lst needs a preset dictionary");
          }
          if (inflater.needsInput()) {
            throw new StatusException(Reason.MALFORMED, "lst is a truncated ZLIB stream");
          }
          if (inflater.getBytesRead() == readBefore) {
            throw new StatusException(Reason.MALFORMED, "lst is not a valid ZLIB stream");
          }
        }
      }
      if (inflater.getRemaining() > 0) {
        throw new StatusException(Reason.MALFORMED, "lst has bytes after the ZLIB stream");
      }
      return n == out.length ? out : Arrays.copyOf(out, n);
    } catch (DataFormatException e) {
      throw new StatusException(Reason.MALFORMED, "lst is not a valid ZLIB stream", e);
    } finally {
      inflater.end();
    }
  }

  /** True for 1, 2, 4 and 8. */
  public static boolean isSupportedBits(int bits) {
    return bits == 1 || bits == 2 || bits == 4 || bits == 8;
  }

  private static void requireBits(int bits) {
    if (!isSupportedBits(bits)) {
      throw new IllegalArgumentException("bits must be 1, 2, 4 or 8, not " + bits);
    }
  }

  /** Number of entries. */
  public int size() {
    return size;
  }

  /** Bits per entry: 1, 2, 4 or 8. */
  public int bits() {
    return bits;
  }

  /** Largest value an entry can hold: {@code 2^bits - 1}. */
  public int maxValue() {
    return (1 << bits) - 1;
  }

  /** True if {@link #set} is refused; read-only lists are safe to share between threads. */
  public boolean isReadOnly() {
    return readOnly;
  }

  /**
   * The raw status value at {@code index}. Callers holding an index from a Referenced Token use
   * {@link StatusListToken#statusOf}, which reports an out-of-range index as a {@link
   * StatusException}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   */
  public int get(int index) {
    Objects.checkIndex(index, size);
    int bitOffset = index * bits; // < 2^31, since data.length <= MAX_BYTES
    int b = data[bitOffset >>> 3] & 0xFF;
    return (b >>> (bitOffset & 7)) & maxValue();
  }

  /**
   * Sets the raw status value at {@code index}.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size())}
   * @throws IllegalArgumentException if {@code value} does not fit in {@link #bits()} bits
   * @throws IllegalStateException if the list is read-only
   */
  public void set(int index, int value) {
    if (readOnly) {
      throw new IllegalStateException("this status list is read-only; copy() it to change it");
    }
    Objects.checkIndex(index, size);
    int mask = maxValue();
    if (value < 0 || value > mask) {
      throw new IllegalArgumentException(
          "status value " + value + " does not fit in " + bits + " bit(s)");
    }
    int bitOffset = index * bits;
    int i = bitOffset >>> 3;
    int shift = bitOffset & 7;
    data[i] = (byte) ((data[i] & ~(mask << shift)) | (value << shift));
  }

  /** Sets the status at {@code index} to a registered value (VALID, INVALID or SUSPENDED). */
  public void set(int index, StatusValue value) {
    set(index, value.code());
  }

  /**
   * The {@code lst} member: the byte array compressed with DEFLATE in the ZLIB format at the best
   * compression level, base64url-encoded without padding.
   */
  public String encodedLst() {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION); // ZLIB wrapper
    try {
      deflater.setInput(data);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 64));
      byte[] buf = new byte[8192];
      while (!deflater.finished()) {
        int n = deflater.deflate(buf);
        out.write(buf, 0, n);
      }
      return Base64Url.encode(out.toByteArray());
    } finally {
      deflater.end();
    }
  }

  /** A copy of the uncompressed byte array. */
  public byte[] toBytes() {
    return data.clone();
  }

  /** A mutable copy (also of a read-only list). */
  public StatusList copy() {
    return new StatusList(data.clone(), bits, false);
  }

  /** A read-only copy, or this list if it is already read-only. */
  public StatusList readOnlyCopy() {
    return readOnly ? this : new StatusList(data.clone(), bits, true);
  }

  /** Makes a freshly decoded list, which nobody else holds, read-only without copying. */
  static StatusList adoptReadOnly(StatusList fresh) {
    return new StatusList(fresh.data, fresh.bits, true);
  }

  @Override
  public String toString() {
    return "StatusList[size=" + size + ", bits=" + bits + (readOnly ? ", read-only]" : "]");
  }
}
