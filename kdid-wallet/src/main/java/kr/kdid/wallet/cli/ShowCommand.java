package kr.kdid.wallet.cli;

import kr.kdid.wallet.CredentialDetails;
import kr.kdid.wallet.Wallet;
import kr.kdid.wallet.WalletCredential;
import kr.kdid.wallet.WalletException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kdid wallet show}: one credential with its claims, for the holder's own eyes. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Show a credential and its claims (personal data: only you should see it).")
final class ShowCommand extends WalletSubcommand {

  @Parameters(paramLabel = "ID", description = "The credential's id (or its first characters).")
  String id;

  @Override
  int execute() throws WalletException {
    try (Wallet w = open()) {
      CredentialDetails d = w.show(id);
      WalletCredential c = d.credential();
      out().println(c.name() + "  [" + c.id() + "]");
      out().println("  Issuer:   " + c.issuerName() + " (" + c.issuer() + ")");
      if (c.issuerDid() != null) {
        out().println("  Issuer DID: " + c.issuerDid());
      }
      out().println("  Received: " + time(c.receivedAt()));
      out().println("  Expires:  " + time(c.expiresAt()));
      out().println("  Formats:  " + formats(c));
      if (c.copies() > 0) {
        out().println("  Copies:   " + c.copies() + " (" + c.unusedCopies() + " never presented)");
      }
      if (c.mdocCopies() > 0) {
        out()
            .println(
                "  mdoc copies: "
                    + c.mdocCopies()
                    + " ("
                    + c.unusedMdocCopies()
                    + " never presented)");
      }
      out().println("  Claims:");
      for (CredentialDetails.ClaimValue v : d.claims()) {
        out().println("    " + v.label() + ": " + v.displayValue());
      }
      return WalletCommand.OK;
    }
  }
}
