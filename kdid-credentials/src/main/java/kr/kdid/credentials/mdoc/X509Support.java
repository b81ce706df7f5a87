package kr.kdid.credentials.mdoc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import kr.kdid.core.crypto.P256Key;
import kr.kdid.core.crypto.Signer;
import kr.kdid.credentials.mdoc.MdocException.Reason;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.util.BigIntegers;

/** Conversions between K-DID keys and signatures and their X.509 (DER) forms. */
final class X509Support {
  static final AlgorithmIdentifier ECDSA_SHA256 =
      new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);

  private X509Support() {}

  /** SubjectPublicKeyInfo of a P-256 key (id-ecPublicKey, secp256r1, uncompressed point). */
  static SubjectPublicKeyInfo spki(P256Key key) {
    return new SubjectPublicKeyInfo(
        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256r1),
        key.uncompressed());
  }

  /** The P-256 key of a SubjectPublicKeyInfo, or an exception if it is another kind of key. */
  static P256Key p256(SubjectPublicKeyInfo spki) throws MdocException {
    AlgorithmIdentifier alg = spki.getAlgorithm();
    if (!X9ObjectIdentifiers.id_ecPublicKey.equals(alg.getAlgorithm())
        || !(alg.getParameters() instanceof ASN1ObjectIdentifier curve)
        || !SECObjectIdentifiers.secp256r1.equals(curve)) {
      throw new MdocException(Reason.ISSUER_CERTIFICATE_INVALID, "certificate key is not P-256");
    }
    try {
      return P256Key.fromEncoded(spki.getPublicKeyData().getOctets());
    } catch (IllegalArgumentException e) {
      throw new MdocException(Reason.ISSUER_CERTIFICATE_INVALID, "certificate key is invalid", e);
    }
  }

  /** Parses a DER certificate's ASN.1 structure. */
  static Certificate parse(byte[] der, Reason onError) throws MdocException {
    try {
      ASN1Primitive p = ASN1Primitive.fromByteArray(der);
      Certificate c = Certificate.getInstance(p);
      if (c == null || !java.util.Arrays.equals(c.getEncoded(ASN1Encoding.DER), der)) {
        throw new MdocException(onError, "certificate is not DER");
      }
      return c;
    } catch (IOException | RuntimeException e) {
      throw new MdocException(onError, "certificate does not parse", e);
    }
  }

  /** The JDK form of a DER certificate. */
  static X509Certificate jdk(byte[] der) throws MdocException {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      throw new MdocException(Reason.ISSUER_CERTIFICATE_INVALID, "certificate does not parse", e);
    }
  }

  /** A DER ECDSA-Sig-Value as the 64-byte r||s form, or null if it is not one. */
  static byte[] rawSignature(byte[] der) {
    try {
      ASN1Sequence seq = ASN1Sequence.getInstance(der);
      if (seq.size() != 2) {
        return null;
      }
      BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue();
      BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue();
      if (r.bitLength() > 256 || s.bitLength() > 256) {
        return null;
      }
      byte[] out = new byte[64];
      BigIntegers.asUnsignedByteArray(r, out, 0, 32);
      BigIntegers.asUnsignedByteArray(s, out, 32, 32);
      return out;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** A BouncyCastle ContentSigner that signs through a K-DID {@link Signer} (ES256). */
  static ContentSigner contentSigner(Signer signer) {
    return new ContentSigner() {
      private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

      @Override
      public AlgorithmIdentifier getAlgorithmIdentifier() {
        return ECDSA_SHA256;
      }

      @Override
      public OutputStream getOutputStream() {
        return buf;
      }

      @Override
      public byte[] getSignature() {
        byte[] raw = signer.sign(buf.toByteArray());
        BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(raw, 0, 32));
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(raw, 32, 64));
        try {
          return new DERSequence(
                  new org.bouncycastle.asn1.ASN1Encodable[] {
                    new ASN1Integer(r), new ASN1Integer(s)
                  })
              .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }
}
