package kr.kdid.node;

/** The node cannot start: its data fails verification, its keys do not match, and so on. */
public final class NodeStartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NodeStartupException(String message) {
    super(message);
  }

  public NodeStartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
