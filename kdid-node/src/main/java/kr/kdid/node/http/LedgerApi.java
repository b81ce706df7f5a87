package kr.kdid.node.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidResolutionResult;
import kr.kdid.core.did.InvalidDidException;
import kr.kdid.core.did.KdidMethod;
import kr.kdid.core.did.ResolutionError;
import kr.kdid.core.encoding.Hex;
import kr.kdid.core.json.Json;
import kr.kdid.ledger.block.Block;
import kr.kdid.ledger.block.TxOutcome;
import kr.kdid.ledger.proof.SignedHeader;
import kr.kdid.ledger.proof.StateProof;
import kr.kdid.ledger.proof.TxProof;
import kr.kdid.ledger.query.LedgerReader;
import kr.kdid.ledger.state.AnchorRecord;
import kr.kdid.ledger.state.StateKeys;
import kr.kdid.ledger.state.StatusListRecord;
import kr.kdid.ledger.tx.RejectCode;
import kr.kdid.ledger.tx.TxRejectedException;
import kr.kdid.node.LedgerNode;
import kr.kdid.node.ordering.CommittedTx;
import kr.kdid.node.ordering.Orderer;
import kr.kdid.web.ApiException;
import kr.kdid.web.Http;

/**
 * The ledger node's HTTP API (documented in docs/api/ledger.md and openapi-ledger.yaml). Writes are
 * transactions, authenticated by their own signatures and authorised by the ledger's rules; every
 * read can come with a proof ({@code ?proof=true}) against a signed block header.
 */
public final class LedgerApi {
  /** Longest a client may wait for its transaction's block ({@code ?wait=true}). */
  static final long MAX_WAIT_MILLIS = 30_000;

  /** Media type of Status List Tokens in JWT form. */
  static final String STATUS_LIST_JWT = "application/statuslist+jwt";

  private final LedgerNode node;
  private final LedgerReader reader;

  public LedgerApi(LedgerNode node) {
    this.node = node;
    this.reader = node.reader();
  }

  /** Registers the routes. */
  public void routes(JavalinConfig config) {
    var r = config.routes;
    r.get("/v1/chain", this::chain);
    r.post("/v1/transactions", this::submit);
    r.get("/v1/transactions/{id}", this::transaction);
    r.get("/v1/blocks/head", this::head);
    r.get("/v1/blocks/{height}", this::block);
    r.get("/v1/blocks/{height}/header", this::header);
    r.get("/v1/history/consistency", this::consistency);
    r.get("/v1/history/inclusion", this::inclusion);
    r.get("/1.0/identifiers/{did}", this::resolve);
    r.get("/v1/trust/issuers", ctx -> list(ctx, "trust/issuer/"));
    r.get("/v1/trust/issuers/{did}", ctx -> record(ctx, StateKeys.issuer(did(ctx)), "issuer"));
    r.get("/v1/trust/relying-parties", ctx -> list(ctx, "trust/rp/"));
    r.get(
        "/v1/trust/relying-parties/{did}",
        ctx -> record(ctx, StateKeys.relyingParty(did(ctx)), "relying party"));
    r.get("/v1/status-lists/{issuer}/{listId}", this::statusList);
    r.get("/v1/anchors/{txId}", this::anchor);
    r.get("/v1/commitments/{commitment}", this::commitment);
    r.get("/v1/alarms", this::alarms);
    r.post("/v1/checkpoints/evidence", this::evidence);
  }

  /** The HTTP status for a rejection. */
  public static int statusFor(RejectCode code) {
    return switch (code.kind()) {
      case MALFORMED -> 400;
      case FORBIDDEN -> 403;
      case CONFLICT -> 409;
      case INVALID, UNAUTHORIZED, NOT_FOUND -> 422;
    };
  }

  private static ApiException rejection(TxRejectedException e) {
    return new ApiException(statusFor(e.code()), e.code().name(), e.reason());
  }

  private void chain(Context ctx) {
    ObjectNode o = node.config().toJson();
    SignedHeader head = reader.head();
    o.put("height", head.header().height());
    o.put("headHash", head.header().hashHex());
    o.put("nodeId", node.nodeId());
    Http.json(ctx, o);
  }

