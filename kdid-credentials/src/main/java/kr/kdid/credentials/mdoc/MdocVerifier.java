package kr.kdid.credentials.mdoc;

import com.upokecenter.cbor.CBORObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import kr.kdid.core.crypto.Sha256;
import kr.kdid.credentials.mdoc.MdocException.Reason;
import kr.kdid.credentials.mdoc.VerifiedDocument.DeviceAuthMethod;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Verifies mdoc presentations (ISO/IEC 18013-5 §9.3, OpenID4VP 1.0 Appendix B.2): a DeviceResponse
 * or one Document, against trusted issuers, a SessionTranscript and the clock. The checks, in
 * order, each named by a constant reported in {@link VerifiedDocument#checks()}:
 *
 * <ol>
 *   <li>{@value #ISSUER_CERTIFICATE}: the x5chain DS certificate is trusted and valid now ({@link
 *       IssuerTrust});
 *   <li>{@value #ISSUER_SIGNATURE}: issuerAuth (ES256) verifies with the DS key;
 *   <li>{@value #DOCTYPE}: the MSO docType equals the Document's;
 *   <li>{@value #VALUE_DIGESTS}: every presented IssuerSignedItem's digest, over its original
 *       bytes, equals the MSO's for its namespace and digestID;
 *   <li>{@value #VALIDITY}: validFrom &lt;= now &lt; validUntil;
 *   <li>{@value #DEVICE_AUTH}: the deviceSignature verifies with the MSO device key over
 *       DeviceAuthenticationBytes, or the deviceMac does under EMacKey = HKDF-SHA256(ECDH(device
 *       key, reader key), salt SHA-256(SessionTranscriptBytes), info "EMacKey").
 * </ol>
 *
 * <p>The first failed check throws an {@link MdocException} naming it; malformed input of any kind
 * is {@link Reason#MALFORMED}. Token Status List checks are the caller's (see {@link
 * VerifiedDocument#status()}), as is deciding whether the disclosed elements are the ones asked
 * for. Thread-safe.
 */
public final class MdocVerifier {
  /** Check name: the DS certificate is trusted and valid. */
  public static final String ISSUER_CERTIFICATE = "issuer_certificate";

  /** Check name: the issuerAuth signature. */
  public static final String ISSUER_SIGNATURE = "issuer_signature";

  /** Check name: MSO docType equals the Document's. */
  public static final String DOCTYPE = "doctype";

  /** Check name: presented items match the MSO value digests. */
  public static final String VALUE_DIGESTS = "value_digests";

  /** Check name: the MSO validity period. */
  public static final String VALIDITY = "validity";

  /** Check name: deviceSignature or deviceMac. */
  public static final String DEVICE_AUTH = "device_auth";

  private static final byte[] EMAC_INFO = "EMacKey".getBytes(StandardCharsets.US_ASCII);

  private final IssuerTrust trust;
  private final Clock clock;

  /**
   * @param trust the trusted IACA roots and pinned DS certificates
   * @param clock the time at which certificates and MSO validity are checked
   */
  public MdocVerifier(IssuerTrust trust, Clock clock) {
    this.trust = Objects.requireNonNull(trust, "trust");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Verifies every document of an encoded DeviceResponse authenticated by deviceSignature.
   *
   * @throws MdocException the first failed check; NO_DOCUMENT if the status is not 0 or there is no
   *     document
   */
  public List<VerifiedDocument> verify(byte[] deviceResponse, SessionTranscript transcript)
      throws MdocException {
    return verify(deviceResponse, transcript, Optional.empty());
  }

  /**
   * Verifies every document of an encoded DeviceResponse.
   *
   * @param readerKey the reader's ephemeral key (EReaderKey), needed for documents with deviceMac
   */
  public List<VerifiedDocument> verify(
      byte[] deviceResponse, SessionTranscript transcript, Optional<KeyAgreementKey> readerKey)
      throws MdocException {
    DeviceResponse r = DeviceResponse.decode(deviceResponse);
    if (r.status() != 0 || r.documents().isEmpty()) {
      throw new MdocException(
          Reason.NO_DOCUMENT, "DeviceResponse status " + r.status() + " without documents");
    }
    List<VerifiedDocument> out = new ArrayList<>(r.documents().size());
    for (Document d : r.documents()) {
      out.add(verifyDocument(d, transcript, readerKey));
    }
    return out;
  }

  /** Verifies one Document (see the class comment for the checks). */
  public VerifiedDocument verifyDocument(
      Document doc, SessionTranscript transcript, Optional<KeyAgreementKey> readerKey)
      throws MdocException {
    return Cbor.guard("Document", () -> check(doc, transcript, readerKey));
  }

  private VerifiedDocument check(
      Document doc, SessionTranscript transcript, Optional<KeyAgreementKey> readerKey)
      throws MdocException {
    Instant now = clock.instant();
    List<String> checks = new ArrayList<>(6);
    CoseSign1 issuerAuth = doc.issuerSigned().issuerAuth();

    IssuerTrust.Trusted issuer = trust.validate(issuerAuth.x5chainUnsafe(), now);
    checks.add(ISSUER_CERTIFICATE);

    byte[] payload = issuerAuth.payloadUnsafe();
    if (payload == null) {
      throw Cbor.malformed("issuerAuth has no payload");
    }
    if (!issuerAuth.verify(issuer.key(), null)) {
      throw new MdocException(
          Reason.ISSUER_SIGNATURE_INVALID, "issuerAuth does not verify with the DS key");
    }
    checks.add(ISSUER_SIGNATURE);

    MobileSecurityObject mso = MobileSecurityObject.fromTaggedBytes(payload);
    if (!mso.docType().equals(doc.docType())) {
      throw new MdocException(
          Reason.DOCTYPE_MISMATCH, "the MSO is for " + mso.docType() + ", not " + doc.docType());
    }
    checks.add(DOCTYPE);

    Map<String, Map<String, CBORObject>> elements = new LinkedHashMap<>();
    for (var ns : doc.issuerSigned().nameSpaces().entrySet()) {
      Map<String, CBORObject> values = new LinkedHashMap<>();
      Set<Long> ids = new HashSet<>();
      for (IssuerSignedItem item : ns.getValue()) {
        if (!ids.add(item.digestId()) || values.containsKey(item.elementIdentifier())) {
          throw new MdocException(
              Reason.DUPLICATE_ELEMENT, "an element is presented twice in " + ns.getKey());
        }
        if (!mso.digestMatches(ns.getKey(), item.digestId(), item.digest())) {
          throw new MdocException(
              Reason.DIGEST_MISMATCH,
              "digest " + item.digestId() + " in " + ns.getKey() + " does not match the MSO");
        }
        values.put(item.elementIdentifier(), item.elementValue());
      }
      elements.put(ns.getKey(), values);
    }
    checks.add(VALUE_DIGESTS);

    ValidityInfo v = mso.validity();
    if (now.isBefore(v.validFrom())) {
      throw new MdocException(Reason.NOT_YET_VALID, "the MSO is valid from " + v.validFrom());
    }
    if (!now.isBefore(v.validUntil())) {
      throw new MdocException(Reason.EXPIRED, "the MSO expired at " + v.validUntil());
    }
    checks.add(VALIDITY);

    DeviceSigned ds = doc.deviceSigned();
    byte[] deviceAuth = transcript.deviceAuthenticationBytes(doc.docType(), ds.nameSpacesContent());
    DeviceAuthMethod method;
    if (ds.deviceSignature().isPresent()) {
      if (!ds.deviceSignature().get().verify(mso.deviceKey(), deviceAuth)) {
        throw new MdocException(
            Reason.DEVICE_SIGNATURE_INVALID, "deviceSignature does not verify with the device key");
      }
      method = DeviceAuthMethod.SIGNATURE;
    } else {
      if (readerKey.isEmpty()) {
        throw new MdocException(
            Reason.DEVICE_AUTH_UNVERIFIABLE, "deviceMac needs the reader's ephemeral key");
      }
      byte[] key = emacKey(readerKey.get().agree(mso.deviceKey()), transcript);
      if (!ds.deviceMac().orElseThrow().verify(key, deviceAuth)) {
        throw new MdocException(Reason.DEVICE_MAC_INVALID, "deviceMac does not verify");
      }
      method = DeviceAuthMethod.MAC;
    }
    checks.add(DEVICE_AUTH);

    return new VerifiedDocument(
        doc.docType(), elements, v, mso.statusReference(), mso, issuer, method, checks);
  }

  /**
   * EMacKey (ISO/IEC 18013-5 §9.1.3.5): HKDF-SHA256 of the ECDH shared secret, salt
   * SHA-256(SessionTranscriptBytes), info "EMacKey", 32 bytes.
   */
  static byte[] emacKey(byte[] sharedSecret, SessionTranscript transcript) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(sharedSecret, Sha256.hash(transcript.taggedBytes()), EMAC_INFO));
    byte[] out = new byte[32];
    hkdf.generateBytes(out, 0, out.length);
    return out;
  }
}
