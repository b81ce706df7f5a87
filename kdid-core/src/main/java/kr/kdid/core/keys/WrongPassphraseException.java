package kr.kdid.core.keys;

/** The passphrase or PIN does not open the vault. */
public final class WrongPassphraseException extends KeyVaultException {
  private static final long serialVersionUID = 1L;

  public WrongPassphraseException(String message) {
    super(message);
  }
}
