package kr.kdid.verifier.oid4vp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.catalog.CredentialType;

/**
 * The DCQL query (OpenID4VP §6) of a K-DID presentation request: one or more credential queries,
 * each for one credential type in one format (SD-JWT VC {@code dc+sd-jwt}, or ISO mdoc {@code
 * mso_mdoc}) with claims that are all required, and optionally {@code credential_sets} saying which
 * combinations of them satisfy the verifier (OpenID4VP §6.2):
 *
 * <pre>{@code
 * {"credentials":[
 *    {"id":"veteran","format":"dc+sd-jwt","meta":{"vct_values":["urn:kdid:kr:veteran:1"]},
 *     "claims":[{"path":["status_war_participant"]}]},
 *    {"id":"rrc","format":"dc+sd-jwt","meta":{"vct_values":["urn:kdid:kr:rrc:1"]},
 *     "claims":[{"path":["family_name"]}]},
 *    {"id":"mdl","format":"mso_mdoc","meta":{"doctype_value":"org.iso.18013.5.1.mDL"},
 *     "claims":[{"path":["org.iso.18013.5.1","family_name"]}]}],
 *  "credential_sets":[{"options":[["veteran"]]},{"options":[["rrc"],["mdl"]]}]}
 * }</pre>
 *
 * <p>Without {@code credential_sets} every credential query must be answered.
 *
 * @param credentials the credential queries, ids unique, at least one
 * @param credentialSets the sets (empty: all queries required)
 */
public record DcqlQuery(List<CredentialQuery> credentials, List<CredentialSet> credentialSets) {

  /** The mdoc format identifier (OpenID4VP Appendix B.2). */
  public static final String FORMAT_MSO_MDOC = "mso_mdoc";

  /** At most this many credential queries in one request. */
  public static final int MAX_CREDENTIALS = 8;

  /**
   * One credential query.
   *
   * @param id the query id, the key of its presentation in {@code vp_token}
   * @param format {@code dc+sd-jwt} or {@code mso_mdoc}
   * @param typeValue the SD-JWT VC {@code vct}, or the mdoc doctype
   * @param namespace the mdoc namespace of the claims (null for SD-JWT VC)
   * @param claims the requested claim names, in order, distinct, non-empty
   */
  public record CredentialQuery(
      String id, String format, String typeValue, String namespace, List<String> claims) {
    public CredentialQuery {
      if (id == null || !id.matches("[A-Za-z0-9_-]{1,64}")) {
        throw new IllegalArgumentException("a credential query id is [A-Za-z0-9_-]+: " + id);
      }
      if (!OpenId4Vp.FORMAT_SD_JWT_VC.equals(format) && !FORMAT_MSO_MDOC.equals(format)) {
        throw new IllegalArgumentException("format must be dc+sd-jwt or mso_mdoc: " + format);
      }
      Objects.requireNonNull(typeValue, "typeValue");
      if (FORMAT_MSO_MDOC.equals(format) == (namespace == null)) {
        throw new IllegalArgumentException("an mdoc query names a namespace; an SD-JWT one not");
      }
      claims = List.copyOf(claims);
      if (claims.isEmpty() || new HashSet<>(claims).size() != claims.size()) {
        throw new IllegalArgumentException("claims must be non-empty and distinct");
      }
    }

    public boolean isMdoc() {
      return FORMAT_MSO_MDOC.equals(format);
    }
  }

  /**
   * A credential set: the verifier is satisfied by any one of its options, each a list of
   * credential query ids that must all be answered.
   *
   * @param options at least one, each non-empty
   * @param required whether the set must be satisfied (default true)
   */
  public record CredentialSet(List<List<String>> options, boolean required) {
    public CredentialSet {
      options = options.stream().map(List::copyOf).toList();
      if (options.isEmpty() || options.stream().anyMatch(List::isEmpty)) {
        throw new IllegalArgumentException("a credential set has non-empty options");
      }
    }
  }

