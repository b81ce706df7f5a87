package kr.kdid.core.did;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kr.kdid.core.json.Json;

/**
 * DID document metadata (W3C DID Core §7.1.3). Timestamps are XML datetime strings (UTC, "Z").
 *
 * @param created when the DID was created, or null
 * @param updated when the returned version was written, or null
 * @param deactivated true once the DID is deactivated
 * @param versionId the returned version, or null
 * @param nextVersionId the version after the returned one, if a later one exists
 * @param nextUpdate when the next version was written, if a later one exists
 */
public record DocumentMetadata(
    String created,
    String updated,
    boolean deactivated,
    String versionId,
    String nextVersionId,
    String nextUpdate) {

  public static final DocumentMetadata EMPTY =
      new DocumentMetadata(null, null, false, null, null, null);

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    if (created != null) {
      o.put("created", created);
    }
    if (updated != null) {
      o.put("updated", updated);
    }
    if (deactivated) {
      o.put("deactivated", true);
    }
    if (versionId != null) {
      o.put("versionId", versionId);
    }
    if (nextVersionId != null) {
      o.put("nextVersionId", nextVersionId);
    }
    if (nextUpdate != null) {
      o.put("nextUpdate", nextUpdate);
    }
    return o;
  }

  public static DocumentMetadata fromJson(JsonNode n) {
    if (n == null || !n.isObject()) {
      return EMPTY;
    }
    return new DocumentMetadata(
        text(n, "created"),
        text(n, "updated"),
        n.path("deactivated").asBoolean(false),
        text(n, "versionId"),
        text(n, "nextVersionId"),
        text(n, "nextUpdate"));
  }

  private static String text(JsonNode n, String name) {
    JsonNode v = n.get(name);
    return v != null && v.isTextual() ? v.asText() : null;
  }
}
