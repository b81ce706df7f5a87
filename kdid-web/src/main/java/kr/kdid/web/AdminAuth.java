package kr.kdid.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Authenticates administrative requests by a bearer token ({@code Authorization: Bearer <token>})
 * that the launcher generates or reads from its configuration and hands to each service's API. The
 * comparison takes the same time whatever the presented value, so the token cannot be guessed byte
 * by byte. Immutable and thread-safe; the token is never logged or returned.
 *
 * <p>Failures are {@link ApiException}s with status 401 and code {@value #MISSING} (no bearer
 * token) or {@value #INVALID} (a different one), and a {@code WWW-Authenticate: Bearer} header.
 */
public final class AdminAuth {
  /** Code of a request without a bearer token. */
  public static final String MISSING = "ADMIN_TOKEN_MISSING";

  /** Code of a request with a wrong bearer token. */
  public static final String INVALID = "ADMIN_TOKEN_INVALID";

  /** Shortest token accepted: 128 bits as base64url. */
  public static final int MIN_LENGTH = 22;

  private static final String BEARER = "bearer ";

  private final byte[] expectedDigest;

  /**
   * @param token the administrative token; at least {@link #MIN_LENGTH} characters
   * @throws IllegalArgumentException if the token is too short to resist guessing
   */
  public AdminAuth(String token) {
    Objects.requireNonNull(token, "token");
    if (token.length() < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "the admin token needs at least " + MIN_LENGTH + " characters");
    }
    this.expectedDigest = digest(token);
  }

  /**
   * True if the value is this token. Compares SHA-256 digests with {@link MessageDigest#isEqual},
   * so neither the token's length nor its content leaks through timing.
   */
  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(expectedDigest, digest(presented));
  }

  /**
   * Checks a request's {@code Authorization} header.
   *
   * @throws ApiException 401 {@value #MISSING} or {@value #INVALID}
   */
  public void require(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null
        || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new ApiException(
          401, MISSING, "this endpoint needs the admin token as Authorization: Bearer <token>");
    }
    if (!matches(header.substring(BEARER.length()).strip())) {
      ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      throw new ApiException(401, INVALID, "the admin token is not valid");
    }
  }

  private static byte[] digest(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "AdminAuth[token hidden]";
  }
}
