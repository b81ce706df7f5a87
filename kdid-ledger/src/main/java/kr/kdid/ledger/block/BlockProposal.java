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
 * @param cosignatures nodes' signatures over headers of earlier blocks, to be recorded
 */
public record BlockProposal(
    String proposer, long time, List<String> transactions, List<Cosignature> cosignatures) {
  public BlockProposal {
    transactions = List.copyOf(transactions);
    cosignatures = List.copyOf(cosignatures);
  }

  public BlockProposal(String proposer, long time, List<String> transactions) {
    this(proposer, time, transactions, List.of());
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("proposer", proposer);
    o.put("time", time);
    ArrayNode a = o.putArray("transactions");
    transactions.forEach(a::add);
    if (!cosignatures.isEmpty()) {
      ArrayNode c = o.putArray("cosignatures");
      cosignatures.forEach(x -> c.add(x.toJson()));
    }
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
    List<Cosignature> cos = new ArrayList<>();
    n.path("cosignatures").forEach(x -> cos.add(Cosignature.fromJson(x)));
    return new BlockProposal(n.path("proposer").asText(), n.path("time").asLong(), txs, cos);
  }
}
