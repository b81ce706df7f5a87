package kr.kdid.ledger.tx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.did.InvalidDidException;
import kr.kdid.core.json.Json;

/**
 * The type-specific part of a transaction payload. Each record validates its own shape (not the
 * ledger's state) when read from JSON, and writes itself back as JSON.
 */
public sealed interface TxBody {

  Pattern LIST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  Pattern CREDENTIAL_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/#-]{0,255}");
  Pattern CLAIM = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  Pattern HEX32 = Pattern.compile("[0-9a-f]{64}");
  Pattern NODE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  Pattern CHAIN_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  /** Most credential types an accreditation or registration may list. */
  int MAX_TYPES = 64;

  /** Most claims a relying party may be registered for, per credential type. */
  int MAX_CLAIMS = 256;

  /** Most commitments in one anchor. */
  int MAX_ANCHOR_LEAVES = 4096;

  TxType type();

  ObjectNode toJson();

  /** The body of a transaction of the given type, read strictly. */
  static TxBody fromJson(TxType type, JsonNode node) throws TxRejectedException {
    return switch (type) {
      case CHAIN_GENESIS -> Genesis.read(node);
      case DID_CREATE -> DidCreate.read(node);
      case DID_UPDATE -> DidUpdate.read(node);
      case DID_DEACTIVATE -> DidDeactivate.read(node);
      case ISSUER_ACCREDIT -> IssuerAccredit.read(node);
      case RP_REGISTER -> RpRegister.read(node);
      case TRUST_SUSPEND -> TrustSuspend.read(node);
      case TRUST_REINSTATE -> TrustReinstate.read(node);
      case STATUS_LIST_CREATE -> StatusListCreate.read(node);
      case STATUS_LIST_UPDATE -> StatusListUpdate.read(node);
      case EVENT_ANCHOR -> EventAnchor.read(node);
    };
  }

  private static Fields fields(JsonNode node, TxType type) throws TxRejectedException {
    return new Fields(node, type.wireName() + " body", RejectCode.INVALID_BODY);
  }

  private static DidDocument readDocument(JsonNode node) throws TxRejectedException {
    try {
      return DidDocument.fromJson(node);
    } catch (InvalidDidException e) {
      throw new TxRejectedException(RejectCode.INVALID_DID_DOCUMENT, e.getMessage());
    }
  }

  /** A role in the trust registry. */
  enum Role {
    ISSUER("issuer"),
    RELYING_PARTY("rp");

    private final String wireName;

    Role(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    static Role fromWireName(String s) throws TxRejectedException {
      for (Role r : values()) {
        if (r.wireName.equals(s)) {
          return r;
        }
      }
      throw new TxRejectedException(RejectCode.INVALID_BODY, "role must be issuer or rp");
    }
  }

  /** A ledger node: its id and the key it signs block headers with. */
  record NodeInfo(String id, VerificationKey key) {
    public ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("id", id);
      o.set("key", key.toJwk().toJson());
      return o;
    }
  }

  /**
   * The chain's configuration, the second transaction of block 0.
   *
   * @param chainId the chain id every transaction names
   * @param governance the governance authority's DID
   * @param nodes the nodes that sign block headers
   */
  record Genesis(String chainId, Did governance, List<NodeInfo> nodes) implements TxBody {
    public Genesis {
      nodes = List.copyOf(nodes);
    }

    @Override
    public TxType type() {
      return TxType.CHAIN_GENESIS;
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("chainId", chainId);
      o.put("governance", governance.toString());
      ArrayNode a = o.putArray("nodes");
      nodes.forEach(n -> a.add(n.toJson()));
      return o;
    }

