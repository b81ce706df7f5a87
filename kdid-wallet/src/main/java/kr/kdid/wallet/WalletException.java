package kr.kdid.wallet;

import java.util.Objects;

/**
 * A wallet operation failed. {@link #code()} says why, machine-readably; the message is a plain
 * sentence for the holder and never contains personal data, keys or secrets (PINs, codes, tokens).
 * When another party refused, {@link #remoteCode()} carries its code (the {@code kdid_error} of
 * K-DID services, else the OAuth {@code error}).
 */
public class WalletException extends Exception {
  private static final long serialVersionUID = 1L;

  private final WalletError code;
  private final String remoteCode;

  public WalletException(WalletError code, String message) {
    this(code, message, null, null);
  }

  public WalletException(WalletError code, String message, Throwable cause) {
    this(code, message, null, cause);
  }

  /**
   * @param code why, not null
   * @param message for the holder
   * @param remoteCode the issuer's or verifier's code, or null
   * @param cause the underlying exception, or null
   */
  public WalletException(WalletError code, String message, String remoteCode, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
    this.remoteCode = remoteCode;
  }

  /** Why the operation failed; never null. */
  public WalletError code() {
    return code;
  }

  /** The other party's error code, or null if the failure was not theirs. */
  public String remoteCode() {
    return remoteCode;
  }

  @Override
  public String toString() {
    return "WalletException["
        + code
        + (remoteCode != null ? "/" + remoteCode : "")
        + "]: "
        + getMessage();
  }
}
