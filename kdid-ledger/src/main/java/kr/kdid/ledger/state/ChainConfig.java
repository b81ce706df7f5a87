package kr.kdid.ledger.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.did.Did;
import kr.kdid.core.json.Json;
import kr.kdid.ledger.tx.TxBody.NodeInfo;

/**
 * The chain's configuration, written by the genesis block.
 *
 * @param chainId the id every transaction names
 * @param governance the governance authority's DID
 * @param nodes the nodes whose signatures on block headers count
 * @param genesisTime block time of genesis
 */
public record ChainConfig(
    String chainId, Did governance, List<NodeInfo> nodes, String genesisTime) {

  public ChainConfig {
    nodes = List.copyOf(nodes);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("chainId", chainId);
    o.put("governance", governance.toString());
    ArrayNode a = o.putArray("nodes");
    nodes.forEach(n -> a.add(n.toJson()));
    o.put("genesisTime", genesisTime);
    return o;
  }

  public byte[] encode() {
    return Records.encode(toJson());
  }

  public static ChainConfig decode(byte[] bytes) {
    return fromJson(Records.decode(bytes, "chain config"));
  }

  public static ChainConfig fromJson(JsonNode n) {
    List<NodeInfo> nodes = new ArrayList<>();
    for (JsonNode x : n.path("nodes")) {
      nodes.add(
          new NodeInfo(x.path("id").asText(), VerificationKey.fromJwk(Jwk.fromJson(x.get("key")))));
    }
    return new ChainConfig(
        n.path("chainId").asText(),
        Did.parse(n.path("governance").asText()),
        nodes,
        n.path("genesisTime").asText());
  }
}
