package kr.kdid.ledger.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import kr.kdid.core.crypto.Sha256;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.encoding.Hex;
import kr.kdid.core.json.Json;
import kr.kdid.ledger.smt.SmtProof;
import kr.kdid.ledger.smt.SparseMerkleTree;
import kr.kdid.ledger.state.StateKeys;

/**
 * Proof that, in the state after the block of {@code header}, {@code key} holds {@code value} (or
 * nothing, when value is null).
 *
 * @param key the state key
 * @param value the value's bytes, or null for a proof of absence
 * @param tree the state-tree path
 * @param header the signed header whose state root anchors the proof
 */
public record StateProof(String key, byte[] value, SmtProof tree, SignedHeader header) {

  /**
   * Checks the tree path against the header's state root and the header's signatures against the
   * policy.
   *
   * @throws ProofException if anything does not verify
   */
  public void verify(TrustPolicy policy) throws ProofException {
    if (!policy.accepts(header)) {
      throw new ProofException(
          "header at height "
              + header.header().height()
              + " lacks "
              + policy.required()
              + " valid signature(s) of trusted nodes");
    }
    byte[] root = Hex.decode(header.header().stateRoot());
    byte[] keyHash = SparseMerkleTree.keyHash(StateKeys.bytes(key));
    byte[] valueHash = value == null ? null : Sha256.hash(value);
    if (!tree.verify(root, keyHash, valueHash)) {
      throw new ProofException("state proof for " + key + " does not match the state root");
    }
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("key", key);
    if (value != null) {
      o.put("value", Base64Url.encode(value));
    } else {
      o.putNull("value");
    }
    ArrayNode s = o.putArray("siblings");
    tree.siblings().forEach(x -> s.add(Hex.encode(x)));
    if (tree.leafKeyHash() != null) {
      ObjectNode leaf = o.putObject("leaf");
      leaf.put("keyHash", Hex.encode(tree.leafKeyHash()));
      leaf.put("valueHash", Hex.encode(tree.leafValueHash()));
    }
    o.set("signedHeader", header.toJson());
    return o;
  }

  /**
   * Reads a proof.
   *
   * @throws IllegalArgumentException if malformed
   */
  public static StateProof fromJson(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("proof must be an object");
    }
    List<byte[]> siblings = new ArrayList<>();
    for (JsonNode s : n.path("siblings")) {
      siblings.add(Hex.decode(s.asText()));
    }
    byte[] lk = null;
    byte[] lv = null;
    JsonNode leaf = n.get("leaf");
    if (leaf != null && leaf.isObject()) {
      lk = Hex.decode(leaf.path("keyHash").asText());
      lv = Hex.decode(leaf.path("valueHash").asText());
    }
    JsonNode v = n.get("value");
    return new StateProof(
        n.path("key").asText(),
        v == null || v.isNull() ? null : Base64Url.decode(v.asText()),
        new SmtProof(siblings, lk, lv),
        SignedHeader.fromJson(n.get("signedHeader")));
  }
}
