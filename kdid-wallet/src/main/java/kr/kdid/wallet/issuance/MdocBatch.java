package kr.kdid.wallet.issuance;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import kr.kdid.credentials.events.EventCommitment;

/**
 * ISO/IEC 18013-5 mdocs received and verified in one credential request: copies of one credential,
 * each bound (MSO {@code deviceKey}) to its own fresh device key. Holds personal data and key
 * references: never log it.
 *
 * @param doctype the document type
 * @param copies the verified mdocs, at least one
 * @param event the issuance event the issuer handed over with them, or null
 * @param eventProblem why a handed-over event was not kept, or null
 * @param expiresAt the earliest MSO {@code validUntil} of the copies
 * @param documentSigner the subject of the document signer certificate of the first copy
 */
public record MdocBatch(
    String doctype,
    List<MdocCopy> copies,
    EventCommitment event,
    String eventProblem,
    Instant expiresAt,
    String documentSigner) {

  public MdocBatch {
    Objects.requireNonNull(doctype, "doctype");
    Objects.requireNonNull(expiresAt, "expiresAt");
    copies = List.copyOf(copies);
    if (copies.isEmpty()) {
      throw new IllegalArgumentException("an mdoc batch holds at least one credential");
    }
  }

  /**
   * One mdoc.
   *
   * @param issuerSigned base64url of the IssuerSigned as issued (the OpenID4VCI {@code credential})
   * @param keyReference the device key's reference ({@link kr.kdid.wallet.storage.HolderKeys})
   * @param keyThumbprint the RFC 7638 thumbprint of the device key
   */
  public record MdocCopy(String issuerSigned, String keyReference, String keyThumbprint) {
    public MdocCopy {
      Objects.requireNonNull(issuerSigned, "issuerSigned");
      Objects.requireNonNull(keyReference, "keyReference");
      Objects.requireNonNull(keyThumbprint, "keyThumbprint");
    }

    @Override
    public String toString() {
      return "MdocCopy[" + keyThumbprint + "]";
    }
  }

  @Override
  public String toString() {
    return "MdocBatch[" + doctype + ", " + copies.size() + " copies]";
  }
}