    static Genesis read(JsonNode node) throws TxRejectedException {
      Fields f = fields(node, TxType.CHAIN_GENESIS);
      String chainId = f.matching("chainId", CHAIN_ID, "a chain id (a-z 0-9 -)");
      Did gov = f.did("governance");
      JsonNode arr = f.raw("nodes", true);
      f.done();
      if (!arr.isArray() || arr.isEmpty() || arr.size() > 15) {
        throw new TxRejectedException(RejectCode.INVALID_BODY, "nodes must list 1 to 15 nodes");
      }
      List<NodeInfo> nodes = new ArrayList<>();
      for (JsonNode n : arr) {
        Fields nf = new Fields(n, "genesis node", RejectCode.INVALID_BODY);
        String id = nf.matching("id", NODE_ID, "a node id (a-z 0-9 -)");
        JsonNode key = nf.raw("key", true);
        nf.done();
        try {
          Jwk jwk = Jwk.fromJson(key);
          if (jwk.isPrivate()) {
            throw new TxRejectedException(RejectCode.INVALID_BODY, "node key must be public");
          }
          nodes.add(new NodeInfo(id, VerificationKey.fromJwk(jwk)));
        } catch (IllegalArgumentException e) {
          throw new TxRejectedException(RejectCode.INVALID_BODY, "node key: " + e.getMessage());
        }
      }
      return new Genesis(chainId, gov, nodes);
    }
  }

  /** Creates a did:kdid with its first document. */
  record DidCreate(DidDocument document) implements TxBody {
    @Override
    public TxType type() {
      return TxType.DID_CREATE;
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.set("document", document.toJson());
      return o;
    }

    static DidCreate read(JsonNode node) throws TxRejectedException {
      Fields f = fields(node, TxType.DID_CREATE);
      JsonNode doc = f.raw("document", true);
      f.done();
      return new DidCreate(readDocument(doc));
    }
  }

  /**
   * Replaces the document of a DID.
   *
   * @param did the DID
   * @param previousVersion the version being replaced (optimistic concurrency)
   * @param document the new document
   */
  record DidUpdate(Did did, long previousVersion, DidDocument document) implements TxBody {
    @Override
    public TxType type() {
      return TxType.DID_UPDATE;
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("did", did.toString());
      o.put("previousVersion", previousVersion);
      o.set("document", document.toJson());
      return o;
    }

    static DidUpdate read(JsonNode node) throws TxRejectedException {
      Fields f = fields(node, TxType.DID_UPDATE);
      Did did = f.did("did");
      long prev = f.integer("previousVersion", 1, Long.MAX_VALUE / 2);
      JsonNode doc = f.raw("document", true);
      f.done();
      return new DidUpdate(did, prev, readDocument(doc));
    }
  }

  /** Deactivates a DID. */
  record DidDeactivate(Did did, long previousVersion) implements TxBody {
    @Override
    public TxType type() {
      return TxType.DID_DEACTIVATE;
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("did", did.toString());
      o.put("previousVersion", previousVersion);
      return o;
    }

    static DidDeactivate read(JsonNode node) throws TxRejectedException {
      Fields f = fields(node, TxType.DID_DEACTIVATE);
      Did did = f.did("did");
      long prev = f.integer("previousVersion", 1, Long.MAX_VALUE / 2);
      f.done();
      return new DidDeactivate(did, prev);
    }
  }

  /**
   * Accredits (or re-accredits, replacing the types) an issuer.
   *
   * @param issuer the issuer's DID
   * @param name the issuing body's name
   * @param credentialTypes the credential types it may issue
   */
  record IssuerAccredit(Did issuer, String name, List<String> credentialTypes) implements TxBody {
    public IssuerAccredit {
      credentialTypes = List.copyOf(credentialTypes);
    }

    @Override
    public TxType type() {
      return TxType.ISSUER_ACCREDIT;
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("issuer", issuer.toString());
      o.put("name", name);
      ArrayNode a = o.putArray("credentialTypes");
      credentialTypes.forEach(a::add);
      return o;
    }

