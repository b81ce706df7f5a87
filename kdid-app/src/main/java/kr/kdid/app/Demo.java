package kr.kdid.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import kr.kdid.core.json.Json;
import kr.kdid.issuer.IssuerService;
import kr.kdid.issuer.SampleApplicants;
import kr.kdid.node.Governance;
import kr.kdid.verifier.VerifierService;
import kr.kdid.wallet.AnchorStatus;
import kr.kdid.wallet.HistoryStatus;
import kr.kdid.wallet.Wallet;
import kr.kdid.wallet.WalletContext;
import kr.kdid.wallet.WalletCredential;
import kr.kdid.wallet.WalletException;
import kr.kdid.wallet.cli.LedgerPorts;
import kr.kdid.wallet.jdk.JdkHttpTransport;
import kr.kdid.wallet.presentation.ConsentView;
import kr.kdid.wallet.presentation.PresentationRequest;
import kr.kdid.wallet.presentation.PresentationResult;
import kr.kdid.wallet.storage.EncryptedFileWalletStore;

/**
 * The whole story on a fresh embedded K-DID, each step printed in plain words and checked: the
 * governance authority accredits the police agency and registers a bank; the police enrol a citizen
 * and issue the driver's licence to the citizen's wallet over OpenID4VCI; the citizen shows only
 * name and age to the bank over OpenID4VP (verified); the police revoke the licence; the citizen
 * shows it again (rejected: revoked); the wallet's history is checked on the ledger.
 *
 * <p>The services run in this process on loopback; the wallet talks to them over HTTP like a phone
 * would, and reads the ledger through the verifying ledger client.
 */
final class Demo {
  /** What the bank asks for. */
  static final List<String> ASKED = List.of("family_name", "given_name", "age_over_19");

  private static final String PIN = "739251";

  private final PrintWriter out;
  private final HttpClient http = HttpClient.newHttpClient();
  private int step;
  private int failures;

  Demo(PrintWriter out) {
    this.out = out;
  }

