package kr.kdid.core.jose;

/** A JOSE object is malformed or uses something K-DID does not accept. */
public final class JoseException extends Exception {
  private static final long serialVersionUID = 1L;

  public JoseException(String message) {
    super(message);
  }
}
