package kr.kdid.credentials.sdjwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.sdjwt.SdJwtException.Reason;

/**
 * One Disclosure (RFC 9901 §4.2): the base64url encoding of {@code [salt, name, value]} for an
 * object property or {@code [salt, value]} for an array element, and its digest.
 *
 * <p>The {@link #encoded} string is kept exactly as received or created: digests and {@code
 * sd_hash} are computed over it, so it is never re-serialized. The other components are what it
 * decodes to; the canonical constructor checks that they are, so every instance is consistent.
 * Prefer {@link #parse}, {@link #ofClaim} and {@link #ofArrayElement}.
 *
 * <p>Immutable and thread-safe: {@link #value()} returns a fresh copy on every call. {@link
 * #toString()} shows only the digest and name, never the salt or the value.
 *
 * @param encoded the base64url Disclosure string, never null
 * @param salt the salt, never null
 * @param name the claim name, or null for an array element Disclosure
 * @param value the claim value or array element, never null (a JSON null is a {@code NullNode})
 * @param digest base64url(SHA-256(ASCII of {@code encoded})), never null
 */
public record Disclosure(String encoded, String salt, String name, JsonNode value, String digest) {

  /**
   * Checks that the components are what {@code encoded} decodes to.
   *
   * @throws IllegalArgumentException if they are not, or {@code encoded} is not a valid Disclosure
   */
  public Disclosure {
    Objects.requireNonNull(encoded, "encoded");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(digest, "digest");
    Decoded d;
    try {
      d = decode(encoded);
    } catch (SdJwtException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (!d.salt.equals(salt) || !Objects.equals(d.name, name) || !d.value.equals(value)) {
      throw new IllegalArgumentException("the Disclosure components differ from its encoding");
    }
    if (!Digests.of(encoded).equals(digest)) {
      throw new IllegalArgumentException("the digest does not match the encoded Disclosure");
    }
    value = d.value; // our own tree, not shared with the caller
  }

  /**
   * Parses a Disclosure string.
   *
   * @param encoded the base64url string as it appears between two "~"
   * @throws SdJwtException FORBIDDEN_CLAIM_NAME if the claim name is {@code _sd} or {@code ...};
   *     INVALID_DISCLOSURE if it is not base64url of a UTF-8 JSON array of two or three elements
   *     whose salt (and name) are strings
   */
  public static Disclosure parse(String encoded) throws SdJwtException {
    if (encoded == null) {
      throw new SdJwtException(Reason.INVALID_DISCLOSURE, "null Disclosure");
    }
    Decoded d = decode(encoded);
    return new Disclosure(encoded, d.salt, d.name, d.value, Digests.of(encoded));
  }

  /**
   * A new Disclosure for an object property.
   *
   * @param salt a fresh salt (RFC 9901 §9.3: at least 128 bits from a CSPRNG)
   * @param name the claim name; not {@code _sd}, {@code ...} or {@code _sd_alg}
   * @param value the claim value (copied); may itself hold {@code _sd} digests
   * @throws IllegalArgumentException for a forbidden name
   * @throws NullPointerException if any argument is null
   */
  public static Disclosure ofClaim(String salt, String name, JsonNode value) {
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (isForbiddenName(name)) {
      throw new IllegalArgumentException("a Disclosure must not name a claim " + name);
    }
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    array.add(salt).add(name).add(value);
    return encode(array);
  }

  /**
   * A new Disclosure for an array element.
   *
   * @param salt a fresh salt (RFC 9901 §9.3: at least 128 bits from a CSPRNG)
   * @param value the element (copied); may itself hold digests
   * @throws NullPointerException if any argument is null
   */
  public static Disclosure ofArrayElement(String salt, JsonNode value) {
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(value, "value");
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    array.add(salt).add(value);
    return encode(array);
  }

  /** True for an array element Disclosure ({@code [salt, value]}). */
  public boolean isArrayElement() {
    return name == null;
  }

  /** A copy of the disclosed value; the caller may modify it. */
  @Override
  public JsonNode value() {
    return value.deepCopy();
  }

  @Override
  public String toString() {
    return "Disclosure[" + digest + (name == null ? ", array element" : ", " + name) + "]";
  }

  private static Disclosure encode(ArrayNode array) {
    String encoded = Base64Url.encode(Json.bytes(array));
    try {
      return parse(encoded);
    } catch (SdJwtException e) {
      throw new IllegalArgumentException("value cannot be disclosed: " + e.getMessage(), e);
    }
  }

  static boolean isForbiddenName(String name) {
    return Digests.SD.equals(name) || Digests.ELLIPSIS.equals(name) || Digests.SD_ALG.equals(name);
  }

  private record Decoded(String salt, String name, JsonNode value) {}

  private static Decoded decode(String encoded) throws SdJwtException {
    if (encoded.isEmpty() || encoded.length() > SdJwt.MAX_LENGTH) {
      throw new SdJwtException(Reason.INVALID_DISCLOSURE, "Disclosure is empty or too long");
    }
    JsonNode array;
    try {
      array = Json.parse(Base64Url.decode(encoded));
    } catch (IllegalArgumentException e) { // bad base64url, or MalformedJsonException
      throw new SdJwtException(
          Reason.INVALID_DISCLOSURE, "Disclosure is not base64url-encoded JSON", e);
    }
    if (!array.isArray() || (array.size() != 2 && array.size() != 3)) {
      throw new SdJwtException(
          Reason.INVALID_DISCLOSURE, "Disclosure must be a JSON array of 2 or 3 elements");
    }
    if (!array.get(0).isTextual()) {
      throw new SdJwtException(Reason.INVALID_DISCLOSURE, "Disclosure salt must be a string");
    }
    String salt = array.get(0).textValue();
    if (array.size() == 2) {
      return new Decoded(salt, null, array.get(1));
    }
    if (!array.get(1).isTextual()) {
      throw new SdJwtException(Reason.INVALID_DISCLOSURE, "Disclosure claim name must be a string");
    }
    String name = array.get(1).textValue();
    if (isForbiddenName(name)) {
      throw new SdJwtException(
          Reason.FORBIDDEN_CLAIM_NAME, "Disclosure must not name a claim \"" + name + "\"");
    }
    return new Decoded(salt, name, array.get(2));
  }
}
