package kr.kdid.issuer;

import static kr.kdid.issuer.IssuanceIT.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.json.Json;
import kr.kdid.ledger.tx.TxBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal of the issuer, each with its own code, and nothing issued. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IssuanceRejectionsIT {
  IssuerFixture f;
  TestHolder holder;

  @BeforeAll
  void start(@TempDir Path dir) {
    f = new IssuerFixture(dir);
    holder = new TestHolder(f);
  }

  @AfterAll
  void stop() {
    f.close();
  }

  private JsonNode newOffer() throws Exception {
    return f.offer(f.enrolDriver(25));
  }

  private static void assertError(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(errorCode(r)).as(r.body()).isEqualTo(code);
    assertThat(r.body()).doesNotContain("Exception", "\tat ");
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class TokenEndpoint {
    @Test
    void missingTransactionCode() throws Exception {
      assertError(holder.token(TestHolder.code(newOffer()), null), 400, "MISSING_TX_CODE");
    }

    @Test
    void wrongTransactionCodeThenLocked() throws Exception {
      JsonNode offer = newOffer();
      String code = TestHolder.code(offer);
      String right = offer.path("txCode").asText();
      String wrong = right.equals("000000") ? "111111" : "000000";
      for (int i = 0; i < 4; i++) {
        HttpResponse<String> r = holder.token(code, wrong);
        assertError(r, 400, "TX_CODE_WRONG");
        assertThat(Json.parse(r.body()).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(Json.parse(r.body()).path("error_description").asText())
            .contains((4 - i) + " more attempt");
      }
      // The fifth wrong code locks the offer; then even the right code no longer works.
      assertError(holder.token(code, wrong), 400, "OFFER_LOCKED");
      assertError(holder.token(code, right), 400, "OFFER_LOCKED");
    }

    @Test
    void reusedPreAuthorizedCode() throws Exception {
      JsonNode offer = newOffer();
      assertThat(holder.token(TestHolder.code(offer), offer.path("txCode").asText()).statusCode())
          .isEqualTo(200);
      assertError(
          holder.token(TestHolder.code(offer), offer.path("txCode").asText()),
          400,
          "PRE_AUTHORIZED_CODE_USED");
      // The offer is no longer served by reference.
      assertError(
          f.get("/issuers/police/offers/" + offer.path("offerId").asText()), 410, "OFFER_USED");
    }

    @Test
    void expiredOffer() throws Exception {
      JsonNode offer = newOffer();
      f.clock.advance(Duration.ofMinutes(16));
      assertError(
          holder.token(TestHolder.code(offer), offer.path("txCode").asText()),
          400,
          "OFFER_EXPIRED");
      assertError(
          f.get("/issuers/police/offers/" + offer.path("offerId").asText()), 410, "OFFER_EXPIRED");
    }

    @Test
    void unknownCodeGrantAndMediaType() throws Exception {
      assertError(holder.token("no-such-code", "123456"), 400, "UNKNOWN_PRE_AUTHORIZED_CODE");
      assertError(
          f.postForm("/issuers/police/token", Map.of("grant_type", "client_credentials")),
          400,
          "UNSUPPORTED_GRANT_TYPE");
      // The authorization code grant is supported (AuthorizationCodeIT): without a code, refused.
      assertError(
          f.postForm("/issuers/police/token", Map.of("grant_type", "authorization_code")),
          400,
          "MISSING_CODE");
      assertError(f.postForm("/issuers/police/token", Map.of()), 400, "MISSING_GRANT_TYPE");
      assertError(
          f.send("POST", "/issuers/police/token", "application/json", "{}".getBytes(), null),
          400,
          "UNSUPPORTED_MEDIA_TYPE");
      assertError(f.get("/issuers/police/offers/nope"), 404, "UNKNOWN_OFFER");
      String grant = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Apre-authorized_code";
      for (String bad : List.of("&pre-authorized_code=abc%zz", "&pre-authorized_code=%")) {
        assertError(
            f.send(
                "POST",
                "/issuers/police/token",
                "application/x-www-form-urlencoded",
                (grant + bad).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                null),
            400,
            "MALFORMED_PARAMETER");
      }
      assertError(
          f.send(
              "POST",
              "/issuers/police/token",
              "application/x-www-form-urlencoded",
              (grant + "&tx_code=1&tx_code=2").getBytes(java.nio.charset.StandardCharsets.US_ASCII),
              null),
          400,
          "REPEATED_PARAMETER");
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class CredentialEndpoint {
    String token;

    @org.junit.jupiter.api.BeforeEach
    void token() throws Exception {
      token = holder.accessToken(newOffer());
    }

    private HttpResponse<String> withProofs(String... proofs) throws Exception {
      return holder.credential(token, TestHolder.request(List.of(proofs)));
    }

    @Test
    void tokenMissingUnknownUsedAndExpired() throws Exception {
      SoftwareKey k = TestHolder.newKey();
      assertError(
          holder.credential(null, TestHolder.request(List.of(holder.goodProof(k, holder.nonce())))),
          401,
          "TOKEN_MISSING");
      assertError(
          holder.credential(
              "not-a-token", TestHolder.request(List.of(holder.goodProof(k, holder.nonce())))),
          401,
          "TOKEN_INVALID");
      assertThat(withProofs(holder.goodProof(k, holder.nonce())).statusCode()).isEqualTo(200);
      assertError(withProofs(holder.goodProof(k, holder.nonce())), 401, "TOKEN_USED");

      token = holder.accessToken(newOffer());
      f.clock.advance(Duration.ofMinutes(6));
      assertError(withProofs(holder.goodProof(k, holder.nonce())), 401, "TOKEN_EXPIRED");
    }

    @Test
    void badSignature() throws Exception {
      SoftwareKey k = TestHolder.newKey();
      String p = holder.goodProof(k, holder.nonce());
      String forged =
          p.substring(0, p.lastIndexOf('.') + 1) + holder.goodProof(k, "x").split("\\.")[2];
      assertError(withProofs(forged), 400, "PROOF_SIGNATURE");
      // The nonce was not spent by the failed request; the token still works.
    }

    @Test
    void replayedNonce() throws Exception {
      SoftwareKey k = TestHolder.newKey();
      String n = holder.nonce();
      assertThat(withProofs(holder.goodProof(k, n)).statusCode()).isEqualTo(200);
      token = holder.accessToken(newOffer());
      assertError(withProofs(holder.goodProof(TestHolder.newKey(), n)), 400, "NONCE_REPLAYED");
    }

    @Test
    void unknownMissingAndExpiredNonce() throws Exception {
      SoftwareKey k = TestHolder.newKey();
      assertError(withProofs(holder.goodProof(k, "made-up")), 400, "NONCE_UNKNOWN");
      assertError(
          withProofs(
              TestHolder.proof(
                  k,
                  "openid4vci-proof+jwt",
                  f.issuer.config().credentialIssuer(),
                  null,
                  f.clock.instant())),
          400,
          "NONCE_MISSING");
      String n = holder.nonce();
      f.clock.advance(Duration.ofMinutes(4));
      token = holder.accessToken(newOffer());
      f.clock.advance(Duration.ofMinutes(2));
      assertError(withProofs(holder.goodProof(k, n)), 400, "NONCE_EXPIRED");
    }

    @Test
    void wrongAudienceTypeAndTimes() throws Exception {
      SoftwareKey k = TestHolder.newKey();
      String iss = f.issuer.config().credentialIssuer();
      assertError(
          withProofs(
              TestHolder.proof(
                  k,
                  "openid4vci-proof+jwt",
                  "https://other.example",
                  holder.nonce(),
                  f.clock.instant())),
          400,
          "PROOF_AUDIENCE");
      assertError(
          withProofs(TestHolder.proof(k, "JWT", iss, holder.nonce(), f.clock.instant())),
          400,
          "PROOF_TYPE");
      assertError(
          withProofs(
              TestHolder.proof(
                  k,
                  "openid4vci-proof+jwt",
                  iss,
                  holder.nonce(),
                  f.clock.instant().minus(Duration.ofMinutes(10)))),
          400,
          "PROOF_STALE");
      assertError(
          withProofs(
              TestHolder.proof(
                  k,
                  "openid4vci-proof+jwt",
                  iss,
                  holder.nonce(),
                  f.clock.instant().plus(Duration.ofMinutes(10)))),
          400,
          "PROOF_FROM_FUTURE");
      assertError(withProofs("not.a.jwt"), 400, "PROOF_MALFORMED");
    }

    @Test
    void batchRules() throws Exception {
      SoftwareKey k = TestHolder.newKey();
      String n = holder.nonce();
      assertError(
          withProofs(holder.goodProof(k, n), holder.goodProof(k, n)), 400, "PROOF_DUPLICATE_KEY");
      assertError(
          withProofs(
              holder.goodProof(TestHolder.newKey(), n),
              holder.goodProof(TestHolder.newKey(), n),
              holder.goodProof(TestHolder.newKey(), n),
              holder.goodProof(TestHolder.newKey(), n)),
          400,
          "TOO_MANY_PROOFS");
    }

    @Test
    void privateKeyInProofHeader() throws Exception {
      SoftwareKey k = TestHolder.newKey();
      ObjectNode h = Json.object();
      h.put("alg", "ES256");
      h.put("typ", "openid4vci-proof+jwt");
      h.set("jwk", k.toPrivateJwk().toJson());
      ObjectNode p = Json.object();
      p.put("aud", f.issuer.config().credentialIssuer());
      p.put("iat", f.clock.instant().getEpochSecond());
      p.put("nonce", holder.nonce());
      assertError(
          withProofs(kr.kdid.core.jose.Jws.sign(h, p, k).encoded()), 400, "PROOF_KEY_PRIVATE");
    }

    @Test
    void malformedRequests() throws Exception {
      assertError(
          f.send(
              "POST",
              "/issuers/police/credential",
              "application/json",
              "{not json".getBytes(),
              "Bearer " + token),
          400,
          "MALFORMED_CREDENTIAL_REQUEST");
      ObjectNode singular = Json.object();
      singular.put("credential_configuration_id", "kr.mdl");
      singular.putObject("proof").put("proof_type", "jwt");
      assertError(holder.credential(token, singular), 400, "SINGULAR_PROOF");
      ObjectNode other = TestHolder.request(List.of("x"));
      other.put("credential_configuration_id", "kr.passport");
      assertError(holder.credential(token, other), 400, "UNKNOWN_CREDENTIAL_CONFIGURATION");
      ObjectNode none = Json.object();
      none.put("credential_configuration_id", "kr.mdl");
      assertError(holder.credential(token, none), 400, "PROOF_MISSING");
    }

    @Test
    void belowMinimumAge() throws Exception {
      String young = f.enrolDriver(15);
      // The officer is refused when making the offer, with the reason ...
      HttpResponse<String> refused = f.offer(f.issuer, young, "kr.mdl");
      assertError(refused, 400, "BELOW_MINIMUM_AGE");
      assertThat(Json.parse(refused.body()).path("message").asText())
          .contains("from age 16", "is 15", "만 16세");
      // ... and the credential endpoint enforces the rule on its own (no path around it).
      var direct = f.issuer.offers().create(young, "kr.mdl");
      ObjectNode offer = Json.object();
      offer.set("credentialOffer", direct.offer());
      offer.put("txCode", direct.txCode());
      token = holder.accessToken(offer);
      assertError(
          withProofs(holder.goodProof(TestHolder.newKey(), holder.nonce())),
          400,
          "BELOW_MINIMUM_AGE");
    }
  }

  @Test
  void unaccreditedIssuerIssuesNothing() throws Exception {
    String token = holder.accessToken(newOffer());
    f.governance.suspend(f.issuer.identity().did(), TxBody.Role.ISSUER, "audit");
    f.clock.advance(IssuerService.ACCREDITATION_TTL.plusSeconds(1));
    try {
      assertError(
          holder.credential(
              token,
              TestHolder.request(List.of(holder.goodProof(TestHolder.newKey(), holder.nonce())))),
          400,
          "ISSUER_NOT_ACCREDITED");
    } finally {
      f.governance.reinstate(f.issuer.identity().did(), TxBody.Role.ISSUER);
      f.clock.advance(IssuerService.ACCREDITATION_TTL.plusSeconds(1));
    }
  }

  @Test
  void adminApiNeedsTheTokenAndValidInput() throws Exception {
    ObjectNode body = Json.object().put("applicantId", "x");
    assertError(
        f.send("POST", "/admin/issuers/police/offers", "application/json", Json.bytes(body), null),
        401,
        "ADMIN_TOKEN_INVALID");
    assertError(
        f.send(
            "POST",
            "/admin/issuers/police/offers",
            "application/json",
            Json.bytes(body),
            "Bearer wrong"),
        401,
        "ADMIN_TOKEN_INVALID");
    assertError(f.admin("POST", "/admin/issuers/police/offers", body), 404, "UNKNOWN_APPLICANT");

    ObjectNode enrol = Json.object();
    enrol.put("personRef", "person-1");
    enrol.set("claims", Json.object().put("family_name", "김"));
    HttpResponse<String> r = f.admin("POST", "/admin/issuers/police/applicants", enrol);
    assertError(r, 400, "INVALID_CLAIMS");
    assertThat(Json.parse(r.body()).path("problems").size()).isGreaterThan(3);

    enrol.put("credentialType", "kr.passport");
    assertError(
        f.admin("POST", "/admin/issuers/police/applicants", enrol), 400, "UNKNOWN_CREDENTIAL_TYPE");
    assertError(
        f.send(
            "POST",
            "/admin/issuers/police/applicants",
            "application/json",
            "[".getBytes(),
            "Bearer " + IssuerFixture.ADMIN_TOKEN),
        400,
        "MALFORMED_JSON");
    assertError(
        f.admin("GET", "/admin/issuers/police/applicants/nobody/credentials", null),
        404,
        "UNKNOWN_APPLICANT");
  }
}
