package kr.kdid.wallet.storage;

import java.util.Objects;
import kr.kdid.core.crypto.Signer;
import kr.kdid.wallet.WalletException;

/**
 * Custody of the holder's device keys, the ES256 keys credentials are bound to ({@code cnf.jwk}). A
 * port: {@link SoftwareHolderKeys} keeps them in software, sealed inside the wallet; a phone can
 * keep them in its secure hardware.
 *
 * <p>Each key is known to the wallet by a <em>reference</em>, a string the custodian returns at
 * generation and accepts later. The wallet stores references in its sealed contents. For software
 * keys the reference is the private key itself; for hardware keys an alias. Implementations are
 * thread-safe.
 */
public interface HolderKeys {

  /**
   * A new key.
   *
   * @param reference how to find the key again; secret for software keys, never logged
   * @param signer the key's signer
   */
  record NewKey(String reference, Signer signer) {
    public NewKey {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(signer, "signer");
    }

    @Override
    public String toString() {
      return "NewKey[" + signer.publicKey() + "]";
    }
  }

  /**
   * Creates a fresh ES256 key.
   *
   * @throws WalletException KEY_FAILED
   */
  NewKey generate() throws WalletException;

  /**
   * The signer for a reference returned by {@link #generate()}.
   *
   * @throws WalletException KEY_FAILED if the reference is unknown or the key unusable
   */
  Signer signer(String reference) throws WalletException;

  /** Destroys a key that is no longer needed (its credential was deleted). Idempotent. */
  void destroy(String reference);
}
