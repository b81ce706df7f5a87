package kr.kdid.verifier;

import java.util.Objects;

/**
 * A request to the verifier was refused, for a reason with its own {@link ErrorCode}: a malformed
 * or replayed OpenID4VP response, an unknown or expired request, a presentation request the relying
 * party is not registered for. The HTTP edge chooses the status code and JSON shape; the message is
 * for people and never holds personal data.
 */
public final class VerifierException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;

  public VerifierException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }
}
