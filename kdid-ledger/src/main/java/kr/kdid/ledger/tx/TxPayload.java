package kr.kdid.ledger.tx;

import com.fasterxml.jackson.databind.node.ObjectNode;
import kr.kdid.core.did.DidUrl;
import kr.kdid.core.json.Json;

/**
 * What a transaction's author signs.
 *
 * @param version payload format version (1)
 * @param chain the chain id (from genesis), so a transaction cannot be replayed on another chain
 * @param signer the verification method that signs, a DID URL with a fragment
 * @param nonce 16 to 64 random bytes, base64url; a signer's nonce is accepted once
 * @param expires optional deadline (seconds since the epoch): a block whose time is later refuses
 *     the transaction, so a signed transaction cannot be held back and applied much later
 * @param body the type-specific body
 */
public record TxPayload(
    int version, String chain, DidUrl signer, String nonce, Long expires, TxBody body) {
  public static final int VERSION = 1;

  public TxType type() {
    return body.type();
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("v", version);
    o.put("chain", chain);
    o.put("type", body.type().wireName());
    o.put("signer", signer.toString());
    o.put("nonce", nonce);
    if (expires != null) {
      o.put("exp", expires);
    }
    o.set("body", body.toJson());
    return o;
  }
}
