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

  /**
   * The environment variable of an issuing body's own admin token ({@code KDID_ADMIN_TOKEN_MOIS}
   * for {@code mois}).
   */
  static String issuerEnv(String issuer) {
    return ENV + "_" + issuer.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
  }

  /** Where an issuing body's own admin token is kept: {@code <data>/secrets/admin-token-<name>}. */
  static Path issuerFile(Path dataDir, String issuer) {
    return dataDir.resolve("secrets").resolve("admin-token-" + issuer);
  }

  /**
   * An issuing body's own admin token, if the operator gave it one (the environment variable, else
   * the file): its officers then administer only that body, and the server's admin token no longer
   * reaches it. Never generated: without one, the server's admin token administers every body (the
   * development default of {@code kdid up}).
   */
  static java.util.Optional<String> issuerToken(Path dataDir, String issuer) {
    String env = System.getenv(issuerEnv(issuer));
    String token = env;
    if (token == null) {
      Path f = issuerFile(dataDir, issuer);
      if (!java.nio.file.Files.exists(f)) {
        return java.util.Optional.empty();
      }
      try {
        token = java.nio.file.Files.readString(f).strip();
      } catch (java.io.IOException e) {
        throw new UserException("cannot read " + f + ": " + e.getMessage());
      }
    }
    if (token.length() < kr.kdid.web.AdminAuth.MIN_LENGTH) {
      throw new UserException(
          "the admin token of issuer "
              + issuer
              + " must be at least "
              + kr.kdid.web.AdminAuth.MIN_LENGTH
              + " characters");
    }
    return java.util.Optional.of(token);
  }
}
