package kr.kdid.wallet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kr.kdid.core.keys.Argon2Params;
import kr.kdid.wallet.fakes.FakeIssuer;
import kr.kdid.wallet.fakes.FakeVerifier;
import kr.kdid.wallet.fakes.Fixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wallet CLI end to end against the fake issuer and verifier. */
class WalletCommandTest {
  @TempDir Path home;
  Fixture fx;
  final Map<String, String> vars = new HashMap<>();
  final Deque<String> lines = new ArrayDeque<>();
  final Deque<String> secrets = new ArrayDeque<>();
  final List<URI> ledgerOpened = new ArrayList<>();
  final List<String> prompts = new ArrayList<>();
  String out;
  String err;

  @BeforeEach
  void setUp() throws Exception {
    fx = new Fixture();
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  final Terminal terminal =
      new Terminal() {
        @Override
        public String readLine(String prompt) {
          prompts.add(prompt);
          return lines.poll();
        }

        @Override
        public char[] readSecret(String prompt) {
          String s = secrets.poll();
          return s == null ? null : s.toCharArray();
        }
      };

  int run(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    WalletCommand.Environment env =
        new WalletCommand.Environment(
            vars,
            home,
            terminal,
            new PrintWriter(o, true),
            new PrintWriter(e, true),
            fx.transport,
            url -> {
              ledgerOpened.addAll(url);
              return new LedgerPorts(fx.ledger, fx.ledger, fx.ledger);
            },
            Argon2Params.TEST_ONLY,
            Clock.systemUTC(),
            fx.random);
    int code = WalletCommand.run(env, args);
    out = o.toString();
    err = e.toString();
    assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
    return code;
  }

  Path walletDir() {
    return home.resolve(".kdid").resolve("wallet");
  }

  void initWithEnvPin() {
    vars.put(WalletCommand.PIN_ENV, Fixture.PIN);
    assertThat(run("init")).isZero();
  }

  @Test
  void acceptSignsInThroughTheBrowserAndComesBackOnLoopback() throws Exception {
    initWithEnvPin();
    var offer = kr.kdid.core.json.Json.object();
    offer.put("credential_issuer", fx.issuer.credentialIssuer);
    offer.putArray("credential_configuration_ids").add(FakeIssuer.CONFIG);
    offer.putObject("grants").putObject("authorization_code").put("issuer_state", "state-1");
    String link =
        "openid-credential-offer://?credential_offer="
            + java.net.URLEncoder.encode(
                kr.kdid.core.json.Json.string(offer), java.nio.charset.StandardCharsets.UTF_8);
    StringWriter o = new StringWriter(); // thread-safe (a StringBuffer)
    StringWriter e = new StringWriter();
    WalletCommand.Environment env =
        new WalletCommand.Environment(
            vars,
            home,
            terminal,
            new PrintWriter(o, true),
            new PrintWriter(e, true),
            fx.transport,
            url -> new LedgerPorts(fx.ledger, fx.ledger, fx.ledger),
            Argon2Params.TEST_ONLY,
            Clock.systemUTC(),
            fx.random);
    var cli =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> WalletCommand.run(env, new String[] {"accept", link}));
    // The holder's browser: open the printed address, sign in (the fake issuer redirects at once),
    // and follow the redirect back to the wallet's loopback listener.
    String signInUrl = null;
    for (int i = 0; i < 200 && signInUrl == null; i++) {
      var m = java.util.regex.Pattern.compile("\n  (http\\S+)\n").matcher(o.toString());
      if (m.find()) {
        signInUrl = m.group(1);
      } else {
        Thread.sleep(50);
      }
    }
    assertThat(signInUrl).as(o + " " + e).isNotNull().contains("code_challenge_method=S256");
    var browser = java.net.http.HttpClient.newHttpClient();
    String back =
        browser
            .send(
                java.net.http.HttpRequest.newBuilder(URI.create(signInUrl)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding())
            .headers()
            .firstValue("Location")
            .orElseThrow();
    assertThat(back).startsWith("http://127.0.0.1:").contains("/kdid-wallet/callback?code=");
    var page =
        browser.send(
            java.net.http.HttpRequest.newBuilder(URI.create(back)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(page.body()).contains("You can close this window");
    assertThat(cli.get(30, java.util.concurrent.TimeUnit.SECONDS)).as(o + " " + e).isZero();
    assertThat(o.toString()).contains("Sign in at", "Stored", "3 copies");
    assertThat(e.toString()).doesNotContain("Exception");
  }

  @Test
  void anOfferWithoutSignInCannotBeForcedToSignIn() {
    initWithEnvPin();
    FakeIssuer.Offer offer = fx.issuer.createOffer();
    assertThat(run("accept", offer.byReference(), "--sign-in")).isNotZero();
    assertThat(err).contains("no sign-in");
  }

  String acceptOne() {
    FakeIssuer.Offer offer = fx.issuer.createOffer();
    assertThat(run("accept", offer.byReference(), "--tx-code", offer.txCode())).isZero();
    String id = out.substring(out.indexOf(" as ") + 4, out.indexOf(": 3 copies"));
    assertThat(id).matches("[0-9a-f]{12}");
    return id;
  }

  @Test
  void initPromptsTwiceAndCreatesTheWalletInTheDefaultDirectory() {
    secrets.add(Fixture.PIN);
    secrets.add(Fixture.PIN);
    assertThat(run("init")).isZero();
    assertThat(out).contains("Created a new wallet in " + walletDir());
    assertThat(Files.exists(walletDir().resolve("wallet.kdid"))).isTrue();
    assertThat(ledgerOpened).isEmpty(); // init never needs the ledger

    vars.put(WalletCommand.PIN_ENV, Fixture.PIN);
    assertThat(run("init")).isEqualTo(WalletCommand.USAGE);
    assertThat(err).contains("a wallet already exists").contains("(WALLET_EXISTS)");
  }

  @Test
  void initRefusesWeakOrMismatchedPins() {
    secrets.add("123456");
    secrets.add("123456");
    assertThat(run("init")).isEqualTo(WalletCommand.USAGE);
    assertThat(err).contains("(PIN_INVALID)");
    secrets.add("483920");
    secrets.add("483921");
    assertThat(run("init")).isEqualTo(WalletCommand.USAGE);
    assertThat(err).contains("the two PINs differ");
    assertThat(Files.exists(walletDir().resolve("wallet.kdid"))).isFalse();
  }

  @Test
  void withoutAPinSourceTheCommandSaysHowToGiveOne() {
    assertThat(run("list")).isEqualTo(WalletCommand.USAGE);
    assertThat(err).contains("no PIN").contains("--pin-file").contains("KDID_WALLET_PIN");
  }

  @Test
  void acceptListShowDelete() {
    initWithEnvPin();
    String id = acceptOne();
    assertThat(out)
        .contains("Offer from Korean National Police Agency (경찰청): Mobile driver's licence")
        .contains("Stored Mobile driver's licence (모바일 운전면허증) from Korean National Police Agency")
        .doesNotContain("길동");
    assertThat(ledgerOpened).containsExactly(URI.create("http://127.0.0.1:8080"));

    assertThat(run("list")).isZero();
    assertThat(out).contains(id).contains("3 copies (3 unused)").doesNotContain("길동");

    assertThat(run("show", id.substring(0, 5))).isZero();
    assertThat(out)
        .contains("Given names (이름): 길동")
        .contains("Age over 19 (만 19세 이상): yes (예)")
        .contains("Issuer DID: " + fx.issuer.did);

    assertThat(run("delete", id)).isZero();
    assertThat(out).contains("Deleted").contains("3 keys");
    assertThat(run("list")).isZero();
    assertThat(out).contains("holds no credentials");
    assertThat(run("show", id)).isEqualTo(WalletCommand.USAGE);
    assertThat(err).contains("(CREDENTIAL_NOT_FOUND)");
  }

  @Test
  void aCardWithBothFormatsShowsThemAndAMissingMdocIsReported() {
    initWithEnvPin();
    fx.issuer.offerMdoc = true;
    FakeIssuer.Offer offer = fx.issuer.createOffer();
    assertThat(run("accept", offer.byReference(), "--tx-code", offer.txCode())).isZero();
    assertThat(out)
        .contains("Mobile driver's licence (모바일 운전면허증), as SD-JWT VC and mdoc")
        .contains(": 3 copies and 3 mdoc copies, valid until")
        .doesNotContain("not received");
    String id =
        out.substring(out.indexOf(" as ", out.indexOf("Stored")) + 4, out.indexOf(": 3 copies"));

    assertThat(run("list")).isZero();
    assertThat(out)
        .contains(id)
        .contains("3 copies (3 unused), 3 mdoc copies (3 unused)  [dc+sd-jwt, mso_mdoc]");
    assertThat(run("show", id)).isZero();
    assertThat(out)
        .contains("Formats:  SD-JWT VC (dc+sd-jwt), mdoc (mso_mdoc, org.iso.18013.5.1.mDL)")
        .contains("mdoc copies: 3 (3 never presented)");
    assertThat(run("delete", id)).isZero();
    assertThat(out).contains("6 keys");

    fx.issuer.rejectMdoc = true;
    FakeIssuer.Offer second = fx.issuer.createOffer();
    assertThat(run("accept", second.byReference(), "--tx-code", second.txCode())).isZero();
    assertThat(out)
        .contains(": 3 copies, valid until")
        .contains("The mdoc form was not received (ISSUER_REJECTED/MDOC_UNAVAILABLE)");
  }

  @Test
  void acceptAsksForTheTransactionCodeAndReadsQrCodes() throws Exception {
    initWithEnvPin();
    FakeIssuer.Offer offer = fx.issuer.createOffer();
    lines.add(offer.txCode());
    assertThat(run("accept", offer.byValue())).isZero();
    assertThat(out).contains("Enter the 6-digit code").contains("3 copies");

    FakeIssuer.Offer second = fx.issuer.createOffer();
    Path png = home.resolve("offer.png");
    MatrixToImageWriter.writeToPath(
        new QRCodeWriter().encode(second.byReference(), BarcodeFormat.QR_CODE, 400, 400),
        "PNG",
        png);
    assertThat(run("accept", "--qr", png.toString(), "--tx-code", second.txCode()))
        .as(err)
        .isZero();
    assertThat(run("list")).isZero();
    assertThat(out.lines().count()).isEqualTo(2);

    Files.writeString(home.resolve("blank.png"), "not an image");
    assertThat(run("accept", "--qr", home.resolve("blank.png").toString()))
        .isEqualTo(WalletCommand.USAGE);
    assertThat(err).contains("(QR_UNREADABLE)");
  }

  @Test
  void issuerErrorsShowTheirDescriptionAndCode() {
    initWithEnvPin();
    FakeIssuer.Offer offer = fx.issuer.createOffer();
    String wrong = offer.txCode().equals("111112") ? "111113" : "111112";
    assertThat(run("accept", offer.byValue(), "--tx-code", wrong))
        .isEqualTo(WalletCommand.REMOTE_REFUSED);
    assertThat(err)
        .contains("wrong transaction code")
        .contains("(ISSUER_REJECTED/TX_CODE_WRONG)")
        .doesNotContain(offer.txCode());
    assertThat(run("accept", "openid-credential-offer://?nothing=here"))
        .isEqualTo(WalletCommand.USAGE);
    assertThat(err).contains("(OFFER_MALFORMED)");
  }

  @Test
  void aWrongPinIsOneLineAndExitCode3() {
    initWithEnvPin();
    vars.put(WalletCommand.PIN_ENV, "000001");
    assertThat(run("list")).isEqualTo(WalletCommand.WRONG_PIN);
    assertThat(err.strip()).isEqualTo("kdid wallet: wrong PIN (WRONG_PIN)");
  }

  @Test
  void thePinFileAndTheDirectoryVariableAreHonoured() throws Exception {
    Path dir = home.resolve("elsewhere");
    vars.put(WalletCommand.DIR_ENV, dir.toString());
    Path pinFile = home.resolve("pin.txt");
    Files.writeString(pinFile, Fixture.PIN + "\n");
    assertThat(run("init", "--pin-file", pinFile.toString())).isZero();
    assertThat(Files.exists(dir.resolve("wallet.kdid"))).isTrue();
    assertThat(run("--pin-file", pinFile.toString(), "list")).isZero();
    Path other = home.resolve("third");
    assertThat(run("list", "--wallet-dir", other.toString(), "--pin-file", pinFile.toString()))
        .isEqualTo(WalletCommand.USAGE);
    assertThat(err).contains("there is no wallet in " + other);
  }

  @Test
  void presentWithConsentDeclineAndRefusalThenHistory() {
    initWithEnvPin();
    acceptOne();

    FakeVerifier.Request r = fx.verifier.createRequest("given_name", "age_over_19");
    assertThat(
            run(
                "present",
                r.link(),
                "--yes",
                "--ledger",
                "http://127.0.0.1:9999,http://127.0.0.1:9998"))
        .isZero();
    assertThat(out)
        .contains("Hana Bank asks to see information from your wallet.")
        .contains("Purpose:  Age check at the counter")
        .contains("Verifier: " + fx.verifier.did)
        .contains("Given names (이름): 길동")
        .contains("Age over 19 (만 19세 이상): yes (예)")
        .contains("Hana Bank verified the presentation.");
    // A cluster: every node is handed to the ledger client, which fails over between them.
    assertThat(ledgerOpened)
        .contains(URI.create("http://127.0.0.1:9999"), URI.create("http://127.0.0.1:9998"));

    lines.add("n");
    assertThat(run("present", fx.verifier.createRequest("age_over_19").link()))
        .isEqualTo(WalletCommand.DECLINED);
    assertThat(prompts).contains("Share this item with Hana Bank? [y/N] ");
    assertThat(out).contains("You declined; nothing was shared. Hana Bank was told.");
    assertThat(fx.verifier.submissions.get(1).form()).containsEntry("error", "access_denied");

    lines.add("y");
    assertThat(run("present", fx.verifier.createRequest("family_name").link())).isZero();

    assertThat(run("present", fx.verifier.createRequest("birth_date").link(), "--yes"))
        .isEqualTo(WalletCommand.WALLET_REFUSED);
    assertThat(err).contains("birth_date").contains("(RP_NOT_REGISTERED_FOR_CLAIM)");
    assertThat(out).doesNotContain("birth_date").doesNotContain("1990");

    fx.verifier.rejectWith = "CREDENTIAL_REVOKED";
    assertThat(run("present", fx.verifier.createRequest("given_name").link(), "--yes"))
        .isEqualTo(WalletCommand.REMOTE_REFUSED);
    assertThat(err).contains("did not accept").contains("CREDENTIAL_REVOKED");

    assertThat(run("history")).isZero();
    List<String> h = out.lines().toList();
    assertThat(h).hasSize(6);
    assertThat(h.get(0)).contains("issuance  issued").contains("not yet anchored");
    assertThat(h.get(1))
        .contains("presentation  verified  Hana Bank")
        .contains("shared given_name, age_over_19")
        .contains("not yet anchored");
    assertThat(h.get(2)).contains("presentation  declined").contains("no ledger event");
    assertThat(h.get(4)).contains("refused  Hana Bank").contains("[RP_NOT_REGISTERED_FOR_CLAIM]");
    assertThat(h.get(5)).contains("rejected").contains("[CREDENTIAL_REVOKED]");
    assertThat(out).doesNotContain("길동");
  }

  @Test
  void anUnreachableLedgerGivesExitCode6() {
    initWithEnvPin();
    acceptOne();
    fx.ledger.setDown(true);
    assertThat(run("present", fx.verifier.createRequest("given_name").link(), "--yes"))
        .isEqualTo(WalletCommand.UNREACHABLE);
    assertThat(err).contains("(LEDGER_UNAVAILABLE)");
    assertThat(run("history")).isZero();
    assertThat(out).contains("ledger unavailable");
  }

  @Test
  void usageErrorsAndHelp() {
    assertThat(run("--help")).isZero();
    assertThat(out).contains("init").contains("present").contains("Exit codes");
    assertThat(run("frobnicate")).isEqualTo(WalletCommand.USAGE);
    assertThat(run("accept")).isEqualTo(WalletCommand.USAGE);
  }
}
