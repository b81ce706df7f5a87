package kr.kdid.credentials.mdoc;

import com.upokecenter.cbor.CBORObject;
import java.util.ArrayList;
import java.util.List;
import kr.kdid.credentials.mdoc.MdocException.Reason;

/**
 * DeviceResponse (ISO/IEC 18013-5 §8.3.2.1.2.2): {@code {version: "1.0", documents, status}}. In
 * OpenID4VP 1.0 (Appendix B.2) the vp_token value for an mso_mdoc credential is the base64url
 * encoding of {@link #encode()}. Immutable. {@code documentErrors} and per-document errors are not
 * modelled and are ignored when reading.
 *
 * @param documents the returned documents
 * @param status 0 for OK (§8.3.2.1.2.3)
 */
public record DeviceResponse(List<Document> documents, long status) {
  /** The DeviceResponse version. */
  public static final String VERSION = "1.0";

  public DeviceResponse {
    documents = List.copyOf(documents);
    if (status < 0) {
      throw new IllegalArgumentException("status must be non-negative");
    }
  }

  /** An OK response (status 0) with these documents. */
  public static DeviceResponse of(List<Document> documents) {
    return new DeviceResponse(documents, 0);
  }

  /** The encoded DeviceResponse. */
  public byte[] encode() {
    CBORObject o = CBORObject.NewOrderedMap();
    o.Add("version", VERSION);
    if (!documents.isEmpty()) {
      CBORObject arr = CBORObject.NewArray();
      for (Document d : documents) {
        arr.Add(d.toCbor());
      }
      o.Add("documents", arr);
    }
    o.Add("status", status);
    return o.EncodeToBytes();
  }

  /**
   * Reads an encoded DeviceResponse.
   *
   * @throws MdocException MALFORMED for a wrong shape, UNSUPPORTED_VERSION for a version other than
   *     "1.0" (a major version 1 with another minor is accepted)
   */
  public static DeviceResponse decode(byte[] encoded) throws MdocException {
    return Cbor.guard("DeviceResponse", () -> read(encoded));
  }

  private static DeviceResponse read(byte[] encoded) throws MdocException {
    CBORObject o = Cbor.map(Cbor.decode(encoded, "DeviceResponse"), "DeviceResponse");
    String version = Cbor.text(Cbor.req(o, "version", "DeviceResponse"), "version");
    if (!version.startsWith("1.")) {
      throw new MdocException(Reason.UNSUPPORTED_VERSION, "DeviceResponse version " + version);
    }
    long status = Cbor.uint(Cbor.req(o, "status", "DeviceResponse"), "status");
    List<Document> docs = new ArrayList<>();
    CBORObject arr = Cbor.opt(o, "documents");
    if (arr != null) {
      Cbor.array(arr, "documents");
      for (int i = 0; i < arr.size(); i++) {
        docs.add(Document.fromCbor(arr.get(i)));
      }
    }
    return new DeviceResponse(docs, status);
  }
}
