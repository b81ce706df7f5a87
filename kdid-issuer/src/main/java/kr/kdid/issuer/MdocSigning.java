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

  /**
   * An IACA root lasts 20 years. Rolling it over (publishing the old and the new one side by side
   * until the old one's mdocs have expired) is not built yet.
   */
  static final Duration IACA_VALIDITY = Duration.ofDays(7305);

  /** Extra life of a document signer certificate beyond the longest-lived credential type. */
  static final Duration DS_MARGIN = Duration.ofDays(365);

  /** How long before it would be too short for a new credential a DS certificate is replaced. */
  static final Duration DS_RENEW_BEFORE = Duration.ofDays(30);

  private final X509Certificate iaca;
  private final Signer iacaKey;
  private final Signer dsKey;
  private final IssuerConfig config;
  private final IssuerStore store;
  private final Did did;
  private final Duration longestCredential;
  private final SecureRandom random;
  private volatile Current current;

  /** The document signer in use. */
  private record Current(X509Certificate ds, MdocIssuer issuer) {}

  private MdocSigning(
      IssuerConfig config,
      IssuerStore store,
      Did did,
      X509Certificate iaca,
      Signer iacaKey,
      Signer dsKey,
      Duration longestCredential,
      SecureRandom random) {
    this.config = config;
    this.store = store;
    this.did = did;
    this.iaca = iaca;
    this.iacaKey = iacaKey;
    this.dsKey = dsKey;
    this.longestCredential = longestCredential;
    this.random = random;
  }

  /**
   * Opens the signing setup, creating keys and certificates on first use. A document signer
   * certificate is valid for the longest credential validity of the issuer's types plus a year, so
   * that every mdoc it signs stays verifiable for its whole life; it is replaced (a new one, same
   * key) as soon as what is left of it would no longer cover a credential issued now, i.e. about
   * yearly ({@link #rotateIfDue}).
   */
  static MdocSigning open(
      IssuerConfig config,
      KeyVault vault,
      IssuerStore store,
      Did did,
      Duration longestCredential,
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
    MdocSigning s =
        new MdocSigning(config, store, did, iaca, iacaKey, dsKey, longestCredential, random);
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
                            && c.getIssuerX500Principal().equals(current.getSubjectX500Principal()))
                .orElse(null);
    if (ds == null || s.due(ds, now)) {
      ds = s.newDocumentSigner(now);
    }
    s.current = new Current(ds, new MdocIssuer(dsKey, ds, random));
    return s;
  }

  /** Whether a DS certificate is too short-lived for a credential issued now. */
  private boolean due(X509Certificate ds, Instant now) {
    return ds.getNotAfter().toInstant().isBefore(now.plus(longestCredential).plus(DS_RENEW_BEFORE));
  }

  private X509Certificate newDocumentSigner(Instant now) {
    Instant until = now.plus(longestCredential).plus(DS_MARGIN);
    if (until.isAfter(iaca.getNotAfter().toInstant())) {
      until = iaca.getNotAfter().toInstant();
      LOG.warn(
          "issuer {}: the IACA ends {}; document signers (and so mdocs) end with it; an IACA"
              + " rollover is needed",
          config.name(),
          until);
    }
    X509Certificate ds =
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
    LOG.info(
        "issuer {}: new document signer certificate, valid until {}",
        config.name(),
        ds.getNotAfter().toInstant());
    return ds;
  }

  /**
   * Replaces the document signer certificate if it would not cover a credential issued now (the
   * housekeeping timer calls this); mdocs signed under the old one stay verifiable until it ends.
   *
   * @return true if a new certificate was made
   */
  public synchronized boolean rotateIfDue(Instant now) {
    if (!due(current.ds(), now)) {
      return false;
    }
    X509Certificate ds = newDocumentSigner(now);
    current = new Current(ds, new MdocIssuer(dsKey, ds, random));
    return true;
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

  /** The document signer certificate in use. */
  public X509Certificate documentSigner() {
    return current.ds();
  }

  /**
   * Signs an mdoc, its validity capped at the document signer certificate's (which, by
   * construction, outlives every credential issued under it).
   */
  public IssuerSigned issue(MdocIssuer.Request request) {
    Current c = current;
    Instant dsEnd = c.ds().getNotAfter().toInstant();
    var v = request.validity();
    MdocIssuer.Request capped =
        v.validUntil().isAfter(dsEnd)
            ? new MdocIssuer.Request(
                request.docType(),
                request.nameSpaces(),
                request.deviceKey(),
                new kr.kdid.credentials.mdoc.ValidityInfo(v.signed(), v.validFrom(), dsEnd),
                request.status())
            : request;
    return c.issuer().issue(capped);
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
