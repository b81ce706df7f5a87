package kr.kdid.core.crypto;

import java.util.Arrays;
import kr.kdid.core.encoding.Base64Url;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** An Ed25519 public key, verified with BouncyCastle. */
public final class Ed25519Key implements VerificationKey {
  private final Ed25519PublicKeyParameters params;
  private final byte[] raw;

  private Ed25519Key(byte[] raw) {
    if (raw.length != Ed25519PublicKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException("Ed25519 key must be 32 bytes");
    }
    try {
      this.params = new Ed25519PublicKeyParameters(raw, 0);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a valid Ed25519 key", e);
    }
    this.raw = raw.clone();
  }

  /**
   * A key from its 32 bytes.
   *
   * @throws IllegalArgumentException if the length is wrong
   */
  public static Ed25519Key fromEncoded(byte[] raw) {
    return new Ed25519Key(raw);
  }

  static Ed25519Key fromJwk(Jwk jwk) {
    if (!"OKP".equals(jwk.kty()) || !"Ed25519".equals(jwk.crv())) {
      throw new IllegalArgumentException("not an Ed25519 JWK");
    }
    return new Ed25519Key(Base64Url.decode(jwk.x()));
  }

  Ed25519PublicKeyParameters params() {
    return params;
  }

  @Override
  public SignatureAlgorithm algorithm() {
    return SignatureAlgorithm.EDDSA;
  }

  @Override
  public boolean verify(byte[] message, byte[] signature) {
    if (signature == null || signature.length != 64) {
      return false;
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, params);
    verifier.update(message, 0, message.length);
    try {
      return verifier.verifySignature(signature);
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public byte[] encoded() {
    return raw.clone();
  }

  @Override
  public Jwk toJwk() {
    return new Jwk("OKP", "Ed25519", Base64Url.encode(raw), null, null, null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519Key k && Arrays.equals(raw, k.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "Ed25519Key[" + toMultibase() + "]";
  }
}
