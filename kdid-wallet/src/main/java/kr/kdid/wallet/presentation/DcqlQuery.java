package kr.kdid.wallet.presentation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;

/**
 * A DCQL query (OpenID4VP §6) in the subset this wallet answers: SD-JWT VC credential queries with
 * top-level claim paths and mdoc ({@code mso_mdoc}) credential queries with {@code
 * meta.doctype_value} and {@code [namespace, element]} claim paths in one namespace, all claims
 * required, and {@code credential_sets} that say which combinations of them satisfy the verifier.
 * Queries the wallet cannot answer faithfully ({@code claim_sets}, {@code values}, nested paths,
 * several namespaces in one query, other formats) are refused rather than half-answered.
 *
 * @param credentials the credential queries, at least one, ids unique
 * @param credentialSets the credential sets; empty means every credential query is required
 */
public record DcqlQuery(List<CredentialQuery> credentials, List<CredentialSet> credentialSets) {

  public DcqlQuery {
    credentials = List.copyOf(credentials);
    credentialSets = List.copyOf(credentialSets);
    if (credentials.isEmpty()) {
      throw new IllegalArgumentException("a DCQL query asks for at least one credential");
    }
  }

  /** A query whose every credential query is required. */
  public DcqlQuery(List<CredentialQuery> credentials) {
    this(credentials, List.of());
  }

  /**
   * A credential set (OpenID4VP §6.2): any one option (a list of credential query ids, all to be
   * answered) satisfies it.
   *
   * @param options the options, in the verifier's order of preference
   * @param required whether the verifier needs this set satisfied
   */
  public record CredentialSet(List<List<String>> options, boolean required) {
    public CredentialSet {
      options = options.stream().map(List::copyOf).toList();
    }
  }

  /**
   * Which credential queries to answer, given those the wallet can answer: for each set, its first
   * option the wallet can fully answer (a required set with none fails); without sets, all.
   *
   * @param answerable the ids of the queries the wallet holds a matching credential for
   * @return the ids to answer, in query order; empty if a required set cannot be satisfied
   */
  public java.util.Optional<List<String>> choose(Set<String> answerable) {
    if (credentialSets.isEmpty()) {
      return answerable.containsAll(ids())
          ? java.util.Optional.of(ids())
          : java.util.Optional.empty();
    }
    Set<String> chosen = new HashSet<>();
    for (CredentialSet s : credentialSets) {
      var option = s.options().stream().filter(answerable::containsAll).findFirst();
      if (option.isPresent()) {
        chosen.addAll(option.get());
      } else if (s.required()) {
        return java.util.Optional.empty();
      }
    }
    return java.util.Optional.of(ids().stream().filter(chosen::contains).toList());
  }

  private List<String> ids() {
    return credentials.stream().map(CredentialQuery::id).toList();
  }

  /**
   * One credential query.
   *
   * @param id the query id (the key of the answer in {@code vp_token})
   * @param format {@code dc+sd-jwt} or {@code mso_mdoc}
   * @param vctValues the acceptable SD-JWT VC types (empty for an mdoc query)
   * @param doctype the mdoc document type ({@code meta.doctype_value}), or null for SD-JWT VC
   * @param namespace the namespace of the mdoc data elements asked for, or null (SD-JWT VC, or an
   *     mdoc query without claims)
   * @param claims the top-level claim names (SD-JWT VC) or data element identifiers (mdoc) asked
   *     for; empty means none (only the credential's always-visible parts)
   */
  public record CredentialQuery(
      String id,
      String format,
      List<String> vctValues,
      String doctype,
      String namespace,
      List<String> claims) {
    public CredentialQuery {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(format, "format");
      vctValues = List.copyOf(vctValues);
      claims = List.copyOf(claims);
      if (OpenId4VpSpec.FORMAT_MSO_MDOC.equals(format)) {
        Objects.requireNonNull(doctype, "doctype");
        if (!claims.isEmpty()) {
          Objects.requireNonNull(namespace, "namespace");
        }
      } else if (!OpenId4VpSpec.FORMAT_SD_JWT_VC.equals(format)) {
        throw new IllegalArgumentException("unsupported format " + format);
      }
    }

    /** An SD-JWT VC query. */
    public CredentialQuery(String id, List<String> vctValues, List<String> claims) {
      this(id, OpenId4VpSpec.FORMAT_SD_JWT_VC, vctValues, null, null, claims);
    }

    /** An mdoc query for elements of one namespace. */
    public static CredentialQuery mdoc(
        String id, String doctype, String namespace, List<String> elements) {
      return new CredentialQuery(
          id, OpenId4VpSpec.FORMAT_MSO_MDOC, List.of(), doctype, namespace, elements);
    }

    /** True for an mdoc ({@code mso_mdoc}) query. */
    public boolean isMdoc() {
      return OpenId4VpSpec.FORMAT_MSO_MDOC.equals(format);
    }
  }

