package kr.kdid.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.did.DidResolutionResult;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.events.EventCommitment;
import kr.kdid.credentials.sdjwt.SdJwt;
import kr.kdid.credentials.sdjwtvc.SdJwtVcVerifier;
import kr.kdid.credentials.status.StatusListToken;
import kr.kdid.credentials.status.StatusReference;
import kr.kdid.credentials.status.StatusValue;
import kr.kdid.ledger.state.StatusListRecord;
import kr.kdid.web.QrCodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The pre-authorized code flow over HTTP on loopback, against a real ledger node. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IssuanceIT {
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

  @Test
  void metadataIsPublishedAtTheWellKnownUrls() throws Exception {
    String iss = f.issuer.config().credentialIssuer();
    JsonNode m = Json.parse(f.get("/.well-known/openid-credential-issuer/issuers/police").body());
    assertThat(m.path("credential_issuer").asText()).isEqualTo(iss);
    assertThat(m.path("credential_endpoint").asText()).isEqualTo(iss + "/credential");
    assertThat(m.path("nonce_endpoint").asText()).isEqualTo(iss + "/nonce");
    assertThat(m.path("batch_credential_issuance").path("batch_size").asInt()).isEqualTo(3);
    JsonNode mdl = m.path("credential_configurations_supported").path("kr.mdl");
    assertThat(mdl.path("format").asText()).isEqualTo("dc+sd-jwt");
    assertThat(mdl.path("vct").asText()).isEqualTo("urn:kdid:kr:mdl:1");

    JsonNode as =
        Json.parse(f.get("/.well-known/oauth-authorization-server/issuers/police").body());
    assertThat(as.path("token_endpoint").asText()).isEqualTo(iss + "/token");
    assertThat(as.path("pre-authorized_grant_anonymous_access_supported").asBoolean()).isTrue();

    JsonNode jwks = Json.parse(f.get("/.well-known/jwt-vc-issuer/issuers/police").body());
    assertThat(jwks.path("issuer").asText()).isEqualTo(iss);
    assertThat(jwks.path("jwks").path("keys").get(0).path("kid").asText())
        .isEqualTo(f.issuer.identity().keyId());

    // The DID on the ledger names the issuer URL as a service.
    DidResolutionResult r = f.ledger.resolve(f.issuer.identity().did().toString());
    assertThat(r.document().toJson().toString()).contains(IssuerService.SERVICE_TYPE, iss);
    assertThat(f.get("/.well-known/openid-credential-issuer/issuers/nobody").statusCode())
        .isEqualTo(404);
  }

  @Test
  void issuesABatchOfUnlinkableCredentialsBoundToTheProofKeys() throws Exception {
    String applicant = f.enrolDriver(30);
    JsonNode offer = f.offer(applicant);
    assertThat(offer.path("txCode").asText()).matches("\\d{6}");

    // By reference: the offer URI points at the offer, and the QR code carries that URI.
    String byRef = offer.path("credentialOfferUri").asText();
    String offerUrl =
        URLDecoder.decode(
            byRef.substring(byRef.indexOf("credential_offer_uri=") + 21), StandardCharsets.UTF_8);
    String path = offerUrl.substring(f.base.length());
    JsonNode served = Json.parse(f.get(path).body());
    assertThat(served).isEqualTo(offer.path("credentialOffer"));
    HttpResponse<byte[]> qr = f.getBytes(path + "/qr.png");
    assertThat(qr.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(QrCodes.decode(qr.body())).isEqualTo(byRef);

    String token = holder.accessToken(offer);
    List<SoftwareKey> keys = List.of(TestHolder.newKey(), TestHolder.newKey(), TestHolder.newKey());
    String nonce = holder.nonce();
    List<String> proofs = new ArrayList<>();
    keys.forEach(k -> proofs.add(holder.goodProof(k, nonce)));
    HttpResponse<String> r = holder.credential(token, TestHolder.request(proofs));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode resp = Json.parse(r.body());
    assertThat(resp.path("credentials")).hasSize(3);

    VerificationKey issuerKey = f.issuer.identity().key().publicKey();
    SdJwtVcVerifier verifier = new SdJwtVcVerifier((iss, kid) -> issuerKey);
    Set<String> statusIndexes = new HashSet<>();
    Set<String> salts = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      String c = resp.path("credentials").get(i).path("credential").asText();
      var v =
          verifier.verify(
              c, SdJwtVcVerifier.Options.withoutKeyBinding(f.clock.instant(), Duration.ZERO));
      assertThat(v.ok()).as(v.checks().toString()).isTrue();
      JsonNode p = v.payload();
      assertThat(p.path("iss").asText()).isEqualTo(f.issuer.config().credentialIssuer());
      assertThat(p.path("vct").asText()).isEqualTo("urn:kdid:kr:mdl:1");
      assertThat(p.path("age_over_19").asBoolean()).isTrue();
      assertThat(p.path("given_name").isTextual()).isTrue();
      assertThat(p.path("cnf").path("jwk")).isEqualTo(keys.get(i).publicKey().toJwk().toJson());
      statusIndexes.add(p.path("status").path("status_list").toString());
      SdJwt sd = SdJwt.parseIssued(c);
      sd.disclosures().forEach(d -> salts.add(d.salt()));
      // No claim is in the clear except the structural ones.
      JsonNode signed = sd.issuerJwt().payloadJson();
      assertThat(signed.has("given_name")).isFalse();
      assertThat(signed.has("birth_date")).isFalse();
    }
    assertThat(statusIndexes).hasSize(3);

    // The issuance event is anchored as a salted commitment; the ledger holds only its hash.
    EventCommitment event = EventCommitment.fromJson(resp.path("kdid_issuance_event"));
    assertThat(event.party()).isEqualTo(f.issuer.identity().did().toString());
    assertThat(f.ledger.commitment(event.commitmentHex())).isEmpty();
    assertThat(f.issuer.flushAnchors()).isGreaterThanOrEqualTo(1);
    var anchored = f.ledger.commitment(event.commitmentHex());
    assertThat(anchored).isPresent();
    assertThat(anchored.get().anchor().author()).isEqualTo(f.issuer.identity().did());

    // The admin sees the batch.
    JsonNode list =
        Json.parse(
            f.admin("GET", "/admin/issuers/police/applicants/" + applicant + "/credentials", null)
                .body());
    assertThat(list.path("credentials")).hasSize(3);
    assertThat(list.path("credentials").get(0).path("batchId").asText())
        .isEqualTo(resp.path("kdid_batch_id").asText());
  }

  @Test
  void suspendReinstateAndRevokeUpdateTheListOnTheLedger() throws Exception {
    JsonNode offer = f.offer(f.enrolDriver(40));
    String token = holder.accessToken(offer);
    SoftwareKey key = TestHolder.newKey();
    JsonNode resp =
        Json.parse(
            holder
                .credential(
                    token, TestHolder.request(List.of(holder.goodProof(key, holder.nonce()))))
                .body());
    String batch = resp.path("kdid_batch_id").asText();
    SdJwt sd = SdJwt.parseIssued(resp.path("credentials").get(0).path("credential").asText());
    StatusReference ref =
        StatusReference.fromStatusClaim(sd.issuerJwt().payloadJson().path("status"));

    assertThat(statusOnLedger(ref)).isEqualTo(StatusValue.VALID);
    assertThat(setStatus(batch, "suspended").statusCode()).isEqualTo(200);
    assertThat(statusOnLedger(ref)).isEqualTo(StatusValue.SUSPENDED);
    assertThat(setStatus(batch, "valid").statusCode()).isEqualTo(200);
    assertThat(statusOnLedger(ref)).isEqualTo(StatusValue.VALID);
    assertThat(setStatus(batch, "revoked").statusCode()).isEqualTo(200);
    assertThat(statusOnLedger(ref)).isEqualTo(StatusValue.INVALID);

    HttpResponse<String> again = setStatus(batch, "valid");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(Json.parse(again.body()).path("error").asText()).isEqualTo("ALREADY_REVOKED");
    assertThat(errorCode(setStatus("no-such-batch", "revoked"))).isEqualTo("UNKNOWN_BATCH");
    assertThat(errorCode(setStatus(batch, "lost"))).isEqualTo("INVALID_STATUS");
  }

  private HttpResponse<String> setStatus(String batch, String status) throws Exception {
    return f.admin(
        "POST",
        "/admin/issuers/police/batches/" + batch + "/status",
        Json.object().put("status", status));
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

  static String errorCode(HttpResponse<String> r) {
    JsonNode n = Json.parse(r.body());
    return n.has("kdid_error") ? n.path("kdid_error").asText() : n.path("error").asText();
  }
}
