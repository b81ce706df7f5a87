package kr.kdid.issuer;

import static kr.kdid.issuer.IssuanceIT.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.credentials.events.EventCommitment;
import kr.kdid.credentials.sdjwt.SdJwt;
import kr.kdid.credentials.status.StatusListToken;
import kr.kdid.credentials.status.StatusReference;
import kr.kdid.credentials.status.StatusValue;
import kr.kdid.ledger.state.StatusListRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The six mobile IDs at their issuing bodies, and the life of an issued card over HTTP: the
 * resident card's age rule, suspend/reinstate, revoke, renew, re-issue to a new phone and expiry,
 * each checked on the ledger's status list and in the anchored events.
 */
class LifecycleIT {
  private IssuerFixture f;
  private IssuerService mois;

  @BeforeEach
  void start(@TempDir Path dir) {
    f = new IssuerFixture(dir);
    mois = f.startIssuer(IssuerConfig.interior(f.base));
  }

  @AfterEach
  void stop() {
    f.close();
  }

  /** A card in the wallet: its batch and the status reference of its first credential. */
  private record Card(String batch, StatusReference ref, JsonNode response) {}

  private Card issue(IssuerService s, JsonNode offer, String type) throws Exception {
    TestHolder holder = new TestHolder(f, s);
    String token = holder.accessToken(offer);
    var req =
        TestHolder.request(
            List.of(
                holder.goodProof(TestHolder.newKey(), holder.nonce()),
                holder.goodProof(TestHolder.newKey(), holder.nonce())));
    req.put("credential_configuration_id", type);
    HttpResponse<String> r = holder.credential(token, req);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode resp = Json.parse(r.body());
    SdJwt sd = SdJwt.parseIssued(resp.path("credentials").get(0).path("credential").asText());
    return new Card(
        resp.path("kdid_batch_id").asText(),
        StatusReference.fromStatusClaim(sd.issuerJwt().payloadJson().path("status")),
        resp);
  }

  private JsonNode offerOk(IssuerService s, String applicant, String type) throws Exception {
    HttpResponse<String> r = f.offer(s, applicant, type);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return Json.parse(r.body());
  }

  private StatusValue onLedger(IssuerService s, StatusReference ref) throws Exception {
    String listId = ref.uri().substring(ref.uri().lastIndexOf('/') + 1);
    StatusListRecord rec = f.ledger.statusList(s.identity().did(), listId).orElseThrow();
    var verified =
        StatusListToken.verify(
            rec.token(),
            s.identity().key().publicKey(),
            ref.uri(),
            f.clock.instant(),
            Duration.ofMinutes(1),
            StatusListToken.DEFAULT_MAX_BYTES);
    return StatusListToken.statusOf(verified, ref);
  }

  private HttpResponse<String> setStatus(IssuerService s, String batch, String status)
      throws Exception {
    return f.admin(
        "POST",
        "/admin" + s.config().path() + "/batches/" + batch + "/status",
        Json.object().put("status", status).put("reason", "test"));
  }

  private JsonNode events(IssuerService s, String batch) throws Exception {
    HttpResponse<String> r =
        f.admin("GET", "/admin" + s.config().path() + "/batches/" + batch + "/events", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body()).path("events");
  }

  private static List<String> kinds(JsonNode events) {
    List<String> out = new ArrayList<>();
    events.forEach(e -> out.add(e.path("kind").asText()));
    return out;
  }

  /**
   * Flushes the issuer's anchors, then checks that every event of each batch has its anchoring
   * transaction and that its commitment (derived from the kept event) is on the ledger.
   *
   * @return the events of the batches, in order
   */
  private List<JsonNode> assertAnchored(IssuerService s, String... batches) throws Exception {
    s.flushAnchors();
    List<JsonNode> all = new ArrayList<>();
    for (String batch : batches) {
      JsonNode ev = events(s, batch);
      assertThat(ev).as(batch).isNotEmpty();
      for (JsonNode e : ev) {
        String what = batch + " " + e.path("kind").asText();
        assertThat(e.path("anchorTx").asText()).as(what).isNotEmpty();
        assertThat(EventCommitment.fromJson(e.path("event")).commitmentHex())
            .as(what)
            .isEqualTo(e.path("commitment").asText());
        assertThat(f.ledger.commitment(e.path("commitment").asText())).as(what).isPresent();
        all.add(e);
      }
    }
    return all;
  }

