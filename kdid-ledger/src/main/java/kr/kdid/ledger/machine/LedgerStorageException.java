package kr.kdid.ledger.machine;

/** Storage failed (I/O, corruption). An internal fault: the node must stop, not skip the block. */
public final class LedgerStorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LedgerStorageException(String message) {
    super(message);
  }

  public LedgerStorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
