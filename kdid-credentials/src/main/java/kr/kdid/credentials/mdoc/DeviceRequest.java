package kr.kdid.credentials.mdoc;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kr.kdid.core.crypto.P256Key;
import kr.kdid.credentials.mdoc.MdocException.Reason;

/**
 * A DeviceRequest (ISO/IEC 18013-5 §8.3.2.1.2.1) as the mdoc receives it: per document, the
 * ItemsRequest (kept as its original bytes) and an optional readerAuth. Immutable.
 *
 * @param docRequests the requested documents
 */
public record DeviceRequest(List<DocRequest> docRequests) {

  public DeviceRequest {
    docRequests = List.copyOf(docRequests);
  }

  /** One requested document. */
  public static final class DocRequest {
    private final String docType;
    private final Map<String, Map<String, Boolean>> nameSpaces;
    private final byte[] itemsRequest; // bstr content of ItemsRequestBytes
    private final CoseSign1 readerAuth;

    private DocRequest(
        String docType,
        Map<String, Map<String, Boolean>> nameSpaces,
        byte[] itemsRequest,
        CoseSign1 readerAuth) {
      this.docType = docType;
      this.nameSpaces = nameSpaces;
      this.itemsRequest = itemsRequest;
      this.readerAuth = readerAuth;
    }

    /** The requested document type. */
    public String docType() {
      return docType;
    }

    /** Namespace to element identifier to IntentToRetain. */
    public Map<String, Map<String, Boolean>> nameSpaces() {
      return nameSpaces;
    }

    byte[] itemsRequestContent() {
      return itemsRequest.clone();
    }

    /** The readerAuth, if the reader authenticated. */
    public Optional<CoseSign1> readerAuth() {
      return Optional.ofNullable(readerAuth);
    }

    /**
     * Verifies readerAuth: ES256 with the x5chain leaf certificate over ReaderAuthenticationBytes
     * (detached). Whether that certificate is trusted (chains to a reader CA the holder accepts) is
     * the caller's decision.
     *
     * @return the reader certificate
     * @throws MdocException READER_SIGNATURE_INVALID if there is no readerAuth, no certificate, or
     *     the signature does not verify; ISSUER_CERTIFICATE_INVALID if the certificate is not P-256
     */
    public X509Certificate verifyReaderAuth(SessionTranscript transcript) throws MdocException {
      if (readerAuth == null || readerAuth.x5chainUnsafe().isEmpty()) {
        throw new MdocException(Reason.READER_SIGNATURE_INVALID, "no readerAuth with x5chain");
      }
      byte[] der = readerAuth.x5chainUnsafe().get(0);
      P256Key key =
          X509Support.p256(
              X509Support.parse(der, Reason.ISSUER_CERTIFICATE_INVALID).getSubjectPublicKeyInfo());
      if (!readerAuth.verify(key, transcript.readerAuthenticationBytes(itemsRequest))) {
        throw new MdocException(Reason.READER_SIGNATURE_INVALID, "readerAuth does not verify");
      }
      return X509Support.jdk(der);
    }
  }

  /**
   * Reads an encoded DeviceRequest.
   *
   * @throws MdocException MALFORMED for a wrong shape; UNSUPPORTED_VERSION for a version other than
   *     1.x
   */
  public static DeviceRequest decode(byte[] encoded) throws MdocException {
    try {
      CBORObject o = Cbor.map(Cbor.decode(encoded, "DeviceRequest"), "DeviceRequest");
      String version = Cbor.text(Cbor.req(o, "version", "DeviceRequest"), "version");
      if (!version.startsWith("1.")) {
        throw new MdocException(Reason.UNSUPPORTED_VERSION, "DeviceRequest version " + version);
      }
      CBORObject arr = Cbor.array(Cbor.req(o, "docRequests", "DeviceRequest"), "docRequests");
      List<DocRequest> out = new ArrayList<>();
      for (int i = 0; i < arr.size(); i++) {
        CBORObject dr = Cbor.map(arr.get(i), "DocRequest");
        byte[] items = Cbor.tag24Content(Cbor.req(dr, "itemsRequest", "DocRequest"), "items");
        CBORObject ir = Cbor.map(Cbor.decode(items, "ItemsRequest"), "ItemsRequest");
        String docType = Cbor.text(Cbor.req(ir, "docType", "ItemsRequest"), "docType");
        CBORObject ns = Cbor.map(Cbor.req(ir, "nameSpaces", "ItemsRequest"), "nameSpaces");
        Map<String, Map<String, Boolean>> names = new LinkedHashMap<>();
        for (CBORObject k : ns.getKeys()) {
          CBORObject elems = Cbor.map(ns.get(k), "DataElements");
          Map<String, Boolean> m = new LinkedHashMap<>();
          for (CBORObject e : elems.getKeys()) {
            CBORObject intent = elems.get(e);
            if (intent.isTagged() || intent.getType() != CBORType.Boolean) {
              throw Cbor.malformed("IntentToRetain must be a boolean");
            }
            m.put(Cbor.text(e, "element identifier"), intent.isTrue());
          }
          names.put(Cbor.text(k, "namespace"), Collections.unmodifiableMap(m));
        }
        CBORObject ra = Cbor.opt(dr, "readerAuth");
        out.add(
            new DocRequest(
                docType,
                Collections.unmodifiableMap(names),
                items,
                ra == null ? null : CoseSign1.fromCbor(ra)));
      }
      return new DeviceRequest(out);
    } catch (com.upokecenter.cbor.CBORException | IllegalStateException e) {
      throw new MdocException(Reason.MALFORMED, "malformed DeviceRequest", e);
    }
  }
}
