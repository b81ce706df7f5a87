package kr.kdid.credentials.mdoc;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tampering of test vectors: byte edits of the encoded vector at a located spot, and re-assembly of
 * a vector's structures with one part changed, through the library's own types.
 */
final class Tamper {
  private Tamper() {}

  /** The only offset of {@code needle} in {@code hay}; fails the test if it is not exactly one. */
  static int onlyOffset(byte[] hay, byte[] needle) {
    int found = -1;
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (java.util.Arrays.equals(hay, i, i + needle.length, needle, 0, needle.length)) {
        assertThat(found).as("the bytes occur more than once").isEqualTo(-1);
        found = i;
      }
    }
    assertThat(found).as("the bytes do not occur").isNotEqualTo(-1);
    return found;
  }

  /** A copy with the byte at {@code offset} XORed with 0x01. */
  static byte[] flip(byte[] b, int offset) {
    byte[] out = b.clone();
    out[offset] ^= 0x01;
    return out;
  }

  /** A copy with the only occurrence of {@code from} replaced by {@code to} (any length). */
  static byte[] replaceOnly(byte[] b, byte[] from, byte[] to) {
    int at = onlyOffset(b, from);
    byte[] out = new byte[b.length - from.length + to.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(to, 0, out, at, to.length);
    System.arraycopy(b, at + from.length, out, at + to.length, b.length - at - from.length);
    return out;
  }

  /** A signature with its last byte flipped (s changes, r stays). */
  static byte[] flippedSignature(byte[] sig) {
    return flip(sig, sig.length - 1);
  }

  /** The COSE_Mac0 tag of a deviceMac. */
  static byte[] macTag(CoseMac0 mac) {
    return mac.toCbor().get(3).GetByteString();
  }

  /** A deviceMac like {@code mac}, with another tag. */
  static CoseMac0 withTag(CoseMac0 mac, byte[] tag) throws MdocException {
    CBORObject o = mac.toCbor();
    o.set(3, CBORObject.FromObject(tag));
    return CoseMac0.fromCbor(o);
  }

  /** The IssuerSignedItem content (inside the tag-24 byte string), as encoded by its issuer. */
  static byte[] itemContent(IssuerSignedItem item) {
    return CBORObject.DecodeFromBytes(item.taggedBytes()).UntagOne().GetByteString();
  }

  /**
   * The item with its elementValue replaced <em>in the original bytes</em>: the issuer's key order,
   * digestID and random are kept, only the encoded value changes. The result is valid CBOR.
   */
  static IssuerSignedItem withValueInPlace(IssuerSignedItem item, CBORObject value)
      throws MdocException {
    byte[] content =
        replaceOnly(itemContent(item), item.elementValue().EncodeToBytes(), value.EncodeToBytes());
    return IssuerSignedItem.fromTagged(Cbor.tag24(content));
  }

  /** The IssuerSigned with one item of a namespace (by element identifier) replaced. */
  static IssuerSigned replaceItem(
      IssuerSigned is, String namespace, String elementIdentifier, IssuerSignedItem replacement) {
    Map<String, List<IssuerSignedItem>> ns = new LinkedHashMap<>();
    boolean replaced = false;
    for (var e : is.nameSpaces().entrySet()) {
      List<IssuerSignedItem> items = new ArrayList<>();
      for (IssuerSignedItem i : e.getValue()) {
        if (e.getKey().equals(namespace) && i.elementIdentifier().equals(elementIdentifier)) {
          items.add(replacement);
          replaced = true;
        } else {
          items.add(i);
        }
      }
      ns.put(e.getKey(), items);
    }
    assertThat(replaced).as(elementIdentifier + " is in " + namespace).isTrue();
    return new IssuerSigned(ns, is.issuerAuth());
  }

  /** The item of a namespace with this element identifier. */
  static IssuerSignedItem item(IssuerSigned is, String namespace, String elementIdentifier) {
    return is.nameSpaces().get(namespace).stream()
        .filter(i -> i.elementIdentifier().equals(elementIdentifier))
        .findFirst()
        .orElseThrow();
  }

  /** The document with another issuerSigned. */
  static Document with(Document d, IssuerSigned is) {
    return new Document(d.docType(), is, d.deviceSigned());
  }

  /** The document with another deviceSigned. */
  static Document with(Document d, DeviceSigned ds) {
    return new Document(d.docType(), d.issuerSigned(), ds);
  }

  /** The document with an issuerAuth whose signature has one byte flipped. */
  static Document withFlippedIssuerSignature(Document d) {
    CoseSign1 auth = d.issuerSigned().issuerAuth();
    return with(
        d,
        new IssuerSigned(
            d.issuerSigned().nameSpaces(), auth.withSignature(flippedSignature(auth.signature()))));
  }
}
