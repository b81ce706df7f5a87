package kr.kdid.credentials.mdoc;

import com.upokecenter.cbor.CBORObject;
import java.util.Objects;
import java.util.Optional;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.Sha256;

/**
 * The SessionTranscript that binds device authentication to one session (ISO/IEC 18013-5 §9.1.5.1,
 * OpenID4VP 1.0 Appendix B.2.6): {@code [DeviceEngagementBytes, EReaderKeyBytes, Handover]}, which
 * for OpenID4VP is {@code [null, null, Handover]}. Immutable.
 *
 * <p>Holds the decoded transcript (embedded as a data item in DeviceAuthentication and
 * ReaderAuthentication) and its encoding.
 */
public final class SessionTranscript {
  /** OpenID4VP 1.0 Handover identifier for the redirect-based (non-DC API) flows. */
  public static final String OPENID4VP_HANDOVER = "OpenID4VPHandover";

  /** OpenID4VP 1.0 Handover identifier for the Digital Credentials API. */
  public static final String OPENID4VP_DC_API_HANDOVER = "OpenID4VPDCAPIHandover";

  private final CBORObject transcript;
  private final byte[] encoded;

  private SessionTranscript(CBORObject transcript) {
    this.transcript = transcript;
    this.encoded = transcript.EncodeToBytes();
  }

  /**
   * OpenID4VP 1.0 redirect flows: Handover {@code ["OpenID4VPHandover", SHA-256(cbor([clientId,
   * nonce, jwkThumbprint or null, responseUri]))]}.
   *
   * @param clientId the client_id of the Authorization Request (with its prefix)
   * @param nonce the request's nonce
   * @param jwkThumbprint the RFC 7638 SHA-256 thumbprint (32 raw bytes) of the verifier's
   *     encryption key when the response is encrypted; empty otherwise
   * @param responseUri the response_uri (direct_post) or redirect_uri
   */
  public static SessionTranscript openId4VpRedirect(
      String clientId, String nonce, Optional<byte[]> jwkThumbprint, String responseUri) {
    return ofHandover(
        OPENID4VP_HANDOVER, openId4VpHandoverInfo(clientId, nonce, jwkThumbprint, responseUri));
  }

  /** As {@link #openId4VpRedirect(String, String, Optional, String)} with the verifier's JWK. */
  public static SessionTranscript openId4VpRedirect(
      String clientId, String nonce, Jwk encryptionKey, String responseUri) {
    return openId4VpRedirect(clientId, nonce, Optional.of(thumbprint(encryptionKey)), responseUri);
  }

  /**
   * OpenID4VP 1.0 over the Digital Credentials API: Handover {@code ["OpenID4VPDCAPIHandover",
   * SHA-256(cbor([origin, nonce, jwkThumbprint or null]))]}.
   *
   * @param origin the origin of the verifier as the platform reports it (e.g. "https://rp.example")
   */
  public static SessionTranscript openId4VpDcApi(
      String origin, String nonce, Optional<byte[]> jwkThumbprint) {
    return ofHandover(
        OPENID4VP_DC_API_HANDOVER, openId4VpDcApiHandoverInfo(origin, nonce, jwkThumbprint));
  }

  /** As {@link #openId4VpDcApi(String, String, Optional)} with the verifier's JWK. */
  public static SessionTranscript openId4VpDcApi(String origin, String nonce, Jwk encryptionKey) {
    return openId4VpDcApi(origin, nonce, Optional.of(thumbprint(encryptionKey)));
  }

  /** The encoded OpenID4VPHandoverInfo array. */
  public static byte[] openId4VpHandoverInfo(
      String clientId, String nonce, Optional<byte[]> jwkThumbprint, String responseUri) {
    CBORObject info = CBORObject.NewArray();
    info.Add(CBORObject.FromObject(Objects.requireNonNull(clientId, "clientId")));
    info.Add(CBORObject.FromObject(Objects.requireNonNull(nonce, "nonce")));
    info.Add(jwkThumbprint.map(CBORObject::FromObject).orElse(CBORObject.Null));
    info.Add(CBORObject.FromObject(Objects.requireNonNull(responseUri, "responseUri")));
    return info.EncodeToBytes();
  }

