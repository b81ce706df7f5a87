package kr.kdid.web.db;

/** A service's database failed (connection, SQL, a constraint the code did not expect). */
public final class DatabaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
