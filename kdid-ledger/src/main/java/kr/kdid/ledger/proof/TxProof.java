package kr.kdid.ledger.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import kr.kdid.core.encoding.Hex;
import kr.kdid.core.json.Json;
import kr.kdid.core.merkle.MerkleTree;
import kr.kdid.ledger.block.TxOutcome;

/**
 * Proof that a block holds a transaction with a given outcome: an RFC 9162 inclusion proof of the
 * outcome's leaf in the block's transaction tree.
 *
 * @param outcome the transaction's outcome (id, hash, validity)
 * @param index its position in the block
 * @param path the inclusion path, leaf level first
 * @param header the signed header of the block
 */
public record TxProof(TxOutcome outcome, int index, List<byte[]> path, SignedHeader header) {
  public TxProof {
    path = List.copyOf(path);
  }

  /**
   * @throws ProofException if the path or the header's signatures do not verify
   */
  public void verify(TrustPolicy policy) throws ProofException {
    if (!policy.accepts(header)) {
      throw new ProofException("header lacks enough valid signatures of trusted nodes");
    }
    if (!MerkleTree.verifyInclusion(
        outcome.leafHash(),
        index,
        header.header().txCount(),
        path,
        Hex.decode(header.header().txRoot()))) {
      throw new ProofException("transaction " + outcome.id() + " is not in the block's tree");
    }
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.set("outcome", outcome.toJson());
    o.put("index", index);
    ArrayNode a = o.putArray("path");
    path.forEach(p -> a.add(Hex.encode(p)));
    o.set("signedHeader", header.toJson());
    return o;
  }

  public static TxProof fromJson(JsonNode n) {
    List<byte[]> path = new ArrayList<>();
    n.path("path").forEach(p -> path.add(Hex.decode(p.asText())));
    return new TxProof(
        TxOutcome.fromJson(n.get("outcome")),
        n.path("index").asInt(),
        path,
        SignedHeader.fromJson(n.get("signedHeader")));
  }
}
