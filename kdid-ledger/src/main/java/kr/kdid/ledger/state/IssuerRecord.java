package kr.kdid.ledger.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import kr.kdid.core.did.Did;
import kr.kdid.core.json.Json;

/**
 * An accredited issuer in the trust registry.
 *
 * @param did the issuer's DID
 * @param name the issuing body
 * @param credentialTypes the types it may issue
 * @param status active or suspended
 * @param reason why it was suspended, or null
 * @param updated block time of the last change
 * @param height block height of the last change
 */
public record IssuerRecord(
    Did did,
    String name,
    List<String> credentialTypes,
    TrustStatus status,
    String reason,
    String updated,
    long height) {

  public IssuerRecord {
    credentialTypes = List.copyOf(credentialTypes);
  }

  public boolean isActive() {
    return status == TrustStatus.ACTIVE;
  }

  /** True if active and accredited for the type. */
  public boolean mayIssue(String credentialType) {
    return isActive() && credentialTypes.contains(credentialType);
  }

  public IssuerRecord withStatus(TrustStatus s, String why, String time, long h) {
    return new IssuerRecord(did, name, credentialTypes, s, why, time, h);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("did", did.toString());
    o.put("name", name);
    ArrayNode a = o.putArray("credentialTypes");
    credentialTypes.forEach(a::add);
    o.put("status", status.wireName());
    if (reason != null) {
      o.put("reason", reason);
    }
    o.put("updated", updated);
    o.put("height", height);
    return o;
  }

  public byte[] encode() {
    return Records.encode(toJson());
  }

  public static IssuerRecord decode(byte[] bytes) {
    return fromJson(Records.decode(bytes, "issuer"));
  }

  public static IssuerRecord fromJson(JsonNode n) {
    List<String> types = new ArrayList<>();
    n.path("credentialTypes").forEach(t -> types.add(t.asText()));
    return new IssuerRecord(
        Did.parse(n.path("did").asText()),
        n.path("name").asText(),
        types,
        TrustStatus.fromWireName(n.path("status").asText()),
        n.hasNonNull("reason") ? n.get("reason").asText() : null,
        n.path("updated").asText(),
        n.path("height").asLong());
  }
}
