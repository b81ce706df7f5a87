package kr.kdid.node;

import static kr.kdid.node.TestNode.CHAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.did.DidResolutionResult;
import kr.kdid.core.did.Relationship;
import kr.kdid.core.did.ResolutionError;
import kr.kdid.core.did.VerificationMethod;
import kr.kdid.core.encoding.Hex;
import kr.kdid.core.json.Json;
import kr.kdid.core.merkle.MerkleTree;
import kr.kdid.ledger.client.LedgerClient;
import kr.kdid.ledger.client.LedgerClientException;
import kr.kdid.ledger.proof.SignedHeader;
import kr.kdid.ledger.testing.LedgerFixture;
import kr.kdid.ledger.testing.LedgerFixture.Actor;
import kr.kdid.ledger.tx.StatusLists;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.ledger.tx.TxCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The node over HTTP on loopback: the whole API, every kind of bad input, proofs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerNodeIT {
  TestNode t;
  LedgerClient client;
  Actor gov;

  @BeforeAll
  void start(@TempDir Path dir) {
    t = new TestNode(dir);
    client = t.client();
    gov = t.governance();
  }

  @AfterAll
  void stop() {
    t.close();
  }

  private Actor createDid() {
    Actor a = LedgerFixture.newActor(SignatureAlgorithm.ES256);
    var s = client.submit(a.sign(CHAIN, new TxBody.DidCreate(a.document())), true);
    assertThat(s.committed()).isTrue();
    return a;
  }

  private static JsonNode json(HttpResponse<String> r) {
    return Json.parse(r.body());
  }

  private static void assertError(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode j = json(r);
    assertThat(j.path("error").asText()).as(r.body()).isEqualTo(code);
    assertThat(j.path("message").asText()).isNotBlank();
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private String headHash() throws Exception {
    return json(t.get("/v1/blocks/head")).path("hash").asText();
  }

  @Test
  void didLifecycleWithVerifiedReads() {
    Actor a = createDid();
    DidResolutionResult r = client.resolve(a.did().toString());
    assertThat(r.document()).isEqualTo(a.document());
    assertThat(r.metadata().versionId()).isEqualTo("1");

    SoftwareKey k2 = SoftwareKey.generate(SignatureAlgorithm.EDDSA);
    DidDocument rotated =
        DidDocument.builder(a.did())
            .method(
                VerificationMethod.jwk(a.did().withFragment("key-2"), a.did(), k2.publicKey()),
                Relationship.CAPABILITY_INVOCATION)
            .build();
    client.submit(a.sign(CHAIN, new TxBody.DidUpdate(a.did(), 1, rotated)), true);
    assertThat(client.resolve(a.did().toString()).document()).isEqualTo(rotated);
    client.submit(
        TxCodec.sign(
            k2, a.did().withFragment("key-2"), CHAIN, new TxBody.DidDeactivate(a.did(), 2)),
        true);
    assertThat(client.resolve(a.did().toString()).isDeactivated()).isTrue();
    try {
      HttpResponse<String> gone =
          t.get(
              "/1.0/identifiers/" + URLEncoder.encode(a.did().toString(), StandardCharsets.UTF_8));
      assertThat(gone.statusCode()).isEqualTo(410);
      assertThat(json(gone).path("didDocumentMetadata").path("deactivated").asBoolean()).isTrue();
    } catch (Exception e) {
      throw new AssertionError(e);
    }

    // Absence is proven too.
    Actor ghost = LedgerFixture.newActor(SignatureAlgorithm.ES256);
    assertThat(client.resolve(ghost.did().toString()).error()).isEqualTo(ResolutionError.NOT_FOUND);
    assertThat(client.resolve("did:kdid:nope").error()).isEqualTo(ResolutionError.INVALID_DID);
  }

  @Test
  void didResolutionFollowsTheHttpBinding() throws Exception {
    Actor a = createDid();
    String did = URLEncoder.encode(a.did().toString(), StandardCharsets.UTF_8);
    HttpResponse<String> r = t.get("/1.0/identifiers/" + did);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/did-resolution+json");
    JsonNode j = json(r);
    assertThat(j.path("didDocument").path("id").asText()).isEqualTo(a.did().toString());
    assertThat(j.path("didDocumentMetadata").path("versionId").asText()).isEqualTo("1");
    assertThat(t.get("/1.0/identifiers/" + did + "?versionId=1").statusCode()).isEqualTo(200);

    assertThat(t.get("/1.0/identifiers/not-a-did").statusCode()).isEqualTo(400);
    assertThat(
            json(t.get("/1.0/identifiers/not-a-did"))
                .path("didResolutionMetadata")
                .path("error")
                .asText())
        .isEqualTo("invalidDid");
    Actor ghost = LedgerFixture.newActor(SignatureAlgorithm.ES256);
    HttpResponse<String> nf = t.get("/1.0/identifiers/" + ghost.did());
    assertThat(nf.statusCode()).isEqualTo(404);
    assertThat(json(nf).path("didResolutionMetadata").path("error").asText()).isEqualTo("notFound");
    assertThat(t.get("/1.0/identifiers/" + did + "?versionId=99").statusCode()).isEqualTo(404);
    HttpResponse<String> badVersion = t.get("/1.0/identifiers/" + did + "?versionId=x");
    assertThat(badVersion.statusCode()).isEqualTo(400);
    assertThat(json(badVersion).path("didResolutionMetadata").path("error").asText())
        .isEqualTo("invalidOptions");
    assertThat(t.get("/1.0/identifiers/did:web:example.com").statusCode()).isEqualTo(400);
  }

  @Test
  void trustRegistryStatusListsAndAnchors() throws Exception {
    Actor police = createDid();
    Actor bank = createDid();
    client.submit(
        gov.sign(
            CHAIN,
            new TxBody.IssuerAccredit(police.did(), "National Police Agency", List.of("mdl"))),
        true);
    client.submit(
        gov.sign(
            CHAIN,
            new TxBody.RpRegister(
                bank.did(), "Bank", "Account opening", Map.of("mdl", List.of("age_over_19")))),
        true);
    assertThat(client.issuer(police.did()).orElseThrow().mayIssue("mdl")).isTrue();
    assertThat(client.relyingParty(bank.did()).orElseThrow().mayRequest("mdl", "age_over_19"))
        .isTrue();
    assertThat(client.issuer(bank.did())).isEmpty();

    JsonNode issuers = json(t.get("/v1/trust/issuers?limit=1000"));
    assertThat(issuers.path("items").toString()).contains(police.did().toString());

    client.submit(
        police.sign(
            CHAIN,
            new TxBody.StatusListCreate(
                "mdl-1",
                1,
                StatusLists.MIN_SIZE,
                LedgerFixture.emptyListToken(police, "mdl-1", 1))),
        true);
    byte[] list = new byte[StatusLists.byteLength(StatusLists.MIN_SIZE, 1)];
    StatusLists.set(list, 1, 99, 1);
    client.submit(
        police.sign(
            CHAIN,
            new TxBody.StatusListUpdate(
                police.did(),
                "mdl-1",
                1,
                LedgerFixture.statusListToken(police, "mdl-1", 1, StatusLists.encode(list)))),
        true);
    var sl = client.statusList(police.did(), "mdl-1").orElseThrow();
    assertThat(sl.version()).isEqualTo(2);
    assertThat(client.statusList(police.did(), "mdl-9")).isEmpty();
    HttpResponse<String> tok =
        t.request(
            "GET", "/v1/status-lists/" + police.did() + "/mdl-1", null, null); // JSON by default
    assertThat(json(tok).path("token").asText()).isEqualTo(sl.token());
    var jwtReq =
        java.net.http.HttpRequest.newBuilder(
                t.base.resolve("/v1/status-lists/" + police.did() + "/mdl-1"))
            .header("Accept", "application/statuslist+jwt")
            .build();
    HttpResponse<String> jwt = t.http.send(jwtReq, HttpResponse.BodyHandlers.ofString());
    assertThat(jwt.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/statuslist+jwt");
    assertThat(jwt.body()).isEqualTo(sl.token());

    List<String> leaves = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      leaves.add(Hex.encode(Randomness.bytes(32)));
    }
    var sub = client.submit(police.sign(CHAIN, new TxBody.EventAnchor("issuance", leaves)), true);
    JsonNode c = json(t.get("/v1/commitments/" + leaves.get(5) + "?proof=true"));
    assertThat(c.path("anchor").path("tx").asText()).isEqualTo(sub.id());
    List<byte[]> path = new ArrayList<>();
    c.path("path").forEach(p -> path.add(Hex.decode(p.asText())));
    assertThat(
            MerkleTree.verifyInclusion(
                MerkleTree.leafHash(Hex.decode(leaves.get(5))),
                5,
                7,
                path,
                Hex.decode(c.path("anchor").path("root").asText())))
        .isTrue();
    assertThat(t.get("/v1/anchors/" + sub.id()).statusCode()).isEqualTo(200);
    assertThat(client.transaction(sub.id()).orElseThrow().outcome().valid()).isTrue();
  }

  @Test
  void blocksHeadersAndHistoryProofs() throws Exception {
    createDid();
    createDid();
    SignedHeader head = client.head();
    long h = head.header().height();
    JsonNode b = json(t.get("/v1/blocks/" + h));
    assertThat(b.path("hash").asText()).isEqualTo(head.header().hashHex());
    assertThat(json(t.get("/v1/blocks/1/header")).path("header").path("height").asLong())
        .isEqualTo(1);
    // The history root in the head covers blocks 0..h-1; check inclusion and consistency.
    JsonNode inc = json(t.get("/v1/history/inclusion?height=1&size=" + h));
    List<byte[]> path = new ArrayList<>();
    inc.path("proof").forEach(p -> path.add(Hex.decode(p.asText())));
    assertThat(
            MerkleTree.verifyInclusion(
                MerkleTree.leafHash(Hex.decode(inc.path("blockHash").asText())),
                1,
                h,
                path,
                Hex.decode(head.header().historyRoot())))
        .isTrue();
    SignedHeader older = SignedHeader.fromJson(json(t.get("/v1/blocks/2/header")));
    JsonNode con = json(t.get("/v1/history/consistency?from=2&to=" + h));
    List<byte[]> cp = new ArrayList<>();
    con.path("proof").forEach(p -> cp.add(Hex.decode(p.asText())));
    assertThat(
            MerkleTree.verifyConsistency(
                2,
                h,
                Hex.decode(older.header().historyRoot()),
                Hex.decode(head.header().historyRoot()),
                cp))
        .isTrue();
  }

  @Test
  void transactionStatusAndWaiting() throws Exception {
    Actor a = LedgerFixture.newActor(SignatureAlgorithm.ES256);
    Transaction tx = a.sign(CHAIN, new TxBody.DidCreate(a.document()));
    HttpResponse<String> r = t.postTx(tx.encoded(), false);
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(json(r).path("status").asText()).isEqualTo("pending");
    for (int i = 0;
        i < 100
            && !"committed"
                .equals(json(t.get("/v1/transactions/" + tx.idHex())).path("status").asText());
        i++) {
      Thread.sleep(20);
    }
    JsonNode s = json(t.get("/v1/transactions/" + tx.idHex() + "?proof=true"));
    assertThat(s.path("status").asText()).isEqualTo("committed");
    assertThat(s.path("valid").asBoolean()).isTrue();
    assertThat(s.has("proof")).isTrue();
    // Raw JOSE body works too.
    Actor b = LedgerFixture.newActor(SignatureAlgorithm.EDDSA);
    HttpResponse<String> jose =
        t.request(
            "POST",
            "/v1/transactions?wait=true",
            "application/jose",
            b.sign(CHAIN, new TxBody.DidCreate(b.document()))
                .encoded()
                .getBytes(StandardCharsets.US_ASCII));
    assertThat(jose.statusCode()).as(jose.body()).isEqualTo(200);
  }

  /**
   * A waiting submission is answered with the height and index its block gave it (the orderer's
   * record of the block, not an index lookup): they must name the very entry that the transaction
   * index and the block hold, for transactions applied and for those the rules refused in the
   * block.
   */
  @Test
  void waitingSubmissionsNameTheirPlaceInTheBlock() throws Exception {
    boolean sawRefusedInBlock = false;
    for (int round = 0; round < 10 && !sawRefusedInBlock; round++) {
      Actor a = createDid();
      // Eight updates of the same version, sent together: each passes admission against the
      // committed state, so the ones after the first that share its block are refused there.
      List<Transaction> rivals = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        rivals.add(a.sign(CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document())));
      }
      List<HttpResponse<String>> answers = new ArrayList<>();
      try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
        List<java.util.concurrent.Callable<HttpResponse<String>>> sends = new ArrayList<>();
        for (Transaction tx : rivals) {
          sends.add(() -> t.postTx(tx.encoded(), true));
        }
        for (var f : pool.invokeAll(sends)) {
          answers.add(f.get());
        }
      }
      int applied = 0;
      for (int i = 0; i < rivals.size(); i++) {
        JsonNode r = json(answers.get(i));
        if (!r.has("height")) {
          // Refused at admission (the first was already committed): no place in any block.
          assertThat(answers.get(i).statusCode()).as(r.toString()).isEqualTo(409);
          continue;
        }
        Transaction tx = rivals.get(i);
        JsonNode status = json(t.get("/v1/transactions/" + tx.idHex()));
        assertThat(r.path("height").asLong()).isEqualTo(status.path("height").asLong());
        assertThat(r.path("index").asInt()).isEqualTo(status.path("index").asInt());
        assertThat(status.path("tx").asText()).isEqualTo(tx.encoded());
        if (r.path("valid").asBoolean(true) && answers.get(i).statusCode() == 200) {
          applied++;
        } else {
          assertThat(r.path("valid").asBoolean()).isFalse();
          assertThat(r.path("error").asText()).isEqualTo("STALE_VERSION");
          assertThat(status.path("valid").asBoolean()).isFalse();
          sawRefusedInBlock = true;
        }
      }
      assertThat(applied).isEqualTo(1);
    }
    assertThat(sawRefusedInBlock).as("some rival was refused inside a block").isTrue();
  }

  @Test
  void badTransactionsAreRefusedWithCodesAndNothingIsStored() throws Exception {
    Actor a = createDid();
    Actor b = createDid();
    String before = headHash();
    long height = client.head().header().height();

    // Malformed JSON, wrong shape, wrong media type, missing field.
    assertError(
        t.request("POST", "/v1/transactions", "application/json", "{\"tx\":".getBytes()),
        400,
        "MALFORMED_JSON");
    assertError(
        t.request("POST", "/v1/transactions", "application/json", "[1]".getBytes()),
        400,
        "MALFORMED_JSON");
    assertError(
        t.request("POST", "/v1/transactions", "application/json", "{}".getBytes()),
        400,
        "MISSING_FIELD");
    assertError(
        t.request("POST", "/v1/transactions", "application/json", new byte[0]),
        400,
        "MALFORMED_JSON");
    assertError(
        t.request("POST", "/v1/transactions", "text/plain", "x".getBytes()),
        415,
        "UNSUPPORTED_MEDIA_TYPE");
    assertError(t.postTx("not.a.tx!", false), 400, "MALFORMED_TX");
    // A transaction longer than the ledger accepts, in a body the server still reads.
    String longTx = "a".repeat(kr.kdid.ledger.tx.TxCodec.MAX_LENGTH + 10);
    assertError(t.postTx(longTx, false), 400, "TX_TOO_LARGE");
    // Oversized body.
    byte[] huge = new byte[5 << 20];
    java.util.Arrays.fill(huge, (byte) 'a');
    assertError(
        t.request("POST", "/v1/transactions", "application/json", huge), 413, "PAYLOAD_TOO_LARGE");

    // Bad signature.
    Transaction good = a.sign(CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document()));
    String enc = good.encoded();
    int cut = enc.lastIndexOf('.') + 3;
    String forged =
        enc.substring(0, cut) + (enc.charAt(cut) == 'A' ? 'B' : 'A') + enc.substring(cut + 1);
    assertError(t.postTx(forged, true), 422, "BAD_SIGNATURE");
    // Wrong signer: b's key claims to be a's.
    Transaction wrongSigner =
        TxCodec.sign(b.key(), a.keyId(), CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document()));
    assertError(t.postTx(wrongSigner.encoded(), true), 422, "BAD_SIGNATURE");
    // Unknown DID as signer, and as subject.
    Actor ghost = LedgerFixture.newActor(SignatureAlgorithm.ES256);
    assertError(
        t.postTx(
            ghost.sign(CHAIN, new TxBody.DidUpdate(ghost.did(), 1, ghost.document())).encoded(),
            true),
        422,
        "UNKNOWN_SIGNER");
    assertError(
        t.postTx(
            a.sign(CHAIN, new TxBody.DidUpdate(ghost.did(), 1, ghost.document())).encoded(), true),
        422,
        "UNKNOWN_DID");
    // Update by a non-controller.
    assertError(
        t.postTx(b.sign(CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document())).encoded(), true),
        403,
        "NOT_CONTROLLER");
    // Trust-registry change not signed by governance.
    assertError(
        t.postTx(
            a.sign(CHAIN, new TxBody.IssuerAccredit(a.did(), "Me", List.of("mdl"))).encoded(),
            true),
        403,
        "NOT_GOVERNANCE");
    // Wrong chain.
    assertError(
        t.postTx(a.sign("other", new TxBody.DidUpdate(a.did(), 1, a.document())).encoded(), true),
        422,
        "WRONG_CHAIN");

    assertThat(headHash()).as("refused transactions leave no trace").isEqualTo(before);
    assertThat(client.head().header().height()).isEqualTo(height);
    assertThat(client.resolve(a.did().toString()).metadata().versionId()).isEqualTo("1");

    // Replays: the same transaction twice, then the same nonce with another payload.
    String nonce = "BBBBBBBBBBBBBBBBBBBBBB";
    Transaction t1 =
        TxCodec.sign(
            a.key(), a.keyId(), CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document()), nonce);
    assertThat(t.postTx(t1.encoded(), true).statusCode()).isEqualTo(200);
    assertError(t.postTx(t1.encoded(), true), 409, "DUPLICATE_TX");
    Transaction t2 =
        TxCodec.sign(
            a.key(), a.keyId(), CHAIN, new TxBody.DidUpdate(a.did(), 2, a.document()), nonce);
    assertError(t.postTx(t2.encoded(), true), 409, "NONCE_REPLAYED");
    assertThat(client.resolve(a.did().toString()).metadata().versionId()).isEqualTo("2");
  }

  @Test
  void badReadsAreRefusedWithCodes() throws Exception {
    assertError(t.get("/v1/transactions/xyz"), 400, "INVALID_ID");
    assertError(t.get("/v1/transactions/" + "0".repeat(64)), 404, "UNKNOWN_TX");
    assertError(t.get("/v1/blocks/abc"), 400, "INVALID_PARAMETER");
    assertError(t.get("/v1/blocks/-1"), 400, "INVALID_PARAMETER");
    assertError(t.get("/v1/blocks/999999"), 404, "UNKNOWN_BLOCK");
    assertError(t.get("/v1/blocks/999999/header"), 404, "UNKNOWN_BLOCK");
    assertError(t.get("/v1/trust/issuers/nope"), 400, "INVALID_DID");
    Did unknown = LedgerFixture.newActor(SignatureAlgorithm.ES256).did();
    assertError(t.get("/v1/trust/issuers/" + unknown), 404, "NOT_FOUND");
    assertError(t.get("/v1/trust/relying-parties/" + unknown), 404, "NOT_FOUND");
    assertError(t.get("/v1/trust/issuers?limit=x"), 400, "INVALID_PARAMETER");
    assertError(t.get("/v1/status-lists/" + unknown + "/bad%20id"), 400, "INVALID_LIST_ID");
    assertError(t.get("/v1/status-lists/" + unknown + "/l1"), 404, "UNKNOWN_STATUS_LIST");
    assertError(t.get("/v1/status-lists/nope/l1"), 400, "INVALID_DID");
    assertError(t.get("/v1/anchors/zz"), 400, "INVALID_ID");
    assertError(t.get("/v1/anchors/" + "1".repeat(64)), 404, "NOT_FOUND");
    assertError(t.get("/v1/commitments/" + "2".repeat(64)), 404, "UNKNOWN_COMMITMENT");
    assertError(t.get("/v1/history/consistency?from=1"), 400, "MISSING_PARAMETER");
    assertError(t.get("/v1/history/consistency?from=5&to=2"), 400, "INVALID_PARAMETER");
    assertError(t.get("/v1/history/inclusion?height=5&size=2"), 400, "INVALID_PARAMETER");
    assertError(t.get("/v1/no-such-thing"), 404, "NOT_FOUND");
    assertError(t.request("DELETE", "/v1/chain", null, null), 405, "METHOD_NOT_ALLOWED");
    assertError(t.get("/v1/commitments/zz"), 400, "INVALID_ID");
    assertError(t.get("/v1/history/inclusion?height=1"), 400, "MISSING_PARAMETER");
    assertError(t.get("/v1/trust/relying-parties/nope"), 400, "INVALID_DID");
  }

  @Test
  void aClientRefusesAnswersFromUntrustedNodes() {
    Actor a = createDid();
    var stranger =
        new kr.kdid.ledger.proof.TrustPolicy(
            Map.of("node-1", SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey()), 1);
    LedgerClient fooled = LedgerClient.create(List.of(t.base), stranger);
    assertThatThrownBy(() -> fooled.resolve(a.did().toString()))
        .isInstanceOf(LedgerClientException.Unverified.class);
    assertThatThrownBy(fooled::head).isInstanceOf(LedgerClientException.Unverified.class);
  }

  @Test
  void clientFailsOverToALiveNode() {
    Actor a = createDid();
    LedgerClient c =
        LedgerClient.create(List.of(java.net.URI.create("http://127.0.0.1:1"), t.base), t.trust());
    assertThat(c.resolve(a.did().toString()).isFound()).isTrue();
    LedgerClient dead =
        LedgerClient.create(List.of(java.net.URI.create("http://127.0.0.1:1")), t.trust());
    assertThatThrownBy(() -> dead.resolve(a.did().toString()))
        .isInstanceOf(LedgerClientException.class)
        .hasMessageContaining("no ledger node answered");
  }

  @Test
  void metricsAreExposed() throws Exception {
    createDid();
    String m = t.get("/metrics").body();
    assertThat(m).contains("kdid_ledger_height").contains("kdid_ledger_admitted_total");
  }

  @Test
  void badCheckpointEvidenceAndSignatureCountsAreRefused() throws Exception {
    var headerJson = Json.parse(t.get("/v1/blocks/0/header").body()).get("header");
    var header = kr.kdid.ledger.block.BlockHeader.fromJson(headerJson);
    var key = t.vault.signer(NodeBootstrap.nodeKeyAlias("node-1")).orElseThrow();

    var bad = t.request("POST", "/v1/checkpoints/evidence", "application/json", "{}".getBytes());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(Json.parse(bad.body()).path("error").asText()).isEqualTo("INVALID_EVIDENCE");

    var notJson = t.request("POST", "/v1/checkpoints/evidence", "application/json", "{".getBytes());
    assertThat(notJson.statusCode()).isEqualTo(400);

    var stranger =
        new kr.kdid.ledger.block.Cosignature(
            header, new kr.kdid.ledger.machine.NodeSigner("node-9", key).sign(header));
    var unknown =
        t.request(
            "POST", "/v1/checkpoints/evidence", "application/json", Json.bytes(stranger.toJson()));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(Json.parse(unknown.body()).path("error").asText()).isEqualTo("UNKNOWN_NODE");

    var otherChain =
        new kr.kdid.ledger.block.BlockHeader(
            header.version(),
            "another-chain",
            header.height(),
            header.previousHash(),
            header.time(),
            header.txCount(),
            header.txRoot(),
            header.stateRoot(),
            header.historyRoot(),
            header.proposer());
    var foreign =
        new kr.kdid.ledger.block.Cosignature(
            otherChain, new kr.kdid.ledger.machine.NodeSigner("node-1", key).sign(otherChain));
    var nc =
        t.request(
            "POST", "/v1/checkpoints/evidence", "application/json", Json.bytes(foreign.toJson()));
    assertThat(nc.statusCode()).isEqualTo(400);
    assertThat(Json.parse(nc.body()).path("error").asText()).isEqualTo("NOT_COMPARABLE");

    // A node's own matching header is accepted (and changes nothing but a checkpoint record).
    var own =
        new kr.kdid.ledger.block.Cosignature(
            header, new kr.kdid.ledger.machine.NodeSigner("node-1", key).sign(header));
    var ok =
        t.request("POST", "/v1/checkpoints/evidence", "application/json", Json.bytes(own.toJson()));
    assertThat(ok.statusCode()).isEqualTo(202);
    assertThat(Json.parse(ok.body()).path("conflict").asBoolean()).isFalse();

    for (String k : new String[] {"0", "2", "abc"}) {
      var r = t.get("/v1/blocks/head?signatures=" + k);
      assertThat(r.statusCode()).as(k).isEqualTo(400);
    }
    assertThat(t.get("/v1/blocks/head?signatures=1").statusCode()).isEqualTo(200);
  }
}
