package kr.kdid.credentials.mdoc;

import com.upokecenter.cbor.CBORObject;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import kr.kdid.core.crypto.P256Key;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.Signer;
import kr.kdid.credentials.status.StatusReference;

/**
 * Issues mdocs (ISO/IEC 18013-5 §9.1.2): IssuerSignedItems with fresh 32-byte salts, an MSO with
 * their SHA-256 digests and the holder's device key, signed as issuerAuth by a document signer
 * whose certificate goes in x5chain.
 *
 * <p>Digest IDs are a random permutation of 0..n-1 per namespace, so they reveal neither the order
 * nor the identity of elements. Thread-safe if the signer is.
 */
public final class MdocIssuer {
  /** Salt length of each IssuerSignedItem. */
  public static final int SALT_BYTES = 32;

  private final Signer documentSigner;
  private final List<byte[]> x5chain;
  private final SecureRandom random;

  /**
   * @param documentSigner the DS key (ES256)
   * @param dsCertificate the DS certificate for that key
   * @param random the source of salts and digest ID permutations
   * @throws IllegalArgumentException if the certificate's key is not the signer's
   */
  public MdocIssuer(Signer documentSigner, X509Certificate dsCertificate, SecureRandom random) {
    if (documentSigner.algorithm() != SignatureAlgorithm.ES256) {
      throw new IllegalArgumentException("mdoc document signers are ES256");
    }
    this.documentSigner = documentSigner;
    this.random = Objects.requireNonNull(random, "random");
    try {
      byte[] der = dsCertificate.getEncoded();
      P256Key k =
          X509Support.p256(
              X509Support.parse(der, MdocException.Reason.ISSUER_CERTIFICATE_INVALID)
                  .getSubjectPublicKeyInfo());
      if (!k.equals(documentSigner.publicKey())) {
        throw new IllegalArgumentException("the DS certificate is not for this signer");
      }
      this.x5chain = List.of(der);
    } catch (CertificateEncodingException | MdocException e) {
      throw new IllegalArgumentException("unusable DS certificate", e);
    }
  }

  /** An issuer with the system CSPRNG. */
  public MdocIssuer(Signer documentSigner, X509Certificate dsCertificate) {
    this(documentSigner, dsCertificate, Randomness.secure());
  }

  /**
   * What to issue.
   *
   * @param docType the document type (see {@link MdocTypes})
   * @param nameSpaces namespace to element identifier to value (see {@link MdocValues})
   * @param deviceKey the holder's device key, bound in the MSO
   * @param validity signed / validFrom / validUntil
   * @param status the Token Status List entry, if the credential can be revoked
   */
  public record Request(
      String docType,
      Map<String, Map<String, CBORObject>> nameSpaces,
      P256Key deviceKey,
      ValidityInfo validity,
      Optional<StatusReference> status) {
    public Request {
      Objects.requireNonNull(docType, "docType");
      Objects.requireNonNull(deviceKey, "deviceKey");
      Objects.requireNonNull(validity, "validity");
      Objects.requireNonNull(status, "status");
      Map<String, Map<String, CBORObject>> copy = new LinkedHashMap<>();
      for (var e : nameSpaces.entrySet()) {
        if (e.getValue().isEmpty()) {
          throw new IllegalArgumentException("namespace " + e.getKey() + " has no elements");
        }
        copy.put(e.getKey(), Collections.unmodifiableMap(new LinkedHashMap<>(e.getValue())));
      }
      if (copy.isEmpty()) {
        throw new IllegalArgumentException("nothing to issue");
      }
      nameSpaces = Collections.unmodifiableMap(copy);
    }
  }

  /** Issues one mdoc. */
  public IssuerSigned issue(Request request) {
    Map<String, List<IssuerSignedItem>> items = new LinkedHashMap<>();
    Map<String, Map<Long, byte[]>> digests = new LinkedHashMap<>();
    for (var ns : request.nameSpaces().entrySet()) {
      List<Long> ids = new ArrayList<>();
      for (long i = 0; i < ns.getValue().size(); i++) {
        ids.add(i);
      }
      Collections.shuffle(ids, random);
      List<IssuerSignedItem> list = new ArrayList<>();
      Map<Long, byte[]> d = new LinkedHashMap<>();
      int n = 0;
      for (var el : ns.getValue().entrySet()) {
        IssuerSignedItem item =
            IssuerSignedItem.create(
                ids.get(n++), Randomness.bytes(random, SALT_BYTES), el.getKey(), el.getValue());
        list.add(item);
        d.put(item.digestId(), item.digest());
      }
      items.put(ns.getKey(), list);
      digests.put(ns.getKey(), d);
    }
    MobileSecurityObject mso =
        new MobileSecurityObject(
            request.docType(),
            digests,
            request.deviceKey(),
            request.validity(),
            request.status().map(MobileSecurityObject::statusClaim));
    CoseSign1 auth = CoseSign1.sign(documentSigner, mso.toTaggedBytes(), false, x5chain);
    return new IssuerSigned(items, auth);
  }
}
