package kr.kdid.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.sdjwt.SdJwt;
import kr.kdid.credentials.status.StatusListToken;
import kr.kdid.credentials.status.StatusReference;
import kr.kdid.credentials.status.StatusValue;
import kr.kdid.issuer.store.IssuerStore;
import kr.kdid.ledger.state.StatusListRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The holder signs in at the issuer from another device and revokes a batch (lost phone). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HolderSelfServiceIT {
  IssuerFixture f;
  AuthzHolder wallet;
  TestHolder holder;

  @BeforeAll
  void start(@TempDir Path dir) {
    f = new IssuerFixture(dir);
    wallet = new AuthzHolder(f);
    holder = new TestHolder(f);
  }

  @AfterAll
  void stop() {
    f.close();
  }

  /** Issues a batch of one to a citizen through the authorization code flow. */
  private JsonNode issue(String loginId, String password) throws Exception {
    String token = wallet.accessToken(loginId, password);
    HttpResponse<String> r =
        holder.credential(
            token,
            TestHolder.request(List.of(holder.goodProof(TestHolder.newKey(), holder.nonce()))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body());
  }

  private static String cookie(HttpResponse<String> r, String name) {
    return r.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no cookie " + name + ": " + r.headers()));
  }

  /** Signs in on the account page; returns the session cookie ("name=value"). */
  private String signIn(String loginId, String password) throws Exception {
    HttpResponse<String> page = f.get("/issuers/police/account");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("TEST identity provider");
    String csrfCookie = cookie(page, "kdid_login_csrf");
    String csrf = AuthzHolder.hidden(page.body(), "csrf_token");
    HttpResponse<String> r =
        wallet.postForm(
            "/issuers/police/account/sign-in",
            Map.of("csrf_token", csrf, "login_id", loginId, "password", password),
            csrfCookie.substring(0, csrfCookie.indexOf(';')));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    String session = cookie(r, "kdid_session");
    assertThat(session).contains("HttpOnly", "SameSite=Strict", "Max-Age=600");
    return session.substring(0, session.indexOf(';'));
  }

  @Test
  void revokingALostPhonesBatchPublishesTheStatusOnTheLedger() throws Exception {
    String[] alice = wallet.citizen("alice", 30);
    String[] bob = wallet.citizen("bob", 40);
    JsonNode aliceBatch = issue("alice", alice[1]);
    JsonNode bobBatch = issue("bob", bob[1]);
    String batch = aliceBatch.path("kdid_batch_id").asText();
    StatusReference ref = statusOf(aliceBatch);
    assertThat(statusOnLedger(ref)).isEqualTo(StatusValue.VALID);

    String session = signIn("alice", alice[1]);
    HttpResponse<String> list = wallet.getWithCookie("/issuers/police/account", session);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains(batch, "VALID", "운전면허");
    assertThat(list.body()).doesNotContain(bobBatch.path("kdid_batch_id").asText());
    String csrf = AuthzHolder.hidden(list.body(), "csrf_token");

    // Without the session's CSRF token: refused, nothing revoked.
    HttpResponse<String> forged =
        wallet.postForm(
            "/issuers/police/account/revoke",
            Map.of("batch_id", batch, "csrf_token", "forged"),
            session);
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("CSRF_TOKEN_INVALID");
    assertThat(statusOnLedger(ref)).isEqualTo(StatusValue.VALID);

    // Another citizen's batch cannot be revoked (and looks like an unknown one).
    String bobsBatch = bobBatch.path("kdid_batch_id").asText();
    HttpResponse<String> notMine =
        wallet.postForm(
            "/issuers/police/account/revoke",
            Map.of("batch_id", bobsBatch, "csrf_token", csrf),
            session);
    assertThat(notMine.statusCode()).isEqualTo(404);
    assertThat(statusOnLedger(statusOf(bobBatch))).isEqualTo(StatusValue.VALID);
    assertThat(f.issuer.store().credentialsOfBatch(bobsBatch))
        .allMatch(c -> c.status().equals("VALID"));

    HttpResponse<String> revoked =
        wallet.postForm(
            "/issuers/police/account/revoke",
            Map.of("batch_id", batch, "csrf_token", csrf),
            session);
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(revoked.body()).contains("REVOKED");
    assertThat(statusOnLedger(ref)).isEqualTo(StatusValue.INVALID);
    // The holder's revocation is a lifecycle event like an officer's, anchored on the ledger.
    f.issuer.flushAnchors();
    var events = f.issuer.store().eventsOfBatch(batch);
    assertThat(events)
        .extracting(IssuerStore.EventRow::kind)
        .containsExactly("issuance", "revocation");
    assertThat(events.get(1).reason()).contains("holder");
    assertThat(f.ledger.commitment(events.get(1).commitment())).isPresent();

    HttpResponse<String> twice =
        wallet.postForm(
            "/issuers/police/account/revoke",
            Map.of("batch_id", batch, "csrf_token", csrf),
            session);
    assertThat(twice.statusCode()).isEqualTo(409);
  }

  @Test
  void signInRefusalsAndSessionEnd() throws Exception {
    String[] carol = wallet.citizen("carol", 50);
    HttpResponse<String> page = f.get("/issuers/police/account");
    String csrfCookie = cookie(page, "kdid_login_csrf");
    String cookie = csrfCookie.substring(0, csrfCookie.indexOf(';'));
    String csrf = AuthzHolder.hidden(page.body(), "csrf_token");
    HttpResponse<String> wrong =
        wallet.postForm(
            "/issuers/police/account/sign-in",
            Map.of("csrf_token", csrf, "login_id", "carol", "password", "wrong-password"),
            cookie);
    HttpResponse<String> unknown =
        wallet.postForm(
            "/issuers/police/account/sign-in",
            Map.of("csrf_token", csrf, "login_id", "nobody", "password", "wrong-password"),
            cookie);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(
            wrong.headers().allValues("Set-Cookie").stream()
                .anyMatch(c -> c.startsWith("kdid_session=")))
        .isFalse();
    HttpResponse<String> noCsrf =
        wallet.postForm(
            "/issuers/police/account/sign-in",
            Map.of("login_id", "carol", "password", carol[1]),
            cookie);
    assertThat(noCsrf.statusCode()).isEqualTo(403);

    String session = signIn("carol", carol[1]);
    assertThat(wallet.getWithCookie("/issuers/police/account", session).body())
        .contains("Sign out");
    // Sessions are short: after their lifetime the sign-in page comes back.
    f.clock.advance(f.issuer.config().flows().sessionTtl().plusSeconds(1));
    HttpResponse<String> after = wallet.getWithCookie("/issuers/police/account", session);
    assertThat(after.body()).doesNotContain("Sign out").contains("name=\"password\"");
    HttpResponse<String> lateRevoke =
        wallet.postForm(
            "/issuers/police/account/revoke", Map.of("batch_id", "x", "csrf_token", "y"), session);
    assertThat(lateRevoke.statusCode()).isEqualTo(401);
  }

  private static StatusReference statusOf(JsonNode response) throws Exception {
    SdJwt sd = SdJwt.parseIssued(response.path("credentials").get(0).path("credential").asText());
    return StatusReference.fromStatusClaim(sd.issuerJwt().payloadJson().path("status"));
  }

  private StatusValue statusOnLedger(StatusReference ref) throws Exception {
    String listId = ref.uri().substring(ref.uri().lastIndexOf('/') + 1);
    StatusListRecord rec = f.ledger.statusList(f.issuer.identity().did(), listId).orElseThrow();
    var verified =
        StatusListToken.verify(
            rec.token(),
            f.issuer.identity().key().publicKey(),
            ref.uri(),
            f.clock.instant(),
            Duration.ofMinutes(1),
            StatusListToken.DEFAULT_MAX_BYTES);
    return StatusListToken.statusOf(verified, ref);
  }
}
