package kr.kdid.issuer.authz;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import kr.kdid.core.keys.Argon2Params;
import kr.kdid.issuer.store.AuthorizationStore;
import kr.kdid.issuer.store.IssuerStore;

/**
 * A TEST identity provider standing in for the government's sign-in service: test citizens sign in
 * with a login id and a password, each account naming one enrolled applicant. Passwords are kept
 * only as salted Argon2id hashes. A wrong password and an unknown login id give the same answer
 * after the same work, so the sign-in page does not tell which login ids exist.
 *
 * <p>Never use it for real people: a deployment replaces it with the government identity provider
 * behind the same {@link #authenticate} port.
 */
public final class TestIdentityProvider {
  /** Shortest password accepted for a test account. */
  public static final int MIN_PASSWORD_LENGTH = 10;

  private final IssuerStore issuerStore;
  private final AuthorizationStore store;
  private final Clock clock;
  private final SecureRandom random;
  private final Argon2Params cost;
  private final String dummyHash;

  public TestIdentityProvider(
      IssuerStore issuerStore,
      AuthorizationStore store,
      Clock clock,
      SecureRandom random,
      Argon2Params cost) {
    this.issuerStore = issuerStore;
    this.store = store;
    this.clock = clock;
    this.random = random;
    this.cost = cost;
    // Verified against for unknown login ids, so that they cost as much as known ones.
    this.dummyHash = PasswordHash.hash("not-a-password", cost, random);
  }

  /** The outcome of adding an account. */
  public sealed interface Added {
    record Ok(String loginId) implements Added {}

    record LoginIdTaken() implements Added {}

    record UnknownApplicant() implements Added {}

    record Invalid(String problem) implements Added {}
  }

  /** Adds a test account that signs in as an enrolled applicant. */
  public Added addAccount(String loginId, String applicantId, String password) {
    if (loginId == null || !loginId.matches("[a-z0-9][a-z0-9._-]{2,63}")) {
      return new Added.Invalid("loginId must be 3 to 64 of a-z 0-9 . _ -, starting with a-z 0-9");
    }
    if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > 256) {
      return new Added.Invalid("the password needs " + MIN_PASSWORD_LENGTH + " to 256 characters");
    }
    if (applicantId == null || issuerStore.applicant(applicantId).isEmpty()) {
      return new Added.UnknownApplicant();
    }
    String hash = PasswordHash.hash(password, cost, random);
    boolean ok =
        store.insertAccount(
            new AuthorizationStore.Account(loginId, applicantId, hash), clock.millis());
    return ok ? new Added.Ok(loginId) : new Added.LoginIdTaken();
  }

  /**
   * Signs a test citizen in.
   *
   * @return the applicant id, or empty if the login id is unknown or the password is wrong (the
   *     caller cannot tell which)
   */
  public Optional<String> authenticate(String loginId, String password) {
    if (loginId != null && lockedOut(loginId)) {
      // Throttled: answered like a wrong password, without spending a password hash on it.
      return Optional.empty();
    }
    Optional<String> who = check(loginId, password);
    if (loginId != null && loginId.length() <= 64) {
      if (who.isEmpty()) {
        failed(loginId);
      } else {
        failures.remove(loginId);
      }
    }
    return who;
  }

  /** Wrong passwords tolerated per login id in {@link #LOCKOUT} before it is locked for as long. */
  public static final int MAX_FAILURES = 5;

  /** The window and the lock time of the per-login-id throttle. */
  public static final java.time.Duration LOCKOUT = java.time.Duration.ofMinutes(15);

  private record Failures(int count, long since) {}

  private final java.util.concurrent.ConcurrentHashMap<String, Failures> failures =
      new java.util.concurrent.ConcurrentHashMap<>();

  private boolean lockedOut(String loginId) {
    Failures f = failures.get(loginId);
    return f != null
        && f.count() >= MAX_FAILURES
        && clock.millis() - f.since() < LOCKOUT.toMillis();
  }

  private void failed(String loginId) {
    long now = clock.millis();
    if (failures.size() > 100_000) {
      failures.clear(); // bounded memory; an attacker spraying ids loses nothing but the throttle
    }
    failures.compute(
        loginId,
        (k, f) ->
            f == null || now - f.since() >= LOCKOUT.toMillis()
                ? new Failures(1, now)
                : new Failures(f.count() + 1, f.since()));
  }

  private Optional<String> check(String loginId, String password) {
    if (loginId == null || password == null || loginId.length() > 64 || password.length() > 256) {
      PasswordHash.verify("x", dummyHash);
      return Optional.empty();
    }
    Optional<AuthorizationStore.Account> a = store.account(loginId);
    if (a.isEmpty()) {
      PasswordHash.verify(password, dummyHash);
      return Optional.empty();
    }
    return PasswordHash.verify(password, a.get().passwordHash())
        ? Optional.of(a.get().applicantId())
        : Optional.empty();
  }
}
