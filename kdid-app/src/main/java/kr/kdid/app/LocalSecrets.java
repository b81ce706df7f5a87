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
 * Where a secret (the keys' passphrase, the admin token) comes from: a file named on the command
 * line, else an environment variable, else (for development) a random value generated on first
 * start into {@code <data>/secrets/<name>}, readable by the owner only. The last is convenient, not
 * secure: production passes secrets from outside the data directory.
 */
final class LocalSecrets {
  private LocalSecrets() {}

  /**
   * Resolves a secret.
   *
   * @param file the file given on the command line, or null
   * @param env the environment variable to consult
   * @param devFile the development file under the data directory
   * @param what how to name the secret in messages ("passphrase for the keys")
   * @param option the command-line option that names a file
   */
  static String resolve(
      Path file, String env, Path devFile, String what, String option, PrintStream out) {
    if (file != null) {
      try {
        String s = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (s.isEmpty()) {
          throw new UserException("the file " + file + " (" + what + ") is empty");
        }
        return s;
      } catch (IOException e) {
        throw new UserException("cannot read " + file + " (" + what + "): " + e.getMessage());
      }
    }
    String fromEnv = System.getenv(env);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.strip();
    }
    return readOrCreate(devFile, what, option, env, out);
  }

  /** Reads a development secret, generating it on first use. */
  static String readOrCreate(Path dev, String what, String option, String env, PrintStream out) {
    try {
      if (Files.exists(dev)) {
        String s = Files.readString(dev, StandardCharsets.UTF_8).strip();
        if (s.isEmpty()) {
          throw new UserException(dev + " (" + what + ") is empty; delete it to generate one");
        }
        return s;
      }
      Files.createDirectories(dev.getParent());
      String generated = Base64Url.encode(Randomness.bytes(24));
      Path tmp = dev.resolveSibling(dev.getFileName() + ".tmp");
      Files.writeString(tmp, generated + "\n", StandardCharsets.UTF_8);
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(
            dev.getParent(), PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException e) {
        // Not POSIX.
      }
      Files.move(tmp, dev, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      out.println(
          "note: generated a development "
              + what
              + " in "
              + dev
              + ".\n      In production pass "
              + option
              + " or "
              + env
              + " and keep it off this disk.");
      return generated;
    } catch (IOException e) {
      throw new UserException("cannot create " + dev + ": " + e.getMessage());
    }
  }
}
