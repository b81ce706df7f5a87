package kr.kdid.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import kr.kdid.core.json.Json;
import kr.kdid.issuer.SampleApplicants;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kdid issuer ...}: administer a running issuer through its admin API. */
@Command(
    name = "issuer",
    mixinStandardHelpOptions = true,
    description = "Administer the credential issuer of a running K-DID (see `kdid up`).",
    subcommands = {
      IssuerCommand.Offer.class,
      IssuerCommand.SetStatus.class,
      IssuerCommand.Credentials.class,
      IssuerCommand.Renew.class,
      IssuerCommand.Reissue.class,
      IssuerCommand.Events.class
    })
final class IssuerCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where the admin API is and how to authenticate. */
  static final class Target {
    @Option(
        names = "--url",
        paramLabel = "URL",
        description = "The K-DID server (default: ${DEFAULT-VALUE}).",
        defaultValue = "${env:KDID_URL:-http://127.0.0.1:8080}")
    String url;

    @Option(
        names = "--issuer",
        paramLabel = "NAME",
        description = "The issuer (default: ${DEFAULT-VALUE}).",
        defaultValue = "police")
    String issuer;

    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description =
            "The server's data directory, where its development admin token is (default:"
                + " ${DEFAULT-VALUE}).",
        defaultValue = "${env:KDID_DATA_DIR:-./data}")
    Path dataDir;

    @Option(
        names = "--admin-token-file",
        paramLabel = "FILE",
        description =
            "File holding the admin token (else the issuer's own: $KDID_ADMIN_TOKEN_<ISSUER> or"
                + " <data>/secrets/admin-token-<issuer>; else $KDID_ADMIN_TOKEN, else the data"
                + " dir's).")
    Path tokenFile;

    AdminClient client() {
      String token;
      if (tokenFile == null) {
        // An issuing body with its own token: its officer uses that one.
        var own = AdminTokens.issuerToken(dataDir, issuer);
        if (own.isPresent()) {
          return new AdminClient(url, own.get());
        }
      }
      if (tokenFile == null
          && System.getenv(AdminTokens.ENV) == null
          && !Files.exists(AdminTokens.devFile(dataDir))) {
        throw new UserException(
            "no admin token: pass --admin-token-file, set "
                + AdminTokens.ENV
                + ", or run from the directory where `kdid up` keeps ./data");
      }
      token =
          LocalSecrets.resolve(
              tokenFile,
              AdminTokens.ENV,
              AdminTokens.devFile(dataDir),
              "admin API token",
              "--admin-token-file",
              System.out);
      return new AdminClient(url, token);
    }

    String admin(String rest) {
      return "/admin/issuers/" + segment(issuer) + rest;
    }
  }

  /**
   * A value as one URL path segment, so that an id such as "../x", "." or ".." cannot reach another
   * endpoint (dots are escaped too: a server resolves "." and ".." segments).
   */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace(".", "%2E");
  }

  @Command(
      name = "offer",
      mixinStandardHelpOptions = true,
      description = {
        "Enrol a made-up applicant (or the one you describe) and print a credential offer for a",
        "wallet: the offer URI, its QR code and the transaction code. --issuer and --type pick",
        "the card: police kr.mdl (default), mois kr.rrc or kr.civil-servant, mpva kr.veteran,",
        "moj kr.frc, mohw kr.disability."
      })
  static final class Offer implements Callable<Integer> {
    @Mixin Target target;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--family-name", paramLabel = "NAME", description = "Family name (성).")
    String familyName;

    @Option(names = "--given-name", paramLabel = "NAME", description = "Given name (이름).")
    String givenName;

    @Option(
        names = "--birth-date",
        paramLabel = "YYYY-MM-DD",
        description = "Date of birth (default: a random adult).")
    String birthDate;

    @Option(
        names = "--applicant",
        paramLabel = "ID",
        description = "Offer to an applicant enrolled before instead of enrolling a new one.")
    String applicantId;

    @Option(names = "--qr", paramLabel = "FILE", description = "Also save the QR code as a PNG.")
    Path qrFile;

    @Option(
        names = "--type",
        paramLabel = "TYPE",
        description = "The credential type (default: the issuer's first, e.g. kr.mdl).")
    String type;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      AdminClient admin = target.client();
      String applicant = applicantId;
      if (applicant == null) {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Seoul"));
        SecureRandom random = new SecureRandom();
        LocalDate birth;
        try {
          birth =
              birthDate != null
                  ? LocalDate.parse(birthDate)
                  : today.minusYears(20 + random.nextInt(50)).minusDays(random.nextInt(365));
        } catch (DateTimeParseException e) {
          throw new UserException("--birth-date must be YYYY-MM-DD, not " + birthDate);
        }
        SampleApplicants.Sample s;
        if (type == null || type.equals("kr.mdl")) {
          s =
              familyName != null || givenName != null
                  ? SampleApplicants.driver(
                      random,
                      familyName != null ? familyName : "김",
                      givenName != null ? givenName : "민준",
                      birth,
                      today)
                  : SampleApplicants.driver(random, birth, today);
        } else {
          try {
            s = SampleApplicants.forType(type, random, birth, today);
          } catch (IllegalArgumentException e) {
            throw new UserException(
                "unknown --type "
                    + type
                    + "; use kr.mdl, kr.rrc, kr.civil-servant, kr.veteran, kr.frc or"
                    + " kr.disability");
          }
          if (familyName != null) {
            s.claims().put("family_name", familyName);
          }
          if (givenName != null) {
            s.claims().put("given_name", givenName);
          }
        }
        ObjectNode body = Json.object();
        body.put("personRef", s.personRef());
        if (type != null) {
          body.put("credentialType", type);
        }
        body.set("claims", s.claims());
        JsonNode r = admin.post(target.admin("/applicants"), body);
        applicant = r.path("applicantId").asText();
        out.printf(
            "Enrolled a sample applicant: %s%s, born %s (applicant %s)%n",
            s.claims().path("family_name").asText(),
            s.claims().path("given_name").asText(),
            birth,
            applicant);
      }
      ObjectNode req = Json.object();
      req.put("applicantId", applicant);
      if (type != null) {
        req.put("credentialType", type);
      }
      JsonNode offer = admin.post(target.admin("/offers"), req);
      printOffer(out, target, admin, offer, qrFile);
      return 0;
    }
  }

  static void printOffer(
      PrintWriter out, Target target, AdminClient admin, JsonNode offer, Path qrFile) {
    out.printf("Credential offer (valid until %s):%n", offer.path("expiresAt").asText());
    out.printf("  offer URI  %s%n", offer.path("credentialOfferUri").asText());
    out.printf("  QR code    %s%n", offer.path("qrUrl").asText());
    out.printf(
        "  tx code    %s   (give it to the holder separately, e.g. by SMS)%n",
        offer.path("txCode").asText());
    if (qrFile != null) {
      try {
        Files.write(qrFile, admin.bytes(offer.path("qrUrl").asText()));
      } catch (IOException e) {
        throw new UserException("cannot write " + qrFile + ": " + e.getMessage());
      }
      out.printf("  saved QR   %s%n", qrFile);
    }
    String ledger = target.url.equals("http://127.0.0.1:8080") ? "" : " --ledger " + target.url;
    out.printf(
        "Accept it with:%n  ./kdid wallet%s accept '%s' --tx-code %s%n",
        ledger, offer.path("credentialOfferUri").asText(), offer.path("txCode").asText());
    out.flush();
  }

  @Command(
      name = "renew",
      mixinStandardHelpOptions = true,
      description = {
        "Renew a valid batch before it expires: print an offer for the holder's wallet; the old",
        "batch is revoked when the wallet takes the new one."
      })
  static final class Renew implements Callable<Integer> {
    @Mixin Target target;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "BATCH",
        description = "The batch id (one that starts with '-' goes after '--').")
    String batchId;

    @Override
    public Integer call() {
      AdminClient admin = target.client();
      JsonNode offer =
          admin.post(target.admin("/batches/" + segment(batchId) + "/renewal"), Json.object());
      PrintWriter out = spec.commandLine().getOut();
      out.printf("Renewal of batch %s.%n", batchId);
      printOffer(out, target, admin, offer, null);
      return 0;
    }
  }

  @Command(
      name = "reissue",
      mixinStandardHelpOptions = true,
      description = {
        "Re-issue a card to a new phone: print an offer for the new wallet; every credential of",
        "the type the applicant still holds (the old phone's) is revoked when it is taken."
      })
  static final class Reissue implements Callable<Integer> {
    @Mixin Target target;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "APPLICANT",
        description = "The applicant id (one that starts with '-' goes after '--').")
    String applicantId;

    @Option(
        names = "--type",
        paramLabel = "TYPE",
        required = true,
        description = "The credential type (e.g. kr.mdl).")
    String type;

    @Override
    public Integer call() {
      AdminClient admin = target.client();
      JsonNode offer =
          admin.post(
              target.admin("/applicants/" + segment(applicantId) + "/reissue"),
              Json.object().put("credentialType", type));
      PrintWriter out = spec.commandLine().getOut();
      out.printf("Re-issue of %s to a new device for applicant %s.%n", type, applicantId);
      printOffer(out, target, admin, offer, null);
      return 0;
    }
  }

  @Command(
      name = "events",
      mixinStandardHelpOptions = true,
      description =
          "Show a batch's lifecycle events (issuance, suspension, ...) and their ledger anchors.")
  static final class Events implements Callable<Integer> {
    @Mixin Target target;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "BATCH",
        description = "The batch id (one that starts with '-' goes after '--').")
    String batchId;

    @Override
    public Integer call() {
      JsonNode r = target.client().get(target.admin("/batches/" + segment(batchId) + "/events"));
      PrintWriter out = spec.commandLine().getOut();
      for (JsonNode e : r.path("events")) {
        out.printf(
            "%s  %-13s  commitment %s  %s%s%n",
            e.path("at").asText(),
            e.path("kind").asText(),
            e.path("commitment").asText(),
            e.has("anchorTx")
                ? "anchored in tx " + e.path("anchorTx").asText()
                : "not anchored yet",
            e.has("reason") ? "  (" + e.path("reason").asText() + ")" : "");
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "Suspend, reinstate or revoke the credentials of a batch (published on the ledger).")
  static final class SetStatus implements Callable<Integer> {
    @Mixin Target target;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "BATCH",
        description = "The batch id (one that starts with '-' goes after '--').")
    String batchId;

    @Parameters(
        index = "1",
        paramLabel = "STATUS",
        description = "valid, suspended or revoked (revocation is final).")
    String status;

    @Override
    public Integer call() {
      String s = status.toLowerCase(Locale.ROOT);
      if (!s.equals("valid") && !s.equals("suspended") && !s.equals("revoked")) {
        throw new UserException("STATUS must be valid, suspended or revoked, not " + status);
      }
      JsonNode r =
          target
              .client()
              .post(
                  target.admin("/batches/" + segment(batchId) + "/status"),
                  Json.object().put("status", s));
      spec.commandLine()
          .getOut()
          .printf(
              "%d credential(s) of batch %s are now %s; the status list on the ledger is updated.%n",
              r.path("credentials").asInt(),
              batchId,
              r.path("status").asText().toLowerCase(Locale.ROOT));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(
      name = "credentials",
      mixinStandardHelpOptions = true,
      description = "List an applicant's credentials and their status.")
  static final class Credentials implements Callable<Integer> {
    @Mixin Target target;
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "APPLICANT",
        description = "The applicant id (one that starts with '-' goes after '--').")
    String applicantId;

    @Override
    public Integer call() {
      JsonNode r =
          target.client().get(target.admin("/applicants/" + segment(applicantId) + "/credentials"));
      PrintWriter out = spec.commandLine().getOut();
      if (r.path("credentials").isEmpty()) {
        out.println("No credentials issued to " + applicantId + " yet.");
      }
      for (JsonNode c : r.path("credentials")) {
        out.printf(
            "%s  batch %s  %s  %s  issued %s  expires %s%n",
            c.path("id").asText(),
            c.path("batchId").asText(),
            c.path("credentialType").asText(),
            c.path("status").asText(),
            c.path("issuedAt").asText(),
            c.path("expiresAt").asText());
      }
      out.flush();
      return 0;
    }
  }
}
