package kr.kdid.wallet.cli;

import java.util.Arrays;
import kr.kdid.wallet.Wallet;
import kr.kdid.wallet.WalletException;
import picocli.CommandLine.Command;

/** {@code kdid wallet init}: creates an empty wallet protected by a new PIN. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = "Create an empty wallet protected by a new PIN (6 or more digits).")
final class InitCommand extends WalletSubcommand {

  @Override
  int execute() throws WalletException {
    char[] pin = pin(true);
    try {
      Wallet.create(store(), pin, context()).close();
      out().println("Created a new wallet in " + parent.directory() + ".");
      out()
          .println(
              "Keep your PIN safe: nobody can recover it, and without it the wallet stays"
                  + " locked.");
      return WalletCommand.OK;
    } finally {
      Arrays.fill(pin, '\0');
    }
  }
}
