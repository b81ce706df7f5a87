package kr.kdid.core.did;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.KeyCache;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.json.CanonicalWriter;
import kr.kdid.core.json.Json;

/**
 * A verification method of a DID document: an id (a DID URL with a fragment), a type, a controller,
 * and exactly one public key in {@code publicKeyJwk} or {@code publicKeyMultibase}. The key is
 * parsed and validated on construction; private keys are refused.
 *
 * @param id absolute DID URL
 * @param type e.g. "JsonWebKey2020", "JsonWebKey" or "Multikey"
 * @param controller the DID that controls this method
 * @param publicKeyJwk the key as a JWK, or null
 * @param publicKeyMultibase the key as multibase, or null
 */
public record VerificationMethod(
    String id, String type, Did controller, Jwk publicKeyJwk, String publicKeyMultibase) {

  public static final String TYPE_JWK_2020 = "JsonWebKey2020";
  public static final String TYPE_JWK = "JsonWebKey";
  public static final String TYPE_MULTIKEY = "Multikey";

  public VerificationMethod {
    DidUrl url = DidUrl.parse(id);
    if (url.fragment() == null) {
      throw new InvalidDidException("verification method id needs a fragment: " + id);
    }
    if (type == null || type.isBlank()) {
      throw new InvalidDidException("verification method " + id + " has no type");
    }
    if (controller == null) {
      throw new InvalidDidException("verification method " + id + " has no controller");
    }
    if ((publicKeyJwk == null) == (publicKeyMultibase == null)) {
      throw new InvalidDidException(
          "verification method " + id + " needs exactly one of publicKeyJwk, publicKeyMultibase");
    }
    if (publicKeyJwk != null && publicKeyJwk.isPrivate()) {
      throw new InvalidDidException("verification method " + id + " carries a private key");
    }
    // Validate the key now so that an invalid key never sits in a document.
    try {
      if (publicKeyJwk != null) {
        KeyCache.of(publicKeyJwk);
      } else {
        KeyCache.ofMultibase(publicKeyMultibase);
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidDidException(
          "verification method " + id + " has an invalid key: " + e.getMessage(), e);
    }
  }

  /** A JsonWebKey2020 method for a key. */
  public static VerificationMethod jwk(String id, Did controller, VerificationKey key) {
    return new VerificationMethod(id, TYPE_JWK_2020, controller, key.toJwk(), null);
  }

  /** A Multikey method for a key. */
  public static VerificationMethod multikey(String id, Did controller, VerificationKey key) {
    return new VerificationMethod(id, TYPE_MULTIKEY, controller, null, key.toMultibase());
  }

  /** The public key, shared through {@link KeyCache} so that repeated use is fast. */
  public VerificationKey key() {
    return publicKeyJwk != null
        ? KeyCache.of(publicKeyJwk)
        : KeyCache.ofMultibase(publicKeyMultibase);
  }

  /** The fragment of the id (e.g. "key-1"). */
  public String fragment() {
    return DidUrl.parse(id).fragment();
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("id", id);
    o.put("type", type);
    o.put("controller", controller.toString());
    if (publicKeyJwk != null) {
      o.set("publicKeyJwk", publicKeyJwk.toJson());
    } else {
      o.put("publicKeyMultibase", publicKeyMultibase);
    }
    return o;
  }

  /** Writes the method as canonical JSON, like {@code Jcs.canonicalize(toJson())}. */
  public CanonicalWriter writeCanonical(CanonicalWriter w) {
    w.beginObject().name("controller").value(controller.toString()).name("id").value(id);
    if (publicKeyJwk != null) {
      publicKeyJwk.writeCanonical(w.name("publicKeyJwk"));
    } else {
      w.name("publicKeyMultibase").value(publicKeyMultibase);
    }
    return w.name("type").value(type).endObject();
  }

  /**
   * Reads a verification method; relative ids ("#key-1") are resolved against {@code base}.
   *
   * @throws InvalidDidException if it is malformed
   */
  public static VerificationMethod fromJson(JsonNode node, Did base) {
    if (node == null || !node.isObject()) {
      throw new InvalidDidException("verification method must be an object");
    }
    String id = requiredText(node, "id");
    String absolute = DidUrl.resolveReference(base, id).toString();
    String controller = node.hasNonNull("controller") ? requiredText(node, "controller") : null;
    Jwk jwk = null;
    if (node.has("publicKeyJwk")) {
      try {
        jwk = Jwk.fromJson(node.get("publicKeyJwk"));
      } catch (IllegalArgumentException e) {
        throw new InvalidDidException("bad publicKeyJwk in " + absolute + ": " + e.getMessage(), e);
      }
    }
    String multibase =
        node.has("publicKeyMultibase") ? requiredText(node, "publicKeyMultibase") : null;
    return new VerificationMethod(
        absolute,
        requiredText(node, "type"),
        controller == null ? null : Did.parse(controller),
        jwk,
        multibase);
  }

  private static String requiredText(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || !v.isTextual()) {
      throw new InvalidDidException("verification method needs a string \"" + name + "\"");
    }
    return v.asText();
  }
}
