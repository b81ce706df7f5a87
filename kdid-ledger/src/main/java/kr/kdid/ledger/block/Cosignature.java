package kr.kdid.ledger.block;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kr.kdid.core.json.Json;

/**
 * A node's signature over a header it applied, carried in a later block proposal so that every node
 * records it (a co-signed checkpoint). The header travels with the signature: if it differs from
 * the header the recording node has at that height, the two are conflicting signed headers,
 * evidence of a fork, and the ledger records that instead.
 */
public record Cosignature(BlockHeader header, HeaderSignature signature) {
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.set("header", header.toJson());
    o.set("signature", signature.toJson());
    return o;
  }

  /**
   * Reads a cosignature.
   *
   * @throws IllegalArgumentException if malformed
   */
  public static Cosignature fromJson(JsonNode n) {
    if (n == null || !n.isObject() || !n.path("signature").isObject()) {
      throw new IllegalArgumentException("a cosignature is {header, signature}");
    }
    return new Cosignature(
        BlockHeader.fromJson(n.get("header")), HeaderSignature.fromJson(n.get("signature")));
  }
}
