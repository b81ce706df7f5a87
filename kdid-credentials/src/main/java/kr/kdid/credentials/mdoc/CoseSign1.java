package kr.kdid.credentials.mdoc;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import kr.kdid.core.crypto.P256Key;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.Signer;
import kr.kdid.credentials.mdoc.MdocException.Reason;

/**
 * A COSE_Sign1 (RFC 9052 §4.2) with ES256, as ISO/IEC 18013-5 uses it for issuerAuth,
 * deviceSignature and readerAuth. The protected header is kept as the bytes received, so a
 * verification never depends on re-encoding. Immutable apart from the arrays it hands out (copies).
 *
 * <p>Only the algorithm label (1) in the protected header and the x5chain label (33) in the
 * unprotected header are understood; other unprotected labels are ignored, and a protected header
 * with any label but 1 is rejected (it might be critical).
 */
public final class CoseSign1 {
  /** COSE algorithm ES256 (ECDSA w/ SHA-256). */
  public static final int ALG_ES256 = -7;

  /** COSE header label "alg". */
  static final int LABEL_ALG = 1;

  /** COSE header label "x5chain" (RFC 9360). */
  public static final int LABEL_X5CHAIN = 33;

  private static final byte[] EMPTY = new byte[0];

  private final byte[] protectedHeader;
  private final List<byte[]> x5chain;
  private final byte[] payload; // null if detached
  private final byte[] signature;

  private CoseSign1(byte[] protectedHeader, List<byte[]> x5chain, byte[] payload, byte[] sig) {
    this.protectedHeader = protectedHeader;
    this.x5chain = x5chain;
    this.payload = payload;
    this.signature = sig;
  }

  /**
   * Signs a payload with ES256.
   *
   * @param signer an ES256 signer (software key, HSM or a wallet's secure element)
   * @param payload the payload, not null
   * @param detached if true the payload is not carried (nil), and verifiers supply it
   * @param x5chain DER certificates for the unprotected x5chain header, leaf first; empty for none
   * @throws IllegalArgumentException if the signer is not ES256
   */
  public static CoseSign1 sign(
      Signer signer, byte[] payload, boolean detached, List<byte[]> x5chain) {
    if (signer.algorithm() != SignatureAlgorithm.ES256) {
      throw new IllegalArgumentException("COSE_Sign1 here is ES256 only");
    }
    Objects.requireNonNull(payload, "payload");
    CBORObject prot = CBORObject.NewOrderedMap();
    prot.Add(LABEL_ALG, ALG_ES256);
    byte[] protectedHeader = prot.EncodeToBytes();
    byte[] sig = signer.sign(sigStructure(protectedHeader, payload));
    List<byte[]> chain = new ArrayList<>();
    for (byte[] c : x5chain) {
      chain.add(c.clone());
    }
    return new CoseSign1(
        protectedHeader, List.copyOf(chain), detached ? null : payload.clone(), sig);
  }

  /** The ToBeSigned bytes: {@code ["Signature1", protected, h'', payload]}, encoded. */
  static byte[] sigStructure(byte[] protectedHeader, byte[] payload) {
    CBORObject s = CBORObject.NewArray();
    s.Add(CBORObject.FromObject("Signature1"));
    s.Add(CBORObject.FromObject(protectedHeader));
    s.Add(CBORObject.FromObject(EMPTY));
    s.Add(CBORObject.FromObject(payload));
    return s.EncodeToBytes();
  }

  /**
   * Reads a COSE_Sign1 array (untagged, or with tag 18).
   *
   * @throws MdocException MALFORMED for a wrong shape; UNSUPPORTED_ALGORITHM if alg is not ES256
   */
  public static CoseSign1 fromCbor(CBORObject o) throws MdocException {
    if (o != null && o.HasOneTag(18)) {
      o = o.UntagOne();
    }
    Cbor.array(o, 4, "COSE_Sign1");
    byte[] prot = Cbor.bytes(o.get(0), "COSE_Sign1 protected header");
    checkProtected(prot, ALG_ES256, "COSE_Sign1");
    CBORObject unprot = Cbor.map(o.get(1), "COSE_Sign1 unprotected header");
    List<byte[]> chain = List.of();
    CBORObject x5 = Cbor.opt(unprot, LABEL_X5CHAIN);
    if (x5 != null) {
      if (!x5.isTagged() && x5.getType() == CBORType.ByteString) {
        chain = List.of(x5.GetByteString());
      } else {
        Cbor.array(x5, "x5chain");
        if (x5.size() == 0) {
          throw Cbor.malformed("x5chain must not be empty");
        }
        chain = List.copyOf(Cbor.byteStrings(x5, "x5chain"));
      }
    }
    CBORObject p = o.get(2);
    byte[] payload = p.isNull() && !p.isTagged() ? null : Cbor.bytes(p, "COSE_Sign1 payload");
    byte[] sig = Cbor.bytes(o.get(3), "COSE_Sign1 signature");
    return new CoseSign1(prot, chain, payload, sig);
  }