  private LocalDate bornYearsAgo(int years) {
    return f.today().minusYears(years).minusDays(10);
  }

  @Test
  void everyIssuingBodyIsAccreditedForItsTypesAndIssuesThem() throws Exception {
    List<IssuerService> all = new ArrayList<>(List.of(f.issuer, mois));
    all.add(f.startIssuer(IssuerConfig.veterans(f.base)));
    all.add(f.startIssuer(IssuerConfig.justice(f.base)));
    all.add(f.startIssuer(IssuerConfig.welfare(f.base)));
    List<String> types = new ArrayList<>();
    for (IssuerService s : all) {
      for (String type : s.config().credentialTypes()) {
        types.add(type);
        assertThat(f.ledger.issuer(s.identity().did()).orElseThrow().mayIssue(type)).isTrue();
        JsonNode meta =
            Json.parse(f.get("/.well-known/openid-credential-issuer" + s.config().path()).body());
        assertThat(meta.path("credential_configurations_supported").has(type)).isTrue();
        String applicant = f.enrol(s, type, bornYearsAgo(40));
        Card c = issue(s, offerOk(s, applicant, type), type);
        SdJwt sd =
            SdJwt.parseIssued(c.response().path("credentials").get(0).path("credential").asText());
        assertThat(sd.issuerJwt().payloadJson().path("vct").asText())
            .isEqualTo(Catalog.builtIn().byId(type).orElseThrow().vct());
        assertThat(sd.issuerJwt().payloadJson().path("iss").asText())
            .isEqualTo(s.config().credentialIssuer());
        assertThat(onLedger(s, c.ref())).isEqualTo(StatusValue.VALID);
      }
    }
    assertThat(types)
        .containsExactlyInAnyOrder(
            "kr.mdl", "kr.rrc", "kr.civil-servant", "kr.veteran", "kr.frc", "kr.disability");
    // An issuer is not accredited for another body's type.
    assertThat(f.ledger.issuer(mois.identity().did()).orElseThrow().mayIssue("kr.mdl")).isFalse();
  }

  @Test
  void residentCardIsRefusedAt16WithTheReasonAndIssuedAt17OncePerPerson() throws Exception {
    String sixteen = f.enrol(mois, "kr.rrc", bornYearsAgo(16));
    HttpResponse<String> refused = f.offer(mois, sixteen, "kr.rrc");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(errorCode(refused)).isEqualTo("BELOW_MINIMUM_AGE");
    assertThat(Json.parse(refused.body()).path("message").asText())
        .contains("resident registration card", "from age 17", "is 16", "만 17세 이상");

    String seventeen = f.enrol(mois, "kr.rrc", bornYearsAgo(17));
    issue(mois, offerOk(mois, seventeen, "kr.rrc"), "kr.rrc");
    HttpResponse<String> second = f.offer(mois, seventeen, "kr.rrc");
    assertThat(second.statusCode()).isEqualTo(400);
    assertThat(errorCode(second)).isEqualTo("ALREADY_HOLDS_ONE");
  }

  @Test
  void suspendReinstateRevokeAreOnTheLedgerAndAnchored() throws Exception {
    String a = f.enrol(mois, "kr.rrc", bornYearsAgo(30));
    Card c = issue(mois, offerOk(mois, a, "kr.rrc"), "kr.rrc");

    HttpResponse<String> s1 = setStatus(mois, c.batch(), "suspended");
    assertThat(s1.statusCode()).as(s1.body()).isEqualTo(200);
    assertThat(Json.parse(s1.body()).path("publishedOnLedger").asBoolean()).isTrue();
    assertThat(onLedger(mois, c.ref())).isEqualTo(StatusValue.SUSPENDED);
    // Suspending twice is refused, not silently repeated.
    assertThat(errorCode(setStatus(mois, c.batch(), "suspended"))).isEqualTo("INVALID_TRANSITION");
    assertThat(setStatus(mois, c.batch(), "valid").statusCode()).isEqualTo(200);
    assertThat(onLedger(mois, c.ref())).isEqualTo(StatusValue.VALID);
    assertThat(setStatus(mois, c.batch(), "revoked").statusCode()).isEqualTo(200);
    assertThat(onLedger(mois, c.ref())).isEqualTo(StatusValue.INVALID);
    assertThat(errorCode(setStatus(mois, c.batch(), "valid"))).isEqualTo("ALREADY_REVOKED");

    mois.flushAnchors();
    JsonNode ev = events(mois, c.batch());
    assertThat(kinds(ev)).containsExactly("issuance", "suspension", "reinstatement", "revocation");
    for (JsonNode e : ev) {
      // Each event's commitment is what the ledger anchored, and it derives from the kept event.
      assertThat(e.path("anchorTx").asText()).isNotEmpty();
      assertThat(EventCommitment.fromJson(e.path("event")).commitmentHex())
          .isEqualTo(e.path("commitment").asText());
      assertThat(f.ledger.commitment(e.path("commitment").asText())).isPresent();
    }
  }

