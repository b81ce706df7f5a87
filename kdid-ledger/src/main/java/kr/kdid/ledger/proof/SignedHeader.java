package kr.kdid.ledger.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import kr.kdid.core.json.Json;
import kr.kdid.ledger.block.BlockHeader;
import kr.kdid.ledger.block.HeaderSignature;

/** A block header with the node signatures over it: the anchor of every proof. */
public record SignedHeader(BlockHeader header, List<HeaderSignature> signatures) {
  public SignedHeader {
    signatures = List.copyOf(signatures);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.set("header", header.toJson());
    ArrayNode a = o.putArray("signatures");
    signatures.forEach(s -> a.add(s.toJson()));
    o.put("hash", header.hashHex());
    return o;
  }

  /**
   * Reads a signed header.
   *
   * @throws IllegalArgumentException if malformed
   */
  public static SignedHeader fromJson(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("signed header must be an object");
    }
    List<HeaderSignature> sigs = new ArrayList<>();
    n.path("signatures").forEach(s -> sigs.add(HeaderSignature.fromJson(s)));
    return new SignedHeader(BlockHeader.fromJson(n.get("header")), sigs);
  }
}
