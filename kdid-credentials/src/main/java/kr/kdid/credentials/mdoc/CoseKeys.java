package kr.kdid.credentials.mdoc;

import com.upokecenter.cbor.CBORObject;
import kr.kdid.core.crypto.P256Key;
import kr.kdid.credentials.mdoc.MdocException.Reason;

/** COSE_Key (RFC 9052 §7, RFC 9053 §7.1.1) for EC2 P-256 public keys. */
public final class CoseKeys {
  private static final int KTY = 1;
  private static final int KTY_EC2 = 2;
  private static final int CRV = -1;
  private static final int CRV_P256 = 1;
  private static final int X = -2;
  private static final int Y = -3;

  private CoseKeys() {}

  /** The COSE_Key {@code {1: 2, -1: 1, -2: x, -3: y}} of a P-256 public key. */
  public static CBORObject toCbor(P256Key key) {
    byte[] u = key.uncompressed();
    byte[] x = new byte[32];
    byte[] y = new byte[32];
    System.arraycopy(u, 1, x, 0, 32);
    System.arraycopy(u, 33, y, 0, 32);
    CBORObject o = CBORObject.NewOrderedMap();
    o.Add(KTY, KTY_EC2);
    o.Add(CRV, CRV_P256);
    o.Add(X, CBORObject.FromObject(x));
    o.Add(Y, CBORObject.FromObject(y));
    return o;
  }

  /**
   * The P-256 key of a COSE_Key. Members other than kty, crv, x and y (kid, alg ...) are ignored.
   *
   * @throws MdocException UNSUPPORTED_ALGORITHM if it is not an EC2 P-256 key; MALFORMED if it is
   *     not a map, a coordinate is not 32 bytes, or the point is not on the curve
   */
  public static P256Key fromCbor(CBORObject o) throws MdocException {
    Cbor.map(o, "COSE_Key");
    CBORObject kty = Cbor.opt(o, KTY);
    CBORObject crv = Cbor.opt(o, CRV);
    if (kty == null || crv == null) {
      throw Cbor.malformed("COSE_Key lacks kty or crv");
    }
    if (Cbor.integer(kty, "kty") != KTY_EC2 || Cbor.integer(crv, "crv") != CRV_P256) {
      throw new MdocException(Reason.UNSUPPORTED_ALGORITHM, "COSE_Key is not EC2 P-256");
    }
    CBORObject xo = Cbor.opt(o, X);
    CBORObject yo = Cbor.opt(o, Y);
    if (xo == null || yo == null) {
      throw Cbor.malformed("COSE_Key lacks x or y");
    }
    byte[] x = Cbor.bytes(xo, "COSE_Key x");
    byte[] y = Cbor.bytes(yo, "COSE_Key y");
    if (x.length != 32 || y.length != 32) {
      throw Cbor.malformed("COSE_Key coordinates must be 32 bytes");
    }
    byte[] u = new byte[65];
    u[0] = 4;
    System.arraycopy(x, 0, u, 1, 32);
    System.arraycopy(y, 0, u, 33, 32);
    try {
      return P256Key.fromEncoded(u);
    } catch (IllegalArgumentException e) {
      throw new MdocException(Reason.MALFORMED, "COSE_Key is not a point on P-256", e);
    }
  }
}
