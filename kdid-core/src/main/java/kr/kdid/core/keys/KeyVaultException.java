package kr.kdid.core.keys;

/** A key vault cannot do what was asked: alias taken, storage failed, data corrupt. */
public class KeyVaultException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KeyVaultException(String message) {
    super(message);
  }

  public KeyVaultException(String message, Throwable cause) {
    super(message, cause);
  }
}