  /**
   * Reads a {@code dcql_query} object.
   *
   * @throws WalletException QUERY_UNSUPPORTED naming what is malformed or not supported
   */
  public static DcqlQuery fromJson(JsonNode q) throws WalletException {
    if (q == null || !q.isObject()) {
      throw unsupported("dcql_query must be a JSON object");
    }
    JsonNode creds = q.get("credentials");
    if (creds == null || !creds.isArray() || creds.isEmpty()) {
      throw unsupported("dcql_query.credentials must be a non-empty array");
    }
    List<CredentialQuery> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (JsonNode c : creds) {
      if (!c.isObject()) {
        throw unsupported("each credential query must be an object");
      }
      String id = c.path("id").asText("");
      if (!id.matches("[A-Za-z0-9_-]+") || !c.path("id").isTextual()) {
        throw unsupported("a credential query id must be made of A-Z a-z 0-9 _ -");
      }
      if (!ids.add(id)) {
        throw unsupported("the credential query id " + id + " is used twice");
      }
      String format = c.path("format").asText(null);
      boolean mdoc = OpenId4VpSpec.FORMAT_MSO_MDOC.equals(format);
      if (!mdoc && !OpenId4VpSpec.FORMAT_SD_JWT_VC.equals(format)) {
        throw unsupported(
            "credential query " + id + " asks for a format other than dc+sd-jwt and mso_mdoc");
      }
      JsonNode meta = c.get("meta");
      if (meta == null || !meta.isObject()) {
        throw unsupported("credential query " + id + " has no meta");
      }
      JsonNode binding = c.get("require_cryptographic_holder_binding");
      if (binding != null && !binding.isBoolean()) {
        throw unsupported("require_cryptographic_holder_binding must be a boolean");
      }
      if (c.has("claim_sets")) {
        throw unsupported("claim_sets are not supported; list the claims that are needed");
      }
      if (mdoc) {
        out.add(mdocQuery(id, meta, c.get("claims")));
        continue;
      }
      JsonNode vcts = meta.get("vct_values");
      if (vcts == null || !vcts.isArray() || vcts.isEmpty()) {
        throw unsupported("credential query " + id + " has no meta.vct_values");
      }
      List<String> vctValues = new ArrayList<>();
      for (JsonNode v : vcts) {
        if (!v.isTextual() || v.textValue().isEmpty()) {
          throw unsupported("meta.vct_values must hold strings");
        }
        vctValues.add(v.textValue());
      }
      List<String> claims = new ArrayList<>();
      JsonNode cl = c.get("claims");
      if (cl != null) {
        if (!cl.isArray() || cl.isEmpty()) {
          throw unsupported("claims of credential query " + id + " must be a non-empty array");
        }
        for (JsonNode claim : cl) {
          if (!claim.isObject()) {
            throw unsupported("each claims query must be an object");
          }
          if (claim.has("values")) {
            throw unsupported("claim values are not supported");
          }
          JsonNode path = claim.get("path");
          if (path == null || !path.isArray() || path.size() != 1 || !path.get(0).isTextual()) {
            throw unsupported("only top-level claim paths like [\"given_name\"] are supported");
          }
          String name = path.get(0).textValue();
          if (name.isEmpty() || claims.contains(name)) {
            throw unsupported("the claim " + name + " is asked for twice or has no name");
          }
          claims.add(name);
        }
      }
      out.add(new CredentialQuery(id, vctValues, claims));
    }
    return new DcqlQuery(out, credentialSets(q.get("credential_sets"), ids));
  }

