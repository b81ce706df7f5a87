package kr.kdid.core.jose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.Json;
import kr.kdid.core.json.MalformedJsonException;

/**
 * A compact JWS (RFC 7515 §7.1) with a JSON header, signed with ES256 or EdDSA. Parsing checks the
 * form only; {@link #verify} checks the signature with a key the caller chose. "none" and MAC
 * algorithms are never accepted. Immutable.
 *
 * @param encoded the compact serialization
 * @param header the protected header
 * @param payload the payload bytes
 * @param signature the signature bytes
 * @param signingInput ASCII of {@code header.payload} as encoded
 */
public record Jws(
    String encoded, ObjectNode header, byte[] payload, byte[] signature, byte[] signingInput) {

  /** Longest JWS accepted by {@link #parse}. */
  public static final int MAX_LENGTH = 1 << 22;

  /**
   * Parses a compact JWS.
   *
   * @throws JoseException if it is not three base64url parts with a JSON object header
   */
  public static Jws parse(String compact) throws JoseException {
    if (compact == null || compact.isEmpty()) {
      throw new JoseException("empty JWS");
    }
    if (compact.length() > MAX_LENGTH) {
      throw new JoseException("JWS too long");
    }
    int d1 = compact.indexOf('.');
    int d2 = d1 < 0 ? -1 : compact.indexOf('.', d1 + 1);
    if (d1 <= 0 || d2 < 0 || compact.indexOf('.', d2 + 1) >= 0) {
      throw new JoseException("a compact JWS has three parts: header.payload.signature");
    }
    byte[] h;
    byte[] p;
    byte[] s;
    try {
      h = Base64Url.decode(compact.substring(0, d1));
      p = Base64Url.decode(compact.substring(d1 + 1, d2));
      s = Base64Url.decode(compact.substring(d2 + 1));
    } catch (IllegalArgumentException e) {
      throw new JoseException("JWS parts must be base64url");
    }
    JsonNode header;
    try {
      header = Json.parse(h);
    } catch (MalformedJsonException e) {
      throw new JoseException("JWS header is not JSON: " + e.getMessage());
    }
    if (!header.isObject()) {
      throw new JoseException("JWS header must be a JSON object");
    }
    return new Jws(
        compact,
        (ObjectNode) header,
        p,
        s,
        compact.substring(0, d2).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Signs a payload. The header gets {@code alg} from the signer; other members come from {@code
   * header} (e.g. {@code typ}, {@code kid}).
   */
  public static Jws sign(ObjectNode header, byte[] payload, Signer signer) {
    ObjectNode h = header.deepCopy();
    h.put("alg", signer.algorithm().jwsName());
    String input = Base64Url.encode(Json.bytes(h)) + "." + Base64Url.encode(payload);
    byte[] in = input.getBytes(StandardCharsets.US_ASCII);
    byte[] sig = signer.sign(in);
    return new Jws(input + "." + Base64Url.encode(sig), h, payload, sig, in);
  }

  /** Signs a JSON payload. */
  public static Jws sign(ObjectNode header, JsonNode payload, Signer signer) {
    return sign(header, Json.bytes(payload), signer);
  }

  /** The header's {@code alg} as a supported algorithm. */
  public SignatureAlgorithm algorithm() throws JoseException {
    String alg = header.path("alg").asText("");
    try {
      return SignatureAlgorithm.fromJwsName(alg);
    } catch (IllegalArgumentException e) {
      throw new JoseException("unsupported JWS alg \"" + alg + "\"");
    }
  }

  /** A header member as text, or null. */
  public String headerText(String name) {
    JsonNode v = header.get(name);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  /** The header's {@code typ}, or null. */
  public String typ() {
    return headerText("typ");
  }

  /** The header's {@code kid}, or null. */
  public String kid() {
    return headerText("kid");
  }

  /**
   * The payload as a JSON object.
   *
   * @throws JoseException if it is not a JSON object
   */
  public ObjectNode payloadJson() throws JoseException {
    JsonNode n;
    try {
      n = Json.parse(payload);
    } catch (MalformedJsonException e) {
      throw new JoseException("JWS payload is not JSON: " + e.getMessage());
    }
    if (!n.isObject()) {
      throw new JoseException("JWS payload must be a JSON object");
    }
    return (ObjectNode) n;
  }

  /**
   * True if the signature verifies with the key and the header's {@code alg} matches the key's
   * algorithm. Never throws.
   */
  public boolean verify(VerificationKey key) {
    try {
      return algorithm() == key.algorithm() && key.verify(signingInput, signature);
    } catch (JoseException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return encoded;
  }
}
