package kr.kdid.core.did;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import kr.kdid.core.json.CanonicalWriter;
import kr.kdid.core.json.Json;

/**
 * A DID document (W3C DID Core §5), in the subset K-DID writes and reads: verification methods
 * listed once in {@code verificationMethod} and referenced by id from the relationships, and
 * services. All references are held as absolute DID URLs. Immutable.
 *
 * <p>Validation on construction: every id well-formed and unique, every relationship entry names a
 * method of this document, no private keys, bounded sizes.
 *
 * @param context the {@code @context} values (strings)
 * @param id the DID subject
 * @param controller controllers other than the subject itself (may be empty)
 * @param alsoKnownAs other identifiers of the subject
 * @param verificationMethod the methods
 * @param relationships for each relationship, the absolute ids of its methods
 * @param service the services
 */
public record DidDocument(
    List<String> context,
    Did id,
    List<Did> controller,
    List<String> alsoKnownAs,
    List<VerificationMethod> verificationMethod,
    Map<Relationship, List<String>> relationships,
    List<Service> service) {

  public static final String CONTEXT_DID_V1 = "https://www.w3.org/ns/did/v1";
  public static final String CONTEXT_JWS_2020 = "https://w3id.org/security/suites/jws-2020/v1";
  public static final String CONTEXT_MULTIKEY = "https://w3id.org/security/multikey/v1";

  /** Most verification methods a document may list. */
  public static final int MAX_METHODS = 32;

  /** Most services a document may list. */
  public static final int MAX_SERVICES = 32;

  public DidDocument {
    if (id == null) {
      throw new InvalidDidException("DID document needs an id");
    }
    context = List.copyOf(context);
    controller = List.copyOf(controller);
    alsoKnownAs = List.copyOf(alsoKnownAs);
    verificationMethod = List.copyOf(verificationMethod);
    service = List.copyOf(service);
    EnumMap<Relationship, List<String>> rel = new EnumMap<>(Relationship.class);
    relationships.forEach((k, v) -> rel.put(k, List.copyOf(v)));
    relationships = java.util.Collections.unmodifiableMap(rel);

    if (context.isEmpty() || !CONTEXT_DID_V1.equals(context.get(0))) {
      throw new InvalidDidException("the first @context must be " + CONTEXT_DID_V1);
    }
    if (verificationMethod.size() > MAX_METHODS) {
      throw new InvalidDidException("more than " + MAX_METHODS + " verification methods");
    }
    if (service.size() > MAX_SERVICES) {
      throw new InvalidDidException("more than " + MAX_SERVICES + " services");
    }
    Set<String> ids = new HashSet<>();
    for (VerificationMethod m : verificationMethod) {
      if (!ids.add(m.id())) {
        throw new InvalidDidException("duplicate verification method id " + m.id());
      }
    }
    for (Service s : service) {
      if (!ids.add(s.id())) {
        throw new InvalidDidException("duplicate id " + s.id());
      }
    }
    for (Map.Entry<Relationship, List<String>> e : relationships.entrySet()) {
      Set<String> seen = new HashSet<>();
      for (String ref : e.getValue()) {
        if (!seen.add(ref)) {
          throw new InvalidDidException("duplicate entry " + ref + " in " + e.getKey().property());
        }
        DidUrl url = DidUrl.parse(ref);
        if (url.did().equals(id) && !ids.contains(ref)) {
          throw new InvalidDidException(
              e.getKey().property() + " names " + ref + ", which is not in verificationMethod");
        }
      }
    }
  }

  /** A builder for documents K-DID writes. */
  public static Builder builder(Did id) {
    return new Builder(id);
  }

  /** The method with this absolute id, if the document lists it. */
  public Optional<VerificationMethod> method(String methodId) {
    for (VerificationMethod m : verificationMethod) {
      if (m.id().equals(methodId)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** The ids of the methods this document authorises for a relationship. */
  public List<String> idsFor(Relationship relationship) {
    return relationships.getOrDefault(relationship, List.of());
  }

  /** True if the method id is listed under the relationship. */
  public boolean authorizes(Relationship relationship, String methodId) {
    return idsFor(relationship).contains(methodId);
  }

  /**
   * This document's own methods authorised for the relationship (references to other DIDs are
   * skipped).
   */
  public List<VerificationMethod> methodsFor(Relationship relationship) {
    List<VerificationMethod> out = new ArrayList<>();
    for (String ref : idsFor(relationship)) {
      method(ref).ifPresent(out::add);
    }
    return out;
  }

  /** The document as JSON, with members in a stable order. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    ArrayNode ctx = o.putArray("@context");
    context.forEach(ctx::add);
    o.put("id", id.toString());
    if (!controller.isEmpty()) {
      ArrayNode c = o.putArray("controller");
      controller.forEach(d -> c.add(d.toString()));
    }
    if (!alsoKnownAs.isEmpty()) {
      ArrayNode a = o.putArray("alsoKnownAs");
      alsoKnownAs.forEach(a::add);
    }
    if (!verificationMethod.isEmpty()) {
      ArrayNode vm = o.putArray("verificationMethod");
      verificationMethod.forEach(m -> vm.add(m.toJson()));
    }
    for (Relationship r : Relationship.values()) {
      List<String> refs = relationships.get(r);
      if (refs != null && !refs.isEmpty()) {
        ArrayNode a = o.putArray(r.property());
        refs.forEach(a::add);
      }
    }
    if (!service.isEmpty()) {
      ArrayNode s = o.putArray("service");
      service.forEach(x -> s.add(x.toJson()));
    }
    return o;
  }

  /**
   * The document as RFC 8785 canonical JSON: the same bytes as {@code Jcs.canonicalize(toJson())},
   * written directly (the ledger encodes a document with every DID it stores, on its serial apply
   * path, where building and then canonicalizing a JSON tree cost about 8% of a DID create).
   */
  public byte[] canonicalJson() {
    return writeCanonical(new CanonicalWriter(256 + 256 * verificationMethod.size())).toByteArray();
  }

  /** Writes the document as one canonical JSON value (see {@link #canonicalJson()}). */
  public CanonicalWriter writeCanonical(CanonicalWriter w) {
    // Members in canonical order (UTF-16 code units); the writer checks it.
    w.beginObject();
    strings(w, "@context", context);
    if (!alsoKnownAs.isEmpty()) {
      strings(w, "alsoKnownAs", alsoKnownAs);
    }
    relationship(w, Relationship.ASSERTION_METHOD);
    relationship(w, Relationship.AUTHENTICATION);
    relationship(w, Relationship.CAPABILITY_DELEGATION);
    relationship(w, Relationship.CAPABILITY_INVOCATION);
    if (!controller.isEmpty()) {
      w.name("controller").beginArray();
      controller.forEach(d -> w.value(d.toString()));
      w.endArray();
    }
    w.name("id").value(id.toString());
    relationship(w, Relationship.KEY_AGREEMENT);
    if (!service.isEmpty()) {
      w.name("service").beginArray();
      service.forEach(x -> x.writeCanonical(w));
      w.endArray();
    }
    if (!verificationMethod.isEmpty()) {
      w.name("verificationMethod").beginArray();
      verificationMethod.forEach(m -> m.writeCanonical(w));
      w.endArray();
    }
    return w.endObject();
  }

  private static void strings(CanonicalWriter w, String name, List<String> values) {
    w.name(name).beginArray();
    values.forEach(w::value);
    w.endArray();
  }

  private void relationship(CanonicalWriter w, Relationship r) {
    List<String> refs = relationships.get(r);
    if (refs != null && !refs.isEmpty()) {
      strings(w, r.property(), refs);
    }
  }

  /**
   * Reads a DID document. Relationship entries must be references (strings); embedded methods are
   * refused. Members other than the DID Core ones are ignored.
   *
   * @throws InvalidDidException if the document is malformed or breaks the rules above
   */
  public static DidDocument fromJson(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new InvalidDidException("DID document must be a JSON object");
    }
    JsonNode idNode = node.get("id");
    if (idNode == null || !idNode.isTextual()) {
      throw new InvalidDidException("DID document needs a string id");
    }
    Did id = Did.parse(idNode.asText());
    List<String> context = new ArrayList<>();
    JsonNode ctx = node.get("@context");
    if (ctx != null && ctx.isTextual()) {
      context.add(ctx.asText());
    } else if (ctx != null && ctx.isArray()) {
      for (JsonNode c : ctx) {
        if (!c.isTextual()) {
          throw new InvalidDidException("@context entries must be strings");
        }
        context.add(c.asText());
      }
    } else {
      throw new InvalidDidException("DID document needs an @context");
    }
    List<Did> controllers = new ArrayList<>();
    for (String c : stringOrArray(node, "controller")) {
      controllers.add(Did.parse(c));
    }
    List<VerificationMethod> methods = new ArrayList<>();
    JsonNode vm = node.get("verificationMethod");
    if (vm != null) {
      if (!vm.isArray()) {
        throw new InvalidDidException("verificationMethod must be an array");
      }
      for (JsonNode m : vm) {
        methods.add(VerificationMethod.fromJson(m, id));
      }
    }
    EnumMap<Relationship, List<String>> rel = new EnumMap<>(Relationship.class);
    for (Relationship r : Relationship.values()) {
      JsonNode arr = node.get(r.property());
      if (arr == null) {
        continue;
      }
      if (!arr.isArray()) {
        throw new InvalidDidException(r.property() + " must be an array");
      }
      List<String> refs = new ArrayList<>();
      for (JsonNode e : arr) {
        if (!e.isTextual()) {
          throw new InvalidDidException(
              r.property() + " entries must be references to verificationMethod");
        }
        refs.add(DidUrl.resolveReference(id, e.asText()).toString());
      }
      rel.put(r, refs);
    }
    List<Service> services = new ArrayList<>();
    JsonNode svc = node.get("service");
    if (svc != null) {
      if (!svc.isArray()) {
        throw new InvalidDidException("service must be an array");
      }
      for (JsonNode s : svc) {
        services.add(Service.fromJson(s, id));
      }
    }
    return new DidDocument(
        context, id, controllers, stringOrArray(node, "alsoKnownAs"), methods, rel, services);
  }

  private static List<String> stringOrArray(JsonNode node, String name) {
    JsonNode v = node.get(name);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (v.isTextual()) {
      out.add(v.asText());
      return out;
    }
    if (!v.isArray()) {
      throw new InvalidDidException(name + " must be a string or an array of strings");
    }
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new InvalidDidException(name + " entries must be strings");
      }
      out.add(e.asText());
    }
    return out;
  }

  /** Builds documents; methods added with relationships are listed under them. */
  public static final class Builder {
    private final Did id;
    private final List<String> context = new ArrayList<>(List.of(CONTEXT_DID_V1));
    private final List<Did> controller = new ArrayList<>();
    private final List<String> alsoKnownAs = new ArrayList<>();
    private final List<VerificationMethod> methods = new ArrayList<>();
    private final EnumMap<Relationship, List<String>> rel = new EnumMap<>(Relationship.class);
    private final List<Service> services = new ArrayList<>();

    private Builder(Did id) {
      this.id = id;
    }

    public Builder context(String uri) {
      if (!context.contains(uri)) {
        context.add(uri);
      }
      return this;
    }

    public Builder controller(Did did) {
      controller.add(did);
      return this;
    }

    public Builder alsoKnownAs(String uri) {
      alsoKnownAs.add(uri);
      return this;
    }

    /** Adds a method and lists it under the given relationships. */
    public Builder method(VerificationMethod m, Relationship... relationships) {
      methods.add(m);
      if (VerificationMethod.TYPE_JWK_2020.equals(m.type())) {
        context(CONTEXT_JWS_2020);
      } else if (VerificationMethod.TYPE_MULTIKEY.equals(m.type())) {
        context(CONTEXT_MULTIKEY);
      }
      for (Relationship r : relationships) {
        rel.computeIfAbsent(r, k -> new ArrayList<>()).add(m.id());
      }
      return this;
    }

    public Builder service(Service s) {
      services.add(s);
      return this;
    }

    public DidDocument build() {
      return new DidDocument(context, id, controller, alsoKnownAs, methods, rel, services);
    }
  }
}
