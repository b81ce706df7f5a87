package kr.kdid.credentials.mdoc;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.ArrayList;
import java.util.List;
import kr.kdid.credentials.mdoc.MdocException.Reason;

/**
 * Checked access to {@link CBORObject}s decoded from untrusted bytes: every shape error becomes an
 * {@link MdocException} with {@link Reason#MALFORMED}, never an unchecked exception of the CBOR
 * library.
 */
final class Cbor {
  static final int TAG_ENCODED_CBOR = 24;
  static final int TAG_TDATE = 0;
  static final int TAG_FULL_DATE = 1004;

  private Cbor() {}

  /** Decodes exactly one CBOR item (no trailing bytes, no duplicate map keys). */
  static CBORObject decode(byte[] bytes, String what) throws MdocException {
    if (bytes == null || bytes.length == 0) {
      throw malformed(what + " is empty");
    }
    try {
      return CBORObject.DecodeFromBytes(bytes);
    } catch (CBORException | IllegalArgumentException | IllegalStateException e) {
      throw new MdocException(Reason.MALFORMED, what + " is not well-formed CBOR", e);
    } catch (ArithmeticException | IndexOutOfBoundsException e) {
      throw new MdocException(Reason.MALFORMED, what + " is not well-formed CBOR", e);
    }
  }

  /** A parsing step that may meet unexpected shapes. */
  @FunctionalInterface
  interface Step<T> {
    T run() throws MdocException;
  }

  /**
   * Runs a parsing step, turning any unchecked exception the CBOR library throws on odd input into
   * {@link Reason#MALFORMED}.
   */
  static <T> T guard(String what, Step<T> step) throws MdocException {
    try {
      return step.run();
    } catch (CBORException | IllegalStateException | IllegalArgumentException e) {
      throw new MdocException(Reason.MALFORMED, what + " is malformed", e);
    } catch (ArithmeticException | IndexOutOfBoundsException e) {
      throw new MdocException(Reason.MALFORMED, what + " is malformed", e);
    }
  }

  static MdocException malformed(String message) {
    return new MdocException(Reason.MALFORMED, message);
  }

  static boolean isMap(CBORObject o) {
    return o != null && !o.isTagged() && o.getType() == CBORType.Map;
  }

  static CBORObject map(CBORObject o, String what) throws MdocException {
    if (!isMap(o)) {
      throw malformed(what + " must be a map");
    }
    return o;
  }

  static CBORObject array(CBORObject o, String what) throws MdocException {
    if (o == null || o.isTagged() || o.getType() != CBORType.Array) {
      throw malformed(what + " must be an array");
    }
    return o;
  }

  static CBORObject array(CBORObject o, int size, String what) throws MdocException {
    array(o, what);
    if (o.size() != size) {
      throw malformed(what + " must have " + size + " elements");
    }
    return o;
  }

  /** The member of a map, or null if absent. */
  static CBORObject opt(CBORObject map, String key) {
    return map.GetOrDefault(CBORObject.FromObject(key), null);
  }

  /** The member of a map with an integer key, or null if absent. */
  static CBORObject opt(CBORObject map, int key) {
    return map.GetOrDefault(CBORObject.FromObject(key), null);
  }

  static CBORObject req(CBORObject map, String key, String what) throws MdocException {
    CBORObject v = opt(map, key);
    if (v == null) {
      throw malformed(what + " lacks \"" + key + "\"");
    }
    return v;
  }

  static String text(CBORObject o, String what) throws MdocException {
    if (o == null || o.isTagged() || o.getType() != CBORType.TextString) {
      throw malformed(what + " must be a text string");
    }
    return o.AsString();
  }

  static byte[] bytes(CBORObject o, String what) throws MdocException {
    if (o == null || o.isTagged() || o.getType() != CBORType.ByteString) {
      throw malformed(what + " must be a byte string");
    }
    return o.GetByteString();
  }

  static long uint(CBORObject o, String what) throws MdocException {
    if (o == null
        || o.isTagged()
        || o.getType() != CBORType.Integer
        || !o.CanValueFitInInt64()
        || o.AsInt64Value() < 0) {
      throw malformed(what + " must be an unsigned integer");
    }
    return o.AsInt64Value();
  }

  static long integer(CBORObject o, String what) throws MdocException {
    if (o == null || o.isTagged() || o.getType() != CBORType.Integer || !o.CanValueFitInInt64()) {
      throw malformed(what + " must be an integer");
    }
    return o.AsInt64Value();
  }

  /** The content of an encoded-CBOR item {@code #6.24(bstr)}. */
  static byte[] tag24Content(CBORObject o, String what) throws MdocException {
    if (o == null
        || !o.HasOneTag(TAG_ENCODED_CBOR)
        || o.UntagOne().getType() != CBORType.ByteString) {
      throw malformed(what + " must be #6.24(bstr)");
    }
    return o.UntagOne().GetByteString();
  }

  /** {@code #6.24(bstr .cbor item)} for the encoded item. */
  static CBORObject tag24(byte[] encodedItem) {
    return CBORObject.FromObject(encodedItem).WithTag(TAG_ENCODED_CBOR);
  }

  /** The encoding of {@code #6.24(bstr .cbor item)}. */
  static byte[] tag24Bytes(byte[] encodedItem) {
    return tag24(encodedItem).EncodeToBytes();
  }

  /** The elements of an array, each checked to be a byte string. */
  static List<byte[]> byteStrings(CBORObject arr, String what) throws MdocException {
    List<byte[]> out = new ArrayList<>(arr.size());
    for (int i = 0; i < arr.size(); i++) {
      out.add(bytes(arr.get(i), what + "[" + i + "]"));
    }
    return out;
  }
}
