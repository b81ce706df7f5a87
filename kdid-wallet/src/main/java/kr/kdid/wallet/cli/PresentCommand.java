package kr.kdid.wallet.cli;

import java.util.Locale;
import kr.kdid.wallet.Wallet;
import kr.kdid.wallet.WalletException;
import kr.kdid.wallet.presentation.ConsentView;
import kr.kdid.wallet.presentation.PresentationRequest;
import kr.kdid.wallet.presentation.PresentationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kdid wallet present}: answers a verifier's request, with the holder's consent. */
@Command(
    name = "present",
    mixinStandardHelpOptions = true,
    description = {
      "Answer a verifier's request (openid4vp://...): shows who asks, why, and exactly what would "
          + "be shared, then asks for your consent.",
      "Requests from verifiers that are not registered on the ledger, or that ask for more than "
          + "their registration allows, are refused before anything is shown."
    })
final class PresentCommand extends WalletSubcommand {

  @Parameters(paramLabel = "REQUEST_URI", description = "The request link.")
  String uri;

  @Option(names = "--yes", description = "Consent without asking (scripts and demos).")
  boolean yes;

  @Override
  int execute() throws WalletException {
    try (Wallet w = open()) {
      PresentationRequest req = w.receive(uri);
      ConsentView v = req.consent();
      out().println(v.verifierName() + " asks to see information from your wallet.");
      out().println("  Purpose:  " + v.purpose());
      out().println("  Verifier: " + v.verifierDid());
      out().println("  Sent to:  " + v.responseHost());
      int count = 0;
      for (ConsentView.Item item : v.items()) {
        out()
            .println(
                "  From your "
                    + item.credentialName()
                    + " ["
                    + item.credentialId()
                    + "], issued by "
                    + item.issuerName()
                    + ":");
        if (item.claims().isEmpty()) {
          out().println("    (only that you hold a valid one; no personal claims)");
        }
        for (ConsentView.SharedClaim c : item.claims()) {
          out()
              .println(
                  "    " + c.label() + ": " + c.value() + (c.sensitive() ? "  (sensitive)" : ""));
          count++;
        }
      }
      boolean consent = yes;
      if (!consent) {
        out().flush();
        String answer =
            terminal()
                .readLine(
                    "Share "
                        + (count == 1 ? "this item" : "these " + count + " items")
                        + " with "
                        + v.verifierName()
                        + "? [y/N] ");
        consent =
            answer != null
                && (answer.strip().toLowerCase(Locale.ROOT).equals("y")
                    || answer.strip().toLowerCase(Locale.ROOT).equals("yes"));
      }
      if (!consent) {
        PresentationResult r = w.decline(req);
        out().println("You declined; nothing was shared. " + r.message() + ".");
        return WalletCommand.DECLINED;
      }
      PresentationResult r = w.respond(req, v.approve());
      if (r.verified()) {
        out().println(r.message() + ".");
        if (r.redirectUri() != null) {
          out().println("Continue at " + r.redirectUri());
        }
        return WalletCommand.OK;
      }
      err()
          .println(
              "kdid wallet: "
                  + r.message()
                  + (r.code() != null ? " (VERIFIER_REJECTED/" + r.code() + ")" : ""));
      return WalletCommand.REMOTE_REFUSED;
    }
  }
}