  @Test
  void renewalIssuesANewBatchAndRevokesTheOldOneOnlyThen() throws Exception {
    String a = f.enrol(mois, "kr.rrc", bornYearsAgo(30));
    Card old = issue(mois, offerOk(mois, a, "kr.rrc"), "kr.rrc");
    f.clock.advance(Duration.ofDays(1000));
    HttpResponse<String> r =
        f.admin("POST", "/admin/issuers/mois/batches/" + old.batch() + "/renewal", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    // Until the wallet redeems the renewal offer, the old card stays valid.
    assertThat(onLedger(mois, old.ref())).isEqualTo(StatusValue.VALID);
    Card renewed = issue(mois, Json.parse(r.body()), "kr.rrc");
    assertThat(onLedger(mois, old.ref())).isEqualTo(StatusValue.INVALID);
    assertThat(onLedger(mois, renewed.ref())).isEqualTo(StatusValue.VALID);
    JsonNode ev = events(mois, old.batch());
    assertThat(kinds(ev)).containsExactly("issuance", "revocation");
    assertThat(ev.get(1).path("reason").asText()).contains("renewed by batch " + renewed.batch());
    // The renewal's events, on the old card and the new one, are anchored.
    assertThat(assertAnchored(mois, old.batch(), renewed.batch()))
        .extracting(e -> e.path("kind").asText())
        .containsExactly("issuance", "revocation", "issuance");
    // A revoked batch cannot be renewed; an unknown one is not found.
    assertThat(
            errorCode(
                f.admin("POST", "/admin/issuers/mois/batches/" + old.batch() + "/renewal", null)))
        .isEqualTo("ALREADY_REVOKED");
    assertThat(errorCode(f.admin("POST", "/admin/issuers/mois/batches/nope/renewal", null)))
        .isEqualTo("UNKNOWN_BATCH");
  }

  @Test
  void lostPhoneIsSuspendedThenTheCardIsReissuedToANewPhone() throws Exception {
    String a = f.enrol(mois, "kr.rrc", bornYearsAgo(45));
    Card oldPhone = issue(mois, offerOk(mois, a, "kr.rrc"), "kr.rrc");
    assertThat(setStatus(mois, oldPhone.batch(), "suspended").statusCode()).isEqualTo(200);
    // A suspended card is not renewed (the phone may be in someone else's hands) ...
    assertThat(
            errorCode(
                f.admin(
                    "POST", "/admin/issuers/mois/batches/" + oldPhone.batch() + "/renewal", null)))
        .isEqualTo("BATCH_SUSPENDED");
    // ... it is re-issued to the new phone, which revokes the old phone's credentials.
    HttpResponse<String> r =
        f.admin(
            "POST",
            "/admin/issuers/mois/applicants/" + a + "/reissue",
            Json.object().put("credentialType", "kr.rrc"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    Card newPhone = issue(mois, Json.parse(r.body()), "kr.rrc");
    assertThat(onLedger(mois, oldPhone.ref())).isEqualTo(StatusValue.INVALID);
    assertThat(onLedger(mois, newPhone.ref())).isEqualTo(StatusValue.VALID);
    assertThat(kinds(events(mois, oldPhone.batch())))
        .containsExactly("issuance", "suspension", "revocation");
    assertThat(assertAnchored(mois, oldPhone.batch(), newPhone.batch()))
        .extracting(e -> e.path("kind").asText())
        .containsExactly("issuance", "suspension", "revocation", "issuance");
    assertThat(
            errorCode(
                f.admin(
                    "POST",
                    "/admin/issuers/mois/applicants/nobody/reissue",
                    Json.object().put("credentialType", "kr.rrc"))))
        .isEqualTo("UNKNOWN_APPLICANT");
  }

  @Test
  void anMdocCardIsSuspendedAndReinstatedOnTheLedger() throws Exception {
    String a = f.enrol(mois, "kr.rrc", bornYearsAgo(30));
    TestHolder holder = new TestHolder(f, mois);
    String token = holder.accessToken(offerOk(mois, a, "kr.rrc"));
    // One token: first the SD-JWT VC, then the mdoc, both one card.
    var sdReq = TestHolder.request(List.of(holder.goodProof(TestHolder.newKey(), holder.nonce())));
    sdReq.put("credential_configuration_id", "kr.rrc");
    HttpResponse<String> sd = holder.credential(token, sdReq);
    assertThat(sd.statusCode()).as(sd.body()).isEqualTo(200);
    kr.kdid.core.crypto.SoftwareKey device = TestHolder.newKey();
    var mdReq = TestHolder.request(List.of(holder.goodProof(device, holder.nonce())));
    mdReq.put("credential_configuration_id", "kr.kdid.rrc.1");
    HttpResponse<String> md = holder.credential(token, mdReq);
    assertThat(md.statusCode()).as(md.body()).isEqualTo(200);
    String batch = Json.parse(sd.body()).path("kdid_batch_id").asText();
    assertThat(Json.parse(md.body()).path("kdid_batch_id").asText()).isEqualTo(batch);
    SdJwt sdJwt =
        SdJwt.parseIssued(
            Json.parse(sd.body()).path("credentials").get(0).path("credential").asText());
    StatusReference sdRef =
        StatusReference.fromStatusClaim(sdJwt.issuerJwt().payloadJson().path("status"));

    // The mdoc's status reference, as a verifier reads it from the MSO of a verified presentation.
    var mdoc =
        kr.kdid.credentials.mdoc.IssuerSigned.decode(
            kr.kdid.core.encoding.Base64Url.decode(
                Json.parse(md.body()).path("credentials").get(0).path("credential").asText()));
    var transcript =
        kr.kdid.credentials.mdoc.SessionTranscript.openId4VpRedirect(
            "decentralized_identifier:did:kdid:verifier",
            "n-lifecycle",
            java.util.Optional.empty(),
            "https://verifier.kdid.kr/response");
    byte[] response =
        kr.kdid.credentials.mdoc.MdocHolder.respond(
                kr.kdid.credentials.mdoc.MdocHolder.present(
                    mdoc,
                    java.util.Map.of("kr.kdid.rrc.1", java.util.Set.of("given_name")),
                    transcript,
                    device))
            .encode();
    var iacas =
        kr.kdid.credentials.mdoc.IacaPublication.certificates(
            f.ledger.resolve(mois.identity().did().toString()).document());
    var verified =
        new kr.kdid.credentials.mdoc.MdocVerifier(
                kr.kdid.credentials.mdoc.IssuerTrust.iacaRoots(iacas), f.clock)
            .verify(response, transcript)
            .get(0);
    assertThat(verified.docType()).isEqualTo("kr.kdid.rrc.1");
    StatusReference mdRef = verified.status().orElseThrow();
    assertThat(mdRef).isNotEqualTo(sdRef);
    assertThat(onLedger(mois, mdRef)).isEqualTo(StatusValue.VALID);

    HttpResponse<String> suspended = setStatus(mois, batch, "suspended");
    assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);
    assertThat(Json.parse(suspended.body()).path("publishedOnLedger").asBoolean()).isTrue();
    assertThat(onLedger(mois, mdRef)).isEqualTo(StatusValue.SUSPENDED);
    assertThat(onLedger(mois, sdRef)).isEqualTo(StatusValue.SUSPENDED);

    assertThat(setStatus(mois, batch, "valid").statusCode()).isEqualTo(200);
    assertThat(onLedger(mois, mdRef)).isEqualTo(StatusValue.VALID);
    assertThat(onLedger(mois, sdRef)).isEqualTo(StatusValue.VALID);

    assertThat(assertAnchored(mois, batch))
        .extracting(e -> e.path("kind").asText())
        .containsExactly("issuance", "suspension", "reinstatement");
  }

  @Test
  void expiredCardsBecomeInvalidOnTheLedgerAndStayExpired() throws Exception {
    String a = f.enrol(mois, "kr.civil-servant", bornYearsAgo(35));
    Card c = issue(mois, offerOk(mois, a, "kr.civil-servant"), "kr.civil-servant");
    assertThat(setStatus(mois, c.batch(), "suspended").statusCode()).isEqualTo(200);
    mois.housekeepStatus();
    assertThat(onLedger(mois, c.ref())).isEqualTo(StatusValue.SUSPENDED);

    f.clock.advance(Duration.ofDays(1096));
    mois.housekeepStatus();
    assertThat(onLedger(mois, c.ref())).isEqualTo(StatusValue.INVALID);
    assertThat(kinds(events(mois, c.batch()))).containsExactly("issuance", "suspension", "expiry");
    assertThat(assertAnchored(mois, c.batch()))
        .extracting(e -> e.path("kind").asText())
        .containsExactly("issuance", "suspension", "expiry");
    assertThat(errorCode(setStatus(mois, c.batch(), "valid"))).isEqualTo("ALREADY_EXPIRED");
    assertThat(
            errorCode(
                f.admin("POST", "/admin/issuers/mois/batches/" + c.batch() + "/renewal", null)))
        .isEqualTo("ALREADY_EXPIRED");
    // Expired cards do not count as held: a new one can be issued.
    issue(mois, offerOk(mois, a, "kr.civil-servant"), "kr.civil-servant");
  }

  @Test
  void aChangeMadeWhileTheLedgerIsDownIsPublishedLaterNotLost() throws Exception {
    String a = f.enrol(mois, "kr.rrc", bornYearsAgo(50));
    Card c = issue(mois, offerOk(mois, a, "kr.rrc"), "kr.rrc");
    f.flaky.down = true;
    HttpResponse<String> r = setStatus(mois, c.batch(), "suspended");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(Json.parse(r.body()).path("publishedOnLedger").asBoolean()).isFalse();
    assertThat(onLedger(mois, c.ref())).isEqualTo(StatusValue.VALID);
    mois.housekeepStatus(); // still down: stays pending
    assertThat(onLedger(mois, c.ref())).isEqualTo(StatusValue.VALID);
    f.flaky.down = false;
    mois.housekeepStatus();
    assertThat(onLedger(mois, c.ref())).isEqualTo(StatusValue.SUSPENDED);
    assertThat(mois.store().listsToPublish()).isEmpty();
  }

  @Test
  void badLifecycleInputGetsItsOwnError() throws Exception {
    assertThat(errorCode(setStatus(mois, "no-such-batch", "revoked"))).isEqualTo("UNKNOWN_BATCH");
    assertThat(errorCode(setStatus(mois, "bad%20batch%21", "revoked"))).isEqualTo("UNKNOWN_BATCH");
    assertThat(errorCode(setStatus(mois, "x", "lost"))).isEqualTo("INVALID_STATUS");
    HttpResponse<String> longReason =
        f.admin(
            "POST",
            "/admin/issuers/mois/batches/x/status",
            Json.object().put("status", "revoked").put("reason", "r".repeat(300)));
    assertThat(errorCode(longReason)).isEqualTo("INVALID_REASON");
    assertThat(
            errorCode(
                f.admin(
                    "POST",
                    "/admin/issuers/mois/applicants/x/reissue",
                    Json.object().put("credentialType", "kr.mdl"))))
        .isEqualTo("UNKNOWN_CREDENTIAL_TYPE");
    assertThat(
            f.send("POST", "/admin/issuers/mois/batches/x/renewal", null, null, null).statusCode())
        .isEqualTo(401);
    assertThat(errorCode(f.admin("GET", "/admin/issuers/mois/batches/x/events", null)))
        .isEqualTo("UNKNOWN_BATCH");
  }
}
