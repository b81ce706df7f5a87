package kr.kdid.credentials.mdoc;

import com.upokecenter.cbor.CBORObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * IssuerSigned (ISO/IEC 18013-5 §8.3.2.1.2.2): the issuer-signed data elements per namespace and
 * issuerAuth, the COSE_Sign1 over the MSO. This is what an issuer hands to a wallet (OpenID4VCI
 * format {@code mso_mdoc}: base64url of {@link #encode()}) and what a wallet presents, restricted
 * to the selected elements. Immutable.
 *
 * @param nameSpaces namespace to items, in the order received
 * @param issuerAuth the issuer's COSE_Sign1, payload MobileSecurityObjectBytes, x5chain DS cert
 */
public record IssuerSigned(Map<String, List<IssuerSignedItem>> nameSpaces, CoseSign1 issuerAuth) {

  public IssuerSigned {
    Objects.requireNonNull(issuerAuth, "issuerAuth");
    Map<String, List<IssuerSignedItem>> copy = new LinkedHashMap<>();
    nameSpaces.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    nameSpaces = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * The MSO of issuerAuth, parsed but <em>not verified</em>: use {@link MdocVerifier} to trust it.
   */
  public MobileSecurityObject mso() throws MdocException {
    byte[] p = issuerAuth.payloadUnsafe();
    if (p == null) {
      throw Cbor.malformed("issuerAuth has no payload");
    }
    return Cbor.guard("MSO", () -> MobileSecurityObject.fromTaggedBytes(p));
  }

  /**
   * The same credential with only the named elements (namespace to element identifiers); namespaces
   * with nothing selected are left out. The items keep their original bytes.
   */
  public IssuerSigned select(Map<String, Set<String>> elements) {
    Map<String, List<IssuerSignedItem>> out = new LinkedHashMap<>();
    for (var e : nameSpaces.entrySet()) {
      Set<String> wanted = elements.getOrDefault(e.getKey(), Set.of());
      List<IssuerSignedItem> kept = new ArrayList<>();
      for (IssuerSignedItem i : e.getValue()) {
        if (wanted.contains(i.elementIdentifier())) {
          kept.add(i);
        }
      }
      if (!kept.isEmpty()) {
        out.put(e.getKey(), kept);
      }
    }
    return new IssuerSigned(out, issuerAuth);
  }

  /** The IssuerSigned map. */
  public CBORObject toCbor() {
    CBORObject o = CBORObject.NewOrderedMap();
    if (!nameSpaces.isEmpty()) {
      CBORObject ns = CBORObject.NewOrderedMap();
      for (var e : nameSpaces.entrySet()) {
        CBORObject arr = CBORObject.NewArray();
        for (IssuerSignedItem i : e.getValue()) {
          arr.Add(i.toTagged());
        }
        ns.Add(e.getKey(), arr);
      }
      o.Add("nameSpaces", ns);
    }
    o.Add("issuerAuth", issuerAuth.toCbor());
    return o;
  }

  /** The encoded IssuerSigned (the {@code credential} of an OpenID4VCI mso_mdoc response). */
  public byte[] encode() {
    return toCbor().EncodeToBytes();
  }

  /**
   * Reads an encoded IssuerSigned.
   *
   * @throws MdocException MALFORMED for anything but a well-formed IssuerSigned
   */
  public static IssuerSigned decode(byte[] encoded) throws MdocException {
    return Cbor.guard("IssuerSigned", () -> fromCbor(Cbor.decode(encoded, "IssuerSigned")));
  }

  static IssuerSigned fromCbor(CBORObject o) throws MdocException {
    Cbor.map(o, "IssuerSigned");
    CoseSign1 auth = CoseSign1.fromCbor(Cbor.req(o, "issuerAuth", "IssuerSigned"));
    Map<String, List<IssuerSignedItem>> ns = new LinkedHashMap<>();
    CBORObject nso = Cbor.opt(o, "nameSpaces");
    if (nso != null) {
      Cbor.map(nso, "IssuerNameSpaces");
      for (CBORObject k : nso.getKeys()) {
        String name = Cbor.text(k, "namespace");
        CBORObject arr = Cbor.array(nso.get(k), "IssuerSignedItemBytes array");
        if (arr.size() == 0) {
          throw Cbor.malformed("a namespace must have at least one item");
        }
        List<IssuerSignedItem> items = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
          items.add(IssuerSignedItem.fromTagged(arr.get(i)));
        }
        ns.put(name, items);
      }
    }
    return new IssuerSigned(ns, auth);
  }
}
