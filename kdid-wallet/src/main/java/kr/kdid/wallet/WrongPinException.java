package kr.kdid.wallet;

/** The PIN does not open the wallet ({@link WalletError#WRONG_PIN}). */
public final class WrongPinException extends WalletException {
  private static final long serialVersionUID = 1L;

  public WrongPinException() {
    super(WalletError.WRONG_PIN, "wrong PIN");
  }
}