  private void submit(Context ctx) {
    String encoded;
    String ct = ctx.contentType();
    String mediaType =
        ct == null ? "" : ct.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
    if (mediaType.equals("application/jose")) {
      encoded = new String(ctx.bodyAsBytes(), StandardCharsets.US_ASCII).trim();
    } else {
      encoded = Http.requiredText(Http.jsonObject(ctx), "tx");
    }
    LedgerNode.Submitted s;
    try {
      s = node.submit(encoded);
    } catch (TxRejectedException e) {
      throw rejection(e);
    } catch (Orderer.OverloadedException e) {
      ctx.header("Retry-After", "1");
      throw new ApiException(503, "OVERLOADED", e.getMessage());
    } catch (LedgerNode.WritesStoppedException e) {
      throw new ApiException(503, "WRITES_STOPPED", e.getMessage());
    }
    ObjectNode o = Json.object();
    o.put("id", s.tx().idHex());
    if (!Http.flag(ctx, "wait")) {
      o.put("status", "pending");
      Http.json(ctx, 202, o);
      return;
    }
    CommittedTx committed;
    try {
      committed = s.outcome().get(MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      o.put("status", "pending");
      Http.json(ctx, 202, o);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "INTERRUPTED", "the node is shutting down");
    } catch (ExecutionException e) {
      throw new ApiException(
          503,
          "LEDGER_UNAVAILABLE",
          "the transaction was admitted but its block was not committed ("
              + (e.getCause() == null ? "unknown reason" : e.getCause().getMessage())
              + "); look it up by id before sending it again");
    }
    TxOutcome outcome = committed.outcome();
    if (!outcome.valid()) {
      RejectCode code = RejectCode.valueOf(outcome.code());
      ObjectNode err = Http.error(statusFor(code), code.name(), outcome.reason());
      // Admitted, then refused by the rules when its block was applied: it is in the block,
      // recorded as invalid.
      err.put("id", outcome.id());
      err.put("valid", false);
      err.put("height", committed.height());
      err.put("index", committed.index());
      Http.json(ctx, statusFor(code), err);
      return;
    }
    o.put("status", "committed");
    o.put("valid", true);
    o.put("height", committed.height());
    o.put("index", committed.index());
    Http.json(ctx, 200, o);
  }

  private static byte[] hexId(String s, String what) {
    if (s == null || s.length() != 64) {
      throw ApiException.badRequest("INVALID_ID", what + " must be 64 hex characters");
    }
    try {
      return Hex.decode(s);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("INVALID_ID", what + " must be 64 hex characters");
    }
  }

  private void transaction(Context ctx) {
    byte[] id = hexId(ctx.pathParam("id"), "transaction id");
    ObjectNode o = Json.object();
    o.put("id", Hex.encode(id));
    switch (node.status(id)) {
      case LedgerNode.Status.Pending p -> o.put("status", "pending");
      case LedgerNode.Status.Unknown u ->
          throw ApiException.notFound("UNKNOWN_TX", "no transaction " + Hex.encode(id));
      case LedgerNode.Status.Committed c -> {
        o.put("status", "committed");
        o.put("height", c.location().height());
        o.put("index", c.location().index());
        o.put("valid", c.outcome().valid());
        if (!c.outcome().valid()) {
          o.put("code", c.outcome().code());
          o.put("reason", c.outcome().reason());
        }
        if (Http.flag(ctx, "proof")) {
          TxProof p = txProof(ctx, id);
          o.set("proof", p.toJson());
        }
        Block b = node.store().block(c.location().height());
        o.put("tx", b.transactions().get(c.location().index()));
      }
    }
    Http.json(ctx, o);
  }

  private void head(Context ctx) {
    int k = signatures(ctx);
    if (k <= 1) {
      Http.json(ctx, reader.head().toJson());
      return;
    }
    // The latest checkpoint: the latest block with transactions that k nodes have co-signed.
    long deadline = System.nanoTime() + COSIGN_WAIT_MILLIS * 1_000_000;
    long anchor = reader.latestTransactionBlock();
    if (anchor < 0) {
      Http.json(ctx, reader.head().toJson());
      return;
    }
    while (reader.header(anchor).signatures().size() < k) {
      awaitCosignatures(deadline, k);
    }
    Http.json(ctx, reader.header(anchor).toJson());
  }

