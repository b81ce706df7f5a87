package kr.kdid.verifier.oid4vp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.catalog.CredentialType;

/**
 * The DCQL query (OpenID4VP §6) of a K-DID presentation request: one credential query for an SD-JWT
 * VC of one type, with top-level claims that are all required (no {@code claim_sets}, no {@code
 * credential_sets}, one presentation, holder binding required by default):
 *
 * <pre>{@code
 * {"credentials":[{"id":"mdl","format":"dc+sd-jwt","meta":{"vct_values":["urn:kdid:kr:mdl:1"]},
 *   "claims":[{"path":["given_name"]},{"path":["age_over_19"]}]}]}
 * }</pre>
 *
 * @param queryId the credential query id, the key of the presentation in {@code vp_token}
 * @param vct the requested type's {@code vct}
 * @param claims the requested top-level claim names, in order, distinct, non-empty
 */
public record DcqlQuery(String queryId, String vct, List<String> claims) {

  /**
   * @throws IllegalArgumentException if the query id is not {@code [A-Za-z0-9_-]+}, or the claims
   *     are empty or repeated
   */
  public DcqlQuery {
    if (queryId == null || !queryId.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("a credential query id is [A-Za-z0-9_-]+: " + queryId);
    }
    Objects.requireNonNull(vct, "vct");
    claims = List.copyOf(claims);
    if (claims.isEmpty() || new HashSet<>(claims).size() != claims.size()) {
      throw new IllegalArgumentException("claims must be non-empty and distinct");
    }
  }

  /**
   * The query for claims of a catalog type; its id is the last segment of the type id ("kr.mdl"
   * gives "mdl").
   */
  public static DcqlQuery forType(CredentialType type, List<String> claims) {
    String id = type.id().substring(type.id().lastIndexOf('.') + 1);
    id = id.replaceAll("[^A-Za-z0-9_-]", "_").toLowerCase(Locale.ROOT);
    return new DcqlQuery(id.isEmpty() ? "credential" : id, type.vct(), claims);
  }

  public ObjectNode toJson() {
    ObjectNode q = Json.object();
    ObjectNode c = q.putArray("credentials").addObject();
    c.put("id", queryId);
    c.put("format", OpenId4Vp.FORMAT_SD_JWT_VC);
    c.putObject("meta").putArray("vct_values").add(vct);
    ArrayNode cl = c.putArray("claims");
    for (String name : claims) {
      cl.addObject().putArray("path").add(name);
    }
    return q;
  }

  /**
   * Reads a query of this shape back (as stored with a request).
   *
   * @throws IllegalArgumentException if the JSON is not such a query
   */
  public static DcqlQuery fromJson(JsonNode q) {
    JsonNode creds = q.path("credentials");
    if (!creds.isArray() || creds.size() != 1) {
      throw new IllegalArgumentException("expected one credential query");
    }
    JsonNode c = creds.get(0);
    JsonNode vcts = c.path("meta").path("vct_values");
    if (!OpenId4Vp.FORMAT_SD_JWT_VC.equals(c.path("format").asText())
        || !vcts.isArray()
        || vcts.size() != 1) {
      throw new IllegalArgumentException("expected a dc+sd-jwt query for one vct");
    }
    List<String> claims = new ArrayList<>();
    for (JsonNode cl : c.path("claims")) {
      JsonNode path = cl.path("path");
      if (!path.isArray() || path.size() != 1 || !path.get(0).isTextual()) {
        throw new IllegalArgumentException("expected top-level claim paths");
      }
      claims.add(path.get(0).textValue());
    }
    return new DcqlQuery(c.path("id").asText(null), vcts.get(0).asText(), claims);
  }
}
