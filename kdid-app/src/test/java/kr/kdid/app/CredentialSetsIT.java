package kr.kdid.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import kr.kdid.core.json.Json;
import kr.kdid.issuer.SampleApplicants;
import kr.kdid.node.Governance;
import kr.kdid.verifier.VerifierService;
import kr.kdid.wallet.Wallet;
import kr.kdid.wallet.WalletContext;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;
import kr.kdid.wallet.cli.LedgerPorts;
import kr.kdid.wallet.jdk.JdkHttpTransport;
import kr.kdid.wallet.presentation.PresentationRequest;
import kr.kdid.wallet.presentation.PresentationResult;
import kr.kdid.wallet.storage.EncryptedFileWalletStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end over HTTP with the real issuers, verifier and wallet SDK: several credentials in one
 * OpenID4VP response (DCQL {@code credential_sets}: a community centre checks veteran status and
 * identity, accepting either the resident card or the driver's licence), and the driver's licence
 * as an ISO 18013-5 mdoc (both formats from one offer, {@code mso_mdoc} presentation, revocation).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialSetsIT {
  static final String PIN = "246810";
  KdidServer server;
  AdminClient admin;
  VerifierService centre;
  Path dir;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    this.dir = dir;
    Path pass = dir.resolve("pass.txt");
    Files.writeString(pass, "secret-passphrase\n");
    server =
        KdidServer.start(
            KdidServer.Settings.embedded(
                    dir.resolve("data"),
                    "127.0.0.1",
                    0,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .withPassphraseFile(pass));
    admin =
        new AdminClient(
            server.baseUrl(), Files.readString(AdminTokens.devFile(server.dataDir())).strip());
    centre = server.verifiers().get(0);
    // The governance authority lets this verifier ask for what the community centre needs.
    Governance.of(server.vault(), server.ledger(), Clock.systemUTC())
        .registerRelyingParty(
            centre.identity().did(),
            "종로구 주민센터",
            "보훈 혜택 신청 시 자격 및 본인 확인 (veteran benefit: status and identity)",
            Map.of(
                "kr.veteran",
                List.of("family_name", "given_name", "status_war_participant"),
                "kr.rrc",
                List.of("family_name", "given_name"),
                "kr.mdl",
                List.of("family_name", "given_name")));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private Wallet wallet(String name) throws WalletException {
    LedgerPorts ports = WalletLedgerPorts.overHttp().open(List.of(URI.create(server.baseUrl())));
    WalletContext ctx =
        WalletContext.builder()
            .transport(new JdkHttpTransport())
            .didResolver(ports.didResolver())
            .relyingParties(ports.relyingParties())
            .commitments(ports.commitments())
            .build();
    return Wallet.create(
        EncryptedFileWalletStore.at(dir.resolve("wallet-" + name)), PIN.toCharArray(), ctx);
  }

  /** Enrols a citizen at an issuing body and takes the credential into the wallet. */
  private String obtain(Wallet w, String issuer, String type) throws Exception {
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Seoul"));
    var sample = SampleApplicants.forType(type, new SecureRandom(), today.minusYears(70), today);
    ObjectNode enrol = Json.object();
    enrol.put("personRef", sample.personRef());
    enrol.put("credentialType", type);
    enrol.set("claims", sample.claims());
    String applicant =
        admin.post("/admin/issuers/" + issuer + "/applicants", enrol).path("applicantId").asText();
    JsonNode offer =
        admin.post(
            "/admin/issuers/" + issuer + "/offers",
            Json.object().put("applicantId", applicant).put("credentialType", type));
    w.accept(
        w.prepareOffer(w.resolveOffer(offer.path("credentialOfferUri").asText())),
        offer.path("txCode").asText());
    return applicant;
  }

  private JsonNode request() {
    ObjectNode body = Json.object();
    var creds = body.putArray("credentials");
    creds
        .addObject()
        .put("credentialType", "kr.veteran")
        .set(
            "claims",
            Json.array().add("family_name").add("given_name").add("status_war_participant"));
    creds
        .addObject()
        .put("credentialType", "kr.rrc")
        .set("claims", Json.array().add("family_name").add("given_name"));
    creds
        .addObject()
        .put("credentialType", "kr.mdl")
        .set("claims", Json.array().add("family_name").add("given_name"));
    var sets = body.putArray("credentialSets");
    sets.addObject().putArray("options").addArray().add("veteran");
    var identity = sets.addObject().putArray("options");
    identity.addArray().add("rrc");
    identity.addArray().add("mdl");
    return admin.post("/admin/verifiers/" + centre.config().name() + "/requests", body);
  }

  private JsonNode result(JsonNode created) throws Exception {
    var r =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(URI.create(created.path("resultUrl").asText()))
                    .header("Authorization", "Bearer " + created.path("readSecret").asText())
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    return Json.parse(r.body());
  }

  @Test
  void aVeteranWithAResidentCardAnswersWithBothInOneResponse() throws Exception {
    try (Wallet w = wallet("veteran-rrc")) {
      obtain(w, "mpva", "kr.veteran");
      obtain(w, "mois", "kr.rrc");
      JsonNode created = request();
      assertThat(created.path("dcqlQuery").path("credential_sets")).hasSize(2);
      PresentationRequest req = w.receive(created.path("authorizationRequestUri").asText());
      assertThat(req.consent().items())
          .extracting(i -> i.credentialType())
          .containsExactly("kr.veteran", "kr.rrc");
      PresentationResult shown = w.respond(req, req.consent().approve());
      assertThat(shown.verified()).as(shown.message()).isTrue();
      JsonNode res = result(created);
      assertThat(res.path("claims").path("veteran").path("status_war_participant").asBoolean())
          .isTrue();
      assertThat(res.path("claims").path("rrc").has("family_name")).isTrue();
      assertThat(res.path("claims").has("mdl")).isFalse();
      // Nothing beyond what was asked: no resident registration number, no birth date.
      assertThat(res.path("claims").path("rrc").has("resident_registration_number")).isFalse();
      assertThat(res.path("claims").path("veteran").has("birth_date")).isFalse();
    }
  }

  @Test
  void aDriversLicenceIsTheOtherOptionForIdentity() throws Exception {
    try (Wallet w = wallet("veteran-mdl")) {
      obtain(w, "mpva", "kr.veteran");
      obtain(w, "police", "kr.mdl");
      JsonNode created = request();
      PresentationRequest req = w.receive(created.path("authorizationRequestUri").asText());
      assertThat(req.consent().items())
          .extracting(i -> i.credentialType())
          .containsExactly("kr.veteran", "kr.mdl");
      assertThat(w.respond(req, req.consent().approve()).verified()).isTrue();
      assertThat(result(created).path("claims").has("mdl")).isTrue();
    }
  }

  @Test
  void withoutTheVeteransCardNothingIsShared() throws Exception {
    try (Wallet w = wallet("rrc-only")) {
      obtain(w, "mois", "kr.rrc");
      JsonNode created = request();
      assertThatThrownBy(() -> w.receive(created.path("authorizationRequestUri").asText()))
          .isInstanceOfSatisfying(
              WalletException.class,
              e -> assertThat(e.code()).isEqualTo(WalletError.NO_MATCHING_CREDENTIAL));
      assertThat(result(created).path("status").asText()).isEqualTo("PENDING");
    }
  }

  @Test
  void disabilityDataIsOnlyForRelyingPartiesRegisteredForIt() throws Exception {
    ObjectNode body = Json.object();
    body.put("credentialType", "kr.disability");
    body.set("claims", Json.array().add("disability_type"));
    assertThatThrownBy(
            () -> admin.post("/admin/verifiers/" + centre.config().name() + "/requests", body))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("CLAIMS_NOT_REGISTERED");
    // The catalog marks the claims sensitive, so a wallet warns before sharing them.
    var type = kr.kdid.credentials.catalog.Catalog.builtIn().byId("kr.disability").orElseThrow();
    assertThat(type.claim("disability_type").orElseThrow().sensitive()).isTrue();
    assertThat(type.claim("disability_degree").orElseThrow().sensitive()).isTrue();
  }

  @Test
  void theDriversLicenceAsAnMdocIsVerifiedAndItsRevocationIsSeen() throws Exception {
    try (Wallet w = wallet("mdoc")) {
      String applicant = obtain(w, "police", "kr.mdl");
      var card = w.credentials().get(0);
      assertThat(card.formats()).contains("dc+sd-jwt", "mso_mdoc");

      ObjectNode body = Json.object();
      var cred = body.putArray("credentials").addObject();
      cred.put("credentialType", "kr.mdl");
      cred.put("format", "mso_mdoc");
      cred.set("claims", Json.array().add("family_name").add("given_name"));
      JsonNode created =
          admin.post("/admin/verifiers/" + centre.config().name() + "/requests", body);
      assertThat(created.path("dcqlQuery").path("credentials").get(0).path("format").asText())
          .isEqualTo("mso_mdoc");
      PresentationRequest req = w.receive(created.path("authorizationRequestUri").asText());
      PresentationResult shown = w.respond(req, req.consent().approve());
      assertThat(shown.verified()).as(shown.code() + " " + shown.message()).isTrue();
      JsonNode res = result(created);
      assertThat(res.path("claims").path("family_name").asText()).isNotEmpty();
      assertThat(res.path("claims").has("birth_date")).isFalse();
      assertThat(res.path("result").path("checks").toString()).contains("\"mdoc\"");

      // The police revoke the card: the mdoc's own status entry changes with it.
      var rows = server.issuers().get(0).store().credentialsOf(applicant);
      assertThat(rows).hasSize(6); // 3 SD-JWT VCs and 3 mdocs, one batch
      String applicantBatch = rows.get(0).batchId();
      assertThat(rows).allMatch(r -> r.batchId().equals(applicantBatch));
      admin.post(
          "/admin/issuers/police/batches/" + applicantBatch + "/status",
          Json.object().put("status", "revoked"));
      JsonNode again = admin.post("/admin/verifiers/" + centre.config().name() + "/requests", body);
      PresentationRequest req2 = w.receive(again.path("authorizationRequestUri").asText());
      PresentationResult refused = w.respond(req2, req2.consent().approve());
      assertThat(refused.verified()).isFalse();
      assertThat(refused.code()).isEqualTo("CREDENTIAL_REVOKED");
    }
  }

  @Test
  void aCitizenSignsInAtTheTestIdentityProviderAndGetsBothFormats() throws Exception {
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Seoul"));
    var sample =
        SampleApplicants.forType("kr.rrc", new SecureRandom(), today.minusYears(30), today);
    ObjectNode enrol = Json.object();
    enrol.put("personRef", sample.personRef());
    enrol.put("credentialType", "kr.rrc");
    enrol.set("claims", sample.claims());
    String applicant =
        admin.post("/admin/issuers/mois/applicants", enrol).path("applicantId").asText();
    String password = "a-test-password-" + applicant;
    admin.post(
        "/admin/issuers/mois/test-idp/accounts",
        Json.object()
            .put("loginId", "citizen-signin")
            .put("applicantId", applicant)
            .put("password", password));
    JsonNode offer =
        admin.post(
            "/admin/issuers/mois/authorization-offers",
            Json.object().put("applicantId", applicant).put("credentialType", "kr.rrc"));
    assertThat(offer.path("credentialOffer").path("credential_configuration_ids").toString())
        .contains("kr.rrc", "kr.kdid.rrc.1");

    LedgerPorts ports = WalletLedgerPorts.overHttp().open(List.of(URI.create(server.baseUrl())));
    var transport = new JdkHttpTransport();
    var client =
        new kr.kdid.wallet.issuance.IssuanceClient(
            new kr.kdid.wallet.http.JsonHttp(transport),
            kr.kdid.wallet.http.NetworkPolicy.standard(),
            new kr.kdid.wallet.storage.SoftwareHolderKeys(new SecureRandom()),
            ports.didResolver(),
            Clock.systemUTC(),
            3,
            java.time.Duration.ofMinutes(1),
            kr.kdid.credentials.catalog.Catalog.builtIn());
    var prepared =
        client.prepare(client.resolveOffer(offer.path("credentialOfferUriByValue").asText()));
    var http = java.net.http.HttpClient.newHttpClient();
    String redirect = "http://127.0.0.1:1/callback";
    var out =
        client.redeemWithSignIn(
            prepared,
            "k-wallet",
            redirect,
            url -> {
              // The citizen's browser: open the sign-in page, sign in, follow to the redirect.
              try {
                var page =
                    http.send(
                        java.net.http.HttpRequest.newBuilder(url).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                String cookie =
                    page.headers().allValues("Set-Cookie").stream()
                        .filter(c -> c.startsWith("kdid_authz_csrf="))
                        .findFirst()
                        .map(c -> c.substring(0, c.indexOf(';')))
                        .orElseThrow();
                String form =
                    "authorization_id="
                        + hidden(page.body(), "authorization_id")
                        + "&csrf_token="
                        + hidden(page.body(), "csrf_token")
                        + "&login_id=citizen-signin"
                        + "&password="
                        + java.net.URLEncoder.encode(
                            password, java.nio.charset.StandardCharsets.UTF_8)
                        + "&action=sign_in";
                var signedIn =
                    http.send(
                        java.net.http.HttpRequest.newBuilder(
                                URI.create(server.baseUrl() + "/issuers/mois/authorize"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Cookie", cookie)
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
                return signedIn.headers().firstValue("Location").orElseThrow();
              } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(out).isInstanceOf(kr.kdid.wallet.issuance.IssuanceClient.Outcome.Issued.class);
    var batch = ((kr.kdid.wallet.issuance.IssuanceClient.Outcome.Issued) out).batch();
    assertThat(batch.copies()).hasSize(3);
    assertThat(batch.mdoc()).isNotNull();
    assertThat(batch.mdoc().copies()).hasSize(3);
    assertThat(batch.mdocFailure()).isNull();
  }

  private static String hidden(String html, String name) {
    var m =
        java.util.regex.Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    if (!m.find()) {
      throw new IllegalStateException("no " + name + " in the sign-in page");
    }
    return java.net.URLEncoder.encode(
        m.group(1).replace("&amp;", "&"), java.nio.charset.StandardCharsets.UTF_8);
  }
}
