package kr.kdid.app;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.encoding.Base64Url;

/**
 * Where the passphrase that protects a data directory's keys comes from: a file named on the
 * command line, else the {@code KDID_PASSPHRASE} environment variable, else (for development) a
 * random passphrase generated on first start into {@code <data>/secrets/passphrase}, readable by
 * the owner only. The last is convenient, not secure: production passes the passphrase from outside
 * the data directory.
 */
final class Passphrases {
  static final String ENV = "KDID_PASSPHRASE";

  private Passphrases() {}

  static char[] resolve(Path dataDir, Path file, PrintStream out) {
    if (file != null) {
      try {
        String s = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (s.isEmpty()) {
          throw new UserException("the passphrase file " + file + " is empty");
        }
        return s.toCharArray();
      } catch (IOException e) {
        throw new UserException("cannot read the passphrase file " + file + ": " + e.getMessage());
      }
    }
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      return env.strip().toCharArray();
    }
    Path dev = dataDir.resolve("secrets").resolve("passphrase");
    try {
      if (Files.exists(dev)) {
        return Files.readString(dev, StandardCharsets.UTF_8).strip().toCharArray();
      }
      Files.createDirectories(dev.getParent());
      String generated = Base64Url.encode(Randomness.bytes(24));
      Files.writeString(dev, generated + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(dev, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(
            dev.getParent(), PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException e) {
        // Not POSIX.
      }
      out.println(
          "note: generated a development passphrase for the keys in "
              + dev
              + ".\n      In production pass --passphrase-file or "
              + ENV
              + " and keep the passphrase off this disk.");
      return generated.toCharArray();
    } catch (IOException e) {
      throw new UserException("cannot create " + dev + ": " + e.getMessage());
    }
  }
}
