package kr.kdid.core.did;

/** A string is not a valid DID or DID URL, or a DID document breaks the rules. */
public final class InvalidDidException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidDidException(String message) {
    super(message);
  }

  public InvalidDidException(String message, Throwable cause) {
    super(message, cause);
  }
}