  /**
   * @throws IllegalArgumentException if ids repeat, a set names an unknown query, or a query is in
   *     no set while sets are given
   */
  public DcqlQuery {
    credentials = List.copyOf(credentials);
    credentialSets = List.copyOf(credentialSets);
    if (credentials.isEmpty() || credentials.size() > MAX_CREDENTIALS) {
      throw new IllegalArgumentException(
          "a request asks for 1 to " + MAX_CREDENTIALS + " credentials");
    }
    Set<String> ids = new HashSet<>();
    for (CredentialQuery q : credentials) {
      if (!ids.add(q.id())) {
        throw new IllegalArgumentException("credential query id " + q.id() + " is used twice");
      }
    }
    Set<String> inSets = new HashSet<>();
    for (CredentialSet s : credentialSets) {
      for (List<String> option : s.options()) {
        for (String id : option) {
          if (!ids.contains(id)) {
            throw new IllegalArgumentException("credential set names unknown query " + id);
          }
          inSets.add(id);
        }
      }
    }
    if (!credentialSets.isEmpty() && !inSets.equals(ids)) {
      throw new IllegalArgumentException("every credential query must be in a credential set");
    }
  }

  /** A query for one credential, all of it required. */
  public static DcqlQuery single(CredentialQuery q) {
    return new DcqlQuery(List.of(q), List.of());
  }

  /**
   * The SD-JWT VC query for claims of a catalog type; its id is the last segment of the type id
   * ("kr.mdl" gives "mdl").
   */
  public static DcqlQuery forType(CredentialType type, List<String> claims) {
    return single(query(type, OpenId4Vp.FORMAT_SD_JWT_VC, claims));
  }

  /**
   * A credential query for a catalog type in a format.
   *
   * @throws IllegalArgumentException if the type has no mdoc doctype and mdoc is asked for
   */
  public static CredentialQuery query(CredentialType type, String format, List<String> claims) {
    String id = type.id().substring(type.id().lastIndexOf('.') + 1);
    id = id.replaceAll("[^A-Za-z0-9_-]", "_").toLowerCase(Locale.ROOT);
    id = id.isEmpty() ? "credential" : id;
    if (FORMAT_MSO_MDOC.equals(format)) {
      if (type.doctype() == null || type.namespace() == null) {
        throw new IllegalArgumentException(type.id() + " has no mdoc doctype");
      }
      return new CredentialQuery(id, format, type.doctype(), type.namespace(), claims);
    }
    return new CredentialQuery(id, format, type.vct(), null, claims);
  }

  /** The query with this id. */
  public java.util.Optional<CredentialQuery> byId(String id) {
    return credentials.stream().filter(q -> q.id().equals(id)).findFirst();
  }

  /**
   * Checks which queries a {@code vp_token} answers against the sets.
   *
   * @return null if the answered ids satisfy the query, else why not
   */
  public String unsatisfiedBy(Set<String> answered) {
    if (credentialSets.isEmpty()) {
      for (CredentialQuery q : credentials) {
        if (!answered.contains(q.id())) {
          return "no presentation for \"" + q.id() + "\"";
        }
      }
      return null;
    }
    for (CredentialSet s : credentialSets) {
      if (s.required() && s.options().stream().noneMatch(answered::containsAll)) {
        return "no option of a required credential set is answered: " + s.options();
      }
    }
    return null;
  }

