package kr.kdid.credentials.mdoc;

import java.util.Objects;

/**
 * An mdoc structure (ISO/IEC 18013-5) was malformed or failed a check. The {@link #reason()} names
 * the failed check so that services can map it to a protocol error code; the message is for logs
 * and never contains data element values, salts or key material.
 */
public final class MdocException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why something was rejected: one constant per distinct check. */
  public enum Reason {
    /** Not well-formed CBOR, or CBOR of the wrong shape (a missing member, a wrong type). */
    MALFORMED,
    /** A COSE algorithm other than ES256 (-7) or HMAC 256/256 (5), or an unsupported key type. */
    UNSUPPORTED_ALGORITHM,
    /** The MSO {@code version} or DeviceResponse {@code version} is not "1.0". */
    UNSUPPORTED_VERSION,
    /** The MSO {@code digestAlgorithm} is not "SHA-256". */
    UNSUPPORTED_DIGEST_ALGORITHM,
    /** The issuerAuth COSE_Sign1 signature does not verify with the document signer key. */
    ISSUER_SIGNATURE_INVALID,
    /** issuerAuth carries no x5chain. */
    ISSUER_CERTIFICATE_MISSING,
    /**
     * The document signer certificate is unusable: not parseable, not P-256/ES256, or against the
     * profile (key usage, extended key usage).
     */
    ISSUER_CERTIFICATE_INVALID,
    /** The document signer certificate does not chain to a trusted IACA root (nor is it pinned). */
    UNTRUSTED_ISSUER,
    /** The document signer certificate (or its IACA root) has expired at the verification time. */
    ISSUER_CERTIFICATE_EXPIRED,
    /** The document signer certificate (or its IACA root) is not yet valid. */
    ISSUER_CERTIFICATE_NOT_YET_VALID,
    /**
     * The MSO {@code docType} differs from the Document's {@code docType} (or the expected one).
     */
    DOCTYPE_MISMATCH,
    /** A presented IssuerSignedItem's digest differs from the MSO value digest for its digestID. */
    DIGEST_MISMATCH,
    /** A presented IssuerSignedItem's digestID (or namespace) has no entry in the MSO. */
    UNKNOWN_DIGEST_ID,
    /** The same digestID or element identifier is presented twice in one namespace. */
    DUPLICATE_ELEMENT,
    /** The MSO's {@code validFrom} is after the verification time. */
    NOT_YET_VALID,
    /** The MSO's {@code validUntil} is at or before the verification time. */
    EXPIRED,
    /** The deviceSignature does not verify with the MSO device key over DeviceAuthentication. */
    DEVICE_SIGNATURE_INVALID,
    /** The deviceMac does not verify (wrong key, wrong transcript or tampered data). */
    DEVICE_MAC_INVALID,
    /**
     * The Document carries a deviceMac but the verifier has no reader ephemeral key to derive the
     * MAC key with, or deviceAuth has neither deviceSignature nor deviceMac.
     */
    DEVICE_AUTH_UNVERIFIABLE,
    /** The readerAuth COSE_Sign1 does not verify with its x5chain certificate. */
    READER_SIGNATURE_INVALID,
    /** The DeviceResponse has a non-zero status or no documents. */
    NO_DOCUMENT
  }

  private final Reason reason;

  /**
   * @param reason the failed check, not null
   * @param message a description for logs; must not contain element values or salts
   */
  public MdocException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** As {@link #MdocException(Reason, String)}, with a cause. */
  public MdocException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The failed check; never null. */
  public Reason reason() {
    return reason;
  }

  @Override
  public String toString() {
    return "MdocException[" + reason + "]: " + getMessage();
  }
}
