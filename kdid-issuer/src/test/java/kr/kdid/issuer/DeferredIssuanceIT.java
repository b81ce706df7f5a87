package kr.kdid.issuer;

import static kr.kdid.issuer.IssuanceIT.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.sdjwtvc.SdJwtVcVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Deferred issuance for a type that needs manual approval, over HTTP on loopback. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeferredIssuanceIT {
  IssuerFixture f;
  TestHolder holder;

  @BeforeAll
  void start(@TempDir Path dir) {
    f = new IssuerFixture(dir, c -> c.withFlows(c.flows().withManualApproval(Set.of("kr.mdl"))));
    holder = new TestHolder(f);
  }

  @AfterAll
  void stop() {
    f.close();
  }

  /** A credential request that is deferred: the token, the keys, and the 202 response. */
  record Started(String token, List<SoftwareKey> keys, JsonNode response, String adminId) {}

  private Started deferredRequest() throws Exception {
    String applicant = f.enrolDriver(30);
    String token = holder.accessToken(f.offer(applicant));
    List<SoftwareKey> keys = List.of(TestHolder.newKey(), TestHolder.newKey());
    String nonce = holder.nonce();
    HttpResponse<String> r =
        holder.credential(
            token, TestHolder.request(keys.stream().map(k -> holder.goodProof(k, nonce)).toList()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode body = Json.parse(r.body());
    assertThat(body.has("credentials")).isFalse();
    assertThat(body.path("transaction_id").asText()).isNotEmpty();
    assertThat(body.path("interval").asLong()).isPositive();
    // Nothing is issued yet.
    assertThat(f.issuer.store().credentialsOf(applicant)).isEmpty();
    JsonNode pending =
        Json.parse(f.admin("GET", "/admin/issuers/police/deferred?status=pending", null).body());
    String adminId = null;
    for (JsonNode t : pending.path("transactions")) {
      if (t.path("applicantId").asText().equals(applicant)) {
        adminId = t.path("id").asText();
        assertThat(t.path("keys").asInt()).isEqualTo(2);
        assertThat(t.toString()).doesNotContain(body.path("transaction_id").asText());
      }
    }
    assertThat(adminId).isNotNull();
    return new Started(token, keys, body, adminId);
  }

  private HttpResponse<String> poll(String token, String transactionId) throws Exception {
    return f.send(
        "POST",
        "/issuers/police/deferred_credential",
        "application/json",
        Json.bytes(Json.object().put("transaction_id", transactionId)),
        token == null ? null : "Bearer " + token);
  }

  @Test
  void pendingThenApprovedThenIssuedToTheOriginalKeys() throws Exception {
    Started s = deferredRequest();
    String tid = s.response().path("transaction_id").asText();

    HttpResponse<String> early = poll(s.token(), tid);
    assertThat(early.statusCode()).as(early.body()).isEqualTo(202);
    JsonNode e = Json.parse(early.body());
    assertThat(e.path("transaction_id").asText()).isEqualTo(tid);
    assertThat(e.path("interval").asLong()).isPositive();
    assertThat(e.path("kdid_status").asText()).isEqualTo("issuance_pending");

    // Long after the bearer token's 5 minutes, the token still works here for its transaction.
    f.clock.advance(Duration.ofHours(2));
    assertThat(poll(s.token(), tid).statusCode()).isEqualTo(202);

    HttpResponse<String> ok =
        f.admin("POST", "/admin/issuers/police/deferred/" + s.adminId() + "/approve", null);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(
            f.admin("POST", "/admin/issuers/police/deferred/" + s.adminId() + "/reject", null)
                .statusCode())
        .isEqualTo(409);

    HttpResponse<String> issued = poll(s.token(), tid);
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
    JsonNode creds = Json.parse(issued.body()).path("credentials");
    assertThat(creds).hasSize(2);
    VerificationKey issuerKey = f.issuer.identity().key().publicKey();
    SdJwtVcVerifier verifier = new SdJwtVcVerifier((iss, kid) -> issuerKey);
    for (int i = 0; i < 2; i++) {
      var v =
          verifier.verify(
              creds.get(i).path("credential").asText(),
              SdJwtVcVerifier.Options.withoutKeyBinding(f.clock.instant(), Duration.ZERO));
      assertThat(v.ok()).as(v.checks().toString()).isTrue();
      assertThat(v.payload().path("cnf").path("jwk"))
          .isEqualTo(s.keys().get(i).publicKey().toJwk().toJson());
    }

    // The transaction id is single use.
    HttpResponse<String> again = poll(s.token(), tid);
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(Json.parse(again.body()).path("error").asText()).isEqualTo("invalid_transaction_id");
    assertThat(errorCode(again)).isEqualTo("TRANSACTION_USED");
  }

  @Test
  void rejectedRequestIsDeniedForGood() throws Exception {
    Started s = deferredRequest();
    String tid = s.response().path("transaction_id").asText();
    assertThat(
            f.admin("POST", "/admin/issuers/police/deferred/" + s.adminId() + "/reject", null)
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> r = poll(s.token(), tid);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Json.parse(r.body()).path("error").asText()).isEqualTo("credential_request_denied");
    assertThat(errorCode(r)).isEqualTo("TRANSACTION_REJECTED");
    assertThat(
            f.admin("POST", "/admin/issuers/police/deferred/" + s.adminId() + "/approve", null)
                .statusCode())
        .isEqualTo(409);
  }

  @Test
  void unknownTransactionAndWrongToken() throws Exception {
    Started s = deferredRequest();
    HttpResponse<String> unknown = poll(s.token(), "no-such-transaction");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(Json.parse(unknown.body()).path("error").asText())
        .isEqualTo("invalid_transaction_id");
    assertThat(errorCode(unknown)).isEqualTo("UNKNOWN_TRANSACTION_ID");

    String tid = s.response().path("transaction_id").asText();
    // Another holder's token cannot collect this transaction.
    String otherToken = holder.accessToken(f.offer(f.enrolDriver(40)));
    HttpResponse<String> foreign = poll(otherToken, tid);
    assertThat(foreign.statusCode()).isEqualTo(401);
    assertThat(errorCode(foreign)).isEqualTo("TOKEN_NOT_FOR_TRANSACTION");
    HttpResponse<String> none = poll(null, tid);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(errorCode(none)).isEqualTo("TOKEN_MISSING");

    HttpResponse<String> missing =
        f.send(
            "POST",
            "/issuers/police/deferred_credential",
            "application/json",
            Json.bytes(Json.object()),
            "Bearer " + s.token());
    assertThat(errorCode(missing)).isEqualTo("MISSING_TRANSACTION_ID");

    assertThat(f.admin("POST", "/admin/issuers/police/deferred/nope/approve", null).statusCode())
        .isEqualTo(404);
    assertThat(f.send("GET", "/admin/issuers/police/deferred", null, null, null).statusCode())
        .isEqualTo(401);
  }

  @Test
  void expiredTransaction() throws Exception {
    Started s = deferredRequest();
    f.clock.advance(f.issuer.config().flows().deferredTtl().plusMinutes(1));
    f.admin("POST", "/admin/issuers/police/deferred/" + s.adminId() + "/approve", null);
    HttpResponse<String> r = poll(s.token(), s.response().path("transaction_id").asText());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(errorCode(r)).isEqualTo("TRANSACTION_EXPIRED");
  }

  @Test
  void bothFormatsOfOneCardCanWaitForApprovalAndArriveAsOneCard() throws Exception {
    String applicant = f.enrolDriver(33);
    String token = holder.accessToken(f.offer(applicant));
    List<String> tids = new java.util.ArrayList<>();
    for (String config : List.of("kr.mdl", "org.iso.18013.5.1.mDL")) {
      var req = TestHolder.request(List.of(holder.goodProof(TestHolder.newKey(), holder.nonce())));
      req.put("credential_configuration_id", config);
      HttpResponse<String> r = holder.credential(token, req);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      tids.add(Json.parse(r.body()).path("transaction_id").asText());
    }
    JsonNode pending =
        Json.parse(f.admin("GET", "/admin/issuers/police/deferred?status=pending", null).body());
    for (JsonNode t : pending.path("transactions")) {
      if (t.path("applicantId").asText().equals(applicant)) {
        assertThat(
                f.admin(
                        "POST",
                        "/admin/issuers/police/deferred/" + t.path("id").asText() + "/approve",
                        null)
                    .statusCode())
            .isEqualTo(200);
      }
    }
    JsonNode sd = Json.parse(poll(token, tids.get(0)).body());
    JsonNode mdoc = Json.parse(poll(token, tids.get(1)).body());
    assertThat(sd.path("credentials")).hasSize(1);
    assertThat(mdoc.path("credentials")).hasSize(1);
    // The mdoc is an IssuerSigned (base64url CBOR), in the same card as the SD-JWT VC.
    kr.kdid.credentials.mdoc.IssuerSigned.decode(
        kr.kdid.core.encoding.Base64Url.decode(
            mdoc.path("credentials").get(0).path("credential").asText()));
    assertThat(mdoc.path("kdid_batch_id").asText()).isEqualTo(sd.path("kdid_batch_id").asText());
    assertThat(f.issuer.store().credentialsOf(applicant)).hasSize(2);
  }
}
