package kr.kdid.ledger.client;

/**
 * The ledger could not give a usable answer: no node reachable, an unexpected response, or an
 * answer whose proof does not verify ({@link Unverified}). A refusal of a transaction is {@link
 * Rejected}.
 */
public class LedgerClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LedgerClientException(String message) {
    super(message);
  }

  public LedgerClientException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A node answered, but its proof does not verify: the answer must not be used. */
  public static final class Unverified extends LedgerClientException {
    private static final long serialVersionUID = 1L;

    public Unverified(String message) {
      super(message);
    }
  }

  /** The ledger refused the request, with an HTTP status and a machine-readable code. */
  public static final class Rejected extends LedgerClientException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    public Rejected(int status, String code, String message) {
      super(code + ": " + message);
      this.status = status;
      this.code = code;
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }
  }
}