  private long height(Context ctx) {
    long h = Http.longParam(ctx.pathParam("height"), "height");
    if (h > reader.height()) {
      throw ApiException.notFound(
          "UNKNOWN_BLOCK", "no block " + h + "; the ledger is at " + reader.height());
    }
    return h;
  }

  private void block(Context ctx) {
    Block b = node.store().block(height(ctx));
    ObjectNode o = b.toJson();
    o.put("hash", b.header().hashHex());
    Http.json(ctx, o);
  }

  private void header(Context ctx) {
    Http.json(ctx, reader.header(height(ctx)).toJson());
  }

  private void consistency(Context ctx) {
    long from = Http.longParam(required(ctx, "from"), "from");
    long to = Http.longParam(required(ctx, "to"), "to");
    long size = reader.height() + 1;
    if (from < 1 || from > to || to > size) {
      throw ApiException.badRequest(
          "INVALID_PARAMETER", "need 1 <= from <= to <= " + size + " (history sizes = heights)");
    }
    ObjectNode o = Json.object();
    o.put("from", from);
    o.put("to", to);
    ArrayNode a = o.putArray("proof");
    reader.historyConsistency(from, to).forEach(p -> a.add(Hex.encode(p)));
    Http.json(ctx, o);
  }

  private void inclusion(Context ctx) {
    long h = Http.longParam(required(ctx, "height"), "height");
    long size = Http.longParam(required(ctx, "size"), "size");
    if (size > reader.height() + 1 || h >= size) {
      throw ApiException.badRequest(
          "INVALID_PARAMETER", "need height < size <= " + (reader.height() + 1));
    }
    ObjectNode o = Json.object();
    o.put("height", h);
    o.put("size", size);
    o.put("blockHash", Hex.encode(node.store().blockHash(h)));
    ArrayNode a = o.putArray("proof");
    reader.historyInclusion(h, size).forEach(p -> a.add(Hex.encode(p)));
    Http.json(ctx, o);
  }

