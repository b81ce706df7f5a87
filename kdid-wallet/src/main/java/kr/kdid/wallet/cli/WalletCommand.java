package kr.kdid.wallet.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.keys.Argon2Params;
import kr.kdid.wallet.http.HttpTransport;
import kr.kdid.wallet.jdk.JdkHttpTransport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code kdid wallet}: the holder's wallet on the command line. Subcommands: {@code init}, {@code
 * accept}, {@code list}, {@code show}, {@code present}, {@code history}, {@code delete}.
 *
 * <p>Run it with {@link #run(Environment, String...)}, or mount {@link #commandLine(Environment)}
 * as a subcommand of the launcher. Each subcommand reports its own errors (one line on standard
 * error, never a stack trace) and returns an exit code:
 *
 * <ul>
 *   <li>0: done;
 *   <li>1: an internal fault;
 *   <li>2: a usage or input problem (unknown id, no wallet, malformed link);
 *   <li>3: wrong PIN;
 *   <li>4: the issuer or verifier refused (or rejected the presentation);
 *   <li>5: the wallet refused, to protect the holder (unregistered verifier, invalid request);
 *   <li>6: the issuer, verifier or ledger could not be reached;
 *   <li>7: the holder declined to present.
 * </ul>
 */
@Command(
    name = "wallet",
    mixinStandardHelpOptions = true,
    description = {
      "The holder's wallet: receive credentials (OpenID4VCI), present them with consent "
          + "(OpenID4VP), see your history.",
      "",
      "The PIN comes from --pin-file, else the KDID_WALLET_PIN environment variable, else a prompt."
    },
    footer = {
      "",
      "Exit codes: 0 done, 1 internal fault, 2 usage or input, 3 wrong PIN, 4 refused by the "
          + "issuer or verifier, 5 refused by the wallet, 6 unreachable, 7 declined by you."
    },
    subcommands = {
      InitCommand.class,
      AcceptCommand.class,
      ListCommand.class,
      ShowCommand.class,
      PresentCommand.class,
      HistoryCommand.class,
      DeleteCommand.class
    })
public final class WalletCommand implements Runnable {
  /** Environment variable naming the wallet directory. */
  public static final String DIR_ENV = "KDID_WALLET_DIR";

  /** Environment variable holding the PIN. */
  public static final String PIN_ENV = "KDID_WALLET_PIN";

  public static final int OK = 0;
  public static final int INTERNAL = 1;
  public static final int USAGE = 2;
  public static final int WRONG_PIN = 3;
  public static final int REMOTE_REFUSED = 4;
  public static final int WALLET_REFUSED = 5;
  public static final int UNREACHABLE = 6;
  public static final int DECLINED = 7;

  /**
   * What the CLI uses from its surroundings, injected so tests (and the launcher) can supply their
   * own.
   *
   * @param variables environment variables ({@value #DIR_ENV}, {@value #PIN_ENV})
   * @param userHome the home directory, for the default wallet directory
   * @param terminal where the holder is asked for the PIN, codes and consent
   * @param out normal output
   * @param err error output
   * @param transport HTTP
   * @param ledger makes the ledger-backed ports for {@code --ledger}
   * @param argon2 the Argon2id cost of new wallets
   * @param clock the clock
   * @param random the CSPRNG
   */
  public record Environment(
      Map<String, String> variables,
      Path userHome,
      Terminal terminal,
      PrintWriter out,
      PrintWriter err,
      HttpTransport transport,
      LedgerPorts.Factory ledger,
      Argon2Params argon2,
      Clock clock,
      SecureRandom random) {
    public Environment {
      variables = Map.copyOf(variables);
      Objects.requireNonNull(userHome, "userHome");
      Objects.requireNonNull(terminal, "terminal");
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(err, "err");
      Objects.requireNonNull(transport, "transport");
      Objects.requireNonNull(ledger, "ledger");
      Objects.requireNonNull(argon2, "argon2");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(random, "random");
    }

    /**
     * The process's environment: system variables, the console, standard output and error, the JDK
     * HTTP client, the production Argon2id cost, the system clock and CSPRNG.
     */
    public static Environment system(LedgerPorts.Factory ledger) {
      PrintWriter out = new PrintWriter(System.out, true, java.nio.charset.StandardCharsets.UTF_8);
      PrintWriter err = new PrintWriter(System.err, true, java.nio.charset.StandardCharsets.UTF_8);
      return new Environment(
          System.getenv(),
          Path.of(System.getProperty("user.home")),
          Terminal.system(out),
          out,
          err,
          new JdkHttpTransport(),
          ledger,
          Argon2Params.DEFAULT,
          Clock.systemUTC(),
          Randomness.secure());
    }
  }

  final Environment env;

  @Option(
      names = "--wallet-dir",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      description = "The wallet directory (default: $" + DIR_ENV + ", else ~/.kdid/wallet).")
  Path walletDir;

  @Option(
      names = "--pin-file",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "Read the PIN from this file (else $" + PIN_ENV + ", else a prompt).")
  Path pinFile;

  @Option(
      names = "--ledger",
      scope = ScopeType.INHERIT,
      paramLabel = "URL[,URL...]",
      split = ",",
      defaultValue = "http://127.0.0.1:8080",
      description =
          "The ledger node(s) to resolve DIDs and check registrations at; with several (a"
              + " cluster), the wallet fails over between them (default: ${DEFAULT-VALUE}).")
  java.util.List<URI> ledger;

  @Option(
      names = "--allow-http",
      scope = ScopeType.INHERIT,
      description =
          "Allow plain http to other machines (development networks only; http to this machine "
              + "is always allowed).")
  boolean allowHttp;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** A command using this environment. */
  public WalletCommand(Environment env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  /** The command line, ready to execute or to mount under the launcher. */
  public static CommandLine commandLine(Environment env) {
    CommandLine cl = new CommandLine(new WalletCommand(env));
    cl.setOut(env.out());
    cl.setErr(env.err());
    return cl;
  }

  /** Runs the wallet command line and returns its exit code. */
  public static int run(Environment env, String... args) {
    int code = commandLine(env).execute(args);
    env.out().flush();
    env.err().flush();
    return code;
  }

  @Override
  public void run() {
    spec.commandLine().usage(env.out());
  }

  /** The wallet directory: the option, else the environment variable, else ~/.kdid/wallet. */
  Path directory() {
    if (walletDir != null) {
      return walletDir;
    }
    String fromEnv = env.variables().get(DIR_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    return env.userHome().resolve(".kdid").resolve("wallet");
  }
}
