package kr.kdid.credentials.sdjwt;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Locale;

/** Small JWT rules shared by SD-JWT and its profiles. Stateless and thread-safe. */
public final class JwtClaims {
  private static final String APPLICATION = "application/";

  private JwtClaims() {}

  /**
   * A JWT NumericDate (RFC 7519 §2): seconds since the epoch, possibly fractional; fractions are
   * truncated toward the past.
   *
   * @param value a claim value, may be null
   * @return the instant, or null if {@code value} is null, not a number, or out of range
   */
  public static Instant numericDate(JsonNode value) {
    if (value == null || !value.isNumber()) {
      return null;
    }
    try {
      BigDecimal seconds = value.decimalValue().setScale(0, RoundingMode.FLOOR);
      return Instant.ofEpochSecond(seconds.longValueExact());
    } catch (ArithmeticException | DateTimeException e) {
      return null;
    }
  }

  /**
   * True if a JOSE {@code typ} value names the expected media type. As RFC 7515 §4.1.9 requires,
   * the comparison ignores case and treats a value without "/" as if "application/" were prefixed.
   *
   * @param actual the header value, may be null (never matches)
   * @param expected the expected value without "application/", e.g. "kb+jwt"
   */
  public static boolean typeMatches(String actual, String expected) {
    if (actual == null) {
      return false;
    }
    String a = actual.toLowerCase(Locale.ROOT);
    if (a.startsWith(APPLICATION)) {
      a = a.substring(APPLICATION.length());
    } else if (a.indexOf('/') >= 0) {
      return false;
    }
    return a.equals(expected.toLowerCase(Locale.ROOT));
  }
}