  /** Decodes and reads a COSE_Sign1. */
  public static CoseSign1 decode(byte[] encoded) throws MdocException {
    return Cbor.guard("COSE_Sign1", () -> fromCbor(Cbor.decode(encoded, "COSE_Sign1")));
  }

  /** Checks a protected header: a map whose only label is alg, with the expected value. */
  static void checkProtected(byte[] prot, int expectedAlg, String what) throws MdocException {
    CBORObject h = Cbor.map(Cbor.decode(prot, what + " protected header"), what + " protected");
    for (CBORObject k : h.getKeys()) {
      if (!(k.getType() == CBORType.Integer && !k.isTagged() && k.AsInt64Value() == LABEL_ALG)) {
        throw new MdocException(
            Reason.UNSUPPORTED_ALGORITHM, what + " protected header has an unknown label");
      }
    }
    CBORObject alg = Cbor.opt(h, LABEL_ALG);
    if (alg == null) {
      throw new MdocException(Reason.UNSUPPORTED_ALGORITHM, what + " has no alg");
    }
    if (Cbor.integer(alg, what + " alg") != expectedAlg) {
      throw new MdocException(
          Reason.UNSUPPORTED_ALGORITHM, what + " alg " + alg + " is not " + expectedAlg);
    }
  }

  /**
   * Verifies the signature with a key.
   *
   * @param key the signer's public key
   * @param detachedPayload the payload if it is detached; must be null if the payload is attached
   * @return true if it verifies; false for a wrong signature, a missing payload or a payload given
   *     twice
   */
  public boolean verify(P256Key key, byte[] detachedPayload) {
    byte[] p;
    if (payload != null) {
      if (detachedPayload != null) {
        return false;
      }
      p = payload;
    } else {
      if (detachedPayload == null) {
        return false;
      }
      p = detachedPayload;
    }
    return key.verify(sigStructure(protectedHeader, p), signature);
  }

  /** The COSE_Sign1 array (untagged, as ISO/IEC 18013-5 embeds it). */
  public CBORObject toCbor() {
    CBORObject o = CBORObject.NewArray();
    o.Add(CBORObject.FromObject(protectedHeader));
    CBORObject unprot = CBORObject.NewOrderedMap();
    if (x5chain.size() == 1) {
      unprot.Add(LABEL_X5CHAIN, CBORObject.FromObject(x5chain.get(0)));
    } else if (!x5chain.isEmpty()) {
      CBORObject arr = CBORObject.NewArray();
      for (byte[] c : x5chain) {
        arr.Add(CBORObject.FromObject(c));
      }
      unprot.Add(LABEL_X5CHAIN, arr);
    }
    o.Add(unprot);
    o.Add(payload == null ? CBORObject.Null : CBORObject.FromObject(payload));
    o.Add(CBORObject.FromObject(signature));
    return o;
  }

  /** The encoded COSE_Sign1 array. */
  public byte[] encode() {
    return toCbor().EncodeToBytes();
  }

  /** The attached payload, or empty if detached. */
  public Optional<byte[]> payload() {
    return payload == null ? Optional.empty() : Optional.of(payload.clone());
  }

  /** The x5chain certificates (DER), leaf first; empty if the header is absent. */
  public List<byte[]> x5chain() {
    List<byte[]> out = new ArrayList<>(x5chain.size());
    for (byte[] c : x5chain) {
      out.add(c.clone());
    }
    return out;
  }

  /** The 64-byte r||s signature. */
  public byte[] signature() {
    return signature.clone();
  }

  /** The protected header bytes, as received. */
  public byte[] protectedHeader() {
    return protectedHeader.clone();
  }

  /** A copy with another signature (for tests of tampering and for re-assembly). */
  CoseSign1 withSignature(byte[] sig) {
    return new CoseSign1(protectedHeader, x5chain, payload, sig.clone());
  }

  byte[] payloadUnsafe() {
    return payload;
  }

  List<byte[]> x5chainUnsafe() {
    return x5chain;
  }
}
