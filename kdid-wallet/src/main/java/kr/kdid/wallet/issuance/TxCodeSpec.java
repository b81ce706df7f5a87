package kr.kdid.wallet.issuance;

import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;

/**
 * What the offer says about the transaction code (OpenID4VCI §4.1.1): its presence, even empty,
 * means a code is required.
 *
 * @param numeric true for {@code input_mode} "numeric" (the default), false for "text"
 * @param length the announced length, or null
 * @param description the issuer's hint (at most 300 characters), or null
 */
public record TxCodeSpec(boolean numeric, Integer length, String description) {
  public TxCodeSpec {
    if (length != null && (length < 1 || length > 64)) {
      throw new IllegalArgumentException("tx_code length must be 1 to 64");
    }
    if (description != null && description.length() > 300) {
      throw new IllegalArgumentException("tx_code description longer than 300 characters");
    }
  }

  /**
   * Checks a code the holder typed against the announced form.
   *
   * @throws WalletException TX_CODE_REQUIRED if empty, TX_CODE_INVALID if not of the form
   */
  public void check(String code) throws WalletException {
    if (code == null || code.isEmpty()) {
      throw new WalletException(
          WalletError.TX_CODE_REQUIRED, "this offer needs the transaction code sent to you");
    }
    if (code.length() > 64) {
      throw new WalletException(WalletError.TX_CODE_INVALID, "the transaction code is too long");
    }
    if (numeric && !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new WalletException(
          WalletError.TX_CODE_INVALID, "the transaction code has digits only");
    }
    if (length != null && code.length() != length) {
      throw new WalletException(
          WalletError.TX_CODE_INVALID, "the transaction code has " + length + " characters");
    }
  }
}
