package kr.kdid.wallet.cli;

import java.util.List;
import kr.kdid.wallet.Wallet;
import kr.kdid.wallet.WalletCredential;
import kr.kdid.wallet.WalletException;
import picocli.CommandLine.Command;

/** {@code kdid wallet list}: the credentials in the wallet, without their claims. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List your credentials (no personal data; use show for the claims).")
final class ListCommand extends WalletSubcommand {

  @Override
  int execute() throws WalletException {
    try (Wallet w = open()) {
      List<WalletCredential> all = w.credentials();
      if (all.isEmpty()) {
        out().println("The wallet holds no credentials yet.");
        return WalletCommand.OK;
      }
      java.time.Instant now = parent.env.clock().instant();
      for (WalletCredential c : all) {
        out()
            .println(
                c.id()
                    + "  "
                    + c.name()
                    + "  from "
                    + c.issuerName()
                    + "  received "
                    + day(c.receivedAt())
                    + (c.expiresAt() == null
                        ? ""
                        : (c.isExpired(now) ? "  EXPIRED " : "  valid until ") + day(c.expiresAt()))
                    + "  "
                    + copies(c)
                    + "  ["
                    + String.join(", ", c.formats())
                    + "]");
      }
      return WalletCommand.OK;
    }
  }
}
