package kr.kdid.ledger.block;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import kr.kdid.core.json.Jcs;
import kr.kdid.core.json.Json;

/**
 * A block: header, transactions (compact JWS, in order), their outcomes, and node signatures over
 * the header. The signatures are not part of the header hash; everything else is bound to it
 * through {@link BlockHeader#txRoot()}.
 */
public record Block(
    BlockHeader header,
    List<String> transactions,
    List<TxOutcome> outcomes,
    List<HeaderSignature> signatures) {

  public Block {
    transactions = List.copyOf(transactions);
    outcomes = List.copyOf(outcomes);
    signatures = List.copyOf(signatures);
    if (transactions.size() != outcomes.size()) {
      throw new IllegalArgumentException("one outcome per transaction");
    }
  }

  public Block withSignatures(List<HeaderSignature> sigs) {
    return new Block(header, transactions, outcomes, sigs);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.set("header", header.toJson());
    ArrayNode t = o.putArray("transactions");
    transactions.forEach(t::add);
    ArrayNode r = o.putArray("outcomes");
    outcomes.forEach(x -> r.add(x.toJson()));
    ArrayNode s = o.putArray("signatures");
    signatures.forEach(x -> s.add(x.toJson()));
    return o;
  }

  public byte[] encode() {
    return Jcs.canonicalize(toJson());
  }

  /**
   * Reads a stored or transmitted block.
   *
   * @throws IllegalArgumentException if it is malformed
   */
  public static Block decode(byte[] bytes) {
    return fromJson(Json.parse(bytes));
  }

  public static Block fromJson(JsonNode n) {
    List<String> txs = new ArrayList<>();
    n.path("transactions").forEach(x -> txs.add(x.asText()));
    List<TxOutcome> outcomes = new ArrayList<>();
    n.path("outcomes").forEach(x -> outcomes.add(TxOutcome.fromJson(x)));
    List<HeaderSignature> sigs = new ArrayList<>();
    n.path("signatures").forEach(x -> sigs.add(HeaderSignature.fromJson(x)));
    return new Block(BlockHeader.fromJson(n.get("header")), txs, outcomes, sigs);
  }
}
