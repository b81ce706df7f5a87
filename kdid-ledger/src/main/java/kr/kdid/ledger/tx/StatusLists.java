package kr.kdid.ledger.tx;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import kr.kdid.core.encoding.Base64Url;

/**
 * Rules and codecs for status lists as the ledger holds them: the IETF Token Status List "lst" form
 * (a byte array, DEFLATE-compressed with the ZLIB format, base64url-encoded).
 */
public final class StatusLists {
  /** Smallest list the ledger accepts: 2^17 entries, so that one credential hides among many. */
  public static final int MIN_SIZE = 131_072;

  /** Largest list: 2^22 entries. */
  public static final int MAX_SIZE = 1 << 22;

  /** Longest "lst" text accepted in a transaction. */
  public static final int MAX_ENCODED_LENGTH = 1 << 20;

  private StatusLists() {}

  /** The JWS {@code typ} of Status List Tokens. */
  public static final String TOKEN_TYP = "statuslist+jwt";

  /** The path every Status List Token's {@code sub} ends with, for a list on the ledger. */
  public static String uriPath(kr.kdid.core.did.Did issuer, String listId) {
    return "/v1/status-lists/" + issuer + "/" + listId;
  }

  /**
   * A status list's place on the ledger, as named by the end of its URI.
   *
   * @param issuer the list's issuer
   * @param listId the list's id
   */
  public record ListAddress(kr.kdid.core.did.Did issuer, String listId) {}

  private static final String URI_MARKER = "/v1/status-lists/";

