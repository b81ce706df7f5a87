package kr.kdid.ledger.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kr.kdid.core.did.Did;
import kr.kdid.core.json.CanonicalWriter;
import kr.kdid.core.json.Json;

/**
 * An anchored batch of salted event commitments.
 *
 * @param author the issuer or relying party that anchored it
 * @param kind "issuance" or "verification"
 * @param root RFC 9162 Merkle root over the commitments, hex
 * @param count number of commitments
 * @param time block time
 * @param height block height
 * @param txId the anchoring transaction
 */
public record AnchorRecord(
    Did author, String kind, String root, int count, String time, long height, String txId) {

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("author", author.toString());
    o.put("kind", kind);
    o.put("root", root);
    o.put("count", count);
    o.put("time", time);
    o.put("height", height);
    o.put("tx", txId);
    return o;
  }

  /** Canonical JSON of {@link #toJson()}, written directly (anchors are the busiest records). */
  public byte[] encode() {
    return new CanonicalWriter(320)
        .beginObject()
        .name("author")
        .value(author.toString())
        .name("count")
        .value(count)
        .name("height")
        .value(height)
        .name("kind")
        .value(kind)
        .name("root")
        .value(root)
        .name("time")
        .value(time)
        .name("tx")
        .value(txId)
        .endObject()
        .toByteArray();
  }

  public static AnchorRecord decode(byte[] bytes) {
    return fromJson(Records.decode(bytes, "anchor"));
  }

  public static AnchorRecord fromJson(JsonNode n) {
    return new AnchorRecord(
        Did.parse(n.path("author").asText()),
        n.path("kind").asText(),
        n.path("root").asText(),
        n.path("count").asInt(),
        n.path("time").asText(),
        n.path("height").asLong(),
        n.path("tx").asText());
  }
}
