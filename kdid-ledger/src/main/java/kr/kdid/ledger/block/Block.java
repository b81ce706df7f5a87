package kr.kdid.ledger.block;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import kr.kdid.core.json.CanonicalWriter;
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

  /** The canonical JSON of {@link #toJson()}, written directly (blocks are megabytes). */
  public byte[] encode() {
    int size = 1024;
    for (String t : transactions) {
      size += t.length() + 220;
    }
    CanonicalWriter w = new CanonicalWriter(size);
    w.beginObject().name("header");
    header.write(w);
    w.name("outcomes").beginArray();
    outcomes.forEach(o -> o.write(w));
    w.endArray().name("signatures").beginArray();
    signatures.forEach(s -> s.write(w));
    w.endArray().name("transactions").beginArray();
    transactions.forEach(w::value);
    return w.endArray().endObject().toByteArray();
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
