package kr.kdid.ledger.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kr.kdid.core.did.Did;
import kr.kdid.core.json.Json;

/**
 * A registered relying party (verifier) in the trust registry.
 *
 * @param did the relying party's DID
 * @param name its name
 * @param purpose why it asks, shown to holders before they consent
 * @param claims for each credential type, the claims it may request
 * @param status active or suspended
 * @param reason why it was suspended, or null
 * @param updated block time of the last change
 * @param height block height of the last change
 */
public record RelyingPartyRecord(
    Did did,
    String name,
    String purpose,
    Map<String, List<String>> claims,
    TrustStatus status,
    String reason,
    String updated,
    long height) {

  public RelyingPartyRecord {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    claims.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    claims = Collections.unmodifiableMap(copy);
  }

  public boolean isActive() {
    return status == TrustStatus.ACTIVE;
  }

  /** True if active and registered to request this claim of this credential type. */
  public boolean mayRequest(String credentialType, String claim) {
    return isActive() && claims.getOrDefault(credentialType, List.of()).contains(claim);
  }

  public RelyingPartyRecord withStatus(TrustStatus s, String why, String time, long h) {
    return new RelyingPartyRecord(did, name, purpose, claims, s, why, time, h);
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("did", did.toString());
    o.put("name", name);
    o.put("purpose", purpose);
    ObjectNode c = o.putObject("claims");
    claims.forEach(
        (k, v) -> {
          ArrayNode a = c.putArray(k);
          v.forEach(a::add);
        });
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

  public static RelyingPartyRecord decode(byte[] bytes) {
    return fromJson(Records.decode(bytes, "relying party"));
  }

  public static RelyingPartyRecord fromJson(JsonNode n) {
    Map<String, List<String>> claims = new LinkedHashMap<>();
    for (var e : n.path("claims").properties()) {
      List<String> l = new ArrayList<>();
      e.getValue().forEach(x -> l.add(x.asText()));
      claims.put(e.getKey(), l);
    }
    return new RelyingPartyRecord(
        Did.parse(n.path("did").asText()),
        n.path("name").asText(),
        n.path("purpose").asText(),
        claims,
        TrustStatus.fromWireName(n.path("status").asText()),
        n.hasNonNull("reason") ? n.get("reason").asText() : null,
        n.path("updated").asText(),
        n.path("height").asLong());
  }
}
