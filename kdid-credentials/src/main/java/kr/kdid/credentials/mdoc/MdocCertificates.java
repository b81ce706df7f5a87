package kr.kdid.credentials.mdoc;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import kr.kdid.core.crypto.P256Key;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.Signer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;

/**
 * Creates the certificates of the ISO/IEC 18013-5 Annex B profile, as far as K-DID needs them: an
 * IACA root (self-signed CA, keyCertSign + cRLSign, path length 0) and document signer (DS)
 * certificates it issues (digitalSignature, extended key usage 1.0.18013.5.1.2). P-256 with
 * ecdsa-with-SHA256 only. Keys are used through {@link Signer}, so an HSM-held IACA key works.
 *
 * <p>Serial numbers are 16 random bytes (positive, at least 63 bits of entropy as Annex B asks).
 * Both certificates carry an issuerAlternativeName URI, subject and authority key identifiers; CRL
 * distribution points are not written (revocation of DS certificates is out of scope here).
 */
public final class MdocCertificates {
  private MdocCertificates() {}

  /**
   * A self-signed IACA root certificate.
   *
   * @param iacaKey the IACA's ES256 key
   * @param commonName subject CN (e.g. "K-DID IACA 01")
   * @param country ISO 3166-1 alpha-2 country code, upper case (e.g. "KR")
   * @param issuerUri issuerAlternativeName URI (where the IACA publishes its information)
   * @param notBefore start of validity
   * @param notAfter end of validity
   * @param random the source of the serial number
   */
  public static X509Certificate createIaca(
      Signer iacaKey,
      String commonName,
      String country,
      String issuerUri,
      Instant notBefore,
      Instant notAfter,
      SecureRandom random) {
    requireEs256(iacaKey);
    X500Name subject = name(commonName, country);
    SubjectPublicKeyInfo spki = X509Support.spki((P256Key) iacaKey.publicKey());
    try {
      BcX509ExtensionUtils ext = new BcX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new X509v3CertificateBuilder(
              subject, serial(random), Date.from(notBefore), Date.from(notAfter), subject, spki);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(spki));
      b.addExtension(Extension.issuerAlternativeName, false, uri(issuerUri));
      return toJdk(b.build(X509Support.contentSigner(iacaKey)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode an IACA certificate", e);
    }
  }

  /**
   * A document signer certificate issued by an IACA. Its country is the IACA's.
   *
   * @param iacaKey the IACA's key (the one certified by {@code iaca})
   * @param iaca the IACA certificate
   * @param documentSignerKey the public key to certify
   * @param commonName subject CN (e.g. "K-DID DS police 01")
   */
  public static X509Certificate createDocumentSigner(
      Signer iacaKey,
      X509Certificate iaca,
      P256Key documentSignerKey,
      String commonName,
      String issuerUri,
      Instant notBefore,
      Instant notAfter,
      SecureRandom random) {
    requireEs256(iacaKey);
    try {
      X509CertificateHolder ca = new X509CertificateHolder(iaca.getEncoded());
      if (!ca.getSubjectPublicKeyInfo().equals(X509Support.spki((P256Key) iacaKey.publicKey()))) {
        throw new IllegalArgumentException("the key does not belong to the IACA certificate");
      }
      String country = ca.getSubject().getRDNs(BCStyle.C)[0].getFirst().getValue().toString();
      SubjectPublicKeyInfo spki = X509Support.spki(documentSignerKey);
      BcX509ExtensionUtils ext = new BcX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new X509v3CertificateBuilder(
              ca.getSubject(),
              serial(random),
              Date.from(notBefore),
              Date.from(notAfter),
              name(commonName, country),
              spki);
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          ext.createAuthorityKeyIdentifier(ca.getSubjectPublicKeyInfo()));
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(spki));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      b.addExtension(
          Extension.extendedKeyUsage,
          true,
          new ExtendedKeyUsage(
              KeyPurposeId.getInstance(
                  new org.bouncycastle.asn1.ASN1ObjectIdentifier(Iso18013_5.EKU_DOCUMENT_SIGNER))));
      b.addExtension(Extension.issuerAlternativeName, false, uri(issuerUri));
      return toJdk(b.build(X509Support.contentSigner(iacaKey)));
    } catch (IOException | java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode a document signer certificate", e);
    } catch (RuntimeException e) {
      if (e instanceof IllegalArgumentException) {
        throw e;
      }
      throw new IllegalArgumentException("the IACA certificate has no country", e);
    }
  }

  private static void requireEs256(Signer s) {
    if (s.algorithm() != SignatureAlgorithm.ES256) {
      throw new IllegalArgumentException("mdoc certificates are P-256 / ES256");
    }
  }

  private static X500Name name(String commonName, String country) {
    Objects.requireNonNull(commonName, "commonName");
    if (country == null || !country.matches("[A-Z]{2}")) {
      throw new IllegalArgumentException("country must be two upper-case letters");
    }
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.C, country)
        .addRDN(BCStyle.CN, commonName)
        .build();
  }

  private static GeneralNames uri(String uri) {
    return new GeneralNames(
        new GeneralName(GeneralName.uniformResourceIdentifier, Objects.requireNonNull(uri)));
  }

  private static BigInteger serial(SecureRandom random) {
    byte[] b = new byte[16];
    random.nextBytes(b);
    b[0] = (byte) ((b[0] & 0x7f) | 0x40); // positive, and 16 bytes long
    return new BigInteger(b);
  }

  private static X509Certificate toJdk(X509CertificateHolder h) throws IOException {
    try {
      return X509Support.jdk(h.getEncoded());
    } catch (MdocException e) {
      throw new IllegalStateException("created an unparseable certificate", e);
    }
  }
}
