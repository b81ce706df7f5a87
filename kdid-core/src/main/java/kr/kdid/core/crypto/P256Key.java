package kr.kdid.core.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Arrays;
import kr.kdid.core.encoding.Base64Url;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A P-256 public key, verified in native code where {@link NativeP256} is active (nodes and
 * services), and with BouncyCastle's lightweight ECDSA elsewhere (the wallet SDK) or if the native
 * provider fails on an input.
 *
 * <p>Native: the provider's key object is made on the first verification and kept.
 *
 * <p>BouncyCastle's memory: on a verification it attaches precomputed multiples of the public point
 * to the point object (about 3.5 KB; after a few more uses it switches to a larger fixed-point
 * table that makes every later verification about 2.5 times faster). That pays off for a key that
 * signs again and again (an issuer, a node, the governance authority) but not for the one-off key
 * of a newly created DID, and a ledger node keeps tens of thousands of such keys in its caches. So
 * the first verification runs on a throw-away copy of the point, and only a key verified a second
 * time keeps its tables.
 */
public final class P256Key implements VerificationKey {
  private final ECPublicKeyParameters params;
  private final byte[] compressed;

  /** Verifications so far, counted up to 2 (racy updates only cost a table). */
  private volatile int uses;

  /** The public JWK, computed once (DIDs are derived from it, documents list it). */
  private volatile Jwk jwk;

  /** The native provider's key, made on first use when {@link NativeP256} is active. */
  private volatile PublicKey nativeKey;

  P256Key(ECPoint point) {
    ECPoint q = point.normalize();
    if (q.isInfinity() || !q.isValid()) {
      throw new IllegalArgumentException("not a valid P-256 point");
    }
    this.params = new ECPublicKeyParameters(q, P256.DOMAIN);
    this.compressed = q.getEncoded(true);
  }

  /**
   * A key from its SEC1 encoding, compressed (33 bytes) or uncompressed (65 bytes).
   *
   * @throws IllegalArgumentException if the bytes are not a point on P-256
   */
  public static P256Key fromEncoded(byte[] sec1) {
    if (sec1.length != 33 && sec1.length != 65) {
      throw new IllegalArgumentException("P-256 key must be 33 or 65 bytes");
    }
    try {
      return new P256Key(P256.CURVE.getCurve().decodePoint(sec1));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a valid P-256 point", e);
    }
  }

  static P256Key fromJwk(Jwk jwk) {
    if (!"EC".equals(jwk.kty()) || !"P-256".equals(jwk.crv())) {
      throw new IllegalArgumentException("not a P-256 JWK");
    }
    byte[] x = Base64Url.decode(jwk.x());
    byte[] y = Base64Url.decode(jwk.y());
    if (x.length != 32 || y.length != 32) {
      throw new IllegalArgumentException("P-256 JWK coordinates must be 32 bytes");
    }
    try {
      ECPoint p = P256.CURVE.getCurve().validatePoint(new BigInteger(1, x), new BigInteger(1, y));
      P256Key key = new P256Key(p);
      if (Base64Url.encode(x).equals(jwk.x()) && Base64Url.encode(y).equals(jwk.y())) {
        key.jwk = new Jwk("EC", "P-256", jwk.x(), jwk.y(), null, null);
      }
      return key;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("P-256 JWK is not a point on the curve", e);
    }
  }

  ECPublicKeyParameters params() {
    return params;
  }

  @Override
  public SignatureAlgorithm algorithm() {
    return SignatureAlgorithm.ES256;
  }

  @Override
  public boolean verify(byte[] message, byte[] signature) {
    return verifyDigest(Sha256.hash(message), signature);
  }

  /**
   * The same check as {@link #verify}, always in BouncyCastle: the portable path, which benchmarks
   * use as their baseline and tests compare the native path with.
   */
  public boolean verifyWithBouncyCastle(byte[] message, byte[] signature) {
    return bcVerify(Sha256.hash(message), signature);
  }

  /** Verifies an r||s signature over a SHA-256 digest computed by the caller. */
  public boolean verifyDigest(byte[] digest, byte[] signature) {
    if (signature == null || signature.length != 64) {
      return false;
    }
    if (NativeP256.active()) {
      try {
        return NativeP256.verifyDigest(nativeKey(), digest, signature);
      } catch (GeneralSecurityException | RuntimeException e) {
        // The provider failed rather than answered: BouncyCastle decides.
      }
    }
    return bcVerify(digest, signature);
  }

  /** The same check in BouncyCastle, whatever {@link NativeP256} says (tests compare the two). */
  boolean bcVerify(byte[] digest, byte[] signature) {
    if (signature == null || signature.length != 64) {
      return false;
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, verificationParams());
    try {
      return verifier.verifySignature(digest, r, s);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private PublicKey nativeKey() throws GeneralSecurityException {
    PublicKey k = nativeKey;
    if (k == null) {
      ECPoint q = params.getQ();
      k =
          NativeP256.publicKey(
              q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
      nativeKey = k;
    }
    return k;
  }

  /**
   * The parameters to verify with: on the first use a copy of the point, which takes BouncyCastle's
   * precomputed tables with it when it is dropped; from then on the retained point.
   */
  private ECPublicKeyParameters verificationParams() {
    if (uses > 1) {
      return params;
    }
    uses++;
    if (uses > 1) {
      return params;
    }
    ECPoint q = params.getQ();
    ECPoint copy =
        q.getCurve()
            .createPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
    return new ECPublicKeyParameters(copy, P256.DOMAIN);
  }

  @Override
  public byte[] encoded() {
    return compressed.clone();
  }

  /** The 65-byte uncompressed SEC1 point. */
  public byte[] uncompressed() {
    return params.getQ().getEncoded(false);
  }

  @Override
  public Jwk toJwk() {
    Jwk j = jwk;
    if (j == null) {
      j = computeJwk();
      jwk = j;
    }
    return j;
  }

  private Jwk computeJwk() {
    ECPoint q = params.getQ();
    return new Jwk(
        "EC",
        "P-256",
        Base64Url.encode(P256.fixed32(q.getAffineXCoord().toBigInteger())),
        Base64Url.encode(P256.fixed32(q.getAffineYCoord().toBigInteger())),
        null,
        null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof P256Key k && Arrays.equals(compressed, k.compressed);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(compressed);
  }

  @Override
  public String toString() {
    return "P256Key[" + toMultibase() + "]";
  }
}
