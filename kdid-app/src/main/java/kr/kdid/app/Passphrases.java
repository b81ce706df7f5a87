package kr.kdid.app;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The passphrase that protects a data directory's keys: {@code --passphrase-file}, else {@code
 * KDID_PASSPHRASE}, else a development passphrase in {@code <data>/secrets/passphrase} (see {@link
 * LocalSecrets}).
 */
final class Passphrases {
  static final String ENV = "KDID_PASSPHRASE";

  private Passphrases() {}

  static char[] resolve(Path dataDir, Path file, PrintStream out) {
    return LocalSecrets.resolve(
            file,
            ENV,
            dataDir.resolve("secrets").resolve("passphrase"),
            "passphrase for the keys",
            "--passphrase-file",
            out)
        .toCharArray();
  }
}
