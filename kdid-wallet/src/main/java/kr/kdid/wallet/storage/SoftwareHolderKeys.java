package kr.kdid.wallet.storage;

import java.security.SecureRandom;
import java.util.Objects;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.Jcs;
import kr.kdid.core.json.Json;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;

/**
 * Holder keys in software: the reference is {@value #PREFIX} followed by the base64url of the
 * private JWK, so the key lives (encrypted) in the wallet's sealed contents and nowhere else.
 * Destroying is a no-op: the key is gone once the wallet forgets its reference. Thread-safe.
 */
public final class SoftwareHolderKeys implements HolderKeys {
  static final String PREFIX = "software:";

  private final SecureRandom random;

  public SoftwareHolderKeys(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  public SoftwareHolderKeys() {
    this(Randomness.secure());
  }

  @Override
  public NewKey generate() {
    SoftwareKey key = SoftwareKey.generate(SignatureAlgorithm.ES256, random);
    String ref = PREFIX + Base64Url.encode(Jcs.canonicalize(key.toPrivateJwk().toJson()));
    return new NewKey(ref, key);
  }

  @Override
  public Signer signer(String reference) throws WalletException {
    if (reference == null || !reference.startsWith(PREFIX)) {
      throw new WalletException(WalletError.KEY_FAILED, "not a software key reference");
    }
    try {
      return SoftwareKey.fromJwk(
          Jwk.fromJson(Json.parse(Base64Url.decode(reference.substring(PREFIX.length())))));
    } catch (IllegalArgumentException e) {
      throw new WalletException(WalletError.KEY_FAILED, "a stored holder key is unusable", e);
    }
  }

  @Override
  public void destroy(String reference) {
    // The reference is the key; the wallet drops it from its sealed contents.
  }
}
