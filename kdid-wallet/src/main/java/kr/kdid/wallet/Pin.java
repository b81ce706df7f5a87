package kr.kdid.wallet;

/**
 * The rules for a new wallet PIN: 6 to 32 digits, not one digit repeated and not a run of
 * consecutive digits (123456, 987654). Opening a wallet accepts any input and reports a wrong PIN;
 * these rules apply when a PIN is chosen.
 *
 * <p>A PIN alone is weak against an attacker who copies the wallet file: Argon2id makes every guess
 * expensive, but six digits are a million guesses. Platforms with a hardware keystore should add a
 * device-bound key through their own {@link kr.kdid.wallet.storage.WalletStore}.
 */
public final class Pin {
  /** Fewest digits. */
  public static final int MIN_LENGTH = 6;

  /** Most digits. */
  public static final int MAX_LENGTH = 32;

  private Pin() {}

  /**
   * Checks a new PIN.
   *
   * @throws WalletException PIN_INVALID, with the rule it breaks
   */
  public static void checkNew(char[] pin) throws WalletException {
    if (pin == null || pin.length < MIN_LENGTH || pin.length > MAX_LENGTH) {
      throw new WalletException(
          WalletError.PIN_INVALID,
          "a PIN has " + MIN_LENGTH + " to " + MAX_LENGTH + " digits (PIN은 6자리 이상 숫자입니다)");
    }
    for (char c : pin) {
      if (c < '0' || c > '9') {
        throw new WalletException(
            WalletError.PIN_INVALID, "a PIN has digits only (PIN은 숫자만 쓸 수 있습니다)");
      }
    }
    boolean same = true;
    boolean up = true;
    boolean down = true;
    for (int i = 1; i < pin.length; i++) {
      int d = pin[i] - pin[i - 1];
      same &= d == 0;
      up &= d == 1;
      down &= d == -1;
    }
    if (same || up || down) {
      throw new WalletException(
          WalletError.PIN_INVALID,
          "choose a PIN that is not one digit repeated or a run like 123456 (추측하기 쉬운 PIN입니다)");
    }
  }
}
