package kr.kdid.credentials.mdoc;

import com.upokecenter.cbor.CBORObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import kr.kdid.credentials.status.StatusReference;

/**
 * A Document that passed every check of {@link MdocVerifier}. Immutable (the element values are
 * decoded CBOR; do not modify them).
 *
 * @param docType the document type (equal in the Document and the MSO)
 * @param elements namespace to element identifier to value, only the disclosed elements
 * @param validity the MSO's validityInfo
 * @param status the MSO's Token Status List reference, if any: the caller checks the status list
 * @param mso the whole verified MSO (device key, digests, raw status map)
 * @param issuer the trusted document signer and its IACA
 * @param deviceAuth how the device authenticated
 * @param checks the names of the checks that passed, in order ({@link MdocVerifier} constants)
 */
public record VerifiedDocument(
    String docType,
    Map<String, Map<String, CBORObject>> elements,
    ValidityInfo validity,
    Optional<StatusReference> status,
    MobileSecurityObject mso,
    IssuerTrust.Trusted issuer,
    DeviceAuthMethod deviceAuth,
    List<String> checks) {

  /** How the mdoc authenticated the session. */
  public enum DeviceAuthMethod {
    /** deviceSignature: ECDSA with the device key. */
    SIGNATURE,
    /** deviceMac: HMAC with a key from ECDH between the device key and the reader's key. */
    MAC
  }

  public VerifiedDocument {
    Objects.requireNonNull(docType, "docType");
    Objects.requireNonNull(validity, "validity");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(mso, "mso");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(deviceAuth, "deviceAuth");
    Map<String, Map<String, CBORObject>> copy = new LinkedHashMap<>();
    elements.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
    elements = Collections.unmodifiableMap(copy);
    checks = List.copyOf(checks);
  }

  /** The value of an element, if disclosed. */
  public Optional<CBORObject> element(String namespace, String identifier) {
    return Optional.ofNullable(elements.getOrDefault(namespace, Map.of()).get(identifier));
  }
}
