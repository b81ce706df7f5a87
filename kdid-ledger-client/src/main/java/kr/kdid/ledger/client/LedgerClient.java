package kr.kdid.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidResolutionResult;
import kr.kdid.core.did.DocumentMetadata;
import kr.kdid.core.did.InvalidDidException;
import kr.kdid.core.did.KdidMethod;
import kr.kdid.core.did.ResolutionError;
import kr.kdid.core.encoding.Hex;
import kr.kdid.core.json.Json;
import kr.kdid.core.merkle.MerkleTree;
import kr.kdid.ledger.proof.ProofException;
import kr.kdid.ledger.proof.SignedHeader;
import kr.kdid.ledger.proof.StateProof;
import kr.kdid.ledger.proof.TrustPolicy;
import kr.kdid.ledger.proof.TxProof;
import kr.kdid.ledger.state.AnchorRecord;
import kr.kdid.ledger.state.DidRecord;
import kr.kdid.ledger.state.IssuerRecord;
import kr.kdid.ledger.state.RelyingPartyRecord;
import kr.kdid.ledger.state.StateKeys;
import kr.kdid.ledger.state.StatusListRecord;
import kr.kdid.ledger.tx.Transaction;

/**
 * Talks to K-DID ledger nodes over HTTP and believes nothing it cannot verify: every read asks for
 * a proof and checks it against headers signed by enough trusted nodes ({@link TrustPolicy}). Takes
 * several node URLs and fails over when one is down. Plain JDK, no server dependencies, so it runs
 * in wallets too. Thread-safe.
 */
public final class LedgerClient implements LedgerGateway {
  private final List<URI> nodes;
  private final TrustPolicy trust;
  private final HttpClient http;
  private final Duration timeout;
  private final AtomicInteger preferred = new AtomicInteger();
  private volatile String chainId;

