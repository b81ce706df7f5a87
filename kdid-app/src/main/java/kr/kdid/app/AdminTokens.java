package kr.kdid.app;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The bearer token of the admin APIs (issuer enrolment and offers, revocation, verifier requests):
 * {@code --admin-token-file}, else {@code KDID_ADMIN_TOKEN}, else a development token in {@code
 * <data>/secrets/admin-token} (see {@link LocalSecrets}). The {@code kdid issuer} commands read it
 * the same way.
 */
final class AdminTokens {
  static final String ENV = "KDID_ADMIN_TOKEN";

  private AdminTokens() {}

  static Path devFile(Path dataDir) {
    return dataDir.resolve("secrets").resolve("admin-token");
  }

  static String resolve(Path dataDir, Path file, PrintStream out) {
    String token =
        LocalSecrets.resolve(
            file, ENV, devFile(dataDir), "admin API token", "--admin-token-file", out);
    if (token.length() < kr.kdid.web.AdminAuth.MIN_LENGTH) {
      throw new UserException(
          "the admin token must be at least " + kr.kdid.web.AdminAuth.MIN_LENGTH + " characters");
    }
    return token;
  }
}
