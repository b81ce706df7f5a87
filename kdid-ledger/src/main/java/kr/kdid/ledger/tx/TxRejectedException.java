package kr.kdid.ledger.tx;

/** A transaction breaks a rule. Carries the machine-readable code and a readable reason. */
public final class TxRejectedException extends Exception {
  private static final long serialVersionUID = 1L;
  private final RejectCode code;

  public TxRejectedException(RejectCode code, String reason) {
    super(reason, null, false, false);
    this.code = code;
  }

  public RejectCode code() {
    return code;
  }

  public String reason() {
    return getMessage();
  }
}