  /** The encoded OpenID4VPDCAPIHandoverInfo array. */
  public static byte[] openId4VpDcApiHandoverInfo(
      String origin, String nonce, Optional<byte[]> jwkThumbprint) {
    CBORObject info = CBORObject.NewArray();
    info.Add(CBORObject.FromObject(Objects.requireNonNull(origin, "origin")));
    info.Add(CBORObject.FromObject(Objects.requireNonNull(nonce, "nonce")));
    info.Add(jwkThumbprint.map(CBORObject::FromObject).orElse(CBORObject.Null));
    return info.EncodeToBytes();
  }

  private static SessionTranscript ofHandover(String name, byte[] handoverInfo) {
    CBORObject handover = CBORObject.NewArray();
    handover.Add(CBORObject.FromObject(name));
    handover.Add(CBORObject.FromObject(Sha256.hash(handoverInfo)));
    CBORObject t = CBORObject.NewArray();
    t.Add(CBORObject.Null);
    t.Add(CBORObject.Null);
    t.Add(handover);
    return new SessionTranscript(t);
  }

  /** The RFC 7638 SHA-256 thumbprint of a JWK, as raw bytes. */
  public static byte[] thumbprint(Jwk jwk) {
    return Sha256.hash(jwk.toPublic().thumbprintInput());
  }

  /**
   * A transcript from its encoding (the SessionTranscript array, e.g. one built by an ISO 18013-5
   * reader or ISO 18013-7 {@code ["dcapi", ...]} handover).
   *
   * @throws MdocException MALFORMED if it is not a 3-element array
   */
  public static SessionTranscript decode(byte[] encoded) throws MdocException {
    CBORObject t = Cbor.decode(encoded, "SessionTranscript");
    Cbor.array(t, 3, "SessionTranscript");
    return new SessionTranscript(t);
  }

  /** A transcript from SessionTranscriptBytes, {@code #6.24(bstr .cbor SessionTranscript)}. */
  public static SessionTranscript decodeTagged(byte[] sessionTranscriptBytes) throws MdocException {
    return decode(
        Cbor.tag24Content(
            Cbor.decode(sessionTranscriptBytes, "SessionTranscriptBytes"),
            "SessionTranscriptBytes"));
  }

  /** The encoded SessionTranscript array. */
  public byte[] encoded() {
    return encoded.clone();
  }

  /** SessionTranscriptBytes: {@code #6.24(bstr .cbor SessionTranscript)}, encoded. */
  public byte[] taggedBytes() {
    return Cbor.tag24Bytes(encoded);
  }

  /** The decoded transcript; never modified, only embedded into arrays that are encoded. */
  CBORObject cbor() {
    return transcript;
  }

  /**
   * DeviceAuthenticationBytes: {@code #6.24(bstr .cbor ["DeviceAuthentication", SessionTranscript,
   * DocType, DeviceNameSpacesBytes])}, encoded.
   */
  byte[] deviceAuthenticationBytes(String docType, byte[] deviceNameSpacesContent) {
    CBORObject a = CBORObject.NewArray();
    a.Add(CBORObject.FromObject("DeviceAuthentication"));
    a.Add(cbor());
    a.Add(CBORObject.FromObject(docType));
    a.Add(Cbor.tag24(deviceNameSpacesContent));
    return Cbor.tag24Bytes(a.EncodeToBytes());
  }

  /**
   * ReaderAuthenticationBytes: {@code #6.24(bstr .cbor ["ReaderAuthentication", SessionTranscript,
   * ItemsRequestBytes])}, encoded.
   */
  byte[] readerAuthenticationBytes(byte[] itemsRequestContent) {
    CBORObject a = CBORObject.NewArray();
    a.Add(CBORObject.FromObject("ReaderAuthentication"));
    a.Add(cbor());
    a.Add(Cbor.tag24(itemsRequestContent));
    return Cbor.tag24Bytes(a.EncodeToBytes());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionTranscript t && java.util.Arrays.equals(encoded, t.encoded);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "SessionTranscript[" + encoded.length + " bytes]";
  }
}
