package kr.kdid.core.keys;

import java.util.List;
import java.util.Optional;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.crypto.VerificationKey;

/**
 * Named signing keys kept by some custodian: encrypted files ({@link SoftwareKeyVault}) now, an HSM
 * through PKCS#11 or a phone's secure element later. Callers get {@link Signer}s and never see key
 * material. Implementations are thread-safe.
 */
public interface KeyVault {

  /**
   * Creates a new key.
   *
   * @throws KeyVaultException if the alias is taken or invalid, or the key cannot be stored
   */
  Signer generate(String alias, SignatureAlgorithm algorithm);

  /** The signer for an alias, if the vault holds it. */
  Optional<Signer> signer(String alias);

  /** The public key for an alias, if the vault holds it. */
  Optional<VerificationKey> publicKey(String alias);

  /** The aliases held, sorted. */
  List<String> aliases();

  /** Removes a key for good. Returns false if there was none. */
  boolean delete(String alias);
}