  /** An mso_mdoc query: {@code meta.doctype_value}, claim paths {@code [namespace, element]}. */
  private static CredentialQuery mdocQuery(String id, JsonNode meta, JsonNode cl)
      throws WalletException {
    JsonNode doctype = meta.get("doctype_value");
    if (doctype == null || !doctype.isTextual() || doctype.textValue().isEmpty()) {
      throw unsupported("credential query " + id + " has no meta.doctype_value");
    }
    String namespace = null;
    List<String> elements = new ArrayList<>();
    if (cl != null) {
      if (!cl.isArray() || cl.isEmpty()) {
        throw unsupported("claims of credential query " + id + " must be a non-empty array");
      }
      for (JsonNode claim : cl) {
        if (!claim.isObject()) {
          throw unsupported("each claims query must be an object");
        }
        if (claim.has("values")) {
          throw unsupported("claim values are not supported");
        }
        JsonNode retain = claim.get("intent_to_retain");
        if (retain != null && !retain.isBoolean()) {
          throw unsupported("intent_to_retain must be a boolean");
        }
        JsonNode path = claim.get("path");
        if (path == null
            || !path.isArray()
            || path.size() != 2
            || !path.get(0).isTextual()
            || !path.get(1).isTextual()
            || path.get(0).textValue().isEmpty()
            || path.get(1).textValue().isEmpty()) {
          throw unsupported(
              "mdoc claim paths must be [namespace, element], like [\"org.iso.18013.5.1\","
                  + " \"family_name\"]");
        }
        String ns = path.get(0).textValue();
        if (namespace != null && !namespace.equals(ns)) {
          throw unsupported(
              "credential query " + id + " asks for elements of several namespaces; ask for one");
        }
        namespace = ns;
        String element = path.get(1).textValue();
        if (elements.contains(element)) {
          throw unsupported("the element " + element + " is asked for twice");
        }
        elements.add(element);
      }
    }
    return CredentialQuery.mdoc(id, doctype.textValue(), namespace, elements);
  }

  private static List<CredentialSet> credentialSets(JsonNode sets, Set<String> ids)
      throws WalletException {
    List<CredentialSet> out = new ArrayList<>();
    if (sets == null) {
      return out;
    }
    if (!sets.isArray() || sets.isEmpty()) {
      throw unsupported("credential_sets must be a non-empty array");
    }
    for (JsonNode s : sets) {
      JsonNode options = s.path("options");
      if (!s.isObject() || !options.isArray() || options.isEmpty()) {
        throw unsupported("each credential set needs a non-empty array of options");
      }
      JsonNode required = s.get("required");
      if (required != null && !required.isBoolean()) {
        throw unsupported("credential_sets required must be a boolean");
      }
      List<List<String>> opts = new ArrayList<>();
      for (JsonNode o : options) {
        if (!o.isArray() || o.isEmpty()) {
          throw unsupported("each credential set option is a non-empty array of query ids");
        }
        List<String> opt = new ArrayList<>();
        for (JsonNode id : o) {
          if (!id.isTextual() || !ids.contains(id.textValue())) {
            throw unsupported("a credential set names an unknown credential query: " + id);
          }
          opt.add(id.textValue());
        }
        opts.add(opt);
      }
      out.add(new CredentialSet(opts, required == null || required.booleanValue()));
    }
    return out;
  }

  private static WalletException unsupported(String message) {
    return new WalletException(WalletError.QUERY_UNSUPPORTED, message);
  }
}