    static IssuerAccredit read(JsonNode node) throws TxRejectedException {
      Fields f = fields(node, TxType.ISSUER_ACCREDIT);
      Did issuer = f.did("issuer");
      String name = f.text("name", 200);
      List<String> types =
          f.textList("credentialTypes", MAX_TYPES, CREDENTIAL_TYPE, "a credential type id");
      f.done();
      return new IssuerAccredit(issuer, name, types);
    }
  }

  /**
   * Registers (or re-registers, replacing the entry) a relying party.
   *
   * @param rp the relying party's DID
   * @param name its name
   * @param purpose why it asks for credentials, shown to holders
   * @param claims for each credential type, the claims it may request
   */
  record RpRegister(Did rp, String name, String purpose, Map<String, List<String>> claims)
      implements TxBody {
    public RpRegister {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      claims.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      claims = java.util.Collections.unmodifiableMap(copy);
    }

    @Override
    public TxType type() {
      return TxType.RP_REGISTER;
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("rp", rp.toString());
      o.put("name", name);
      o.put("purpose", purpose);
      ObjectNode c = o.putObject("claims");
      claims.forEach(
          (k, v) -> {
            ArrayNode a = c.putArray(k);
            v.forEach(a::add);
          });
      return o;
    }

    static RpRegister read(JsonNode node) throws TxRejectedException {
      Fields f = fields(node, TxType.RP_REGISTER);
      Did rp = f.did("rp");
      String name = f.text("name", 200);
      String purpose = f.text("purpose", 1000);
      JsonNode c = f.raw("claims", true);
      f.done();
      if (!c.isObject() || c.isEmpty() || c.size() > MAX_TYPES) {
        throw new TxRejectedException(
            RejectCode.INVALID_BODY,
            "claims must map 1 to " + MAX_TYPES + " credential types to claim lists");
      }
      Map<String, List<String>> claims = new LinkedHashMap<>();
      Fields cf = new Fields(c, "claims", RejectCode.INVALID_BODY);
      for (Map.Entry<String, JsonNode> e : c.properties()) {
        if (!CREDENTIAL_TYPE.matcher(e.getKey()).matches()) {
          throw new TxRejectedException(
              RejectCode.INVALID_BODY,
              "claims: \"" + e.getKey() + "\" is not a credential type id");
        }
        claims.put(e.getKey(), cf.textList(e.getKey(), MAX_CLAIMS, CLAIM, "a claim name"));
      }
      return new RpRegister(rp, name, purpose, claims);
    }
  }

  /** Suspends an issuer or relying party. */
  record TrustSuspend(Did subject, Role role, String reason) implements TxBody {
    @Override
    public TxType type() {
      return TxType.TRUST_SUSPEND;
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("subject", subject.toString());
      o.put("role", role.wireName());
      o.put("reason", reason);
      return o;
    }

    static TrustSuspend read(JsonNode node) throws TxRejectedException {
      Fields f = fields(node, TxType.TRUST_SUSPEND);
      Did subject = f.did("subject");
      Role role = Role.fromWireName(f.text("role", 16));
      String reason = f.text("reason", 1000);
      f.done();
      return new TrustSuspend(subject, role, reason);
    }
  }

  /** Lifts the suspension of an issuer or relying party. */
  record TrustReinstate(Did subject, Role role) implements TxBody {
    @Override
    public TxType type() {
      return TxType.TRUST_REINSTATE;
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("subject", subject.toString());
      o.put("role", role.wireName());
      return o;
    }

    static TrustReinstate read(JsonNode node) throws TxRejectedException {
      Fields f = fields(node, TxType.TRUST_REINSTATE);
      Did subject = f.did("subject");
      Role role = Role.fromWireName(f.text("role", 16));
      f.done();
      return new TrustReinstate(subject, role);
    }
  }

