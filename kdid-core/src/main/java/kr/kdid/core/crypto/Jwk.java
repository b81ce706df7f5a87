package kr.kdid.core.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.CanonicalWriter;
import kr.kdid.core.json.Jcs;
import kr.kdid.core.json.Json;

/**
 * A JSON Web Key (RFC 7517) for the key types K-DID uses: EC P-256 and OKP Ed25519. Only the
 * members that define the key are kept; {@code d} is present for private keys only.
 *
 * @param kty "EC" or "OKP"
 * @param crv "P-256" or "Ed25519"
 * @param x base64url x coordinate (EC) or public key (OKP)
 * @param y base64url y coordinate (EC only, else null)
 * @param d base64url private key, or null for a public key
 * @param kid optional key id
 */
public record Jwk(String kty, String crv, String x, String y, String d, String kid) {

  public Jwk {
    Objects.requireNonNull(kty, "kty");
    Objects.requireNonNull(crv, "crv");
    Objects.requireNonNull(x, "x");
    switch (kty) {
      case "EC" -> {
        if (!"P-256".equals(crv)) {
          throw new IllegalArgumentException("unsupported EC curve: " + crv);
        }
        if (y == null) {
          throw new IllegalArgumentException("EC JWK needs y");
        }
      }
      case "OKP" -> {
        if (!"Ed25519".equals(crv)) {
          throw new IllegalArgumentException("unsupported OKP curve: " + crv);
        }
        if (y != null) {
          throw new IllegalArgumentException("OKP JWK must not have y");
        }
      }
      default -> throw new IllegalArgumentException("unsupported JWK kty: " + kty);
    }
  }

  /**
   * Reads a JWK object, ignoring members that do not define the key (use, key_ops, alg, x5c ...).
   *
   * @throws IllegalArgumentException if it is not a supported, well-formed JWK
   */
  public static Jwk fromJson(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("JWK must be a JSON object");
    }
    return new Jwk(
        text(node, "kty", true),
        text(node, "crv", true),
        text(node, "x", true),
        text(node, "y", false),
        text(node, "d", false),
        text(node, "kid", false));
  }

  /** Parses JWK JSON text. */
  public static Jwk parse(String json) {
    return fromJson(Json.parse(json));
  }

  private static String text(JsonNode node, String name, boolean required) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IllegalArgumentException("JWK lacks \"" + name + "\"");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("JWK member \"" + name + "\" must be a string");
    }
    return v.asText();
  }

  public boolean isPrivate() {
    return d != null;
  }

  /** This key without its private part and kid. */
  public Jwk toPublic() {
    return new Jwk(kty, crv, x, y, null, null);
  }

  public Jwk withKid(String newKid) {
    return new Jwk(kty, crv, x, y, d, newKid);
  }

  /** The JWK as a JSON object (members in a fixed order; use {@link Jcs} to hash it). */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("kty", kty);
    o.put("crv", crv);
    o.put("x", x);
    if (y != null) {
      o.put("y", y);
    }
    if (d != null) {
      o.put("d", d);
    }
    if (kid != null) {
      o.put("kid", kid);
    }
    return o;
  }

  /** Writes the JWK as canonical JSON, like {@code Jcs.canonicalize(toJson())}. */
  public CanonicalWriter writeCanonical(CanonicalWriter w) {
    w.beginObject().name("crv").value(crv);
    if (d != null) {
      w.name("d").value(d);
    }
    if (kid != null) {
      w.name("kid").value(kid);
    }
    w.name("kty").value(kty).name("x").value(x);
    if (y != null) {
      w.name("y").value(y);
    }
    return w.endObject();
  }

  /** RFC 7638 thumbprint input: the required public members only, canonical. */
  public byte[] thumbprintInput() {
    ObjectNode o = Json.object();
    o.put("crv", crv);
    o.put("kty", kty);
    o.put("x", x);
    if (y != null) {
      o.put("y", y);
    }
    return Jcs.canonicalize(o);
  }

  /** RFC 7638 SHA-256 thumbprint, base64url. */
  public String thumbprint() {
    return Base64Url.encode(Sha256.hash(thumbprintInput()));
  }

  @Override
  public String toString() {
    // Never print private key material.
    return "Jwk[kty="
        + kty
        + ", crv="
        + crv
        + ", x="
        + x
        + (d != null ? ", d=<redacted>" : "")
        + "]";
  }
}
