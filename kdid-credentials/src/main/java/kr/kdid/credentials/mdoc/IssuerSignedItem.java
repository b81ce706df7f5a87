package kr.kdid.credentials.mdoc;

import com.upokecenter.cbor.CBORObject;
import java.util.Objects;
import kr.kdid.core.crypto.Sha256;

/**
 * One data element as the issuer signed it (ISO/IEC 18013-5 §8.3.2.1.2.2): {@code {digestID,
 * random, elementIdentifier, elementValue}}, carried as IssuerSignedItemBytes {@code #6.24(bstr
 * .cbor IssuerSignedItem)}.
 *
 * <p>The item keeps the encoded bytes it was read from, and its digest is computed over them, never
 * over a re-encoding: issuers differ in key order (the EUDI reference issuer writes {@code random}
 * first), and re-encoding would change the digest. The tag-24 wrapper around those bytes is written
 * with the shortest length header. Immutable.
 */
public final class IssuerSignedItem {
  private final long digestId;
  private final byte[] random;
  private final String elementIdentifier;
  private final CBORObject elementValue;
  private final byte[] encoded; // the bstr content of the tag-24 item, as received or created

  private IssuerSignedItem(
      long digestId, byte[] random, String id, CBORObject value, byte[] encoded) {
    this.digestId = digestId;
    this.random = random;
    this.elementIdentifier = id;
    this.elementValue = value;
    this.encoded = encoded;
  }

  /**
   * A new item, encoded in the order digestID, random, elementIdentifier, elementValue.
   *
   * @param random the salt, at least 16 bytes
   * @throws IllegalArgumentException for a short salt or a negative digestID
   */
  public static IssuerSignedItem create(
      long digestId, byte[] random, String elementIdentifier, CBORObject elementValue) {
    if (digestId < 0) {
      throw new IllegalArgumentException("digestID must be non-negative");
    }
    if (random.length < 16) {
      throw new IllegalArgumentException("random must be at least 16 bytes");
    }
    Objects.requireNonNull(elementIdentifier, "elementIdentifier");
    Objects.requireNonNull(elementValue, "elementValue");
    CBORObject o = CBORObject.NewOrderedMap();
    o.Add("digestID", digestId);
    o.Add("random", CBORObject.FromObject(random));
    o.Add("elementIdentifier", elementIdentifier);
    o.Add("elementValue", elementValue);
    return new IssuerSignedItem(
        digestId, random.clone(), elementIdentifier, elementValue, o.EncodeToBytes());
  }

  /** Reads IssuerSignedItemBytes ({@code #6.24(bstr)}), keeping the original item bytes. */
  static IssuerSignedItem fromTagged(CBORObject tagged) throws MdocException {
    byte[] inner = Cbor.tag24Content(tagged, "IssuerSignedItemBytes");
    CBORObject o = Cbor.map(Cbor.decode(inner, "IssuerSignedItem"), "IssuerSignedItem");
    long id = Cbor.uint(Cbor.req(o, "digestID", "IssuerSignedItem"), "digestID");
    byte[] random = Cbor.bytes(Cbor.req(o, "random", "IssuerSignedItem"), "random");
    String name =
        Cbor.text(Cbor.req(o, "elementIdentifier", "IssuerSignedItem"), "elementIdentifier");
    CBORObject value = Cbor.req(o, "elementValue", "IssuerSignedItem");
    return new IssuerSignedItem(id, random, name, value, inner);
  }

  /** IssuerSignedItemBytes as it travels: {@code #6.24(bstr)} around the original bytes. */
  CBORObject toTagged() {
    return Cbor.tag24(encoded);
  }

  /** The encoding of IssuerSignedItemBytes, over which the MSO digest is computed. */
  public byte[] taggedBytes() {
    return Cbor.tag24Bytes(encoded);
  }

  /** SHA-256 of {@link #taggedBytes()}. */
  public byte[] digest() {
    return Sha256.hash(taggedBytes());
  }

  public long digestId() {
    return digestId;
  }

  /** The salt (a copy). */
  public byte[] random() {
    return random.clone();
  }

  public String elementIdentifier() {
    return elementIdentifier;
  }

  /**
   * The element value as decoded CBOR (a full-date is a text string with tag 1004, a portrait a
   * byte string). The object is shared: do not modify it.
   */
  public CBORObject elementValue() {
    return elementValue;
  }

  @Override
  public String toString() {
    return "IssuerSignedItem[" + digestId + ", " + elementIdentifier + "]";
  }
}
