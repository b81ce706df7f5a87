package kr.kdid.wallet.cli;

import kr.kdid.wallet.Wallet;
import kr.kdid.wallet.WalletCredential;
import kr.kdid.wallet.WalletException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code kdid wallet delete}: removes a credential and its holder keys. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = "Delete a credential and its keys (its history stays).")
final class DeleteCommand extends WalletSubcommand {

  @Parameters(paramLabel = "ID", description = "The credential's id (or its first characters).")
  String id;

  @Override
  int execute() throws WalletException {
    try (Wallet w = open()) {
      WalletCredential c = w.delete(id);
      int keys = c.copies() + c.mdocCopies();
      out()
          .println(
              "Deleted "
                  + c.name()
                  + " "
                  + c.id()
                  + " and its "
                  + keys
                  + (keys == 1 ? " key." : " keys."));
      return WalletCommand.OK;
    }
  }
}
