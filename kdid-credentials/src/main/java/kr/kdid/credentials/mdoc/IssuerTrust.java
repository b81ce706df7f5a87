package kr.kdid.credentials.mdoc;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import kr.kdid.core.crypto.KeyCache;
import kr.kdid.core.crypto.P256Key;
import kr.kdid.core.crypto.Sha256;
import kr.kdid.core.encoding.Hex;
import kr.kdid.credentials.mdoc.MdocException.Reason;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * Which document signers a verifier trusts: DS certificates issued by one of a set of IACA roots
 * (ISO/IEC 18013-5 Annex B; the usual case, with the roots from a VICAL or K-DID's trust registry),
 * and optionally individually pinned DS certificates (for test vectors and issuers without an IACA
 * known to the verifier).
 *
 * <p>A DS certificate chained to an IACA must be signed by it with ecdsa-with-SHA256, have a P-256
 * key, key usage digitalSignature, extended key usage 1.0.18013.5.1.2, and not be a CA; a pinned
 * certificate is trusted as it is (only its P-256 key and validity are checked). Both the DS
 * certificate and its IACA must be valid at the verification time. Only the leaf of x5chain is
 * used; intermediates are not supported (Annex B has none).
 *
 * <p>The structural and signature checks of a DS certificate are cached per certificate (bounded),
 * so verifying many mdocs of one issuer verifies its certificate once; validity periods are checked
 * on every call. Immutable and thread-safe.
 */
public final class IssuerTrust {
  private static final int CACHE_CAPACITY = 4096;

  private final Map<String, List<Anchor>> rootsBySubject; // subject DER hex -> roots
  private final Map<String, Anchor> pinned; // SHA-256(DER) hex -> pinned DS
  private final ConcurrentHashMap<String, Trusted> verified = new ConcurrentHashMap<>();

  private record Anchor(X509Certificate certificate, P256Key key) {}

  /**
   * A DS certificate found trustworthy.
   *
   * @param certificate the DS certificate
   * @param key its P-256 key
   * @param iaca the IACA root it chains to; empty for a pinned certificate
   */
  public record Trusted(X509Certificate certificate, P256Key key, Optional<X509Certificate> iaca) {
    private Instant notBefore() {
      return certificate.getNotBefore().toInstant();
    }

    private Instant notAfter() {
      return certificate.getNotAfter().toInstant();
    }
  }

  private IssuerTrust(Map<String, List<Anchor>> roots, Map<String, Anchor> pinned) {
    this.rootsBySubject = roots;
    this.pinned = pinned;
  }

  /**
   * Trust in IACA roots and pinned DS certificates.
   *
   * @throws IllegalArgumentException if a root is not a P-256 CA certificate with keyCertSign
   */
  public static IssuerTrust of(
      Collection<X509Certificate> iacaRoots, Collection<X509Certificate> pinnedDocumentSigners) {
    Map<String, List<Anchor>> roots = new HashMap<>();
    for (X509Certificate r : iacaRoots) {
      Certificate c = parseAnchor(r);
      Extensions ext = c.getTBSCertificate().getExtensions();
      BasicConstraints bc = ext == null ? null : BasicConstraints.fromExtensions(ext);
      KeyUsage ku = ext == null ? null : KeyUsage.fromExtensions(ext);
      if (bc == null || !bc.isCA() || ku == null || !ku.hasUsages(KeyUsage.keyCertSign)) {
        throw new IllegalArgumentException("an IACA root must be a CA with keyCertSign");
      }
      String subject = hex(c.getSubject());
      roots.computeIfAbsent(subject, k -> new ArrayList<>()).add(anchor(r, c));
    }
    Map<String, Anchor> pins = new HashMap<>();
    for (X509Certificate p : pinnedDocumentSigners) {
      Certificate c = parseAnchor(p);
      pins.put(Hex.encode(Sha256.hash(der(p))), anchor(p, c));
    }
    roots.replaceAll((k, v) -> List.copyOf(v));
    return new IssuerTrust(Map.copyOf(roots), Map.copyOf(pins));
  }

  /** Trust in IACA roots only. */
  public static IssuerTrust iacaRoots(Collection<X509Certificate> roots) {
    return of(roots, List.of());
  }

  /** Trust in pinned DS certificates only. */
  public static IssuerTrust pinned(Collection<X509Certificate> documentSigners) {
    return of(List.of(), documentSigners);
  }

  /**
   * Finds the trusted DS certificate of an x5chain, valid at {@code at}.
   *
   * @param x5chain DER certificates, leaf (DS) first
   * @throws MdocException ISSUER_CERTIFICATE_MISSING (empty chain), ISSUER_CERTIFICATE_INVALID
   *     (unparseable, not P-256, against the DS profile), UNTRUSTED_ISSUER (no trusted IACA signed
   *     it and it is not pinned), ISSUER_CERTIFICATE_EXPIRED or ISSUER_CERTIFICATE_NOT_YET_VALID
   *     (the DS or its IACA at {@code at})
   */
  public Trusted validate(List<byte[]> x5chain, Instant at) throws MdocException {
    if (x5chain.isEmpty()) {
      throw new MdocException(Reason.ISSUER_CERTIFICATE_MISSING, "issuerAuth has no x5chain");
    }
    byte[] leaf = x5chain.get(0);
    String id = Hex.encode(Sha256.hash(leaf));
    Trusted t = verified.get(id);
    if (t == null) {
      t = establish(id, leaf);
      if (verified.size() >= CACHE_CAPACITY) {
        verified.clear();
      }
      verified.put(id, t);
    }
    checkTime(t.notBefore(), t.notAfter(), at, "document signer certificate");
    if (t.iaca().isPresent()) {
      X509Certificate r = t.iaca().get();
      checkTime(r.getNotBefore().toInstant(), r.getNotAfter().toInstant(), at, "IACA certificate");
    }
    return t;
  }

  private Trusted establish(String id, byte[] leaf) throws MdocException {
    Certificate c = X509Support.parse(leaf, Reason.ISSUER_CERTIFICATE_INVALID);
    Anchor pin = pinned.get(id);
    if (pin != null) {
      return new Trusted(pin.certificate(), pin.key(), Optional.empty());
    }
    if (!X509Support.ECDSA_SHA256.equals(c.getSignatureAlgorithm())) {
      throw new MdocException(
          Reason.ISSUER_CERTIFICATE_INVALID, "DS certificate is not signed with ecdsa-with-SHA256");
    }
    List<Anchor> candidates = rootsBySubject.getOrDefault(hex(c.getIssuer()), List.of());
    byte[] sig = X509Support.rawSignature(c.getSignature().getOctets());
    byte[] tbs;
    try {
      tbs = c.getTBSCertificate().getEncoded(ASN1Encoding.DER);
    } catch (java.io.IOException e) {
      throw new MdocException(Reason.ISSUER_CERTIFICATE_INVALID, "DS certificate TBS", e);
    }
    Anchor issuer = null;
    if (sig != null) {
      for (Anchor a : candidates) {
        if (a.key().verify(tbs, sig)) {
          issuer = a;
          break;
        }
      }
    }
    if (issuer == null) {
      throw new MdocException(
          Reason.UNTRUSTED_ISSUER, "the DS certificate is not issued by a trusted IACA");
    }
    P256Key key = X509Support.p256(c.getSubjectPublicKeyInfo());
    Extensions ext = c.getTBSCertificate().getExtensions();
    KeyUsage ku = ext == null ? null : KeyUsage.fromExtensions(ext);
    ExtendedKeyUsage eku = ext == null ? null : ExtendedKeyUsage.fromExtensions(ext);
    BasicConstraints bc = ext == null ? null : BasicConstraints.fromExtensions(ext);
    if (ku == null || !ku.hasUsages(KeyUsage.digitalSignature)) {
      throw new MdocException(Reason.ISSUER_CERTIFICATE_INVALID, "DS lacks digitalSignature");
    }
    if (eku == null
        || !eku.hasKeyPurposeId(
            KeyPurposeId.getInstance(new ASN1ObjectIdentifier(Iso18013_5.EKU_DOCUMENT_SIGNER)))) {
      throw new MdocException(
          Reason.ISSUER_CERTIFICATE_INVALID, "DS lacks extended key usage 1.0.18013.5.1.2");
    }
    if (bc != null && bc.isCA()) {
      throw new MdocException(Reason.ISSUER_CERTIFICATE_INVALID, "a DS must not be a CA");
    }
    P256Key cached = (P256Key) KeyCache.get("mdoc-ds|" + id, () -> key);
    return new Trusted(X509Support.jdk(leaf), cached, Optional.of(issuer.certificate()));
  }

  private static void checkTime(Instant notBefore, Instant notAfter, Instant at, String what)
      throws MdocException {
    if (at.isBefore(notBefore)) {
      throw new MdocException(Reason.ISSUER_CERTIFICATE_NOT_YET_VALID, what + " not yet valid");
    }
    if (at.isAfter(notAfter)) {
      throw new MdocException(Reason.ISSUER_CERTIFICATE_EXPIRED, what + " has expired");
    }
  }

  private static Anchor anchor(X509Certificate x, Certificate c) {
    try {
      P256Key key = X509Support.p256(c.getSubjectPublicKeyInfo());
      return new Anchor(x, key);
    } catch (MdocException e) {
      throw new IllegalArgumentException("a trusted certificate must have a P-256 key", e);
    }
  }

  private static Certificate parseAnchor(X509Certificate x) {
    try {
      return X509Support.parse(der(x), Reason.ISSUER_CERTIFICATE_INVALID);
    } catch (MdocException e) {
      throw new IllegalArgumentException("cannot parse a trusted certificate", e);
    }
  }

  private static byte[] der(X509Certificate x) {
    try {
      return x.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("cannot encode a trusted certificate", e);
    }
  }

  private static String hex(org.bouncycastle.asn1.x500.X500Name name) {
    try {
      return Hex.encode(name.getEncoded(ASN1Encoding.DER));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
