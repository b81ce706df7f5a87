package kr.kdid.ledger.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kr.kdid.core.did.Did;
import kr.kdid.core.json.Json;

/**
 * A status list on the ledger (IETF Token Status List contents).
 *
 * @param issuer the list's issuer
 * @param listId its id, unique per issuer
 * @param bits bits per entry
 * @param size entries
 * @param lst the list, ZLIB-compressed and base64url-encoded, as the issuer submitted it
 * @param token the issuer's Status List Token (JWT) carrying {@code lst}
 * @param version 1 at creation, +1 per update
 * @param updated block time of this version
 * @param height block height of this version
 */
public record StatusListRecord(
    Did issuer,
    String listId,
    int bits,
    int size,
    String lst,
    String token,
    long version,
    String updated,
    long height) {

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("issuer", issuer.toString());
    o.put("listId", listId);
    o.put("bits", bits);
    o.put("size", size);
    o.put("lst", lst);
    o.put("token", token);
    o.put("version", version);
    o.put("updated", updated);
    o.put("height", height);
    return o;
  }

  public byte[] encode() {
    return Records.encode(toJson());
  }

  public static StatusListRecord decode(byte[] bytes) {
    return fromJson(Records.decode(bytes, "status list"));
  }

  public static StatusListRecord fromJson(JsonNode n) {
    return new StatusListRecord(
        Did.parse(n.path("issuer").asText()),
        n.path("listId").asText(),
        n.path("bits").asInt(),
        n.path("size").asInt(),
        n.path("lst").asText(),
        n.path("token").asText(),
        n.path("version").asLong(),
        n.path("updated").asText(),
        n.path("height").asLong());
  }
}