  /** A failed expectation: the demo reports it and stops. */
  private static final class Unexpected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unexpected(String message) {
      super(message, null, false, false);
    }
  }

  private void step(String what) {
    out.printf("%n%d. %s%n", ++step, what);
    out.flush();
  }

  private void ok(String what) {
    out.println("   ✓ " + what);
    out.flush();
  }

  private void say(String what) {
    out.println("     " + what);
    out.flush();
  }

  private void expect(boolean condition, String failure) {
    if (!condition) {
      failures++;
      throw new Unexpected(failure);
    }
  }

  /**
   * Runs the demo in a data directory (which must be empty or absent).
   *
   * @return true if every step behaved as expected
   */
  boolean run(Path dataDir, int port) throws Exception {
    out.println(
        "K-DID demo: a mobile driver's licence from the police to a citizen's phone (as an");
    out.println("SD-JWT VC and an ISO mdoc), shown to a bank, revoked, and shown again. Data in");
    out.println("  " + dataDir);
    ByteArrayOutputStream serverLog = new ByteArrayOutputStream();
    step("Start a fresh K-DID: one ledger node, the police agency's issuer, K-Bank's verifier.");
    KdidServer.Settings settings =
        KdidServer.Settings.embedded(
                dataDir,
                "127.0.0.1",
                port,
                new PrintStream(serverLog, true, StandardCharsets.UTF_8))
            .withDevTrust(false);
    try (KdidServer server = KdidServer.start(settings)) {
      String base = server.baseUrl();
      ok("running at " + base + " (chain " + server.node().config().chainId() + ")");
      try {
        story(server, base, dataDir);
      } catch (Unexpected e) {
        out.println("   ✗ " + e.getMessage());
      } catch (WalletException e) {
        failures++;
        out.println("   ✗ the wallet failed: " + e.getMessage() + " (" + e.code() + ")");
      }
    }
    out.println();
    if (failures == 0) {
      out.println("Demo finished: every step behaved as expected.");
    } else {
      out.println("Demo FAILED: a step did not behave as expected (see ✗ above).");
    }
    out.flush();
    return failures == 0;
  }

  private void story(KdidServer server, String base, Path dataDir) throws Exception {
    IssuerService police = server.issuers().get(0);
    VerifierService bank = server.verifiers().get(0);
    Governance governance = Governance.of(server.vault(), server.ledger(), Clock.systemUTC());
    AdminClient admin =
        new AdminClient(base, Files.readString(AdminTokens.devFile(server.dataDir())).strip());

    step("The governance authority accredits the police agency as issuer of driver's licences.");
    expect(
        server.ledger().issuer(police.identity().did()).isEmpty(),
        "the police agency was accredited before the governance authority did it");
    governance.accreditIssuer(police.identity().did(), "경찰청", List.of("kr.mdl"));
    expect(
        server
            .ledger()
            .issuer(police.identity().did())
            .map(r -> r.mayIssue("kr.mdl"))
            .orElse(false),
        "the ledger does not show the accreditation");
    ok("on the ledger: " + police.identity().did() + " may issue kr.mdl");

    step("It registers K-Bank as a verifier, with its purpose and the claims it may ask for.");
    governance.registerRelyingParty(
        bank.identity().did(),
        "케이은행",
        "계좌 개설 시 본인 및 나이 확인 (identity and age check to open an account)",
        java.util.Map.of("kr.mdl", ASKED));
    expect(
        server.ledger().relyingParty(bank.identity().did()).isPresent(),
        "the ledger does not show the registration");
    ok("on the ledger: " + bank.identity().did() + " may ask for " + ASKED);

    step("The police enrol a citizen from their licence register and create a credential offer.");
    LocalDate today = LocalDate.now(ZoneId.of("Asia/Seoul"));
    SampleApplicants.Sample citizen =
        SampleApplicants.driver(
            new SecureRandom(), "김", "민준", today.minusYears(24).minusDays(40), today);
    ObjectNode enrol = Json.object();
    enrol.put("personRef", citizen.personRef());
    enrol.set("claims", citizen.claims());
    String applicant =
        admin.post("/admin/issuers/police/applicants", enrol).path("applicantId").asText();
    JsonNode offer =
        admin.post("/admin/issuers/police/offers", Json.object().put("applicantId", applicant));
    ok(
        "김민준, born "
            + citizen.claims().path("birth_date").asText()
            + ", licence "
            + citizen.claims().path("document_number").asText());
    say("offer: " + offer.path("credentialOfferUri").asText());
    say("transaction code " + offer.path("txCode").asText() + " (sent to the citizen by SMS)");

    step("The citizen's wallet accepts the offer with the transaction code (OpenID4VCI).");
    LedgerPorts ports = WalletLedgerPorts.overHttp().open(java.util.List.of(URI.create(base)));
    WalletContext ctx =
        WalletContext.builder()
            .transport(new JdkHttpTransport())
            .didResolver(ports.didResolver())
            .relyingParties(ports.relyingParties())
            .commitments(ports.commitments())
            .build();
    try (Wallet wallet =
        Wallet.create(
            EncryptedFileWalletStore.at(dataDir.resolve("wallet")), PIN.toCharArray(), ctx)) {
      WalletCredential licence =
          wallet.accept(
              wallet.prepareOffer(wallet.resolveOffer(offer.path("credentialOfferUri").asText())),
              offer.path("txCode").asText());
      expect(licence.copies() == 3, "expected 3 copies (batch issuance), got " + licence.copies());
      ok(
          licence.name().en()
              + " stored, "
              + licence.copies()
              + " unlinkable copies (distinct keys, salts and status entries), valid until "
              + licence.expiresAt().atZone(ZoneId.of("Asia/Seoul")).toLocalDate());
      expect(
          licence.formats().contains("mso_mdoc") && licence.mdocCopies() == 3,
          "expected the ISO 18013-5 mdoc form too, got " + licence.formats());
      ok(
          "and the same licence as an ISO/IEC 18013-5 mdoc ("
              + licence.doctype()
              + "), "
              + licence.mdocCopies()
              + " copies, signed under the police's IACA published on the ledger");

      step("K-Bank asks for the name and 'over 19' only (OpenID4VP); the citizen agrees.");
      JsonNode first = bankRequest(admin);
      PresentationRequest req = wallet.receive(first.path("authorizationRequestUri").asText());
      printConsent(req.consent());
      PresentationResult shown = wallet.respond(req, req.consent().approve());
      expect(
          shown.verified(), "the bank did not verify it: " + shown.code() + " " + shown.message());
      JsonNode seen = result(first);
      Set<String> names = new TreeSet<>();
      seen.path("claims").fieldNames().forEachRemaining(names::add);
      expect(
          names.equals(new TreeSet<>(ASKED)), "the bank saw " + names + ", not exactly " + ASKED);
      ok("verified; the bank saw only " + seen.path("claims") + " (no birth date, no address)");

      step("K-Bank asks again, for the licence as an ISO mdoc (mso_mdoc over OpenID4VP).");
      JsonNode mdocAsk = bankRequest(admin, "mso_mdoc");
      PresentationRequest mdocReq =
          wallet.receive(mdocAsk.path("authorizationRequestUri").asText());
      PresentationResult mdocShown = wallet.respond(mdocReq, mdocReq.consent().approve());
      expect(
          mdocShown.verified(),
          "the bank did not verify the mdoc: " + mdocShown.code() + " " + mdocShown.message());
      JsonNode mdocSeen = result(mdocAsk);
      ok(
          "verified (issuer signature under the IACA on the ledger, digests, device signature"
              + " over this request); the bank saw "
              + mdocSeen.path("claims"));

      step("The police revoke the licence; the status list on the ledger changes.");
      JsonNode creds = admin.get("/admin/issuers/police/applicants/" + applicant + "/credentials");
      String batch = creds.path("credentials").get(0).path("batchId").asText();
      admin.post(
          "/admin/issuers/police/batches/" + batch + "/status",
          Json.object().put("status", "revoked"));
      ok("batch " + batch + " revoked; the new status list token is on the ledger");

      step("K-Bank asks again; the wallet presents another copy of the licence.");
      JsonNode second = bankRequest(admin);
      PresentationRequest again = wallet.receive(second.path("authorizationRequestUri").asText());
      PresentationResult refused = wallet.respond(again, again.consent().approve());
      expect(!refused.verified(), "the bank accepted a revoked licence");
      expect(
          "CREDENTIAL_REVOKED".equals(refused.code()),
          "rejected for the wrong reason: " + refused.code() + " " + refused.message());
      ok("rejected by the bank: CREDENTIAL_REVOKED, as it should be");

      step("The citizen looks at the wallet's history, checked against the ledger.");
      police.flushAnchors();
      bank.anchorNow();
      List<HistoryStatus> history = wallet.historyWithAnchors();
      int anchored = 0;
      List<String> lines = new ArrayList<>();
      for (HistoryStatus h : history) {
        String where =
            switch (h.anchor()) {
              case AnchorStatus.Anchored a -> {
                anchored++;
                yield "anchored on the ledger at " + a.time() + " by " + a.author();
              }
              case AnchorStatus.NotYetAnchored n -> "not yet anchored";
              case AnchorStatus.NoEvent n -> "no ledger event (the bank verified nothing)";
              case AnchorStatus.Mismatch m -> "MISMATCH: " + m.reason();
              case AnchorStatus.Unavailable u -> "ledger unavailable: " + u.reason();
            };
        lines.add(
            h.entry().time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + "  "
                + h.entry().kind().name().toLowerCase(java.util.Locale.ROOT)
                + "  "
                + h.entry().outcome().name().toLowerCase(java.util.Locale.ROOT)
                + "  "
                + h.entry().partyName()
                + (h.entry().code() == null ? "" : "  [" + h.entry().code() + "]")
                + "  "
                + where);
      }
      lines.forEach(this::say);
      expect(history.size() == 4, "expected 4 history entries, found " + history.size());
      expect(
          anchored == 3,
          "expected the issuance and the two verified presentations anchored, found " + anchored);
      ok("the issuance and the verification are on the ledger as salted commitments only");
    }
  }

  private JsonNode bankRequest(AdminClient admin) {
    return bankRequest(admin, "dc+sd-jwt");
  }

  private JsonNode bankRequest(AdminClient admin, String format) {
    ObjectNode body = Json.object();
    ObjectNode cred = body.putArray("credentials").addObject();
    cred.put("credentialType", "kr.mdl");
    cred.put("format", format);
    var claims = cred.putArray("claims");
    ASKED.forEach(claims::add);
    return admin.post("/admin/verifiers/bank/requests", body);
  }

  private JsonNode result(JsonNode request) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(request.path("resultUrl").asText()))
                .header("Authorization", "Bearer " + request.path("readSecret").asText())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    expect(r.statusCode() == 200, "the bank's result: HTTP " + r.statusCode() + " " + r.body());
    return Json.parse(r.body());
  }

  private void printConsent(ConsentView v) {
    say("the wallet shows: " + v.verifierName() + " asks, for: " + v.purpose());
    for (ConsentView.Item item : v.items()) {
      for (ConsentView.SharedClaim c : item.claims()) {
        say("  " + c.label().ko() + " / " + c.label().en() + ": " + c.value());
      }
    }
  }
}
