package kr.kdid.ledger.block;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import kr.kdid.core.json.Json;

/**
 * What the orderer agrees on: an ordered batch of encoded transactions, the proposer's clock
 * reading and id. One proposal becomes one block (one consensus log entry). Everything else in the
 * block is computed by the state machine, deterministically, on every node.
 *
 * @param proposer the proposing node's id
 * @param time the proposer's clock in epoch milliseconds (the block time never goes backwards)
 * @param transactions compact-JWS transactions, in order
 */
public record BlockProposal(String proposer, long time, List<String> transactions) {
  public BlockProposal {
    transactions = List.copyOf(transactions);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("proposer", proposer);
    o.put("time", time);
    ArrayNode a = o.putArray("transactions");
    transactions.forEach(a::add);
    return o;
  }

  public byte[] encode() {
    return Json.bytes(toJson());
  }

  /**
   * Reads an encoded proposal.
   *
   * @throws IllegalArgumentException if malformed
   */
  public static BlockProposal decode(byte[] bytes) {
    JsonNode n = Json.parse(bytes);
    List<String> txs = new ArrayList<>();
    n.path("transactions").forEach(x -> txs.add(x.asText()));
    return new BlockProposal(n.path("proposer").asText(), n.path("time").asLong(), txs);
  }
}