  private LedgerClient(List<URI> nodes, TrustPolicy trust, Duration timeout) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("give at least one ledger node URL");
    }
    this.nodes = List.copyOf(nodes);
    this.trust = trust;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /**
   * A client for these nodes, trusting the given node keys.
   *
   * @param nodes base URLs such as http://127.0.0.1:8080
   * @param trust which nodes' signatures count, and how many are needed
   */
  public static LedgerClient create(List<URI> nodes, TrustPolicy trust) {
    return new LedgerClient(nodes, trust, Duration.ofSeconds(10));
  }

  /**
   * Trust on first use: reads the node keys from the chain configuration of the first reachable
   * node, verifying that the genesis block is signed by them. Use it only where the first contact
   * is trusted (a local node, an operator's setup step); elsewhere pin the keys.
   */
  public static TrustPolicy fetchTrustPolicy(List<URI> nodes, int required) {
    LedgerClient bootstrap = new LedgerClient(nodes, null, Duration.ofSeconds(10));
    JsonNode chain = bootstrap.getJson("/v1/chain");
    Map<String, VerificationKey> keys = new HashMap<>();
    for (JsonNode n : chain.path("nodes")) {
      keys.put(n.path("id").asText(), VerificationKey.fromJwk(Jwk.fromJson(n.get("key"))));
    }
    TrustPolicy policy = new TrustPolicy(keys, Math.min(required, keys.size()));
    SignedHeader genesis = SignedHeader.fromJson(bootstrap.getJson("/v1/blocks/0/header"));
    if (!policy.accepts(genesis)) {
      throw new LedgerClientException.Unverified(
          "the genesis block is not signed by the nodes the chain configuration names");
    }
    return policy;
  }

  public TrustPolicy trust() {
    return trust;
  }

  @Override
  public String chainId() {
    String c = chainId;
    if (c == null) {
      // The chain id is signed into every header; read it from a verified head.
      c = head().header().chain();
      chainId = c;
    }
    return c;
  }

  // ---- writes ----

  /** The result of submitting a transaction. */
  public record Submission(String id, String status, Long height) {
    public boolean committed() {
      return "committed".equals(status);
    }
  }

  /**
   * Submits a transaction; with {@code wait}, returns once its block is committed.
   *
   * @throws LedgerClientException.Rejected if the ledger refuses it (with the error code)
   */
  @Override
  public Submission submit(Transaction tx, boolean wait) {
    ObjectNode body = Json.object();
    body.put("tx", tx.encoded());
    Response resp = send("POST", "/v1/transactions" + (wait ? "?wait=true" : ""), Json.bytes(body));
    if (resp.status >= 400) {
      throw resp.rejected();
    }
    JsonNode r = resp.json;
    return new Submission(
        r.path("id").asText(),
        r.path("status").asText(),
        r.has("height") ? r.get("height").asLong() : null);
  }

  // ---- verified reads ----

  /** The latest header, checked against the trust policy. */
  public SignedHeader head() {
    SignedHeader h = SignedHeader.fromJson(getJson(cosigned("/v1/blocks/head")));
    if (!trust.accepts(h)) {
      throw new LedgerClientException.Unverified("the head block lacks enough trusted signatures");
    }
    return h;
  }

  /**
   * Resolves a did:kdid, verifying the answer. Errors (invalid, unknown) are results; a failed
   * proof or an unreachable ledger throws.
   */
  @Override
  public DidResolutionResult resolve(String did) {
    Did d;
    try {
      d = KdidMethod.parse(did);
    } catch (InvalidDidException e) {
      return DidResolutionResult.error(ResolutionError.INVALID_DID, e.getMessage());
    }
    Optional<byte[]> v =
        provenValue(StateKeys.did(d), "/1.0/identifiers/" + enc(did) + "?proof=true");
    if (v.isEmpty()) {
      return DidResolutionResult.error(ResolutionError.NOT_FOUND, did + " is not on the ledger");
    }
    DidRecord rec = DidRecord.decode(v.get());
    return DidResolutionResult.found(
        rec.document(),
        new DocumentMetadata(
            rec.created(),
            rec.updated(),
            rec.deactivated(),
            Long.toString(rec.version()),
            null,
            null));
  }

  /** The trust-registry entry of an issuer, verified. */
  @Override
  public Optional<IssuerRecord> issuer(Did did) {
    return provenValue(
            StateKeys.issuer(did), "/v1/trust/issuers/" + enc(did.toString()) + "?proof=true")
        .map(IssuerRecord::decode);
  }

  /** The trust-registry entry of a relying party, verified. */
  @Override
  public Optional<RelyingPartyRecord> relyingParty(Did did) {
    return provenValue(
            StateKeys.relyingParty(did),
            "/v1/trust/relying-parties/" + enc(did.toString()) + "?proof=true")
        .map(RelyingPartyRecord::decode);
  }

  /** A status list, verified. */
  @Override
  public Optional<StatusListRecord> statusList(Did issuer, String listId) {
    return provenValue(
            StateKeys.statusList(issuer, listId),
            "/v1/status-lists/" + enc(issuer.toString()) + "/" + enc(listId) + "?proof=true")
        .map(StatusListRecord::decode);
  }

  /** An anchored commitment, with the anchor's state proof and the Merkle path verified. */
  @Override
  public Optional<AnchoredCommitment> commitment(String commitmentHex) {
    byte[] c = Hex.decode(commitmentHex);
    if (c.length != 32) {
      throw new IllegalArgumentException("a commitment is 32 bytes (64 hex characters)");
    }
    String hex = Hex.encode(c);
    Response r = send("GET", cosigned("/v1/commitments/" + hex + "?proof=true"), null);
    if (r.status == 404) {
      return Optional.empty();
    }
    if (r.status != 200) {
      throw r.rejected();
    }
    JsonNode txId = r.json.path("anchor").path("tx");
    byte[] anchorValue =
        provenValue(StateKeys.anchor(txId.asText()), r.json.get("proof"))
            .orElseThrow(
                () -> new LedgerClientException.Unverified("the node proved no anchor for " + hex));
    AnchorRecord anchor = AnchorRecord.decode(anchorValue);
    int index = r.json.path("leafIndex").asInt(-1);
    List<byte[]> path = new ArrayList<>();
    r.json.path("path").forEach(x -> path.add(Hex.decode(x.asText())));
    boolean included =
        MerkleTree.verifyInclusion(
            MerkleTree.leafHash(c), index, anchor.count(), path, Hex.decode(anchor.root()));
    if (!included) {
      throw new LedgerClientException.Unverified(
          "the Merkle path does not lead from " + hex + " to the anchored root");
    }
    return Optional.of(new AnchoredCommitment(hex, anchor, index));
  }

  /** A transaction's outcome with its verified inclusion proof, if a block holds it. */
  public Optional<TxProof> transaction(String txIdHex) {
    Hex.decode(txIdHex);
    Response r = send("GET", cosigned("/v1/transactions/" + txIdHex + "?proof=true"), null);
    if (r.status == 404 || (r.status == 200 && !r.json.has("proof"))) {
      return Optional.empty();
    }
    if (r.status != 200) {
      throw r.rejected();
    }
    TxProof p = TxProof.fromJson(r.json.get("proof"));
    try {
      p.verify(trust);
    } catch (ProofException e) {
      throw new LedgerClientException.Unverified(e.getMessage());
    }
    if (!p.outcome().id().equals(txIdHex)) {
      throw new LedgerClientException.Unverified("the node proved another transaction");
    }
    return Optional.of(p);
  }

  /**
   * Reads a value with its proof; absence, too, must be proven. The value used is the proven one,
   * never the rest of the response.
   */
  private Optional<byte[]> provenValue(String key, String path) {
    Response r = send("GET", cosigned(path), null);
    if (r.status != 200 && r.status != 404 && r.status != 410) {
      throw r.rejected();
    }
    JsonNode proofNode =
        r.json.has("proof")
            ? r.json.get("proof")
            : r.json.path("didResolutionMetadata").get("proof");
    return provenValue(key, proofNode);
  }

  /**
   * Asks for proofs anchored on headers that enough nodes signed: with k of n required, the node
   * anchors the proof on the latest co-signed checkpoint (a moment older than the head).
   */
  private String cosigned(String path) {
    return trust != null && trust.required() > 1
        ? path + (path.contains("?") ? "&" : "?") + "signatures=" + trust.required()
        : path;
  }

  /** Verifies a state proof of {@code key}; returns the proven value (empty if proven absent). */
  private Optional<byte[]> provenValue(String key, JsonNode proofNode) {
    if (proofNode == null || proofNode.isNull() || proofNode.isMissingNode()) {
      throw new LedgerClientException.Unverified("the node sent no proof for " + key);
    }
    StateProof p;
    try {
      p = StateProof.fromJson(proofNode);
    } catch (IllegalArgumentException e) {
      throw new LedgerClientException.Unverified(
          "the node sent a malformed proof: " + e.getMessage());
    }
    if (!p.key().equals(key)) {
      throw new LedgerClientException.Unverified("the node proved " + p.key() + ", not " + key);
    }
    try {
      p.verify(trust);
    } catch (ProofException e) {
      throw new LedgerClientException.Unverified(e.getMessage());
    }
    return Optional.ofNullable(p.value());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  // ---- HTTP with failover ----

  private record Response(int status, JsonNode json) {
    LedgerClientException.Rejected rejected() {
      return new LedgerClientException.Rejected(
          status, json.path("error").asText("HTTP_" + status), json.path("message").asText(""));
    }
  }

  /** GET expecting 200. */
  private JsonNode getJson(String path) {
    Response r = send("GET", path, null);
    if (r.status != 200) {
      throw r.rejected();
    }
    return r.json;
  }

  /**
   * Sends a request to the preferred node, failing over to the next on connection errors and 5xx
   * answers. Any 2xx-4xx JSON answer is returned as it is.
   */
  private Response send(String method, String path, byte[] body) {
    List<String> failures = new ArrayList<>();
    int start = preferred.get();
    for (int i = 0; i < nodes.size(); i++) {
      int idx = (start + i) % nodes.size();
      URI base = nodes.get(idx);
      HttpRequest.Builder b =
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(timeout)
              .header("Accept", "application/json");
      if (body != null) {
        b.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
      } else {
        b.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<byte[]> resp;
      try {
        resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        failures.add(base + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LedgerClientException("interrupted");
      }
      int s = resp.statusCode();
      if (s >= 500) {
        failures.add(base + ": HTTP " + s);
        continue;
      }
      preferred.set(idx);
      try {
        return new Response(s, Json.parse(resp.body()));
      } catch (IllegalArgumentException e) {
        throw new LedgerClientException(
            base + " sent a response that is not JSON (HTTP " + s + ")");
      }
    }
    throw new LedgerClientException("no ledger node answered: " + String.join("; ", failures));
  }
}
