package kr.kdid.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.did.KdidMethod;
import kr.kdid.core.did.Relationship;
import kr.kdid.core.did.Service;
import kr.kdid.core.did.VerificationMethod;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.credentials.events.EventCommitment;
import kr.kdid.credentials.sdjwt.Disclosure;
import kr.kdid.credentials.sdjwt.KeyBinding;
import kr.kdid.credentials.sdjwt.SdJwt;
import kr.kdid.ledger.client.LedgerGateway;
import kr.kdid.ledger.client.LedgerIdentity;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.verifier.http.VerifierApi;
import kr.kdid.verifier.oid4vp.CreateRequest;
import kr.kdid.verifier.oid4vp.DcqlQuery;
import kr.kdid.web.AdminAuth;
import kr.kdid.web.QrCodes;
import kr.kdid.web.WebServer;
import kr.kdid.web.db.ServiceDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verifier end to end: a real ledger node in this process, issuers and relying parties
 * registered by the governance authority, credentials issued with a status list on the ledger,
 * presentations posted over HTTP on loopback the way a wallet does. One test per rejection code.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifierIT {
  static final String ADMIN_TOKEN = "admin-token-for-the-verifier-it-0123456789";
  static final List<String> BANK_CLAIMS =
      List.of("family_name", "given_name", "birth_date", "age_over_19");
  static final List<String> ASKED = List.of("given_name", "age_over_19");
  static final int REVOKED = 7;
  static final int SUSPENDED = 11;

  /** After the tests without an order: these move the verifier's clock or change registrations. */
  static final int LATE = Integer.MAX_VALUE - 10;

  @TempDir static Path dir;
  static TestLedger ledger;
  static LedgerGateway gateway;
  static TestIssuer police;
  static ServiceDatabase db;
  static MutableClock clock = new MutableClock();
  static VerifierRegistry registry = new VerifierRegistry();
  static WebServer web;
  static String base;
  static VerifierService bank;
  static VerifierService shop;
  static VerifierService unregistered;
  static TestWallet wallet;
  static final AtomicInteger nextIndex = new AtomicInteger(1000);
  static final SoftwareKey holder = SoftwareKey.generate(SignatureAlgorithm.ES256);

  @BeforeAll
  static void start() {
    ledger = new TestLedger(dir.resolve("node"));
    gateway = ledger.gateway;
    police = new TestIssuer(ledger, "police").accredit("kr.mdl").publishIaca();
    police.createList("police-1", Map.of(REVOKED, 1, SUSPENDED, 2), null);
    db = ServiceDatabase.embedded("verifier", dir.resolve("db"));
    registry.expect("bank");
    registry.expect("later");
    VerifierApi api = new VerifierApi(registry, new AdminAuth(ADMIN_TOKEN));
    web = WebServer.builder(WebServer.newMetrics()).routes(api::routes).start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + web.port();
    bank = startVerifier(VerifierConfig.bank(base), BANK_CLAIMS);
    shop = startVerifier(VerifierConfig.bank(base).withName("shop"), ASKED);
    unregistered = startVerifier(VerifierConfig.bank(base).withName("nobody"), null);
    wallet = new TestWallet(gateway);
  }

  static VerifierService startVerifier(VerifierConfig config, List<String> claims) {
    VerifierService s =
        new VerifierService(
            config, ledger.vault, gateway, db, Catalog.builtIn(), clock, new SecureRandom());
    s.start();
    if (claims != null) {
      register(s, claims);
    }
    registry.started(s);
    return s;
  }

  static void register(VerifierService s, List<String> claims) {
    ledger.governance(
        new TxBody.RpRegister(
            s.identity().did(), s.config().name(), "Customer checks", Map.of("kr.mdl", claims)));
  }

  @AfterAll
  static void stop() {
    for (VerifierService s : List.of(bank, shop, unregistered)) {
      s.close();
    }
    web.close();
    db.close();
    ledger.close();
  }

  // ---- helpers ----

  record Flow(CreateRequest.Created created, TestWallet.Request request) {}

  static Flow begin(VerifierService s, List<String> claims) throws Exception {
    CreateRequest.Created c = s.createRequest("kr.mdl", claims);
    return new Flow(c, wallet.fetch(c.authorizationRequestUri()));
  }

  static Flow begin() throws Exception {
    return begin(bank, ASKED);
  }

  static SdJwt credential() {
    return TestIssuer.issue(police.spec(holder, "police-1", nextIndex.getAndIncrement()));
  }

  static String present(SdJwt credential, Flow f, List<String> claims) {
    return TestWallet.present(
        credential, holder, claims, f.request().clientId(), f.request().nonce(), clock.instant());
  }

  static ObjectNode answer(Flow f, String presentation) throws Exception {
    HttpResponse<String> r = wallet.respond(f.request(), presentation);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    return (ObjectNode) Json.parse(r.body());
  }

  static void assertRejected(ObjectNode body, ErrorCode code) {
    JsonNode result = body.path("kdid_result");
    assertThat(result.path("verified").asBoolean(true)).as(body.toString()).isFalse();
    assertThat(result.path("error").asText()).as(body.toString()).isEqualTo(code.name());
    assertThat(failedCodes(result)).contains(code.name());
    assertThat(body.has("kdid_verification_event")).isFalse();
  }

  static List<String> failedCodes(JsonNode result) {
    List<String> out = new ArrayList<>();
    for (JsonNode c : result.path("checks")) {
      if (c.path("status").asText().equals("FAILED")) {
        out.add(c.path("code").asText());
      }
    }
    return out;
  }

  static ObjectNode resultOf(Flow f) throws Exception {
    HttpResponse<String> r = wallet.get(f.created().resultUrl(), f.created().readSecret());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return (ObjectNode) Json.parse(r.body());
  }

  static ObjectNode error(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return (ObjectNode) Json.parse(r.body());
  }

  static void assertProtocolError(HttpResponse<String> r, int status, ErrorCode code) {
    ObjectNode e = error(r, status);
    assertThat(e.path("error").asText()).isEqualTo("invalid_request");
    assertThat(e.path("kdid_error").asText()).isEqualTo(code.name());
    assertThat(e.path("error_description").asText()).isNotEmpty();
  }

  // ---- the happy path ----

  @Test
  @Order(1)
  void verifiesAndReturnsOnlyTheRequestedClaimsWithAnAnchoredReceipt() throws Exception {
    Flow f = begin();
    // The wallet discloses more than asked (family_name): the result must not contain it.
    ObjectNode body =
        answer(f, present(credential(), f, List.of("given_name", "age_over_19", "family_name")));
    JsonNode result = body.path("kdid_result");
    assertThat(result.path("verified").asBoolean()).as(body.toString()).isTrue();
    assertThat(result.has("error")).isFalse();
    assertThat(failedCodes(result)).isEmpty();
    for (JsonNode c : result.path("checks")) {
      assertThat(c.path("status").asText()).isEqualTo("PASSED");
    }

    ObjectNode r = resultOf(f);
    assertThat(r.path("status").asText()).isEqualTo("ANSWERED");
    assertThat(r.path("claims").toString())
        .isEqualTo("{\"given_name\":\"길동\",\"age_over_19\":true}");

    EventCommitment event = EventCommitment.fromJson(body.path("kdid_verification_event"));
    assertThat(event.kind()).isEqualTo(EventCommitment.VERIFICATION);
    assertThat(event.party()).isEqualTo(bank.identity().did().toString());
    assertThat(event.credentialType()).isEqualTo("kr.mdl");
    String hex = event.commitmentHex();
    assertThat(bank.store().anchorOf(hex)).contains("");
    assertThat(gateway.commitment(hex)).isEmpty();
    assertThat(bank.anchorNow()).isGreaterThanOrEqualTo(1);
    var anchored = gateway.commitment(hex).orElseThrow();
    assertThat(anchored.anchor().kind()).isEqualTo("verification");
    assertThat(bank.store().anchorOf(hex)).get().asString().hasSize(64);
  }

  @Test
  void requestObjectCarriesTheProtocolConventions() throws Exception {
    Flow f = begin();
    ObjectNode p = f.request().payload();
    Did did = bank.identity().did();
    assertThat(f.request().jws().kid()).isEqualTo(did + "#key-1");
    assertThat(p.path("client_id").asText()).isEqualTo("decentralized_identifier:" + did);
    assertThat(p.path("response_type").asText()).isEqualTo("vp_token");
    assertThat(p.path("response_mode").asText()).isEqualTo("direct_post");
    assertThat(p.path("response_uri").asText())
        .isEqualTo(base + "/verifiers/bank/responses/" + f.created().requestId());
    assertThat(p.path("aud").asText()).isEqualTo("https://self-issued.me/v2");
    assertThat(Base64Url.decode(p.path("nonce").asText())).hasSizeGreaterThanOrEqualTo(16);
    assertThat(p.path("state").asText()).isNotEmpty();
    assertThat(p.path("exp").asLong()).isGreaterThan(p.path("iat").asLong());
    assertThat(p.path("dcql_query").toString())
        .isEqualTo(
            "{\"credentials\":[{\"id\":\"mdl\",\"format\":\"dc+sd-jwt\",\"meta\":{\"vct_values\":"
                + "[\"urn:kdid:kr:mdl:1\"]},\"claims\":[{\"path\":[\"given_name\"]},"
                + "{\"path\":[\"age_over_19\"]}]}]}");
    assertThat(p.path("client_metadata").toString())
        .isEqualTo(
            "{\"vp_formats_supported\":{\"dc+sd-jwt\":{\"sd-jwt_alg_values\":[\"ES256\"],"
                + "\"kb-jwt_alg_values\":[\"ES256\"]},\"mso_mdoc\":{\"issuerauth_alg_values\":"
                + "[-7,-9],\"deviceauth_alg_values\":[-7,-9]}}}");
    // The DID document names the verifier's endpoint.
    DidDocument doc = gateway.resolve(did.toString()).document();
    assertThat(doc.service())
        .anyMatch(
            s ->
                s.type().asText().equals("OpenID4VPVerifier")
                    && s.serviceEndpoint().asText().equals(base + "/verifiers/bank"));
    assertThat(doc.authorizes(Relationship.ASSERTION_METHOD, did + "#key-1")).isTrue();
  }

  // ---- issuer trust ----

  @Test
  void issuerSignatureInvalid() throws Exception {
    Flow f = begin();
    TestIssuer.Spec s = police.spec(holder, "police-1", nextIndex.getAndIncrement());
    s.key = SoftwareKey.generate(SignatureAlgorithm.ES256); // same kid, another key
    assertRejected(
        answer(f, present(TestIssuer.issue(s), f, ASKED)), ErrorCode.ISSUER_SIGNATURE_INVALID);
  }

  @Test
  void issuerKeyUnresolvableWhenKidIsNotADidKdidUrl() throws Exception {
    for (String kid :
        new String[] {
          null,
          "key-1",
          "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169#key-1",
          police.identity.did().toString()
        }) {
      Flow f = begin();
      TestIssuer.Spec s = police.spec(holder, "police-1", nextIndex.getAndIncrement());
      s.kid = kid;
      assertRejected(
          answer(f, present(TestIssuer.issue(s), f, ASKED)), ErrorCode.ISSUER_KEY_UNRESOLVABLE);
    }
  }

  @Test
  void issuerKeyUnresolvableWhenTheDidIsUnknown() throws Exception {
    LedgerIdentity ghost =
        LedgerIdentity.of(
            ledger.vault,
            "issuer-ghost",
            List.of(
                new LedgerIdentity.Endpoint("oid4vci", "OpenID4VCICredentialIssuer", police.url)));
    Flow f = begin();
    TestIssuer.Spec s = police.spec(holder, "police-1", nextIndex.getAndIncrement());
    s.key = ghost.key();
    s.kid = ghost.keyId();
    ObjectNode body = answer(f, present(TestIssuer.issue(s), f, ASKED));
    assertRejected(body, ErrorCode.ISSUER_KEY_UNRESOLVABLE);
    assertThat(body.toString()).contains("is not on the ledger");
  }

  @Test
  void issuerKeyUnresolvableWhenTheDidIsDeactivated() throws Exception {
    TestIssuer gone = new TestIssuer(ledger, "gone").accredit("kr.mdl");
    String version = gateway.resolve(gone.identity.did().toString()).metadata().versionId();
    ledger.submit(
        gone.identity.key(),
        gone.identity.keyId(),
        new TxBody.DidDeactivate(gone.identity.did(), Long.parseLong(version)));
    Flow f = begin();
    TestIssuer.Spec s = gone.spec(holder, "police-1", nextIndex.getAndIncrement());
    ObjectNode body = answer(f, present(TestIssuer.issue(s), f, ASKED));
    assertRejected(body, ErrorCode.ISSUER_KEY_UNRESOLVABLE);
    assertThat(body.toString()).contains("deactivated");
  }

  @Test
  void issuerKeyUnresolvableWhenTheKeyIsNotAnAssertionMethod() throws Exception {
    SoftwareKey k1 = SoftwareKey.generate(SignatureAlgorithm.ES256);
    SoftwareKey k2 = SoftwareKey.generate(SignatureAlgorithm.ES256);
    Did did = KdidMethod.didFor(k1.publicKey());
    DidDocument doc =
        DidDocument.builder(did)
            .method(
                VerificationMethod.jwk(did.withFragment("key-1"), did, k1.publicKey()),
                Relationship.ASSERTION_METHOD,
                Relationship.CAPABILITY_INVOCATION)
            .method(
                VerificationMethod.jwk(did.withFragment("key-2"), did, k2.publicKey()),
                Relationship.AUTHENTICATION)
            .service(
                new Service(
                    did.withFragment("oid4vci"),
                    Json.mapper().getNodeFactory().textNode("OpenID4VCICredentialIssuer"),
                    Json.mapper().getNodeFactory().textNode(police.url)))
            .build();
    ledger.submit(k1, did.withFragment("key-1"), new TxBody.DidCreate(doc));
    Flow f = begin();
    TestIssuer.Spec s = police.spec(holder, "police-1", nextIndex.getAndIncrement());
    s.key = k2;
    s.kid = did.withFragment("key-2");
    ObjectNode body = answer(f, present(TestIssuer.issue(s), f, ASKED));
    assertRejected(body, ErrorCode.ISSUER_KEY_UNRESOLVABLE);
    assertThat(body.toString()).contains("not an assertionMethod");
  }

  @Test
  void issuerUrlMismatch() throws Exception {
    Flow f = begin();
    TestIssuer.Spec s = police.spec(holder, "police-1", nextIndex.getAndIncrement());
    s.iss = "http://127.0.0.1:8080/issuers/impostor";
    assertRejected(
        answer(f, present(TestIssuer.issue(s), f, ASKED)), ErrorCode.ISSUER_URL_MISMATCH);
  }

  @Test
  void issuerNotAccredited() throws Exception {
    TestIssuer rogue = new TestIssuer(ledger, "rogue"); // on the ledger, never accredited
    Flow f = begin();
    TestIssuer.Spec s = rogue.spec(holder, "police-1", nextIndex.getAndIncrement());
    assertRejected(
        answer(f, present(TestIssuer.issue(s), f, ASKED)), ErrorCode.ISSUER_NOT_ACCREDITED);

    TestIssuer other = new TestIssuer(ledger, "veterans").accredit("kr.veteran");
    Flow g = begin();
    assertRejected(
        answer(g, present(TestIssuer.issue(other.spec(holder, "police-1", 1)), g, ASKED)),
        ErrorCode.ISSUER_NOT_ACCREDITED);
  }

  @Test
  void vctMismatch() throws Exception {
    Flow f = begin();
    TestIssuer.Spec s = police.spec(holder, "police-1", nextIndex.getAndIncrement());
    s.vct = "urn:kdid:kr:resident:1";
    assertRejected(answer(f, present(TestIssuer.issue(s), f, ASKED)), ErrorCode.VCT_MISMATCH);
  }

  // ---- disclosures ----

  @Test
  void tamperedDisclosureIsUnreferenced() throws Exception {
    Flow f = begin();
    SdJwt selected = TestWallet.select(credential(), d -> ASKED.contains(d.name()));
    List<Disclosure> ds = new ArrayList<>();
    for (Disclosure d : selected.disclosures()) {
      if ("age_over_19".equals(d.name())) {
        // Same salt and name, another value: the digest no longer matches.
        String json = "[\"" + d.salt() + "\",\"age_over_19\",false]";
        ds.add(Disclosure.parse(Base64Url.encode(json.getBytes(StandardCharsets.UTF_8))));
      } else {
        ds.add(d);
      }
    }
    ObjectNode body = answer(f, bind(SdJwt.of(selected.issuerJwt(), ds, null), f));
    assertRejected(body, ErrorCode.DISCLOSURE_UNREFERENCED);
  }

  @Test
  void disclosureFromAnotherCredentialIsUnreferenced() throws Exception {
    Flow f = begin();
    SdJwt mine = TestWallet.select(credential(), d -> d.name().equals("given_name"));
    Disclosure foreign =
        credential().disclosures().stream()
            .filter(d -> "age_over_19".equals(d.name()))
            .findFirst()
            .orElseThrow();
    List<Disclosure> ds = new ArrayList<>(mine.disclosures());
    ds.add(foreign);
    assertRejected(
        answer(f, bind(SdJwt.of(mine.issuerJwt(), ds, null), f)),
        ErrorCode.DISCLOSURE_UNREFERENCED);
  }

  @Test
  void disclosureSentTwiceIsADigestMismatch() throws Exception {
    Flow f = begin();
    SdJwt selected = TestWallet.select(credential(), d -> ASKED.contains(d.name()));
    List<Disclosure> ds = new ArrayList<>(selected.disclosures());
    ds.add(selected.disclosures().get(0));
    assertRejected(
        answer(f, bind(SdJwt.of(selected.issuerJwt(), ds, null), f)),
        ErrorCode.DISCLOSURE_DIGEST_MISMATCH);
  }

  @Test
  void claimNotDisclosed() throws Exception {
    Flow f = begin();
    ObjectNode body = answer(f, present(credential(), f, List.of("given_name")));
    assertRejected(body, ErrorCode.CLAIM_NOT_DISCLOSED);
    assertThat(body.toString()).contains("age_over_19").doesNotContain("길동");
  }

  static String bind(SdJwt withoutKb, Flow f) {
    return withoutKb
        .withKeyBinding(
            KeyBinding.create(
                withoutKb, holder, f.request().clientId(), f.request().nonce(), clock.instant()))
        .serialize();
  }

  // ---- key binding ----

  @Test
  void kbMissing() throws Exception {
    Flow f = begin();
    String bare = TestWallet.select(credential(), d -> ASKED.contains(d.name())).serialize();
    assertRejected(answer(f, bare), ErrorCode.KB_MISSING);
  }

  @Test
  void kbSignatureInvalid() throws Exception {
    Flow f = begin();
    SdJwt selected = TestWallet.select(credential(), d -> ASKED.contains(d.name()));
    SoftwareKey other = SoftwareKey.generate(SignatureAlgorithm.ES256);
    String p =
        selected
            .withKeyBinding(
                KeyBinding.create(
                    selected, other, f.request().clientId(), f.request().nonce(), clock.instant()))
            .serialize();
    assertRejected(answer(f, p), ErrorCode.KB_SIGNATURE_INVALID);
  }

  @Test
  void kbNonceMismatchForAStalePresentation() throws Exception {
    Flow first = begin();
    Flow second = begin();
    // A presentation made for the first request, replayed to the second.
    String stale = present(credential(), first, ASKED);
    assertRejected(answer(second, stale), ErrorCode.KB_NONCE_MISMATCH);
  }

  @Test
  void kbAudienceMismatch() throws Exception {
    Flow f = begin();
    String bareDid = bank.identity().did().toString(); // without the client_id prefix
    String p =
        TestWallet.present(
            credential(), holder, ASKED, bareDid, f.request().nonce(), clock.instant());
    assertRejected(answer(f, p), ErrorCode.KB_AUDIENCE_MISMATCH);
  }

  @Test
  void kbIatOutOfWindow() throws Exception {
    Flow f = begin();
    Instant old = clock.instant().minus(Duration.ofHours(1));
    String p =
        TestWallet.present(
            credential(), holder, ASKED, f.request().clientId(), f.request().nonce(), old);
    assertRejected(answer(f, p), ErrorCode.KB_IAT_OUT_OF_WINDOW);
  }

  @Test
  void kbSdHashMismatch() throws Exception {
    Flow f = begin();
    SdJwt c = credential();
    SdJwt few = TestWallet.select(c, d -> d.name().equals("given_name"));
    SdJwt all = TestWallet.select(c, d -> ASKED.contains(d.name()));
    String p =
        all.withKeyBinding(
                KeyBinding.create(
                    few, holder, f.request().clientId(), f.request().nonce(), clock.instant()))
            .serialize();
    assertRejected(answer(f, p), ErrorCode.KB_SD_HASH_MISMATCH);
  }

  // ---- validity and status ----

  @Test
  void credentialExpired() throws Exception {
    Flow f = begin();
    TestIssuer.Spec s = police.spec(holder, "police-1", nextIndex.getAndIncrement());
    s.iat = Instant.now().minus(Duration.ofDays(400));
    s.exp = Instant.now().minus(Duration.ofDays(35));
    assertRejected(answer(f, present(TestIssuer.issue(s), f, ASKED)), ErrorCode.CREDENTIAL_EXPIRED);
  }

  @Test
  void credentialNotYetValid() throws Exception {
    Flow f = begin();
    TestIssuer.Spec s = police.spec(holder, "police-1", nextIndex.getAndIncrement());
    s.nbf = Instant.now().plus(Duration.ofDays(2));
    assertRejected(
        answer(f, present(TestIssuer.issue(s), f, ASKED)), ErrorCode.CREDENTIAL_NOT_YET_VALID);
  }

  @Test
  void credentialRevoked() throws Exception {
    Flow f = begin();
    assertRejected(
        answer(f, present(TestIssuer.issue(police.spec(holder, "police-1", REVOKED)), f, ASKED)),
        ErrorCode.CREDENTIAL_REVOKED);
  }

  @Test
  void credentialSuspended() throws Exception {
    Flow f = begin();
    assertRejected(
        answer(f, present(TestIssuer.issue(police.spec(holder, "police-1", SUSPENDED)), f, ASKED)),
        ErrorCode.CREDENTIAL_SUSPENDED);
  }

  @Test
  void statusUnavailableWhenTheListIsMissing() throws Exception {
    Flow f = begin();
    ObjectNode body =
        answer(f, present(TestIssuer.issue(police.spec(holder, "no-such-list", 3)), f, ASKED));
    assertRejected(body, ErrorCode.STATUS_UNAVAILABLE);
  }

  @Test
  void statusUnavailableWhenTheTokenSubjectIsNotTheUri() throws Exception {
    Flow f = begin();
    TestIssuer.Spec s = police.spec(holder, "police-1", nextIndex.getAndIncrement());
    // Same list on the ledger, but the credential names it under another base URL.
    s.statusUri = s.statusUri.replace("http://127.0.0.1:8080", "https://ledger.example");
    ObjectNode body = answer(f, present(TestIssuer.issue(s), f, ASKED));
    assertRejected(body, ErrorCode.STATUS_UNAVAILABLE);
    assertThat(body.toString()).contains("SUBJECT_MISMATCH");
  }

  @Test
  void statusUnavailableWhenTheListBelongsToAnotherIssuer() throws Exception {
    TestIssuer other = new TestIssuer(ledger, "other").accredit("kr.mdl");
    Flow f = begin();
    TestIssuer.Spec s = other.spec(holder, "police-1", 5);
    s.statusUri = police.listUri("police-1");
    assertRejected(answer(f, present(TestIssuer.issue(s), f, ASKED)), ErrorCode.STATUS_UNAVAILABLE);
  }

  @Test
  @Order(LATE)
  void statusUnavailableWhenTheTokenExpired() throws Exception {
    police.createList("police-short", Map.of(), Instant.now().plus(Duration.ofSeconds(60)));
    Flow ok = begin();
    ObjectNode fresh =
        answer(ok, present(TestIssuer.issue(police.spec(holder, "police-short", 9)), ok, ASKED));
    assertThat(fresh.path("kdid_result").path("verified").asBoolean())
        .as(fresh.toString())
        .isTrue();

    clock.advance(Duration.ofMinutes(2)); // past the token's exp, within the request TTL
    Flow f = begin();
    ObjectNode body =
        answer(f, present(TestIssuer.issue(police.spec(holder, "police-short", 9)), f, ASKED));
    assertRejected(body, ErrorCode.STATUS_UNAVAILABLE);
    assertThat(body.toString()).contains("EXPIRED");
  }

  // ---- the relying party's own registration ----

  @Test
  @Order(LATE + 1)
  void rpNotRegisteredForClaimAtAnswerTime() throws Exception {
    Flow narrowed = begin(shop, ASKED);
    Flow suspended = begin(shop, ASKED);
    register(shop, List.of("given_name")); // age_over_19 no longer allowed
    ObjectNode body = answer(narrowed, present(credential(), narrowed, ASKED));
    assertRejected(body, ErrorCode.RP_NOT_REGISTERED_FOR_CLAIM);

    register(shop, ASKED);
    ledger.governance(
        new TxBody.TrustSuspend(shop.identity().did(), TxBody.Role.RELYING_PARTY, "audit"));
    assertRejected(
        answer(suspended, present(credential(), suspended, ASKED)),
        ErrorCode.RP_NOT_REGISTERED_FOR_CLAIM);
    assertThatThrownBy(() -> shop.createRequest("kr.mdl", ASKED))
        .isInstanceOfSatisfying(
            VerifierException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CLAIMS_NOT_REGISTERED));
  }

  @Test
  void requestCreationIsLimitedToTheRegistration() {
    assertThatThrownBy(() -> bank.createRequest("kr.mdl", List.of("given_name", "document_number")))
        .isInstanceOfSatisfying(
            VerifierException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CLAIMS_NOT_REGISTERED);
              assertThat(e.getMessage()).contains("document_number");
            });
    assertThatThrownBy(() -> unregistered.createRequest("kr.mdl", ASKED))
        .isInstanceOfSatisfying(
            VerifierException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.RP_NOT_REGISTERED));
    assertThatThrownBy(() -> bank.createRequest("kr.passport", ASKED))
        .isInstanceOfSatisfying(
            VerifierException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_CREDENTIAL_TYPE));
    assertThatThrownBy(() -> bank.createRequest("kr.mdl", List.of("shoe_size")))
        .isInstanceOfSatisfying(
            VerifierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_CLAIM));
    assertThatThrownBy(() -> bank.createRequest("kr.mdl", List.of()))
        .isInstanceOfSatisfying(
            VerifierException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CLAIMS));
  }

  // ---- request lifecycle ----

  @Test
  void replayedResponseIsRefused() throws Exception {
    Flow f = begin();
    String p = present(credential(), f, ASKED);
    assertThat(answer(f, p).path("kdid_result").path("verified").asBoolean()).isTrue();
    assertProtocolError(wallet.respond(f.request(), p), 400, ErrorCode.RESPONSE_REPLAYED);
    assertProtocolError(
        wallet.get(f.created().requestUri()), 410, ErrorCode.REQUEST_ALREADY_ANSWERED);
  }

  @Test
  @Order(LATE + 3)
  void expiredRequest() throws Exception {
    Flow f = begin();
    clock.advance(Duration.ofMinutes(6));
    assertProtocolError(wallet.get(f.created().requestUri()), 410, ErrorCode.REQUEST_EXPIRED);
    assertProtocolError(
        wallet.respond(f.request(), present(credential(), f, ASKED)),
        400,
        ErrorCode.REQUEST_EXPIRED);
    assertThat(resultOf(f).path("status").asText()).isEqualTo("EXPIRED");
    assertThat(error(wallet.get(f.created().qrUrl()), 410).path("error").asText())
        .isEqualTo("REQUEST_EXPIRED");
  }

  @Test
  void walletErrorResponseIsRecordedAsDeclined() throws Exception {
    Flow f = begin();
    Map<String, String> form = new LinkedHashMap<>();
    form.put("error", "access_denied");
    form.put("error_description", "the holder said no");
    form.put("state", f.request().state());
    ObjectNode body = error(wallet.post(f.request().responseUri(), form), 200);
    assertThat(body.path("kdid_result").path("error").asText()).isEqualTo("WALLET_DECLINED");
    ObjectNode r = resultOf(f);
    assertThat(r.path("status").asText()).isEqualTo("DECLINED");
    assertThat(r.path("result").path("wallet_error").asText()).isEqualTo("access_denied");
    assertThat(r.path("result").path("wallet_error_description").asText())
        .isEqualTo("the holder said no");
    assertProtocolError(wallet.respond(f.request(), "x~"), 400, ErrorCode.RESPONSE_REPLAYED);
  }

  @Test
  void malformedResponsesAreRefusedWithoutAnsweringTheRequest() throws Exception {
    Flow f = begin();
    String uri = f.request().responseUri();
    String state = f.request().state();
    String p = present(credential(), f, ASKED);
    String good = TestWallet.vpToken("mdl", p);

    assertProtocolError(wallet.post(uri, Map.of("vp_token", good)), 400, ErrorCode.STATE_MISSING);
    assertProtocolError(
        wallet.post(uri, Map.of("vp_token", good, "state", "not-the-state")),
        400,
        ErrorCode.STATE_MISMATCH);
    assertProtocolError(wallet.post(uri, Map.of("state", state)), 400, ErrorCode.VP_TOKEN_MISSING);
    assertProtocolError(
        wallet.post(uri, Map.of("vp_token", "{not json", "state", state)),
        400,
        ErrorCode.VP_TOKEN_MALFORMED);
    assertProtocolError(
        wallet.post(uri, Map.of("vp_token", "[\"" + p + "\"]", "state", state)),
        400,
        ErrorCode.VP_TOKEN_MALFORMED);
    assertProtocolError(
        wallet.post(uri, Map.of("vp_token", "{\"mdl\":[]}", "state", state)),
        400,
        ErrorCode.VP_TOKEN_MALFORMED);
    assertProtocolError(
        wallet.post(uri, Map.of("vp_token", "{\"mdl\":[42]}", "state", state)),
        400,
        ErrorCode.VP_TOKEN_MALFORMED);
    assertProtocolError(
        wallet.post(uri, Map.of("vp_token", TestWallet.vpToken("pid", p), "state", state)),
        400,
        ErrorCode.VP_TOKEN_QUERY_UNKNOWN);
    assertProtocolError(
        wallet.post(uri, Map.of("vp_token", "{}", "state", state)),
        400,
        ErrorCode.VP_TOKEN_QUERY_MISSING);
    assertProtocolError(
        wallet.post(uri, Map.of("vp_token", TestWallet.vpToken("mdl", p, p), "state", state)),
        400,
        ErrorCode.VP_TOKEN_MULTIPLE_PRESENTATIONS);
    assertProtocolError(
        wallet.postRaw(uri, "application/json", "{\"vp_token\":{},\"state\":\"" + state + "\"}"),
        400,
        ErrorCode.RESPONSE_CONTENT_TYPE);
    assertProtocolError(
        wallet.postRaw(
            uri, "application/x-www-form-urlencoded", "state=" + state + "&state=" + state),
        400,
        ErrorCode.RESPONSE_MALFORMED);
    // Undecodable parameters are dropped by the form parser: still a 400 with a code.
    assertProtocolError(
        wallet.postRaw(uri, "application/x-www-form-urlencoded", "state=%zz&vp_token=%"),
        400,
        ErrorCode.STATE_MISSING);
    assertProtocolError(
        wallet.post(uri, Map.of("vp_token", good, "error", "access_denied", "state", state)),
        400,
        ErrorCode.RESPONSE_MALFORMED);
    assertProtocolError(
        wallet.post(base + "/verifiers/bank/responses/unknown-id", Map.of("state", state)),
        404,
        ErrorCode.REQUEST_NOT_FOUND);

    // None of these answered the request: the real presentation still verifies.
    assertThat(answer(f, p).path("kdid_result").path("verified").asBoolean()).isTrue();
  }

  @Test
  void malformedPresentationIsAnsweredAsNotVerified() throws Exception {
    Flow f = begin();
    assertRejected(answer(f, "not-an-sd-jwt"), ErrorCode.PRESENTATION_MALFORMED);
  }

  // ---- result, admin, page, registry ----

  @Test
  @Order(LATE + 2)
  void resultNeedsTheReadSecretAndLosesTheClaimsAfterTheRetention() throws Exception {
    Flow f = begin();
    answer(f, present(credential(), f, ASKED));
    String url = f.created().resultUrl();
    assertThat(error(wallet.get(url), 401).path("error").asText()).isEqualTo("READ_SECRET_MISSING");
    assertThat(error(wallet.get(url, "wrong"), 401).path("error").asText())
        .isEqualTo("READ_SECRET_INVALID");
    assertThat(resultOf(f).path("claims").path("given_name").asText()).isEqualTo("길동");

    clock.advance(Duration.ofMinutes(11));
    assertThat(bank.purge().results()).isGreaterThanOrEqualTo(1);
    ObjectNode after = resultOf(f);
    assertThat(after.has("claims")).isFalse();
    assertThat(after.path("claimsPurged").asBoolean()).isTrue();
    assertThat(after.path("result").path("verified").asBoolean()).isTrue();
    assertThat(after.path("status").asText()).isEqualTo("ANSWERED");
  }

  // ---- ISO 18013-5 mdoc over OpenID4VP ----

  static Flow beginMdoc(List<String> claims) throws Exception {
    CreateRequest.Created c =
        bank.createRequest(
            List.of(new CreateRequest.Asked(null, "kr.mdl", "mso_mdoc", claims)), List.of());
    return new Flow(c, wallet.fetch(c.authorizationRequestUri()));
  }

  /** The holder's DeviceResponse for the request's OpenID4VP session transcript. */
  static String presentMdoc(
      kr.kdid.credentials.mdoc.IssuerSigned mdoc, SoftwareKey device, Flow f, List<String> claims)
      throws Exception {
    return presentMdoc(mdoc, "org.iso.18013.5.1", device, f, claims);
  }

  /**
   * As {@link #presentMdoc(kr.kdid.credentials.mdoc.IssuerSigned, SoftwareKey, Flow, List)},
   * disclosing from this namespace.
   */
  static String presentMdoc(
      kr.kdid.credentials.mdoc.IssuerSigned mdoc,
      String namespace,
      SoftwareKey device,
      Flow f,
      List<String> claims)
      throws Exception {
    var transcript =
        kr.kdid.credentials.mdoc.SessionTranscript.openId4VpRedirect(
            f.request().clientId(),
            f.request().nonce(),
            java.util.Optional.empty(),
            f.request().responseUri());
    var doc =
        kr.kdid.credentials.mdoc.MdocHolder.present(
            mdoc, Map.of(namespace, java.util.Set.copyOf(claims)), transcript, device);
    return kr.kdid.core.encoding.Base64Url.encode(
        kr.kdid.credentials.mdoc.MdocHolder.respond(doc).encode());
  }

  static ObjectNode answerMdoc(Flow f, String presentation) throws Exception {
    HttpResponse<String> r =
        wallet.post(
            f.request().responseUri(),
            Map.of(
                "vp_token",
                TestWallet.vpToken("mdl_mdoc", presentation),
                "state",
                f.request().state()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return (ObjectNode) Json.parse(r.body());
  }

  @Test
  void anMdocIsVerifiedAgainstTheIacaTheIssuerPublishesOnTheLedger() throws Exception {
    Flow f = beginMdoc(ASKED);
    JsonNode query = f.request().payload().path("dcql_query").path("credentials").get(0);
    assertThat(query.path("format").asText()).isEqualTo("mso_mdoc");
    assertThat(query.path("meta").path("doctype_value").asText())
        .isEqualTo("org.iso.18013.5.1.mDL");
    SoftwareKey device = SoftwareKey.generate(SignatureAlgorithm.ES256);
    var mdoc =
        police.issueMdoc(device, "police-1", nextIndex.getAndIncrement(), police.dsKey, police.ds);
    ObjectNode body = answerMdoc(f, presentMdoc(mdoc, device, f, ASKED));
    assertThat(body.path("kdid_result").path("verified").asBoolean()).as(body.toString()).isTrue();
    ObjectNode result = resultOf(f);
    assertThat(result.path("claims").path("given_name").asText()).isEqualTo("길동");
    assertThat(result.path("claims").path("age_over_19").asBoolean()).isTrue();
    assertThat(result.path("claims").size()).isEqualTo(2);
  }

  @Test
  void mdocRejectionsHaveTheirOwnCodes() throws Exception {
    SoftwareKey device = SoftwareKey.generate(SignatureAlgorithm.ES256);
    var good =
        police.issueMdoc(device, "police-1", nextIndex.getAndIncrement(), police.dsKey, police.ds);

    // Made for another request (its nonce is in the session transcript): device auth fails.
    Flow other = beginMdoc(ASKED);
    Flow f = beginMdoc(ASKED);
    assertRejected(
        answerMdoc(f, presentMdoc(good, device, other, ASKED)), ErrorCode.DEVICE_AUTH_INVALID);

    // Revoked in its status list.
    var revoked = police.issueMdoc(device, "police-1", REVOKED, police.dsKey, police.ds);
    f = beginMdoc(ASKED);
    assertRejected(
        answerMdoc(f, presentMdoc(revoked, device, f, ASKED)), ErrorCode.CREDENTIAL_REVOKED);

    // A document signer under an IACA that the issuer does not publish.
    SoftwareKey rogueIacaKey = SoftwareKey.generate(SignatureAlgorithm.ES256);
    var rogueIaca =
        kr.kdid.credentials.mdoc.MdocCertificates.createIaca(
            rogueIacaKey,
            "Test IACA",
            "KR",
            police.identity.did().toString(),
            Instant.now().minusSeconds(3600),
            Instant.now().plus(Duration.ofDays(30)),
            new SecureRandom());
    SoftwareKey rogueDs = SoftwareKey.generate(SignatureAlgorithm.ES256);
    var rogueCert =
        TestIssuer.documentSigner(
            rogueIacaKey, rogueIaca, rogueDs, police.identity.did().toString());
    var forged =
        police.issueMdoc(device, "police-1", nextIndex.getAndIncrement(), rogueDs, rogueCert);
    f = beginMdoc(ASKED);
    assertRejected(
        answerMdoc(f, presentMdoc(forged, device, f, ASKED)),
        ErrorCode.ISSUER_CERTIFICATE_UNTRUSTED);

    // Fewer elements than asked for.
    f = beginMdoc(ASKED);
    assertRejected(
        answerMdoc(f, presentMdoc(good, device, f, List.of("given_name"))),
        ErrorCode.CLAIM_NOT_DISCLOSED);

    // Not an mdoc at all.
    f = beginMdoc(ASKED);
    assertRejected(answerMdoc(f, "bm90LWFuLW1kb2M"), ErrorCode.PRESENTATION_MALFORMED);
  }

  /** A new issuer on the ledger with a published IACA, accredited for these types. */
  static TestIssuer mdocIssuer(String name, String... types) {
    TestIssuer i = new TestIssuer(ledger, name).publishIaca();
    return types.length == 0 ? i : i.accredit(types);
  }

  @Test
  void anMdocOfAnotherDoctypeIsADoctypeMismatch() throws Exception {
    // A genuine resident registration card, from an issuer accredited for it, answers an mDL query.
    TestIssuer mois = mdocIssuer("mois-mdoc", "kr.rrc");
    mois.createList("mois-1", Map.of(), null);
    SoftwareKey device = SoftwareKey.generate(SignatureAlgorithm.ES256);
    var rrc =
        mois.issueMdoc("kr.rrc", device, "mois-1", 5, mois.dsKey, mois.ds, TestIssuer.validNow());
    assertThat(rrc.mso().docType()).isEqualTo("kr.kdid.rrc.1");
    Flow f = beginMdoc(ASKED);
    ObjectNode body = answerMdoc(f, presentMdoc(rrc, "kr.kdid.rrc.1", device, f, ASKED));
    assertRejected(body, ErrorCode.DOCTYPE_MISMATCH);
    assertThat(failedCodes(body.path("kdid_result"))).containsExactly("DOCTYPE_MISMATCH");
  }

  @Test
  void anMdocFromAnIssuerNotAccreditedForTheMdlIsRejected() throws Exception {
    SoftwareKey device = SoftwareKey.generate(SignatureAlgorithm.ES256);
    // On the ledger with its IACA published, never accredited.
    TestIssuer never = mdocIssuer("mdoc-unaccredited");
    Flow f = beginMdoc(ASKED);
    assertRejected(
        answerMdoc(
            f,
            presentMdoc(
                never.issueMdoc(device, "police-1", 3, never.dsKey, never.ds), device, f, ASKED)),
        ErrorCode.ISSUER_NOT_ACCREDITED);

    // Accredited, but for the resident card only: its mDL is not trusted.
    TestIssuer other = mdocIssuer("mdoc-rrc-only", "kr.rrc");
    Flow g = beginMdoc(ASKED);
    assertRejected(
        answerMdoc(
            g,
            presentMdoc(
                other.issueMdoc(device, "police-1", 3, other.dsKey, other.ds), device, g, ASKED)),
        ErrorCode.ISSUER_NOT_ACCREDITED);
  }

  @Test
  void anMdocWhoseIssuerPublishesNoIacaIsUnresolvable() throws Exception {
    SoftwareKey device = SoftwareKey.generate(SignatureAlgorithm.ES256);

    // A DS certificate under the police IACA that names a URL, not a DID.
    SoftwareKey dsKey = SoftwareKey.generate(SignatureAlgorithm.ES256);
    var noDid =
        TestIssuer.documentSigner(police.iacaKey, police.iaca, dsKey, "https://police.kdid.kr/");
    assertThat(kr.kdid.credentials.mdoc.IacaPublication.issuerUri(noDid.getEncoded()))
        .contains("https://police.kdid.kr/");
    Flow f = beginMdoc(ASKED);
    assertRejected(
        answerMdoc(
            f,
            presentMdoc(
                police.issueMdoc(device, "police-1", nextIndex.getAndIncrement(), dsKey, noDid),
                device,
                f,
                ASKED)),
        ErrorCode.ISSUER_KEY_UNRESOLVABLE);

    // An accredited issuer on the ledger that never published its IACA.
    TestIssuer silent = new TestIssuer(ledger, "mdoc-no-iaca").accredit("kr.mdl");
    SoftwareKey iacaKey = SoftwareKey.generate(SignatureAlgorithm.ES256);
    String did = silent.identity.did().toString();
    var iaca =
        kr.kdid.credentials.mdoc.MdocCertificates.createIaca(
            iacaKey,
            "Unpublished IACA",
            "KR",
            did,
            Instant.now().minusSeconds(3600),
            Instant.now().plus(Duration.ofDays(30)),
            new SecureRandom());
    SoftwareKey silentDs = SoftwareKey.generate(SignatureAlgorithm.ES256);
    var silentCert = TestIssuer.documentSigner(iacaKey, iaca, silentDs, did);
    assertThat(
            kr.kdid.credentials.mdoc.IacaPublication.certificates(gateway.resolve(did).document()))
        .isEmpty();
    Flow g = beginMdoc(ASKED);
    assertRejected(
        answerMdoc(
            g,
            presentMdoc(
                silent.issueMdoc(device, "police-1", 4, silentDs, silentCert), device, g, ASKED)),
        ErrorCode.ISSUER_KEY_UNRESOLVABLE);

    // A DID that is not on the ledger at all.
    String unknown =
        KdidMethod.didFor(SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey()).toString();
    var unknownIaca =
        kr.kdid.credentials.mdoc.MdocCertificates.createIaca(
            iacaKey,
            "Unknown IACA",
            "KR",
            unknown,
            Instant.now().minusSeconds(3600),
            Instant.now().plus(Duration.ofDays(30)),
            new SecureRandom());
    var unknownCert = TestIssuer.documentSigner(iacaKey, unknownIaca, silentDs, unknown);
    Flow h = beginMdoc(ASKED);
    assertRejected(
        answerMdoc(
            h,
            presentMdoc(
                silent.issueMdoc(device, "police-1", 4, silentDs, unknownCert), device, h, ASKED)),
        ErrorCode.ISSUER_KEY_UNRESOLVABLE);
  }

  @Test
  void aSuspendedMdocIsRejected() throws Exception {
    SoftwareKey device = SoftwareKey.generate(SignatureAlgorithm.ES256);
    var suspended = police.issueMdoc(device, "police-1", SUSPENDED, police.dsKey, police.ds);
    assertThat(suspended.mso().statusReference().orElseThrow().idx()).isEqualTo(SUSPENDED);
    Flow f = beginMdoc(ASKED);
    assertRejected(
        answerMdoc(f, presentMdoc(suspended, device, f, ASKED)), ErrorCode.CREDENTIAL_SUSPENDED);
  }

  @Test
  void anMdocOutsideItsValidityIsRejected() throws Exception {
    SoftwareKey device = SoftwareKey.generate(SignatureAlgorithm.ES256);
    Instant now = Instant.now();
    var expired =
        police.issueMdoc(
            device,
            "police-1",
            nextIndex.getAndIncrement(),
            police.dsKey,
            police.ds,
            new kr.kdid.credentials.mdoc.ValidityInfo(
                now.minus(Duration.ofDays(400)),
                now.minus(Duration.ofDays(400)),
                now.minus(Duration.ofDays(35))));
    Flow f = beginMdoc(ASKED);
    assertRejected(
        answerMdoc(f, presentMdoc(expired, device, f, ASKED)), ErrorCode.CREDENTIAL_EXPIRED);

    var early =
        police.issueMdoc(
            device,
            "police-1",
            nextIndex.getAndIncrement(),
            police.dsKey,
            police.ds,
            new kr.kdid.credentials.mdoc.ValidityInfo(
                now, now.plus(Duration.ofDays(2)), now.plus(Duration.ofDays(365))));
    Flow g = beginMdoc(ASKED);
    assertRejected(
        answerMdoc(g, presentMdoc(early, device, g, ASKED)), ErrorCode.CREDENTIAL_NOT_YET_VALID);
  }

  @Test
  void severalCredentialsAreVerifiedTogetherAndCredentialSetsAreEnforced() throws Exception {
    List<CreateRequest.Asked> asked =
        List.of(
            new CreateRequest.Asked("first", "kr.mdl", null, ASKED),
            new CreateRequest.Asked("second", "kr.mdl", null, List.of("given_name")));
    List<DcqlQuery.CredentialSet> both =
        List.of(
            new DcqlQuery.CredentialSet(List.of(List.of("first")), true),
            new DcqlQuery.CredentialSet(List.of(List.of("second")), true));
    CreateRequest.Created c = bank.createRequest(asked, both);
    TestWallet.Request req = wallet.fetch(c.authorizationRequestUri());
    Flow f = new Flow(c, req);
    String p1 = present(credential(), f, ASKED);
    String p2 = present(credential(), f, List.of("given_name"));
    // Only one of two required sets answered: refused, and the request stays open.
    assertProtocolError(
        wallet.post(
            req.responseUri(),
            Map.of("vp_token", TestWallet.vpToken("first", p1), "state", req.state())),
        400,
        ErrorCode.CREDENTIAL_SET_UNSATISFIED);
    ObjectNode token = Json.object();
    token.putArray("first").add(p1);
    token.putArray("second").add(p2);
    HttpResponse<String> r =
        wallet.post(
            req.responseUri(), Map.of("vp_token", Json.string(token), "state", req.state()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode result = Json.parse(wallet.get(c.resultUrl(), c.readSecret()).body());
    assertThat(result.path("result").path("verified").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.path("claims").path("first").has("age_over_19")).isTrue();
    assertThat(result.path("claims").path("second").has("given_name")).isTrue();
    assertThat(result.path("claims").path("second").has("age_over_19")).isFalse();
    assertThat(result.path("result").path("checks").toString()).contains("first: ", "second: ");
    assertThat(result.path("credentialType").asText()).isEqualTo("kr.mdl");
  }

  @Test
  void badMultiCredentialRequestsGetTheirOwnErrors() throws Exception {
    String url = base + "/admin/verifiers/bank/requests";
    String mdl = "{\"credentialType\":\"kr.mdl\",\"claims\":[\"given_name\"]";
    assertThat(
            error(
                    admin(
                        url,
                        ADMIN_TOKEN,
                        "{\"credentials\":["
                            + mdl
                            + ",\"id\":\"a\"}],\"credentialSets\":"
                            + "[{\"options\":[[\"nope\"]]}]}"),
                    400)
                .path("error")
                .asText())
        .isEqualTo("INVALID_QUERY");
    assertThat(
            error(
                    admin(
                        url,
                        ADMIN_TOKEN,
                        "{\"credentials\":[" + mdl + ",\"id\":\"a\"}," + mdl + ",\"id\":\"a\"}]}"),
                    400)
                .path("error")
                .asText())
        .as("repeated query id")
        .isEqualTo("INVALID_QUERY");
    assertThat(
            error(
                    admin(
                        url,
                        ADMIN_TOKEN,
                        "{\"credentials\":[" + mdl + ",\"format\":\"jwt_vc_json\"}]}"),
                    400)
                .path("error")
                .asText())
        .isEqualTo("UNSUPPORTED_FORMAT");
    assertThat(error(admin(url, ADMIN_TOKEN, "{\"credentials\":[]}"), 400).path("error").asText())
        .isEqualTo("INVALID_QUERY");
    assertThat(
            error(
                    admin(
                        url,
                        ADMIN_TOKEN,
                        "{\"credentials\":[" + mdl + "}],\"credentialSets\":[{\"options\":[]}]}"),
                    400)
                .path("error")
                .asText())
        .isEqualTo("INVALID_QUERY");
    assertThat(
            error(
                    admin(
                        url,
                        ADMIN_TOKEN,
                        "{\"credentials\":[{\"credentialType\":\"kr.rrc\",\"claims\":"
                            + "[\"family_name\"]}]}"),
                    403)
                .path("error")
                .asText())
        .as("the bank is not registered for the resident card")
        .isEqualTo("CLAIMS_NOT_REGISTERED");
  }

  @Test
  void adminApiNeedsTheToken() throws Exception {
    String url = base + "/admin/verifiers/bank/requests";
    String body = "{\"credentialType\":\"kr.mdl\",\"claims\":[\"given_name\",\"age_over_19\"]}";
    var noToken =
        wallet.http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(error(noToken, 401).path("error").asText()).isEqualTo("ADMIN_TOKEN_MISSING");
    assertThat(error(admin(url, "wrong-token", body), 401).path("error").asText())
        .isEqualTo("ADMIN_TOKEN_INVALID");
    assertThat(
            error(
                    admin(
                        url,
                        ADMIN_TOKEN,
                        "{\"credentialType\":\"kr.mdl\",\"claims\":[\"document_number\"]}"),
                    403)
                .path("error")
                .asText())
        .isEqualTo("CLAIMS_NOT_REGISTERED");
    assertThat(error(admin(url, ADMIN_TOKEN, "{\"claims\":[]}"), 400).path("error").asText())
        .isEqualTo("MISSING_FIELD");
    assertThat(error(admin(url, ADMIN_TOKEN, "not json"), 400).path("error").asText())
        .isEqualTo("MALFORMED_JSON");

    ObjectNode created = error(admin(url, ADMIN_TOKEN, body), 201);
    assertThat(created.path("readSecret").asText()).isNotEmpty();
    TestWallet.Request req = wallet.fetch(created.path("authorizationRequestUri").asText());
    Flow f =
        new Flow(
            new CreateRequest.Created(
                created.path("requestId").asText(),
                req.clientId(),
                created.path("requestUri").asText(),
                created.path("authorizationRequestUri").asText(),
                created.path("qrUrl").asText(),
                created.path("resultUrl").asText(),
                created.path("readSecret").asText(),
                Instant.parse(created.path("expiresAt").asText()),
                null),
            req);
    assertThat(
            answer(f, present(credential(), f, ASKED))
                .path("kdid_result")
                .path("verified")
                .asBoolean())
        .isTrue();
    assertThat(resultOf(f).path("status").asText()).isEqualTo("ANSWERED");
  }

  static HttpResponse<String> admin(String url, String token, String body) throws Exception {
    return wallet.http.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void pageShowsTheQrCodeAndDeepLink() throws Exception {
    HttpResponse<String> r = wallet.get(base + "/verifiers/bank");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("nonce-");
    String html = r.body();
    assertThat(html).contains("모바일 신분증을 보여 주세요").contains("Show your mobile ID");
    String qrPath = between(html, "<img class=\"qr\" src=\"", "\"");
    String deepLink = between(html, "<a href=\"", "\"").replace("&amp;", "&");
    assertThat(deepLink).startsWith("openid4vp://?client_id=decentralized_identifier%3Adid%3Akdid");
    var png =
        wallet.http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + qrPath)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(png.headers().firstValue("Content-Type")).contains("image/png");
    assertThat(QrCodes.decode(png.body())).isEqualTo(deepLink);
    wallet.fetch(deepLink); // the deep link leads to a valid signed request
  }

  static String between(String s, String start, String end) {
    int i = s.indexOf(start) + start.length();
    return s.substring(i, s.indexOf(end, i));
  }

  @Test
  void routesAnswerForVerifiersThatHaveNotStartedOrDoNotExist() throws Exception {
    assertThat(
            error(wallet.get(base + "/verifiers/later/requests/x/object"), 503)
                .path("error")
                .asText())
        .isEqualTo("SERVICE_STARTING");
    assertThat(
            error(wallet.get(base + "/verifiers/nosuch/requests/x/object"), 404)
                .path("error")
                .asText())
        .isEqualTo("VERIFIER_NOT_FOUND");
    assertProtocolError(
        wallet.get(base + "/verifiers/bank/requests/unknown/object"),
        404,
        ErrorCode.REQUEST_NOT_FOUND);
  }
}
