package kr.kdid.wallet.storage;

import kr.kdid.wallet.WalletException;

/**
 * Where the wallet's contents (holder key references, credentials, history: personal data) are
 * kept, sealed under the holder's PIN. A port: {@link EncryptedFileWalletStore} seals them in one
 * file with Argon2id and AES-GCM; a phone can supply a store that also binds them to a hardware
 * keystore.
 *
 * <p>The wallet hands the store opaque bytes (its serialized state) and expects them back intact:
 * implementations must detect any change to the stored bytes (authenticated encryption), report a
 * wrong PIN as {@link kr.kdid.wallet.WrongPinException}, and replace the contents atomically, so
 * that a crash during {@link Session#write} leaves either the old or the new contents.
 */
public interface WalletStore {

  /** True if a wallet exists here. */
  boolean exists();

  /**
   * Creates a wallet sealed under the PIN and opens it. The caller has checked the PIN's rules.
   *
   * @throws WalletException WALLET_EXISTS, WALLET_BUSY, STORAGE_FAILED
   */
  Session create(char[] pin, byte[] contents) throws WalletException;

  /**
   * Opens the wallet with the PIN.
   *
   * @throws kr.kdid.wallet.WrongPinException if the PIN does not open it
   * @throws WalletException WALLET_NOT_FOUND, WALLET_BUSY, WALLET_CORRUPT, STORAGE_FAILED
   */
  Session open(char[] pin) throws WalletException;

  /**
   * An open wallet: the contents and the right to replace them. Holds the unsealing key and, for
   * file stores, a lock against other processes until closed. Not thread-safe.
   */
  interface Session extends AutoCloseable {

    /** The current contents (a copy). */
    byte[] read();

    /**
     * Replaces the contents atomically and durably.
     *
     * @throws WalletException STORAGE_FAILED; the previous contents are then still in place
     */
    void write(byte[] contents) throws WalletException;

    /**
     * Re-seals the contents under a new PIN (the caller has checked its rules).
     *
     * @throws WalletException STORAGE_FAILED; the old PIN then still opens the wallet
     */
    void changePin(char[] newPin) throws WalletException;

    /** Forgets the key and releases the lock. Idempotent. */
    @Override
    void close();
  }
}
