package kr.kdid.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kdid} command. */
@Command(
    name = "kdid",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "K-DID: an open, ledger-backed mobile-ID platform.",
      "",
      "Quick start: @|bold kdid up|@ starts everything on embedded storage at http://127.0.0.1:8080"
    },
    subcommands = {
      UpCommand.class,
      NodeCommand.class,
      ClusterCommand.class,
      IssuerCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (for tests). */
  public static int run(String... args) {
    CommandLine cl = commandLine();
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof UserException u) {
            cmd.getErr().println(cmd.getColorScheme().errorText("kdid: " + u.getMessage()));
            return u.exitCode();
          }
          // A fault of K-DID itself: say so plainly, keep the details in the log.
          org.slf4j.LoggerFactory.getLogger(Main.class).error("internal error", e);
          cmd.getErr()
              .println(
                  cmd.getColorScheme()
                      .errorText(
                          "kdid: internal error ("
                              + e.getClass().getSimpleName()
                              + (e.getMessage() == null ? "" : ": " + e.getMessage())
                              + "); please report it with the log above"));
          return 1;
        });
    return cl.execute(args);
  }

  /** The whole command line, with {@code kdid wallet} mounted over the verifying ledger client. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.addSubcommand(
        "wallet",
        kr.kdid.wallet.cli.WalletCommand.commandLine(
            kr.kdid.wallet.cli.WalletCommand.Environment.system(WalletLedgerPorts.overHttp())));
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
