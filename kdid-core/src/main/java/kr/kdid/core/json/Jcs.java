package kr.kdid.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS). Thread-safe, stateless.
 *
 * <p>The canonical form of a JSON value is its UTF-8 serialization with no insignificant
 * whitespace, object members sorted by name (names compared as arrays of UTF-16 code units),
 * strings escaped minimally, and every number written as ECMAScript's {@code
 * Number.prototype.toString} writes the IEEE-754 double it denotes.
 *
 * <p>Two limits beyond RFC 8785 keep canonical bytes acceptable to {@link Json#parse(byte[])}:
 * trees nested deeper than {@link Json#MAX_DEPTH} arrays and objects are rejected, and so are
 * strings (values or member names) holding a lone UTF-16 surrogate, which UTF-8 cannot encode.
 */
public final class Jcs {
  /** Deepest nesting of arrays and objects accepted: the same bound {@link Json#parse} has. */
  static final int MAX_DEPTH = Json.MAX_DEPTH;

  /** Integers of at most this magnitude are exact doubles and print as themselves. */
  private static final long MAX_EXACT_INTEGER = 1L << 53;

  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] HEX_DIGITS = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'
  };

  /**
   * How each ASCII character is written inside a string (RFC 8785 §3.2.2.2): 0 as itself; 'u' as a
   * backslash, 'u', "00" and two lower-case hex digits; any other value v as a backslash and v.
   */
  private static final byte[] ASCII_ESCAPES = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ASCII_ESCAPES[c] = 'u';
    }
    ASCII_ESCAPES['\b'] = 'b';
    ASCII_ESCAPES['\t'] = 't';
    ASCII_ESCAPES['\n'] = 'n';
    ASCII_ESCAPES['\f'] = 'f';
    ASCII_ESCAPES['\r'] = 'r';
    ASCII_ESCAPES['"'] = '"';
    ASCII_ESCAPES['\\'] = '\\';
  }

  private Jcs() {}

  /**
   * Canonical UTF-8 bytes of a Jackson tree.
   *
   * <p>Every number is taken as the IEEE-754 double nearest to it ({@code float} values are widened
   * exactly); integers too large for a double are an error.
   *
   * @throws IllegalArgumentException for values JCS cannot represent (NaN/Infinity, binary/POJO
   *     nodes, lone surrogates in strings or keys), and for trees nested deeper than {@link
   *     Json#MAX_DEPTH}
   */
  public static byte[] canonicalize(JsonNode node) {
    return canonicalBytes(node, 64);
  }

  /** Same as {@link #canonicalize(JsonNode)}, as a String. */
  public static String canonicalString(JsonNode node) {
    return new String(canonicalBytes(node, 64), StandardCharsets.UTF_8);
  }

  /**
   * Parses JSON text strictly (via {@link Json#parse(byte[])}: duplicate keys rejected) and returns
   * its canonical bytes.
   *
   * @throws MalformedJsonException if the input is not well-formed JSON
   * @throws IllegalArgumentException if it is well-formed but holds a value JCS cannot represent (a
   *     number beyond double range such as {@code 1e400}, or a lone surrogate written as an escape)
   */
  public static byte[] canonicalize(byte[] json) {
    Objects.requireNonNull(json, "json");
    return canonicalBytes(Json.parse(json), json.length);
  }

  /**
   * True if the bytes are well-formed JSON and already exactly canonical. Never throws for bad
   * input (returns false), null included.
   */
  public static boolean isCanonical(byte[] json) {
    if (json == null || json.length == 0) {
      return false;
    }
    byte[] canonical;
    try {
      canonical = canonicalBytes(Json.parse(json), json.length);
    } catch (IllegalArgumentException e) { // MalformedJsonException, or not representable
      return false;
    }
    return Arrays.equals(canonical, json);
  }

  /**
   * ECMAScript {@code Number.prototype.toString} of a finite double, as RFC 8785 §3.2.2.3 requires
   * ("-0" → "0").
   *
   * @throws IllegalArgumentException for NaN and the infinities
   */
  public static String serializeNumber(double value) {
    Sink out = new Sink(32);
    writeDouble(value, out);
    return new String(out.buf, 0, out.pos, StandardCharsets.ISO_8859_1);
  }

  private static byte[] canonicalBytes(JsonNode node, int sizeHint) {
    Objects.requireNonNull(node, "node");
    Sink out = new Sink(Math.max(16, sizeHint));
    writeValue(node, out, 0);
    return out.toByteArray();
  }

  private static void writeValue(JsonNode node, Sink out, int depth) {
    switch (node.getNodeType()) {
      case OBJECT -> writeObject(node, out, depth + 1);
      case ARRAY -> writeArray(node, out, depth + 1);
      case STRING -> writeString(node.textValue(), out);
      case NUMBER -> writeNumber(node, out);
      case BOOLEAN -> out.write(node.booleanValue() ? TRUE : FALSE);
      case NULL -> out.write(NULL);
      default ->
          throw new IllegalArgumentException(
              "JCS cannot represent a " + node.getNodeType() + " node");
    }
  }

  private static void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "JSON nesting deeper than " + MAX_DEPTH + " arrays and objects");
    }
  }

  private static void writeObject(JsonNode object, Sink out, int depth) {
    checkDepth(depth);
    int size = object.size();
    String[] names = new String[size];
    int i = 0;
    for (Map.Entry<String, JsonNode> member : object.properties()) {
      names[i++] = member.getKey();
    }
    // String.compareTo compares UTF-16 code units, exactly the order RFC 8785 §3.2.3 prescribes.
    Arrays.sort(names);
    out.write('{');
    for (i = 0; i < size; i++) {
      if (i > 0) {
        out.write(',');
      }
      writeString(names[i], out);
      out.write(':');
      writeValue(object.get(names[i]), out, depth);
    }
    out.write('}');
  }

  private static void writeArray(JsonNode array, Sink out, int depth) {
    checkDepth(depth);
    out.write('[');
    int size = array.size();
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        out.write(',');
      }
      writeValue(array.get(i), out, depth);
    }
    out.write(']');
  }

  /**
   * Writes a string with RFC 8785 §3.2.2.2 escaping, encoded as UTF-8. Keeps the invariant that the
   * buffer has room for the rest of the string at one byte per char plus the closing quote, and
   * grows it only where a char needs more than one byte.
   */
  static void writeString(String s, Sink out) {
    int len = s.length();
    if (len >= 16 && writePlainAscii(s, out)) {
      return;
    }
    out.reserve(len + 2);
    byte[] buf = out.buf;
    int pos = out.pos;
    buf[pos++] = '"';
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        byte escape = ASCII_ESCAPES[c];
        if (escape == 0) {
          buf[pos++] = (byte) c;
          continue;
        }
        int width = escape == 'u' ? 6 : 2;
        out.pos = pos;
        out.reserve(width + (len - i - 1) + 1);
        buf = out.buf;
        buf[pos++] = '\\';
        buf[pos++] = escape;
        if (escape == 'u') {
          buf[pos++] = '0';
          buf[pos++] = '0';
          buf[pos++] = HEX_DIGITS[c >> 4];
          buf[pos++] = HEX_DIGITS[c & 0xf];
        }
      } else if (c < 0x800) {
        out.pos = pos;
        out.reserve(2 + (len - i - 1) + 1);
        buf = out.buf;
        buf[pos++] = (byte) (0xc0 | (c >> 6));
        buf[pos++] = (byte) (0x80 | (c & 0x3f));
      } else if (!Character.isSurrogate(c)) {
        out.pos = pos;
        out.reserve(3 + (len - i - 1) + 1);
        buf = out.buf;
        buf[pos++] = (byte) (0xe0 | (c >> 12));
        buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        buf[pos++] = (byte) (0x80 | (c & 0x3f));
      } else {
        char low = i + 1 < len ? s.charAt(i + 1) : 0;
        if (!Character.isHighSurrogate(c) || !Character.isLowSurrogate(low)) {
          throw new IllegalArgumentException(
              "JCS cannot represent a lone surrogate U+"
                  + Integer.toHexString(c).toUpperCase(Locale.ROOT)
                  + " at index "
                  + i
                  + " of a string");
        }
        int cp = Character.toCodePoint(c, low);
        i++;
        out.pos = pos;
        out.reserve(4 + (len - i - 1) + 1);
        buf = out.buf;
        buf[pos++] = (byte) (0xf0 | (cp >> 18));
        buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        buf[pos++] = (byte) (0x80 | (cp & 0x3f));
      }
    }
    buf[pos++] = '"';
    out.pos = pos;
  }

  /**
   * The fast path for long strings that need no escaping and are pure ASCII (transactions, keys,
   * identifiers): one bulk encoding and one copy instead of a loop over chars. Writes nothing and
   * returns false for any other string.
   */
  private static boolean writePlainAscii(String s, Sink out) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    int len = utf8.length;
    if (len != s.length()) {
      return false; // some char took more than one byte
    }
    // Every char took one byte: ASCII, or a lone surrogate the encoder replaced with '?'.
    for (int i = 0; i < len; i++) {
      byte b = utf8[i];
      if (b < 0x20 || b == '"' || b == '\\' || (b == '?' && s.charAt(i) != '?')) {
        return false;
      }
    }
    out.reserve(len + 2);
    byte[] buf = out.buf;
    int pos = out.pos;
    buf[pos++] = '"';
    System.arraycopy(utf8, 0, buf, pos, len);
    pos += len;
    buf[pos++] = '"';
    out.pos = pos;
    return true;
  }

  private static void writeNumber(JsonNode number, Sink out) {
    switch (number.numberType()) {
      case INT, LONG -> writeLong(number.longValue(), out);
      case BIG_INTEGER -> writeDouble(toDouble(number.bigIntegerValue()), out);
      case BIG_DECIMAL -> writeDouble(toDouble(number.decimalValue()), out);
      default -> writeDouble(number.doubleValue(), out); // FLOAT (widened exactly), DOUBLE
    }
  }

  private static double toDouble(BigInteger value) {
    double d = value.doubleValue(); // correctly rounded, half to even
    if (Double.isInfinite(d)) {
      throw new IllegalArgumentException("JCS cannot represent an integer beyond double range");
    }
    return d;
  }

  private static double toDouble(BigDecimal value) {
    double d = value.doubleValue(); // correctly rounded, half to even
    if (Double.isInfinite(d)) {
      throw new IllegalArgumentException("JCS cannot represent a number beyond double range");
    }
    return d;
  }

  private static void writeLong(long value, Sink out) {
    if (value >= -MAX_EXACT_INTEGER && value <= MAX_EXACT_INTEGER) {
      out.writeLong(value);
    } else {
      writeDouble((double) value, out); // rounds to nearest, as a JSON reader would
    }
  }

  /**
   * Writes a finite double as ECMAScript's Number::toString does (ECMA-262, Number::toString, radix
   * 10). With x = s × 10^(n−k), where the k digits of s are as few as possible, then s closest to x
   * (ties to even), the layout depends on k and n.
   */
  static void writeDouble(double value, Sink out) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("JCS cannot represent " + value);
    }
    if (value == 0) { // +0 and -0 alike
      out.write('0');
      return;
    }
    if (value >= -MAX_EXACT_INTEGER && value <= MAX_EXACT_INTEGER && value == (long) value) {
      out.writeLong((long) value); // fewer than 17 digits, all of them significant or zero padding
      return;
    }
    double abs = Math.abs(value);
    // Since JDK 19 Double.toString gives the shortest decimal that rounds back (closest to the
    // value, ties to even), except that it may prefer a closer 2-digit decimal where a 1-digit one
    // also rounds back; see shortenSubnormal.
    String java = Double.toString(abs);
    byte[] digits = new byte[20];
    int k = 0; // significant digits so far, leading zeros dropped
    int leadingZeros = 0;
    int intDigits = -1; // digits before the '.' in Java's mantissa
    int exponent = 0; // Java's "E" exponent
    int length = java.length();
    for (int i = 0; i < length; i++) {
      char c = java.charAt(i);
      if (c == '.') {
        intDigits = i;
      } else if (c == 'E') {
        exponent = parseExponent(java, i + 1);
        break;
      } else if (c == '0' && k == 0) {
        leadingZeros++;
      } else {
        digits[k++] = (byte) c;
      }
    }
    while (digits[k - 1] == '0') {
      k--; // "1.0E21" has the single digit 1, "120.0" the digits 12
    }
    // x = 0.d1d2...dk × 10^n
    int n = intDigits - leadingZeros + exponent;
    if (k == 2 && abs < Double.MIN_NORMAL) {
      int shortened = shortenSubnormal(abs, digits, n);
      if (shortened != Integer.MIN_VALUE) {
        k = 1;
        n = shortened;
      }
    }
    out.reserve(k + 30);
    if (value < 0) {
      out.write('-');
    }
    if (k <= n && n <= 21) { // integer: digits then n−k zeros
      out.write(digits, 0, k);
      for (int i = k; i < n; i++) {
        out.write('0');
      }
    } else if (0 < n && n <= 21) { // decimal point inside the digits
      out.write(digits, 0, n);
      out.write('.');
      out.write(digits, n, k - n);
    } else if (-6 < n && n <= 0) { // 0.000ddd
      out.write('0');
      out.write('.');
      for (int i = n; i < 0; i++) {
        out.write('0');
      }
      out.write(digits, 0, k);
    } else { // d.ddde±x
      out.write(digits[0]);
      if (k > 1) {
        out.write('.');
        out.write(digits, 1, k - 1);
      }
      out.write('e');
      int e = n - 1;
      out.write(e < 0 ? '-' : '+');
      out.writeLong(Math.abs(e));
    }
  }

  private static int parseExponent(String s, int from) {
    boolean negative = s.charAt(from) == '-';
    int e = 0;
    for (int i = negative ? from + 1 : from; i < s.length(); i++) {
      e = e * 10 + (s.charAt(i) - '0');
    }
    return negative ? -e : e;
  }

  /**
   * For a subnormal whose Java digits are "ab" (x ≈ a.b × 10^(n−1)): Java's Double.toString
   * considers 2-digit decimals even when a 1-digit one rounds back to x (Double.MIN_VALUE prints as
   * 4.9E-324), whereas ECMAScript takes the fewest digits (5e-324). Tries a × 10^(n−1) and (a+1) ×
   * 10^(n−1), which bracket x; if one or both round back, puts the closer (ties to even) into
   * digits[0] and returns its n. Otherwise returns Integer.MIN_VALUE. Normal doubles never need
   * this: their rounding interval is far narrower than the gap between 1- and 2-digit decimals.
   */
  private static int shortenSubnormal(double abs, byte[] digits, int n) {
    int a = digits[0] - '0';
    boolean lowFits = Double.parseDouble(a + "e" + (n - 1)) == abs;
    boolean highFits = Double.parseDouble((a + 1) + "e" + (n - 1)) == abs;
    if (!lowFits && !highFits) {
      return Integer.MIN_VALUE;
    }
    boolean useLow;
    if (lowFits && highFits) {
      BigDecimal exact = new BigDecimal(abs);
      BigDecimal low = new BigDecimal(BigInteger.valueOf(a), 1 - n);
      BigDecimal high = new BigDecimal(BigInteger.valueOf(a + 1L), 1 - n);
      int cmp = exact.subtract(low).compareTo(high.subtract(exact));
      useLow = cmp < 0 || (cmp == 0 && a % 2 == 0);
    } else {
      useLow = lowFits;
    }
    if (useLow) {
      digits[0] = (byte) ('0' + a);
      return n;
    }
    if (a == 9) { // 10 × 10^(n−1) = 1 × 10^n
      digits[0] = '1';
      return n + 1;
    }
    digits[0] = (byte) ('0' + a + 1);
    return n;
  }

  /** A growable byte buffer; not thread-safe, one per call. */
  static final class Sink {
    byte[] buf;
    int pos;

    Sink(int capacity) {
      buf = new byte[capacity];
    }

    /** Makes room for at least {@code extra} more bytes. */
    void reserve(int extra) {
      int needed = pos + extra;
      if (needed < 0) {
        throw new OutOfMemoryError("canonical JSON too large");
      }
      if (needed > buf.length) {
        int grown = buf.length * 2;
        buf = Arrays.copyOf(buf, grown >= needed ? grown : needed);
      }
    }

    void write(char asciiChar) {
      reserve(1);
      buf[pos++] = (byte) asciiChar;
    }

    void write(byte b) {
      reserve(1);
      buf[pos++] = b;
    }

    void write(byte[] bytes) {
      write(bytes, 0, bytes.length);
    }

    void write(byte[] bytes, int offset, int length) {
      reserve(length);
      System.arraycopy(bytes, offset, buf, pos, length);
      pos += length;
    }

    /** Writes a long in decimal, without allocating. */
    void writeLong(long value) {
      reserve(20);
      if (value < 0) {
        buf[pos++] = '-';
        value = -value; // callers pass magnitudes far below Long.MIN_VALUE's
      }
      int end = pos + digitCount(value);
      int i = end;
      do {
        buf[--i] = (byte) ('0' + (value % 10));
        value /= 10;
      } while (value != 0);
      pos = end;
    }

    private static int digitCount(long value) {
      int count = 1;
      for (long bound = 10; count < 19 && value >= bound; bound *= 10) {
        count++;
      }
      return count;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, pos);
    }
  }
}