  /**
   * The inverse of {@link #uriPath}: the issuer and list id of a status list URI {@code
   * <base>/v1/status-lists/<issuer DID>/<listId>}, whatever the base. Only the path's shape is
   * checked; whether the list exists, and whether a token's {@code sub} equals the URI, is the
   * caller's business.
   *
   * @return empty if the URI does not end with a well-formed status list path (a DID and a list id
   *     of {@link TxBody#LIST_ID}), or has a query or fragment
   */
  public static java.util.Optional<ListAddress> parseUri(String uri) {
    if (uri == null || uri.indexOf('?') >= 0 || uri.indexOf('#') >= 0) {
      return java.util.Optional.empty();
    }
    int at = uri.lastIndexOf(URI_MARKER);
    if (at < 0) {
      return java.util.Optional.empty();
    }
    String rest = uri.substring(at + URI_MARKER.length());
    int slash = rest.lastIndexOf('/');
    if (slash <= 0) {
      return java.util.Optional.empty();
    }
    String did = rest.substring(0, slash);
    String listId = rest.substring(slash + 1);
    if (!TxBody.LIST_ID.matcher(listId).matches() || !kr.kdid.core.did.Did.isValid(did)) {
      return java.util.Optional.empty();
    }
    kr.kdid.core.did.Did issuer = kr.kdid.core.did.Did.parse(did);
    if (!uri.endsWith(uriPath(issuer, listId))) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new ListAddress(issuer, listId));
  }

  /**
   * The parts of a Status List Token the ledger checks, before its signature is verified.
   *
   * @param jws the parsed token
   * @param kid the signing key's DID URL
   * @param bits bits per status
   * @param lst the compressed list
   * @param sub the token's subject, the list's URI
   */
  public record Token(kr.kdid.core.jose.Jws jws, String kid, int bits, String lst, String sub) {}

  /**
   * Parses a Status List Token and checks its form: {@code typ}, a {@code kid}, {@code sub} ending
   * with {@link #uriPath}, {@code iat}, and {@code status_list} with {@code bits} and {@code lst}.
   *
   * @throws TxRejectedException (INVALID_STATUS_LIST) naming the problem
   */
  public static Token parseToken(String token, kr.kdid.core.did.Did issuer, String listId)
      throws TxRejectedException {
    kr.kdid.core.jose.Jws jws;
    com.fasterxml.jackson.databind.node.ObjectNode p;
    try {
      jws = kr.kdid.core.jose.Jws.parse(token);
      p = jws.payloadJson();
    } catch (kr.kdid.core.jose.JoseException e) {
      throw new TxRejectedException(RejectCode.INVALID_STATUS_LIST, "token: " + e.getMessage());
    }
    if (!TOKEN_TYP.equals(jws.typ())) {
      throw new TxRejectedException(
          RejectCode.INVALID_STATUS_LIST, "token typ must be " + TOKEN_TYP);
    }
    if (jws.kid() == null) {
      throw new TxRejectedException(RejectCode.INVALID_STATUS_LIST, "token needs a kid");
    }
    String sub = p.path("sub").asText("");
    if (!sub.endsWith(uriPath(issuer, listId))) {
      throw new TxRejectedException(
          RejectCode.INVALID_STATUS_LIST,
          "token sub must end with " + uriPath(issuer, listId) + ", not " + sub);
    }
    if (!p.path("iat").isIntegralNumber()) {
      throw new TxRejectedException(RejectCode.INVALID_STATUS_LIST, "token needs iat");
    }
    var sl = p.path("status_list");
    if (!sl.path("bits").isIntegralNumber() || !sl.path("lst").isTextual()) {
      throw new TxRejectedException(
          RejectCode.INVALID_STATUS_LIST, "token needs status_list with bits and lst");
    }
    return new Token(jws, jws.kid(), sl.get("bits").asInt(), sl.get("lst").asText(), sub);
  }

  /** Bytes a list of {@code size} entries of {@code bits} bits occupies. */
  public static int byteLength(int size, int bits) {
    return (int) (((long) size * bits + 7) / 8);
  }

  /**
   * Decodes and inflates "lst", checking that it holds exactly {@code expectedBytes} bytes. Stops
   * inflating as soon as the output would be too long, so a compression bomb costs nothing.
   *
   * @throws TxRejectedException (INVALID_STATUS_LIST) if it is not valid
   */
  public static byte[] decode(String lst, int expectedBytes) throws TxRejectedException {
    byte[] compressed;
    try {
      compressed = Base64Url.decode(lst);
    } catch (IllegalArgumentException e) {
      throw new TxRejectedException(RejectCode.INVALID_STATUS_LIST, "lst is not base64url");
    }
    Inflater inf = new Inflater();
    try {
      inf.setInput(compressed);
      byte[] out = new byte[expectedBytes];
      int n = 0;
      while (n < expectedBytes && !inf.finished()) {
        int r = inf.inflate(out, n, expectedBytes - n);
        if (r == 0 && (inf.needsInput() || inf.needsDictionary())) {
          break;
        }
        n += r;
      }
      if (n != expectedBytes) {
        throw new TxRejectedException(
            RejectCode.INVALID_STATUS_LIST, "lst holds " + n + " bytes, expected " + expectedBytes);
      }
      byte[] extra = new byte[1];
      if (!inf.finished() && inf.inflate(extra) > 0) {
        throw new TxRejectedException(
            RejectCode.INVALID_STATUS_LIST, "lst holds more than " + expectedBytes + " bytes");
      }
      if (!inf.finished()) {
        throw new TxRejectedException(RejectCode.INVALID_STATUS_LIST, "lst is truncated");
      }
      if (inf.getRemaining() > 0) {
        throw new TxRejectedException(
            RejectCode.INVALID_STATUS_LIST, "lst has bytes after the end of its ZLIB stream");
      }
      return out;
    } catch (DataFormatException e) {
      throw new TxRejectedException(
          RejectCode.INVALID_STATUS_LIST, "lst is not ZLIB-compressed data");
    } finally {
      inf.end();
    }
  }

  /** Compresses a list (ZLIB, best compression) and base64url-encodes it. */
  public static String encode(byte[] list) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
    try {
      d.setInput(list);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      while (!d.finished()) {
        int n = d.deflate(buf);
        out.write(buf, 0, n);
      }
      return Base64Url.encode(out.toByteArray());
    } finally {
      d.end();
    }
  }

  /**
   * The status at {@code index} (bits 1, 2, 4 or 8; least significant bits first, as in the spec).
   */
  public static int get(byte[] list, int bits, int index) {
    int perByte = 8 / bits;
    int b = list[index / perByte] & 0xFF;
    int shift = (index % perByte) * bits;
    return (b >>> shift) & ((1 << bits) - 1);
  }

  /** Sets the status at {@code index} in place. */
  public static void set(byte[] list, int bits, int index, int status) {
    int perByte = 8 / bits;
    int mask = (1 << bits) - 1;
    if (status < 0 || status > mask) {
      throw new IllegalArgumentException("status does not fit in " + bits + " bits");
    }
    int i = index / perByte;
    int shift = (index % perByte) * bits;
    list[i] = (byte) ((list[i] & ~(mask << shift)) | (status << shift));
  }
}
