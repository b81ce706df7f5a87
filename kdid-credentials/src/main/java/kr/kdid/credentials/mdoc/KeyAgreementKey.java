package kr.kdid.credentials.mdoc;

import java.math.BigInteger;
import kr.kdid.core.crypto.P256Key;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.encoding.Base64Url;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.util.BigIntegers;

/**
 * A P-256 private key that does ECDH (the mdoc reader's ephemeral key EReaderKey, for deviceMac).
 * Implementations may keep the key in a secure element. Thread-safe.
 */
@FunctionalInterface
public interface KeyAgreementKey {

  /** The ECDH shared secret Z with a peer's public key: the 32-byte x coordinate. */
  byte[] agree(P256Key peer);

  /**
   * A software ECDH key from a P-256 {@link SoftwareKey}.
   *
   * @throws IllegalArgumentException if the key is not P-256
   */
  static KeyAgreementKey of(SoftwareKey key) {
    if (key.algorithm() != SignatureAlgorithm.ES256) {
      throw new IllegalArgumentException("ECDH needs a P-256 key");
    }
    BigInteger d = new BigInteger(1, Base64Url.decode(key.toPrivateJwk().d()));
    return peer -> Ecdh.agree(d, peer);
  }

  /** ECDH on P-256 with BouncyCastle. */
  final class Ecdh {
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
    private static final ECDomainParameters DOMAIN =
        new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, CURVE);

    private Ecdh() {}

    static byte[] agree(BigInteger d, P256Key peer) {
      ECDHBasicAgreement a = new ECDHBasicAgreement();
      a.init(new ECPrivateKeyParameters(d, DOMAIN));
      ECPublicKeyParameters q =
          new ECPublicKeyParameters(CURVE.getCurve().decodePoint(peer.uncompressed()), DOMAIN);
      return BigIntegers.asUnsignedByteArray(32, a.calculateAgreement(q));
    }
  }
}
