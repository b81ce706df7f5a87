package kr.kdid.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code kdid} commands in process, as the launcher does, capturing what they print. */
final class Cli {
  private Cli() {}

  /** The exit code and everything printed (out and err). */
  record Run(int code, String out) {}

  static Run kdid(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter sw = new StringWriter();
    cl.setOut(new PrintWriter(sw));
    cl.setErr(new PrintWriter(sw));
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("kdid: " + e.getMessage());
          return e instanceof UserException u ? u.exitCode() : 1;
        });
    return new Run(cl.execute(args), sw.toString());
  }
}
