package kr.kdid.core.json;

/** Input bytes are not well-formed JSON, or do not have the expected shape. */
public final class MalformedJsonException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public MalformedJsonException(String message) {
    super(message);
  }

  public MalformedJsonException(String message, Throwable cause) {
    super(message, cause);
  }
}
