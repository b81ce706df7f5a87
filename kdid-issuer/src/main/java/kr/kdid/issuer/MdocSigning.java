package kr.kdid.issuer;

import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import kr.kdid.core.crypto.P256Key;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.Service;
import kr.kdid.core.keys.KeyVault;
import kr.kdid.credentials.mdoc.IacaPublication;
import kr.kdid.credentials.mdoc.IssuerSigned;
import kr.kdid.credentials.mdoc.MdocCertificates;
import kr.kdid.credentials.mdoc.MdocIssuer;
import kr.kdid.issuer.store.IssuerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An issuer's ISO/IEC 18013-5 signing setup: its IACA root (keyCertSign only, valid 10 years) and a
 * document-signer (DS) certificate under it (valid 1 year, replaced 30 days before it ends), both
 * P-256, keys in the key vault, certificates in the issuer's database. The IACA certificate is
 * published on the ledger in the issuer's DID document (see {@link IacaPublication}), so K-DID
 * verifiers take the trust anchor for an issuer's mdocs from the same ledger record that accredits
 * it; standard readers can import it like any IACA.
 *
 * <p>Both certificates name the issuer's DID as issuerAlternativeName, which tells a verifier which
 * DID document to read the IACA from; the chain is then checked against that IACA.
 */
public final class MdocSigning {
  private static final Logger LOG = LoggerFactory.getLogger(MdocSigning.class);

  static final Duration IACA_VALIDITY = Duration.ofDays(3650);
  static final Duration DS_VALIDITY = Duration.ofDays(365);
  static final Duration DS_RENEW_BEFORE = Duration.ofDays(30);

  private final X509Certificate iaca;
  private final X509Certificate documentSigner;
  private final MdocIssuer issuer;

  private MdocSigning(X509Certificate iaca, X509Certificate ds, Signer dsKey, SecureRandom random) {
    this.iaca = iaca;
    this.documentSigner = ds;
    this.issuer = new MdocIssuer(dsKey, ds, random);
  }

  /**
   * Opens the signing setup, creating keys and certificates on first use (and a new DS certificate
   * when the current one ends within 30 days).
   */
  static MdocSigning open(
      IssuerConfig config,
      KeyVault vault,
      IssuerStore store,
      Did did,
      Clock clock,
      SecureRandom random) {
    Signer iacaKey = key(vault, "mdoc-iaca-" + config.name());
    Signer dsKey = key(vault, "mdoc-ds-" + config.name());
    Instant now = clock.instant();
    X509Certificate iaca =
        store
            .mdocCertificate("IACA")
            .map(MdocSigning::parse)
            .filter(c -> certifies(c, iacaKey) && c.getNotAfter().toInstant().isAfter(now))
            .orElse(null);
    boolean newIaca = iaca == null;
    if (newIaca) {
      iaca =
          MdocCertificates.createIaca(
              iacaKey,
              "K-DID IACA " + config.displayName().getOrDefault("en", config.name()),
              "KR",
              did.toString(),
              now.minus(Duration.ofMinutes(5)),
              now.plus(IACA_VALIDITY),
              random);
      store.insertMdocCertificate(
          "IACA", der(iaca), iaca.getNotAfter().getTime(), now.toEpochMilli());
      LOG.info("issuer {}: created its IACA certificate", config.name());
    }
    X509Certificate current = iaca;
    X509Certificate ds =
        newIaca
            ? null
            : store
                .mdocCertificate("DS")
                .map(MdocSigning::parse)
                .filter(
                    c ->
                        certifies(c, dsKey)
                            && c.getIssuerX500Principal().equals(current.getSubjectX500Principal())
                            && c.getNotAfter().toInstant().isAfter(now.plus(DS_RENEW_BEFORE)))
                .orElse(null);
    if (ds == null) {
      Instant until = now.plus(DS_VALIDITY);
      if (until.isAfter(iaca.getNotAfter().toInstant())) {
        until = iaca.getNotAfter().toInstant();
      }
      ds =
          MdocCertificates.createDocumentSigner(
              iacaKey,
              iaca,
              (P256Key) dsKey.publicKey(),
              "K-DID DS " + config.name(),
              did.toString(),
              now.minus(Duration.ofMinutes(5)),
              until,
              random);
      store.insertMdocCertificate("DS", der(ds), ds.getNotAfter().getTime(), now.toEpochMilli());
      LOG.info("issuer {}: created a document signer certificate", config.name());
    }
    return new MdocSigning(iaca, ds, dsKey, random);
  }

  private static Signer key(KeyVault vault, String alias) {
    return vault.signer(alias).orElseGet(() -> vault.generate(alias, SignatureAlgorithm.ES256));
  }

  private static boolean certifies(X509Certificate c, Signer key) {
    try {
      var spki =
          org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
              c.getPublicKey().getEncoded());
      return P256Key.fromEncoded(spki.getPublicKeyData().getOctets()).equals(key.publicKey());
    } catch (RuntimeException e) {
      return false;
    }
  }

  public X509Certificate iaca() {
    return iaca;
  }

  public X509Certificate documentSigner() {
    return documentSigner;
  }

  /** Signs an mdoc. */
  public IssuerSigned issue(MdocIssuer.Request request) {
    return issuer.issue(request);
  }

  /** The DID document service that publishes the IACA certificate ({@link IacaPublication}). */
  public Service service(Did did) {
    return IacaPublication.service(did, List.of(iaca));
  }

  static String der(X509Certificate c) {
    try {
      return Base64.getEncoder().encodeToString(c.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  static X509Certificate parse(String base64) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new java.io.ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    } catch (CertificateException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a certificate: " + e.getMessage(), e);
    }
  }
}
