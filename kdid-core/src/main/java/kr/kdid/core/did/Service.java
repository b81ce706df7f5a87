package kr.kdid.core.did;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kr.kdid.core.json.CanonicalWriter;
import kr.kdid.core.json.Jcs;
import kr.kdid.core.json.Json;

/**
 * A service of a DID document (W3C DID Core §5.4).
 *
 * @param id absolute URI (usually a DID URL with a fragment)
 * @param type a string or an array of strings
 * @param serviceEndpoint a string, a map, or an array of them
 */
public record Service(String id, JsonNode type, JsonNode serviceEndpoint) {
  public Service {
    if (id == null || id.isBlank()) {
      throw new InvalidDidException("service needs an id");
    }
    if (type == null || !(type.isTextual() || type.isArray())) {
      throw new InvalidDidException("service " + id + " needs a type (string or array)");
    }
    if (serviceEndpoint == null
        || !(serviceEndpoint.isTextual()
            || serviceEndpoint.isObject()
            || serviceEndpoint.isArray())) {
      throw new InvalidDidException("service " + id + " needs a serviceEndpoint");
    }
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("id", id);
    o.set("type", type);
    o.set("serviceEndpoint", serviceEndpoint);
    return o;
  }

  /** Writes the service as canonical JSON, like {@code Jcs.canonicalize(toJson())}. */
  public CanonicalWriter writeCanonical(CanonicalWriter w) {
    return w.beginObject()
        .name("id")
        .value(id)
        .name("serviceEndpoint")
        .raw(Jcs.canonicalize(serviceEndpoint))
        .name("type")
        .raw(Jcs.canonicalize(type))
        .endObject();
  }

  /** Reads a service; relative ids ("#hub") are resolved against {@code base}. */
  public static Service fromJson(JsonNode node, Did base) {
    if (node == null || !node.isObject()) {
      throw new InvalidDidException("service must be an object");
    }
    JsonNode id = node.get("id");
    if (id == null || !id.isTextual()) {
      throw new InvalidDidException("service needs a string id");
    }
    String absolute =
        id.asText().startsWith("#")
            ? DidUrl.resolveReference(base, id.asText()).toString()
            : id.asText();
    return new Service(absolute, node.get("type"), node.get("serviceEndpoint"));
  }
}
