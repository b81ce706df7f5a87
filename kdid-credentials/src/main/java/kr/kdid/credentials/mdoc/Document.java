package kr.kdid.credentials.mdoc;

import com.upokecenter.cbor.CBORObject;
import java.util.Objects;

/**
 * One presented mdoc (ISO/IEC 18013-5 §8.3.2.1.2.2): {@code {docType, issuerSigned, deviceSigned}}.
 * Immutable.
 *
 * @param docType the document type claimed by the holder (checked against the MSO on verification)
 * @param issuerSigned the disclosed elements and issuerAuth
 * @param deviceSigned device authentication over the session
 */
public record Document(String docType, IssuerSigned issuerSigned, DeviceSigned deviceSigned) {

  public Document {
    Objects.requireNonNull(docType, "docType");
    Objects.requireNonNull(issuerSigned, "issuerSigned");
    Objects.requireNonNull(deviceSigned, "deviceSigned");
  }

  /** The Document map. */
  public CBORObject toCbor() {
    CBORObject o = CBORObject.NewOrderedMap();
    o.Add("docType", docType);
    o.Add("issuerSigned", issuerSigned.toCbor());
    o.Add("deviceSigned", deviceSigned.toCbor());
    return o;
  }

  /** The encoded Document. */
  public byte[] encode() {
    return toCbor().EncodeToBytes();
  }

  /**
   * Reads an encoded Document.
   *
   * @throws MdocException MALFORMED (or UNSUPPORTED_ALGORITHM for a COSE algorithm other than ES256
   *     / HMAC 256/256)
   */
  public static Document decode(byte[] encoded) throws MdocException {
    return Cbor.guard("Document", () -> fromCbor(Cbor.decode(encoded, "Document")));
  }

  static Document fromCbor(CBORObject o) throws MdocException {
    Cbor.map(o, "Document");
    String docType = Cbor.text(Cbor.req(o, "docType", "Document"), "docType");
    IssuerSigned is = IssuerSigned.fromCbor(Cbor.req(o, "issuerSigned", "Document"));
    DeviceSigned ds = DeviceSigned.fromCbor(Cbor.req(o, "deviceSigned", "Document"));
    return new Document(docType, is, ds);
  }
}
