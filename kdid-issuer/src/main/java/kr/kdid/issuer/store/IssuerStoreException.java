package kr.kdid.issuer.store;

/** The issuer's database failed (connection, SQL, constraint the code did not expect). */
public final class IssuerStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IssuerStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
