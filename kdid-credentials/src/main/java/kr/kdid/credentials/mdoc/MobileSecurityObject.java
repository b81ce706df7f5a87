package kr.kdid.credentials.mdoc;

import com.upokecenter.cbor.CBORObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import kr.kdid.core.crypto.P256Key;
import kr.kdid.credentials.mdoc.MdocException.Reason;
import kr.kdid.credentials.status.StatusReference;

/**
 * The Mobile Security Object (ISO/IEC 18013-5 §9.1.2.4), version "1.0" with SHA-256 digests: what
 * the issuer signs in issuerAuth. Immutable.
 *
 * @param docType the document type
 * @param valueDigests per namespace, digestID to the SHA-256 digest of its IssuerSignedItemBytes
 * @param deviceKey the holder's device key (deviceKeyInfo.deviceKey)
 * @param validity validityInfo
 * @param status the optional {@code status} map (draft-ietf-oauth-status-list §6.3 for CBOR), as
 *     received; empty if absent
 */
public record MobileSecurityObject(
    String docType,
    Map<String, Map<Long, byte[]>> valueDigests,
    P256Key deviceKey,
    ValidityInfo validity,
    Optional<CBORObject> status) {

  /** The only MSO version. */
  public static final String VERSION = "1.0";

  /** The only digest algorithm K-DID issues and accepts. */
  public static final String DIGEST_ALGORITHM = "SHA-256";

  public MobileSecurityObject {
    Objects.requireNonNull(docType, "docType");
    Objects.requireNonNull(deviceKey, "deviceKey");
    Objects.requireNonNull(validity, "validity");
    Objects.requireNonNull(status, "status");
    Map<String, Map<Long, byte[]>> copy = new LinkedHashMap<>();
    for (var e : valueDigests.entrySet()) {
      Map<Long, byte[]> ns = new TreeMap<>();
      for (var d : e.getValue().entrySet()) {
        if (d.getKey() < 0 || d.getValue().length != 32) {
          throw new IllegalArgumentException("digest IDs are non-negative, digests 32 bytes");
        }
        ns.put(d.getKey(), d.getValue().clone());
      }
      copy.put(e.getKey(), java.util.Collections.unmodifiableMap(ns));
    }
    valueDigests = java.util.Collections.unmodifiableMap(copy);
  }

  /** The digest for a digestID in a namespace, if the MSO has one (a copy). */
  public Optional<byte[]> digest(String namespace, long digestId) {
    Map<Long, byte[]> ns = valueDigests.get(namespace);
    byte[] d = ns == null ? null : ns.get(digestId);
    return d == null ? Optional.empty() : Optional.of(d.clone());
  }

  boolean digestMatches(String namespace, long digestId, byte[] digest) throws MdocException {
    Map<Long, byte[]> ns = valueDigests.get(namespace);
    byte[] d = ns == null ? null : ns.get(digestId);
    if (d == null) {
      throw new MdocException(
          Reason.UNKNOWN_DIGEST_ID,
          "the MSO has no digest " + digestId + " in namespace " + namespace);
    }
    return java.security.MessageDigest.isEqual(d, digest);
  }

  /**
   * The Token Status List reference ({@code status.status_list}), if the MSO has one.
   *
   * @throws MdocException MALFORMED if a status_list is present but not {@code {idx, uri}}
   */
  public Optional<StatusReference> statusReference() throws MdocException {
    if (status.isEmpty()) {
      return Optional.empty();
    }
    CBORObject s = status.get();
    CBORObject list = Cbor.isMap(s) ? Cbor.opt(s, "status_list") : null;
    if (list == null) {
      return Optional.empty();
    }
    Cbor.map(list, "status_list");
    long idx = Cbor.uint(Cbor.req(list, "idx", "status_list"), "status_list idx");
    String uri = Cbor.text(Cbor.req(list, "uri", "status_list"), "status_list uri");
    if (idx > Integer.MAX_VALUE) {
      throw Cbor.malformed("status_list idx is too large");
    }
    try {
      return Optional.of(new StatusReference((int) idx, uri));
    } catch (IllegalArgumentException e) {
      throw new MdocException(Reason.MALFORMED, "status_list is not a valid reference", e);
    }
  }

  /** The CBOR {@code status} map for a status list reference. */
  public static CBORObject statusClaim(StatusReference ref) {
    CBORObject list = CBORObject.NewOrderedMap();
    list.Add("idx", ref.idx());
    list.Add("uri", ref.uri());
    CBORObject s = CBORObject.NewOrderedMap();
    s.Add("status_list", list);
    return s;
  }

  /** The MSO map. */
  public CBORObject toCbor() {
    CBORObject o = CBORObject.NewOrderedMap();
    o.Add("version", VERSION);
    o.Add("digestAlgorithm", DIGEST_ALGORITHM);
    CBORObject vd = CBORObject.NewOrderedMap();
    for (var e : valueDigests.entrySet()) {
      CBORObject ns = CBORObject.NewOrderedMap();
      for (var d : e.getValue().entrySet()) {
        ns.Add(CBORObject.FromObject(d.getKey().longValue()), CBORObject.FromObject(d.getValue()));
      }
      vd.Add(e.getKey(), ns);
    }
    o.Add("valueDigests", vd);
    CBORObject dki = CBORObject.NewOrderedMap();
    dki.Add("deviceKey", CoseKeys.toCbor(deviceKey));
    o.Add("deviceKeyInfo", dki);
    o.Add("docType", docType);
    o.Add("validityInfo", validity.toCbor());
    status.ifPresent(s -> o.Add("status", s));
    return o;
  }

  /** MobileSecurityObjectBytes: the encoding of {@code #6.24(bstr .cbor MSO)}. */
  public byte[] toTaggedBytes() {
    return Cbor.tag24Bytes(toCbor().EncodeToBytes());
  }

  /**
   * Reads MobileSecurityObjectBytes (the issuerAuth payload, {@code #6.24(bstr .cbor MSO)}).
   *
   * @throws MdocException MALFORMED for a wrong shape, UNSUPPORTED_VERSION, or
   *     UNSUPPORTED_DIGEST_ALGORITHM
   */
  public static MobileSecurityObject fromTaggedBytes(byte[] msoBytes) throws MdocException {
    return Cbor.guard(
        "MSO",
        () -> {
          byte[] inner =
              Cbor.tag24Content(Cbor.decode(msoBytes, "MobileSecurityObjectBytes"), "MSO");
          return fromCbor(Cbor.decode(inner, "MobileSecurityObject"));
        });
  }

  static MobileSecurityObject fromCbor(CBORObject o) throws MdocException {
    Cbor.map(o, "MobileSecurityObject");
    String version = Cbor.text(Cbor.req(o, "version", "MSO"), "MSO version");
    if (!VERSION.equals(version)) {
      throw new MdocException(Reason.UNSUPPORTED_VERSION, "MSO version " + version);
    }
    String alg = Cbor.text(Cbor.req(o, "digestAlgorithm", "MSO"), "MSO digestAlgorithm");
    if (!DIGEST_ALGORITHM.equals(alg)) {
      throw new MdocException(Reason.UNSUPPORTED_DIGEST_ALGORITHM, "MSO digestAlgorithm " + alg);
    }
    CBORObject vd = Cbor.map(Cbor.req(o, "valueDigests", "MSO"), "valueDigests");
    Map<String, Map<Long, byte[]>> digests = new LinkedHashMap<>();
    for (CBORObject ns : vd.getKeys()) {
      String name = Cbor.text(ns, "valueDigests namespace");
      CBORObject m = Cbor.map(vd.get(ns), "valueDigests of a namespace");
      Map<Long, byte[]> ids = new TreeMap<>();
      for (CBORObject id : m.getKeys()) {
        long digestId = Cbor.uint(id, "digestID");
        byte[] d = Cbor.bytes(m.get(id), "digest");
        if (d.length != 32) {
          throw Cbor.malformed("a SHA-256 digest must be 32 bytes");
        }
        ids.put(digestId, d);
      }
      digests.put(name, ids);
    }
    CBORObject dki = Cbor.map(Cbor.req(o, "deviceKeyInfo", "MSO"), "deviceKeyInfo");
    P256Key deviceKey = CoseKeys.fromCbor(Cbor.req(dki, "deviceKey", "deviceKeyInfo"));
    String docType = Cbor.text(Cbor.req(o, "docType", "MSO"), "MSO docType");
    ValidityInfo validity = ValidityInfo.fromCbor(Cbor.req(o, "validityInfo", "MSO"));
    CBORObject status = Cbor.opt(o, "status");
    if (status != null) {
      Cbor.map(status, "MSO status");
    }
    return new MobileSecurityObject(
        docType, digests, deviceKey, validity, Optional.ofNullable(status));
  }
}
