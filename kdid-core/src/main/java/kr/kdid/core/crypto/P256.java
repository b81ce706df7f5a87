package kr.kdid.core.crypto;

import java.math.BigInteger;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;

/** P-256 domain parameters, using BouncyCastle's optimised custom curve. */
final class P256 {
  static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");

  /** Named, so that encodings (SubjectPublicKeyInfo, PKCS#8) carry the curve's OID. */
  static final ECDomainParameters DOMAIN =
      new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, CURVE);

  private P256() {}

  /** A non-negative integer as exactly 32 big-endian bytes. */
  static byte[] fixed32(BigInteger v) {
    byte[] raw = v.toByteArray();
    if (raw.length == 32) {
      return raw;
    }
    byte[] out = new byte[32];
    if (raw.length > 32) {
      // Leading sign byte.
      System.arraycopy(raw, raw.length - 32, out, 0, 32);
    } else {
      System.arraycopy(raw, 0, out, 32 - raw.length, raw.length);
    }
    return out;
  }
}
