package kr.kdid.ledger.block;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kr.kdid.core.json.Json;

/**
 * A node's signature over a block header's {@link BlockHeader#signingBytes()}.
 *
 * @param node the signing node's id (from the chain configuration)
 * @param alg JWS algorithm name
 * @param signature base64url signature
 */
public record HeaderSignature(String node, String alg, String signature) {
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("node", node);
    o.put("alg", alg);
    o.put("sig", signature);
    return o;
  }

  /** Writes the canonical JSON into a writer. */
  public kr.kdid.core.json.CanonicalWriter write(kr.kdid.core.json.CanonicalWriter w) {
    return w.beginObject()
        .name("alg")
        .value(alg)
        .name("node")
        .value(node)
        .name("sig")
        .value(signature)
        .endObject();
  }

  public static HeaderSignature fromJson(JsonNode n) {
    return new HeaderSignature(
        n.path("node").asText(), n.path("alg").asText(), n.path("sig").asText());
  }
}