  /**
   * Creates a status list of the signing issuer (IETF Token Status List).
   *
   * @param listId the list's id, unique per issuer
   * @param bits bits per status: 1, 2, 4 or 8
   * @param size number of entries, at least {@link StatusLists#MIN_SIZE} for herd privacy
   * @param token the Status List Token (a JWT, {@code typ: statuslist+jwt}) signed by an
   *     assertionMethod key of the issuer, whose {@code sub} ends with {@code
   *     /v1/status-lists/<issuer DID>/<listId>} and whose {@code status_list} holds the list
   */
  record StatusListCreate(String listId, int bits, int size, String token) implements TxBody {
    @Override
    public TxType type() {
      return TxType.STATUS_LIST_CREATE;
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("listId", listId);
      o.put("bits", bits);
      o.put("size", size);
      o.put("token", token);
      return o;
    }

    static StatusListCreate read(JsonNode node) throws TxRejectedException {
      Fields f = fields(node, TxType.STATUS_LIST_CREATE);
      String id = f.matching("listId", LIST_ID, "a list id (A-Z a-z 0-9 . _ -, up to 64)");
      int bits = (int) f.integer("bits", 1, 8);
      int size = (int) f.integer("size", 1, StatusLists.MAX_SIZE);
      String token = f.text("token", StatusLists.MAX_ENCODED_LENGTH);
      f.done();
      return new StatusListCreate(id, bits, size, token);
    }
  }

  /**
   * Replaces the contents of a status list with a new Status List Token.
   *
   * @param issuer the list's issuer; only it may sign the update
   * @param listId the list's id
   * @param previousVersion the version being replaced (optimistic concurrency)
   * @param token the new Status List Token, with the rules of {@link StatusListCreate}
   */
  record StatusListUpdate(Did issuer, String listId, long previousVersion, String token)
      implements TxBody {
    @Override
    public TxType type() {
      return TxType.STATUS_LIST_UPDATE;
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("issuer", issuer.toString());
      o.put("listId", listId);
      o.put("previousVersion", previousVersion);
      o.put("token", token);
      return o;
    }

    static StatusListUpdate read(JsonNode node) throws TxRejectedException {
      Fields f = fields(node, TxType.STATUS_LIST_UPDATE);
      Did issuer = f.did("issuer");
      String id = f.matching("listId", LIST_ID, "a list id (A-Z a-z 0-9 . _ -, up to 64)");
      long prev = f.integer("previousVersion", 1, Long.MAX_VALUE / 2);
      String token = f.text("token", StatusLists.MAX_ENCODED_LENGTH);
      f.done();
      return new StatusListUpdate(issuer, id, prev, token);
    }
  }

  /**
   * Anchors a batch of salted event commitments; the ledger stores their Merkle root (RFC 9162) and
   * indexes each commitment so that a holder who knows its salt can find and prove it.
   *
   * @param kind "issuance" (accredited issuers) or "verification" (registered relying parties)
   * @param leaves the commitments, 32-byte lower-case hex each
   */
  record EventAnchor(String kind, List<String> leaves) implements TxBody {
    public static final String ISSUANCE = "issuance";
    public static final String VERIFICATION = "verification";

    public EventAnchor {
      leaves = List.copyOf(leaves);
    }

    @Override
    public TxType type() {
      return TxType.EVENT_ANCHOR;
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("kind", kind);
      ArrayNode a = o.putArray("leaves");
      leaves.forEach(a::add);
      return o;
    }

    static EventAnchor read(JsonNode node) throws TxRejectedException {
      Fields f = fields(node, TxType.EVENT_ANCHOR);
      String kind = f.text("kind", 16);
      if (!ISSUANCE.equals(kind) && !VERIFICATION.equals(kind)) {
        throw new TxRejectedException(
            RejectCode.INVALID_BODY, "kind must be \"issuance\" or \"verification\"");
      }
      List<String> leaves =
          f.textList("leaves", MAX_ANCHOR_LEAVES, HEX32, "a 32-byte lower-case hex commitment");
      f.done();
      return new EventAnchor(kind, leaves);
    }
  }
}
