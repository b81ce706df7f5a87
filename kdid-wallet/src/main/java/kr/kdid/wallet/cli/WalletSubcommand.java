package kr.kdid.wallet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import kr.kdid.wallet.Wallet;
import kr.kdid.wallet.WalletContext;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;
import kr.kdid.wallet.http.NetworkPolicy;
import kr.kdid.wallet.storage.EncryptedFileWalletStore;
import picocli.CommandLine.ParentCommand;

/**
 * What every wallet subcommand shares: the PIN, the store, the context, and the error handling (one
 * line on standard error, an exit code; never a stack trace).
 */
abstract class WalletSubcommand implements Callable<Integer> {
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  @ParentCommand WalletCommand parent;

  /** The command's work; returns the exit code. */
  abstract int execute() throws WalletException;

  @Override
  public final Integer call() {
    try {
      return execute();
    } catch (WalletException e) {
      err()
          .println(
              "kdid wallet: "
                  + e.getMessage()
                  + " ("
                  + e.code()
                  + (e.remoteCode() != null ? "/" + e.remoteCode() : "")
                  + ")");
      return exitCode(e.code());
    } catch (CliException e) {
      err().println("kdid wallet: " + e.getMessage());
      return WalletCommand.USAGE;
    } catch (RuntimeException e) {
      err()
          .println(
              "kdid wallet: internal error: "
                  + e.getClass().getSimpleName()
                  + (e.getMessage() != null ? ": " + e.getMessage() : ""));
      return WalletCommand.INTERNAL;
    } finally {
      out().flush();
      err().flush();
    }
  }

  /** The exit code for an error. */
  static int exitCode(WalletError code) {
    return switch (code.category()) {
      case INPUT -> WalletCommand.USAGE;
      case PIN -> WalletCommand.WRONG_PIN;
      case REFUSED -> WalletCommand.WALLET_REFUSED;
      case REMOTE -> WalletCommand.REMOTE_REFUSED;
      case NETWORK -> WalletCommand.UNREACHABLE;
      case INTERNAL -> WalletCommand.INTERNAL;
    };
  }

  PrintWriter out() {
    return parent.env.out();
  }

  PrintWriter err() {
    return parent.env.err();
  }

  Terminal terminal() {
    return parent.env.terminal();
  }

  EncryptedFileWalletStore store() {
    return new EncryptedFileWalletStore(
        parent.directory(), parent.env.argon2(), parent.env.random());
  }

  WalletContext context() {
    LazyLedger ledger = new LazyLedger(parent.env.ledger(), parent.ledger);
    return WalletContext.builder()
        .transport(parent.env.transport())
        .didResolver(ledger)
        .relyingParties(ledger)
        .commitments(ledger)
        .clock(parent.env.clock())
        .random(parent.env.random())
        .networkPolicy(new NetworkPolicy(parent.allowHttp))
        .build();
  }

  /** Opens the wallet with the PIN from the usual sources. */
  Wallet open() throws WalletException {
    char[] pin = pin(false);
    try {
      return Wallet.open(store(), pin, context());
    } finally {
      Arrays.fill(pin, '\0');
    }
  }

  /**
   * The PIN: from {@code --pin-file}, else the environment, else typed (twice when {@code
   * confirm}).
   */
  char[] pin(boolean confirm) {
    if (parent.pinFile != null) {
      try {
        String s = Files.readString(parent.pinFile, StandardCharsets.UTF_8).strip();
        if (s.isEmpty()) {
          throw new CliException("the PIN file " + parent.pinFile + " is empty");
        }
        return s.toCharArray();
      } catch (IOException e) {
        throw new CliException("cannot read the PIN file " + parent.pinFile);
      }
    }
    String env = parent.env.variables().get(WalletCommand.PIN_ENV);
    if (env != null && !env.isBlank()) {
      return env.strip().toCharArray();
    }
    char[] pin = terminal().readSecret("PIN: ");
    if (pin == null) {
      throw new CliException(
          "no PIN: there is no terminal to type it in; use --pin-file or " + WalletCommand.PIN_ENV);
    }
    if (confirm) {
      char[] again = terminal().readSecret("PIN again: ");
      boolean same = again != null && Arrays.equals(pin, again);
      if (again != null) {
        Arrays.fill(again, '\0');
      }
      if (!same) {
        Arrays.fill(pin, '\0');
        throw new CliException("the two PINs differ; nothing was created");
      }
    }
    return pin;
  }

  static String time(Instant t) {
    return t == null ? "-" : TIME.format(t);
  }

  /** The copies per format: "3 copies (2 unused)" for SD-JWT VC, "3 mdoc copies (...)". */
  static String copies(kr.kdid.wallet.WalletCredential c) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    if (c.copies() > 0) {
      parts.add(
          c.copies()
              + (c.copies() == 1 ? " copy" : " copies")
              + " ("
              + c.unusedCopies()
              + " unused)");
    }
    if (c.mdocCopies() > 0) {
      parts.add(
          c.mdocCopies()
              + (c.mdocCopies() == 1 ? " mdoc copy" : " mdoc copies")
              + " ("
              + c.unusedMdocCopies()
              + " unused)");
    }
    return String.join(", ", parts);
  }

  /** The formats held: "SD-JWT VC" and/or "mdoc (doctype)". */
  static String formats(kr.kdid.wallet.WalletCredential c) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    if (c.copies() > 0) {
      parts.add("SD-JWT VC (" + kr.kdid.wallet.WalletCredential.FORMAT_SD_JWT_VC + ")");
    }
    if (c.mdocCopies() > 0) {
      parts.add(
          "mdoc (" + kr.kdid.wallet.WalletCredential.FORMAT_MSO_MDOC + ", " + c.doctype() + ")");
    }
    return String.join(", ", parts);
  }

  static String day(Instant t) {
    return t == null ? "-" : DAY.format(t);
  }
}
