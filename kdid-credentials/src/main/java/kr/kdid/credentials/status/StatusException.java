package kr.kdid.credentials.status;

import java.util.Objects;

/**
 * A Status List, Status List Token or status reference could not be used, so no statement about the
 * status of the Referenced Token can be made. Verifiers reject the Referenced Token whatever the
 * {@link #reason()} (draft-ietf-oauth-status-list §8.3); the reason is for logs, metrics and error
 * codes, and the message is for humans (it never contains key material).
 */
public final class StatusException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the status could not be established. One constant per distinct failure. */
  public enum Reason {
    /** Not well formed: JWS, JSON, a claim of the wrong type, base64url or the ZLIB stream. */
    MALFORMED,
    /** A required claim or member is absent. */
    MISSING_CLAIM,
    /** {@code bits} is not 1, 2, 4 or 8. */
    UNSUPPORTED_BITS,
    /** The decompressed list (or its compressed form) is larger than the configured bound. */
    TOO_LARGE,
    /** The JWS {@code alg} is not one K-DID accepts (ES256, EdDSA). */
    UNSUPPORTED_ALGORITHM,
    /** The JWS header has {@code crit}; no JWS extension is understood here. */
    CRITICAL_HEADER,
    /** The signature does not verify with the key, or {@code alg} does not match the key. */
    SIGNATURE,
    /** The header {@code typ} is not {@code statuslist+jwt}. */
    WRONG_TYPE,
    /** {@code sub} differs from the expected URI (the {@code uri} of the Referenced Token). */
    SUBJECT_MISMATCH,
    /** {@code exp} has passed. */
    EXPIRED,
    /** {@code iat} is later than now plus the allowed clock skew. */
    ISSUED_IN_FUTURE,
    /** {@code nbf} is later than now plus the allowed clock skew. */
    NOT_YET_VALID,
    /** The referenced index is outside the list. */
    INDEX_OUT_OF_RANGE,
    /** No trusted key could be found for the Status List Token (key resolver). */
    KEY_UNRESOLVED,
    /** The Status List Token could not be retrieved (fetcher). */
    FETCH_FAILED,
    /** A fetched token was issued before the one already cached for the same URI. */
    ROLLBACK
  }

  private final Reason reason;

  public StatusException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public StatusException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Why no statement about the status can be made. */
  public Reason reason() {
    return reason;
  }

  @Override
  public String getMessage() {
    return reason + ": " + super.getMessage();
  }
}
