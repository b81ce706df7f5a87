package kr.kdid.credentials.mdoc;

import com.upokecenter.cbor.CBORObject;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A COSE_Mac0 (RFC 9052 §6.2) with HMAC 256/256 (alg 5), as ISO/IEC 18013-5 uses it for deviceMac.
 * The payload is always detached (nil). Immutable.
 */
public final class CoseMac0 {
  /** COSE algorithm HMAC 256/256. */
  public static final int ALG_HMAC256 = 5;

  private static final byte[] EMPTY = new byte[0];

  private final byte[] protectedHeader;
  private final byte[] tag;

  private CoseMac0(byte[] protectedHeader, byte[] tag) {
    this.protectedHeader = protectedHeader;
    this.tag = tag;
  }

  /** MACs a detached payload with HMAC-SHA256 under a 32-byte key. */
  public static CoseMac0 create(byte[] key, byte[] detachedPayload) {
    CBORObject prot = CBORObject.NewOrderedMap();
    prot.Add(CoseSign1.LABEL_ALG, ALG_HMAC256);
    byte[] p = prot.EncodeToBytes();
    return new CoseMac0(p, hmac(key, macStructure(p, detachedPayload)));
  }

  /** Reads a COSE_Mac0 array (untagged or with tag 17). */
  public static CoseMac0 fromCbor(CBORObject o) throws MdocException {
    if (o != null && o.HasOneTag(17)) {
      o = o.UntagOne();
    }
    Cbor.array(o, 4, "COSE_Mac0");
    byte[] prot = Cbor.bytes(o.get(0), "COSE_Mac0 protected header");
    CoseSign1.checkProtected(prot, ALG_HMAC256, "COSE_Mac0");
    Cbor.map(o.get(1), "COSE_Mac0 unprotected header");
    if (!o.get(2).isNull()) {
      throw Cbor.malformed("deviceMac payload must be nil (detached)");
    }
    byte[] tag = Cbor.bytes(o.get(3), "COSE_Mac0 tag");
    return new CoseMac0(prot, tag);
  }

  static byte[] macStructure(byte[] protectedHeader, byte[] payload) {
    CBORObject s = CBORObject.NewArray();
    s.Add(CBORObject.FromObject("MAC0"));
    s.Add(CBORObject.FromObject(protectedHeader));
    s.Add(CBORObject.FromObject(EMPTY));
    s.Add(CBORObject.FromObject(payload));
    return s.EncodeToBytes();
  }

  static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }

  /** Checks the tag in constant time. */
  public boolean verify(byte[] key, byte[] detachedPayload) {
    return MessageDigest.isEqual(tag, hmac(key, macStructure(protectedHeader, detachedPayload)));
  }

  /** The COSE_Mac0 array. */
  public CBORObject toCbor() {
    CBORObject o = CBORObject.NewArray();
    o.Add(CBORObject.FromObject(protectedHeader));
    o.Add(CBORObject.NewMap());
    o.Add(CBORObject.Null);
    o.Add(CBORObject.FromObject(tag));
    return o;
  }
}