  private static String required(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      throw ApiException.badRequest(
          "MISSING_PARAMETER", "query parameter " + name + " is required");
    }
    return v;
  }

  private void resolve(Context ctx) {
    String did = ctx.pathParam("did");
    Long version = null;
    String v = ctx.queryParam("versionId");
    if (v != null) {
      try {
        version = Long.parseLong(v);
        if (version < 1) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        DidResolutionResult bad =
            DidResolutionResult.error(
                ResolutionError.INVALID_OPTIONS, "versionId must be a positive integer");
        ctx.status(400)
            .contentType(DidResolutionResult.MEDIA_TYPE)
            .result(Json.bytes(bad.toJson()));
        return;
      }
    }
    DidResolutionResult r = reader.resolve(did, version);
    ObjectNode body = r.toJson();
    int status = 200;
    if (r.error() != null) {
      status = r.error().httpStatus();
    } else if (r.isDeactivated()) {
      status = 410;
    }
    boolean provable = r.error() == null || r.error() == ResolutionError.NOT_FOUND;
    if (provable && Http.flag(ctx, "proof")) {
      Did d = KdidMethod.parse(did);
      ObjectNode meta = (ObjectNode) body.get("didResolutionMetadata");
      boolean earlier =
          r.error() == null && version != null && !Long.toString(version).equals(currentVersion(d));
      if (earlier) {
        // An earlier version is proven by the valid transaction that wrote it.
        byte[] txId = reader.versionTx(d, version);
        meta.set("txProof", txProof(ctx, txId).toJson());
        var loc = reader.locate(txId);
        meta.put("tx", node.store().block(loc.height()).transactions().get(loc.index()));
      } else {
        // The current version, or absence, is proven against the state root.
        meta.set("proof", prove(ctx, StateKeys.did(d)).toJson());
      }
    }
    ctx.status(status).contentType(DidResolutionResult.MEDIA_TYPE).result(Json.bytes(body));
  }

  private String currentVersion(Did d) {
    byte[] raw = reader.get(StateKeys.did(d));
    return raw == null ? null : Long.toString(kr.kdid.ledger.state.DidRecord.decode(raw).version());
  }

  private static Did did(Context ctx) {
    String s = ctx.pathParam("did");
    try {
      return Did.parse(s);
    } catch (InvalidDidException e) {
      throw ApiException.badRequest("INVALID_DID", e.getMessage());
    }
  }

  /** A state record as JSON, or 404; with {@code ?proof=true}, its proof. */
  private void record(Context ctx, String key, String what) {
    if (Http.flag(ctx, "proof")) {
      StateProof p = prove(ctx, key);
      if (p.value() == null) {
        ObjectNode err = Http.error(404, "NOT_FOUND", "no " + what + " under " + key);
        err.set("proof", p.toJson());
        Http.json(ctx, 404, err);
        return;
      }
      ObjectNode o = Json.object();
      o.set("record", Json.parse(p.value()));
      o.set("proof", p.toJson());
      Http.json(ctx, o);
      return;
    }
    byte[] v = reader.get(key);
    if (v == null) {
      throw ApiException.notFound("NOT_FOUND", "no " + what + " under " + key);
    }
    ObjectNode o = Json.object();
    o.set("record", Json.parse(v));
    Http.json(ctx, o);
  }

  private void list(Context ctx, String prefix) {
    String after = ctx.queryParam("after");
    int limit = 100;
    String l = ctx.queryParam("limit");
    if (l != null) {
      limit = (int) Math.min(1000, Math.max(1, Http.longParam(l, "limit")));
    }
    int max = limit;
    ArrayNode items = Json.mapper().createArrayNode();
    String[] last = {null};
    node.store()
        .scanState(
            prefix,
            after == null ? null : prefix + after,
            (k, v) -> {
              if (k.indexOf('/', prefix.length()) >= 0) {
                return true; // not a direct child
              }
              JsonNode rec = Json.parse(v);
              items.add(rec);
              last[0] = k.substring(prefix.length());
              return items.size() < max;
            });
    ObjectNode o = Json.object();
    o.set("items", items);
    if (items.size() == max && last[0] != null) {
      o.put("next", last[0]);
    }
    Http.json(ctx, o);
  }

  private void statusList(Context ctx) {
    Did issuer = did(ctx, "issuer");
    String id = ctx.pathParam("listId");
    if (!kr.kdid.ledger.tx.TxBody.LIST_ID.matcher(id).matches()) {
      throw ApiException.badRequest("INVALID_LIST_ID", "not a status list id: " + id);
    }
    String key = StateKeys.statusList(issuer, id);
    String accept = ctx.header("Accept");
    if (accept != null && accept.contains(STATUS_LIST_JWT)) {
      // The Token Status List retrieval: the issuer's signed token, as issued.
      byte[] v = reader.get(key);
      if (v == null) {
        throw ApiException.notFound(
            "UNKNOWN_STATUS_LIST", "no status list " + id + " of " + issuer);
      }
      ctx.contentType(STATUS_LIST_JWT).result(StatusListRecord.decode(v).token());
      return;
    }
    if (!Http.flag(ctx, "proof")) {
      byte[] v = reader.get(key);
      if (v == null) {
        throw ApiException.notFound(
            "UNKNOWN_STATUS_LIST", "no status list " + id + " of " + issuer);
      }
      StatusListRecord rec = StatusListRecord.decode(v);
      Http.json(ctx, statusListJson(rec));
      return;
    }
    StateProof p = prove(ctx, key);
    if (p.value() == null) {
      ObjectNode err =
          Http.error(404, "UNKNOWN_STATUS_LIST", "no status list " + id + " of " + issuer);
      err.set("proof", p.toJson());
      Http.json(ctx, 404, err);
      return;
    }
    ObjectNode o = statusListJson(StatusListRecord.decode(p.value()));
    o.set("proof", p.toJson());
    Http.json(ctx, o);
  }

  private static ObjectNode statusListJson(StatusListRecord rec) {
    ObjectNode o = rec.toJson();
    ObjectNode sl = o.putObject("status_list");
    sl.put("bits", rec.bits());
    sl.put("lst", rec.lst());
    return o;
  }

  private static Did did(Context ctx, String param) {
    try {
      return Did.parse(ctx.pathParam(param));
    } catch (InvalidDidException e) {
      throw ApiException.badRequest("INVALID_DID", e.getMessage());
    }
  }

  private void anchor(Context ctx) {
    byte[] id = hexId(ctx.pathParam("txId"), "anchor transaction id");
    record(ctx, StateKeys.anchor(Hex.encode(id)), "anchor");
  }

  private void commitment(Context ctx) {
    byte[] c = hexId(ctx.pathParam("commitment"), "commitment");
    var loc = node.store().commitment(c);
    if (loc == null) {
      throw ApiException.notFound("UNKNOWN_COMMITMENT", "no anchored commitment " + Hex.encode(c));
    }
    StateProof p = prove(ctx, StateKeys.anchor(loc.anchorTxId()));
    AnchorRecord anchor = AnchorRecord.decode(p.value());
    var txLoc = reader.locate(Hex.decode(loc.anchorTxId()));
    Block b = node.store().block(txLoc.height());
    String encoded = b.transactions().get(txLoc.index());
    List<String> leaves;
    try {
      var tx = kr.kdid.ledger.tx.TxCodec.decode(encoded);
      leaves = ((kr.kdid.ledger.tx.TxBody.EventAnchor) tx.payload().body()).leaves();
    } catch (TxRejectedException e) {
      throw new IllegalStateException("anchored transaction is unreadable", e);
    }
    List<byte[]> leafHashes = new java.util.ArrayList<>();
    leaves.forEach(x -> leafHashes.add(kr.kdid.core.merkle.MerkleTree.leafHash(Hex.decode(x))));
    ObjectNode o = Json.object();
    o.put("commitment", Hex.encode(c));
    o.put("leafIndex", loc.leafIndex());
    o.set("anchor", anchor.toJson());
    ArrayNode path = o.putArray("path");
    kr.kdid.core.merkle.MerkleTree.inclusionProof(leafHashes, loc.leafIndex())
        .forEach(x -> path.add(Hex.encode(x)));
    if (Http.flag(ctx, "proof")) {
      o.set("proof", p.toJson());
    }
    Http.json(ctx, o);
  }

  /**
   * How many node signatures the client wants on the header that anchors a proof ({@code
   * ?signatures=k}, default 1).
   */
  private int signatures(Context ctx) {
    String v = ctx.queryParam("signatures");
    if (v == null) {
      return 1;
    }
    int n = node.config().nodes().size();
    long k = Http.longParam(v, "signatures");
    if (k < 1 || k > n) {
      throw ApiException.badRequest(
          "INVALID_SIGNATURES", "signatures must be between 1 and " + n + " (the chain's nodes)");
    }
    return (int) k;
  }

  private static final long COSIGN_WAIT_MILLIS = 5_000;

  /**
   * A state proof. With {@code ?signatures=k} (k > 1) it is anchored on the latest block with
   * transactions once k nodes have co-signed it (their signatures are recorded by a following
   * block, so this waits up to a few hundred milliseconds).
   */
  private StateProof prove(Context ctx, String key) {
    int k = signatures(ctx);
    if (k <= 1) {
      return reader.prove(key);
    }
    long deadline = System.nanoTime() + COSIGN_WAIT_MILLIS * 1_000_000;
    while (true) {
      // Wait for this anchor's co-signatures even if newer blocks arrive meanwhile (under a
      // steady stream of writes the newest block is never co-signed yet); move on to a newer
      // anchor only if the key itself was written after it.
      long anchor = reader.latestTransactionBlock();
      if (anchor < 0) {
        return reader.prove(key);
      }
      while (reader.header(anchor).signatures().size() < k) {
        awaitCosignatures(deadline, k);
      }
      StateProof p = reader.proveAt(key, anchor);
      if (p != null) {
        return p;
      }
      awaitCosignatures(deadline, k);
    }
  }

  /** A transaction proof; with {@code ?signatures=k}, once k nodes co-signed its block. */
  private TxProof txProof(Context ctx, byte[] txId) {
    int k = signatures(ctx);
    long deadline = System.nanoTime() + COSIGN_WAIT_MILLIS * 1_000_000;
    while (true) {
      TxProof p = reader.txProof(txId);
      if (p == null || p.header().signatures().size() >= k) {
        return p;
      }
      awaitCosignatures(deadline, k);
    }
  }

  private static void awaitCosignatures(long deadline, int k) {
    if (System.nanoTime() > deadline) {
      throw new ApiException(
          503,
          "CHECKPOINT_PENDING",
          "fewer than " + k + " nodes have co-signed the latest block yet; retry shortly");
    }
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "INTERRUPTED", "the node is shutting down");
    }
  }

  /** The alarms: conflicting signed headers recorded on the ledger, with their evidence. */
  private void alarms(Context ctx) {
    ObjectNode o = Json.object();
    o.put("writesStopped", !node.alarms().isEmpty());
    ArrayNode a = o.putArray("conflicts");
    node.store()
        .scanState(
            "conflict/",
            null,
            (k, v) -> {
              ObjectNode e = (ObjectNode) Json.parse(v);
              e.put("key", k);
              a.add(e);
              return a.size() < 1000;
            });
    Http.json(ctx, o);
  }

  /**
   * Evidence of a fork, from anyone: a header signed by a chain node. If its signature verifies,
   * the node has the ledger record it (as a checkpoint signature if it matches this chain, as a
   * conflict if it does not; every node then raises the alarm).
   */
  private void evidence(Context ctx) {
    kr.kdid.ledger.block.Cosignature c;
    try {
      c = kr.kdid.ledger.block.Cosignature.fromJson(Http.jsonObject(ctx));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("INVALID_EVIDENCE", e.getMessage());
    }
    var nodeInfo =
        node.config().nodes().stream()
            .filter(n -> n.id().equals(c.signature().node()))
            .findFirst()
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "UNKNOWN_NODE", c.signature().node() + " is not a node of this chain"));
    boolean ok;
    try {
      ok =
          nodeInfo.key().algorithm().jwsName().equals(c.signature().alg())
              && nodeInfo
                  .key()
                  .verify(
                      c.header().signingBytes(),
                      kr.kdid.core.encoding.Base64Url.decode(c.signature().signature()));
    } catch (IllegalArgumentException e) {
      ok = false;
    }
    if (!ok) {
      throw ApiException.badRequest(
          "BAD_SIGNATURE", "the signature does not verify with " + nodeInfo.id() + "'s key");
    }
    if (!c.header().chain().equals(node.config().chainId())
        || c.header().height() > reader.height()) {
      throw ApiException.badRequest(
          "NOT_COMPARABLE",
          "the header is of another chain or above this node's height " + reader.height());
    }
    byte[] ours = node.store().blockHash(c.header().height());
    boolean conflict = !java.util.Arrays.equals(ours, c.header().hash());
    String key =
        conflict
            ? StateKeys.conflict(c.header().height(), c.signature().node())
            : StateKeys.checkpoint(c.header().height(), c.signature().node());
    // Only what the ledger does not hold yet is queued: replaying evidence makes no blocks.
    boolean recorded = reader.get(key) != null;
    if (!recorded) {
      node.cosign(c);
    }
    ObjectNode o = Json.object();
    o.put("conflict", conflict);
    o.put("alreadyRecorded", recorded);
    o.put(
        "message",
        conflict
            ? "the header conflicts with this chain; the ledger will record the evidence"
            : "the header matches this chain");
    Http.json(ctx, 202, o);
  }

  /** Everything the node exposes in {@code /health}. */
  public ObjectNode health() {
    ObjectNode o = Json.object();
    boolean up = node.healthy();
    boolean alarm = !node.alarms().isEmpty();
    o.put("status", !up ? "DOWN" : alarm ? "ALARM" : "UP");
    if (alarm) {
      o.put("alarm", node.alarms().get(0) + " (writes stopped; see /v1/alarms)");
    }
    o.put("chainId", node.config().chainId());
    o.put("node", node.nodeId());
    String leader = node.leader();
    if (leader == null) {
      o.putNull("leader");
    } else {
      o.put("leader", leader);
    }
    o.put("height", reader.height());
    o.put("queued", node.queued());
    return o;
  }
}
