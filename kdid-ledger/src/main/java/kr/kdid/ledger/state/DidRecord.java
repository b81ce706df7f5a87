package kr.kdid.ledger.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.json.CanonicalWriter;
import kr.kdid.core.json.Json;

/**
 * A DID as the ledger holds it, one record per version.
 *
 * @param did the DID
 * @param version 1 for the create, +1 for each update or the deactivation
 * @param document the document of this version (no methods once deactivated)
 * @param deactivated true from the deactivation on
 * @param created block time of the create (ISO-8601, seconds, UTC)
 * @param updated block time of this version
 * @param height block height of this version
 * @param txId the transaction that wrote this version
 */
public record DidRecord(
    Did did,
    long version,
    DidDocument document,
    boolean deactivated,
    String created,
    String updated,
    long height,
    String txId) {

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("did", did.toString());
    o.put("version", version);
    o.set("document", document.toJson());
    o.put("deactivated", deactivated);
    o.put("created", created);
    o.put("updated", updated);
    o.put("height", height);
    o.put("tx", txId);
    return o;
  }

  /**
   * The stored form: canonical JSON of {@link #toJson()}, written directly (one of these is written
   * for every DID operation on the serial apply path).
   */
  public byte[] encode() {
    CanonicalWriter w = new CanonicalWriter(512);
    w.beginObject().name("created").value(created).name("deactivated").value(deactivated);
    w.name("did").value(did.toString());
    document.writeCanonical(w.name("document"));
    w.name("height").value(height).name("tx").value(txId);
    return w.name("updated")
        .value(updated)
        .name("version")
        .value(version)
        .endObject()
        .toByteArray();
  }

  public static DidRecord decode(byte[] bytes) {
    return fromJson(Records.decode(bytes, "DID"));
  }

  public static DidRecord fromJson(JsonNode n) {
    return new DidRecord(
        Did.parse(n.path("did").asText()),
        n.path("version").asLong(),
        DidDocument.fromJson(n.get("document")),
        n.path("deactivated").asBoolean(),
        n.path("created").asText(),
        n.path("updated").asText(),
        n.path("height").asLong(),
        n.path("tx").asText());
  }
}
