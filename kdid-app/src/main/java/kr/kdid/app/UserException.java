package kr.kdid.app;

/** A problem the user can fix (a busy port, a wrong passphrase); printed without a stack trace. */
public final class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public UserException(String message) {
    this(message, 2);
  }

  public UserException(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
