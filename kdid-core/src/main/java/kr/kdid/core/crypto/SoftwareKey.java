package kr.kdid.core.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import kr.kdid.core.encoding.Base64Url;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * A private key held in memory. ES256 signatures are deterministic (RFC 6979), so signing needs no
 * randomness and a weak RNG cannot leak the key. Keep instances out of logs: {@link #toString()}
 * never prints key material.
 */
public final class SoftwareKey implements Signer {
  private final SignatureAlgorithm algorithm;
  private final byte[] secret; // 32-byte scalar (P-256) or seed (Ed25519)
  private final VerificationKey publicKey;
  private final ECPrivateKeyParameters ecPrivate;
  private final Ed25519PrivateKeyParameters edPrivate;

  private SoftwareKey(SignatureAlgorithm algorithm, byte[] secret) {
    this.algorithm = algorithm;
    this.secret = secret.clone();
    switch (algorithm) {
      case ES256 -> {
        BigInteger d = new BigInteger(1, secret);
        if (d.signum() == 0 || d.compareTo(P256.DOMAIN.getN()) >= 0) {
          throw new IllegalArgumentException("P-256 private key out of range");
        }
        this.ecPrivate = new ECPrivateKeyParameters(d, P256.DOMAIN);
        this.edPrivate = null;
        ECPoint q = new FixedPointCombMultiplier().multiply(P256.DOMAIN.getG(), d);
        this.publicKey = new P256Key(q);
      }
      case EDDSA -> {
        if (secret.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
          throw new IllegalArgumentException("Ed25519 private key must be 32 bytes");
        }
        this.ecPrivate = null;
        this.edPrivate = new Ed25519PrivateKeyParameters(secret, 0);
        this.publicKey = Ed25519Key.fromEncoded(edPrivate.generatePublicKey().getEncoded());
      }
      default -> throw new IllegalArgumentException("unsupported algorithm " + algorithm);
    }
  }

  /** A new random key. */
  public static SoftwareKey generate(SignatureAlgorithm algorithm, SecureRandom random) {
    return switch (algorithm) {
      case ES256 -> {
        BigInteger n = P256.DOMAIN.getN();
        BigInteger d;
        do {
          d = new BigInteger(256, random);
        } while (d.signum() == 0 || d.compareTo(n) >= 0);
        yield new SoftwareKey(algorithm, P256.fixed32(d));
      }
      case EDDSA -> new SoftwareKey(algorithm, Randomness.bytes(random, 32));
    };
  }

  /** A new random key from the system CSPRNG. */
  public static SoftwareKey generate(SignatureAlgorithm algorithm) {
    return generate(algorithm, Randomness.secure());
  }

  /**
   * A key from a private JWK (with {@code d}). The JWK's public members must match {@code d}.
   *
   * @throws IllegalArgumentException if the JWK is public, malformed or inconsistent
   */
  public static SoftwareKey fromJwk(Jwk jwk) {
    if (!jwk.isPrivate()) {
      throw new IllegalArgumentException("JWK has no private part (d)");
    }
    SignatureAlgorithm alg =
        switch (jwk.kty()) {
          case "EC" -> SignatureAlgorithm.ES256;
          case "OKP" -> SignatureAlgorithm.EDDSA;
          default -> throw new IllegalArgumentException("unsupported kty " + jwk.kty());
        };
    byte[] d = Base64Url.decode(jwk.d());
    if (d.length != 32) {
      throw new IllegalArgumentException("private key must be 32 bytes");
    }
    SoftwareKey key = new SoftwareKey(alg, d);
    if (!key.publicKey.equals(VerificationKey.fromJwk(jwk.toPublic()))) {
      throw new IllegalArgumentException("JWK public members do not match its private key");
    }
    return key;
  }

  @Override
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public VerificationKey publicKey() {
    return publicKey;
  }

  @Override
  public byte[] sign(byte[] message) {
    return switch (algorithm) {
      case ES256 -> signDigest(Sha256.hash(message));
      case EDDSA -> {
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, edPrivate);
        s.update(message, 0, message.length);
        yield s.generateSignature();
      }
    };
  }

  /** ES256 only: signs a SHA-256 digest the caller computed. */
  public byte[] signDigest(byte[] digest) {
    if (algorithm != SignatureAlgorithm.ES256) {
      throw new IllegalStateException("signDigest is for ES256 keys");
    }
    ECDSASigner s = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    s.init(true, ecPrivate);
    BigInteger[] rs = s.generateSignature(digest);
    byte[] out = new byte[64];
    System.arraycopy(P256.fixed32(rs[0]), 0, out, 0, 32);
    System.arraycopy(P256.fixed32(rs[1]), 0, out, 32, 32);
    return out;
  }

  org.bouncycastle.crypto.params.AsymmetricKeyParameter privateParams() {
    return ecPrivate != null ? ecPrivate : edPrivate;
  }

  /** The private JWK, including {@code d}. Handle with care. */
  public Jwk toPrivateJwk() {
    Jwk pub = publicKey.toJwk();
    return new Jwk(pub.kty(), pub.crv(), pub.x(), pub.y(), Base64Url.encode(secret), null);
  }

  @Override
  public String toString() {
    return "SoftwareKey[" + algorithm + ", " + publicKey.toMultibase() + "]";
  }
}
