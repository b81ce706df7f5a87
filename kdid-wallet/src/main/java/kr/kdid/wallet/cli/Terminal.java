package kr.kdid.wallet.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Where the CLI asks the holder things: a line (y/N, a code) or a secret (the PIN). */
public interface Terminal {

  /** A line the holder typed after the prompt, or null if there is no input. */
  String readLine(String prompt);

  /** A secret typed without echo, or null if no terminal can hide what is typed. */
  char[] readSecret(String prompt);

  /**
   * The process's terminal: the console when there is one; otherwise lines come from standard input
   * and secrets cannot be asked for.
   */
  static Terminal system(PrintWriter out) {
    Console console = System.console();
    if (console != null) {
      return new Terminal() {
        @Override
        public String readLine(String prompt) {
          return console.readLine("%s", prompt);
        }

        @Override
        public char[] readSecret(String prompt) {
          return console.readPassword("%s", prompt);
        }
      };
    }
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    return new Terminal() {
      @Override
      public String readLine(String prompt) {
        out.print(prompt);
        out.flush();
        try {
          return in.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public char[] readSecret(String prompt) {
        return null;
      }
    };
  }
}
