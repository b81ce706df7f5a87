package kr.kdid.ledger.block;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kr.kdid.core.json.CanonicalWriter;
import kr.kdid.core.json.Json;
import kr.kdid.core.merkle.MerkleTree;

/**
 * What became of one transaction in a block. Invalid transactions stay in the block with the code
 * and reason of their rejection; nothing is silently dropped.
 *
 * @param id the transaction id (hex)
 * @param hash SHA-256 of the encoded transaction, covering its signature (hex)
 * @param valid true if it was applied
 * @param code rejection code, or null if valid
 * @param reason rejection reason, or null if valid
 * @param nonceUsed for an invalid transaction: its signature verified, so its nonce is used up and
 *     the same signed transaction can never be applied later (always true when valid)
 */
public record TxOutcome(
    String id, String hash, boolean valid, String code, String reason, boolean nonceUsed) {

  public static TxOutcome valid(String id, String hash) {
    return new TxOutcome(id, hash, true, null, null, true);
  }

  public static TxOutcome invalid(
      String id, String hash, String code, String reason, boolean nonceUsed) {
    return new TxOutcome(id, hash, false, code, reason, nonceUsed);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("id", id);
    o.put("hash", hash);
    o.put("valid", valid);
    if (!valid) {
      o.put("code", code);
      o.put("reason", reason);
      if (nonceUsed) {
        o.put("nonceUsed", true);
      }
    }
    return o;
  }

  /** The canonical JSON of {@link #toJson()}, written directly. */
  public byte[] canonical() {
    return write(new CanonicalWriter(200)).toByteArray();
  }

  /** Writes the canonical JSON into a writer (members in canonical order). */
  public CanonicalWriter write(CanonicalWriter w) {
    w.beginObject();
    if (!valid) {
      w.name("code").value(code);
    }
    w.name("hash").value(hash).name("id").value(id);
    if (!valid && nonceUsed) {
      w.name("nonceUsed").value(true);
    }
    if (!valid) {
      w.name("reason").value(reason);
    }
    return w.name("valid").value(valid).endObject();
  }

  /** The leaf this outcome contributes to the block's transaction tree. */
  public byte[] leafHash() {
    return MerkleTree.leafHash(canonical());
  }

  public static TxOutcome fromJson(JsonNode n) {
    boolean valid = n.path("valid").asBoolean();
    return new TxOutcome(
        n.path("id").asText(),
        n.path("hash").asText(),
        valid,
        valid ? null : n.path("code").asText(),
        valid ? null : n.path("reason").asText(),
        valid || n.path("nonceUsed").asBoolean(false));
  }
}