  public ObjectNode toJson() {
    ObjectNode q = Json.object();
    ArrayNode creds = q.putArray("credentials");
    for (CredentialQuery cq : credentials) {
      ObjectNode c = creds.addObject();
      c.put("id", cq.id());
      c.put("format", cq.format());
      if (cq.isMdoc()) {
        c.putObject("meta").put("doctype_value", cq.typeValue());
      } else {
        c.putObject("meta").putArray("vct_values").add(cq.typeValue());
      }
      ArrayNode cl = c.putArray("claims");
      for (String name : cq.claims()) {
        ArrayNode path = cl.addObject().putArray("path");
        if (cq.isMdoc()) {
          path.add(cq.namespace());
        }
        path.add(name);
      }
    }
    if (!credentialSets.isEmpty()) {
      ArrayNode sets = q.putArray("credential_sets");
      for (CredentialSet s : credentialSets) {
        ObjectNode o = sets.addObject();
        ArrayNode options = o.putArray("options");
        s.options().forEach(opt -> opt.forEach(options.addArray()::add));
        if (!s.required()) {
          o.put("required", false);
        }
      }
    }
    return q;
  }

  /**
   * Reads a query of this shape back (as stored with a request, or as a relying party posts it).
   *
   * @throws IllegalArgumentException if the JSON is not such a query
   */
  public static DcqlQuery fromJson(JsonNode q) {
    JsonNode creds = q.path("credentials");
    if (!creds.isArray() || creds.isEmpty()) {
      throw new IllegalArgumentException("expected a non-empty array of credential queries");
    }
    List<CredentialQuery> queries = new ArrayList<>();
    for (JsonNode c : creds) {
      String format = c.path("format").asText("");
      boolean mdoc = FORMAT_MSO_MDOC.equals(format);
      String typeValue;
      if (mdoc) {
        typeValue = c.path("meta").path("doctype_value").asText(null);
      } else {
        JsonNode vcts = c.path("meta").path("vct_values");
        if (!vcts.isArray() || vcts.size() != 1) {
          throw new IllegalArgumentException("expected a dc+sd-jwt query for one vct");
        }
        typeValue = vcts.get(0).asText();
      }
      if (typeValue == null) {
        throw new IllegalArgumentException("an mso_mdoc query needs meta.doctype_value");
      }
      List<String> claims = new ArrayList<>();
      String namespace = null;
      for (JsonNode cl : c.path("claims")) {
        JsonNode path = cl.path("path");
        int size = mdoc ? 2 : 1;
        if (!path.isArray() || path.size() != size) {
          throw new IllegalArgumentException(
              mdoc ? "expected [namespace, element] claim paths" : "expected top-level paths");
        }
        for (JsonNode p : path) {
          if (!p.isTextual()) {
            throw new IllegalArgumentException("claim path segments must be strings");
          }
        }
        if (mdoc) {
          if (namespace != null && !namespace.equals(path.get(0).textValue())) {
            throw new IllegalArgumentException("one namespace per mdoc query");
          }
          namespace = path.get(0).textValue();
        }
        claims.add(path.get(size - 1).textValue());
      }
      queries.add(
          new CredentialQuery(c.path("id").asText(null), format, typeValue, namespace, claims));
    }
    List<CredentialSet> sets = new ArrayList<>();
    JsonNode cs = q.get("credential_sets");
    if (cs != null) {
      if (!cs.isArray() || cs.isEmpty()) {
        throw new IllegalArgumentException("credential_sets must be a non-empty array");
      }
      for (JsonNode s : cs) {
        JsonNode options = s.path("options");
        if (!options.isArray()) {
          throw new IllegalArgumentException("a credential set needs options");
        }
        List<List<String>> opts = new ArrayList<>();
        for (JsonNode o : options) {
          if (!o.isArray()) {
            throw new IllegalArgumentException("each option is an array of query ids");
          }
          List<String> ids = new ArrayList<>();
          for (JsonNode id : o) {
            if (!id.isTextual()) {
              throw new IllegalArgumentException("each option is an array of query ids");
            }
            ids.add(id.textValue());
          }
          opts.add(ids);
        }
        JsonNode required = s.get("required");
        if (required != null && !required.isBoolean()) {
          throw new IllegalArgumentException("required must be a boolean");
        }
        sets.add(new CredentialSet(opts, required == null || required.booleanValue()));
      }
    }
    return new DcqlQuery(queries, sets);
  }
}
