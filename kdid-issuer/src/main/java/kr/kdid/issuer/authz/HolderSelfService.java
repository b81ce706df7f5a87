package kr.kdid.issuer.authz;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.crypto.Sha256;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.encoding.Hex;
import kr.kdid.issuer.store.AuthorizationStore;
import kr.kdid.issuer.store.IssuerStore;

/**
 * The holder's self-service at the issuer, from any device: sign in (at the same test identity
 * provider as the authorization code flow), see one's credential batches, and revoke one, for
 * example after losing the phone. Sessions are short and fixed ({@link
 * kr.kdid.issuer.FlowOptions#sessionTtl()}); the session id is kept as a hash only; each session's
 * CSRF token is derived from its id, so forms can only be posted by a page that was served to the
 * session's browser. Revocation goes through the issuer's status machinery (status list published
 * on the ledger), and only for batches of the signed-in applicant.
 */
public final class HolderSelfService {
  private final IssuerStore issuerStore;
  private final AuthorizationStore store;
  private final TestIdentityProvider idp;
  private final BiFunction<String, String, Integer> setBatchStatus;
  private final Clock clock;
  private final SecureRandom random;
  private final java.time.Duration sessionTtl;

  /**
   * @param setBatchStatus sets a batch's status and publishes the status list (batch id, status)
   */
  public HolderSelfService(
      IssuerStore issuerStore,
      AuthorizationStore store,
      TestIdentityProvider idp,
      BiFunction<String, String, Integer> setBatchStatus,
      java.time.Duration sessionTtl,
      Clock clock,
      SecureRandom random) {
    this.issuerStore = issuerStore;
    this.store = store;
    this.idp = idp;
    this.setBatchStatus = setBatchStatus;
    this.sessionTtl = sessionTtl;
    this.clock = clock;
    this.random = random;
  }

  /** A new random value for the sign-in form's CSRF cookie and field. */
  public String newLoginCsrf() {
    return Base64Url.encode(Randomness.bytes(random, 32));
  }

  /** The outcome of a sign-in. */
  public sealed interface SignIn {
    /** Signed in: set this session id as the cookie. */
    record Ok(String sessionId) implements SignIn {}

    /** Wrong login id or password (the same for both). */
    record Refused() implements SignIn {}

    /** The form's CSRF token is missing or differs from the cookie. */
    record CsrfInvalid() implements SignIn {}
  }

  /** Signs a holder in; the form token must equal the cookie set with the form. */
  public SignIn signIn(String loginId, String password, String formCsrf, String cookieCsrf) {
    if (formCsrf == null || cookieCsrf == null || !equal(formCsrf, cookieCsrf)) {
      return new SignIn.CsrfInvalid();
    }
    Optional<String> applicant = idp.authenticate(loginId, password);
    if (applicant.isEmpty()) {
      return new SignIn.Refused();
    }
    String session = Base64Url.encode(Randomness.bytes(random, 32));
    long now = clock.millis();
    store.insertSession(hash(session), applicant.get(), now, now + sessionTtl.toMillis());
    return new SignIn.Ok(session);
  }

  /** The applicant of a live session. */
  public Optional<String> applicantOf(String sessionId) {
    if (sessionId == null || sessionId.isEmpty() || sessionId.length() > 100) {
      return Optional.empty();
    }
    long now = clock.millis();
    return store
        .session(hash(sessionId))
        .filter(s -> now <= s.expiresAt())
        .map(s -> s.applicantId());
  }

  /** The CSRF token of a session's forms. */
  public static String csrfOf(String sessionId) {
    return hash("csrf:" + sessionId);
  }

  /** True if a posted CSRF token belongs to the session. */
  public static boolean csrfValid(String sessionId, String posted) {
    return posted != null && equal(csrfOf(sessionId), posted);
  }

  public void signOut(String sessionId) {
    if (sessionId != null && sessionId.length() <= 100) {
      store.deleteSession(hash(sessionId));
    }
  }

  /** The signed-in applicant's credentials. */
  public List<IssuerStore.CredentialRow> credentials(String applicantId) {
    return issuerStore.credentialsOf(applicantId);
  }

  /** The outcome of a revocation. */
  public enum Revoked {
    REVOKED,
    NOT_YOURS,
    ALREADY_REVOKED
  }

  /**
   * Revokes one of the applicant's batches. A batch of someone else answers like an unknown one.
   */
  public Revoked revoke(String applicantId, String batchId) {
    List<IssuerStore.CredentialRow> rows =
        batchId == null ? List.of() : issuerStore.credentialsOfBatch(batchId);
    if (rows.isEmpty() || rows.stream().anyMatch(r -> !r.applicantId().equals(applicantId))) {
      return Revoked.NOT_YOURS;
    }
    if (rows.stream().noneMatch(r -> IssuerStore.isActive(r.status()))) {
      return Revoked.ALREADY_REVOKED; // revoked or expired: nothing left to revoke
    }
    try {
      setBatchStatus.apply(batchId, IssuerStore.REVOKED);
    } catch (kr.kdid.issuer.CredentialLifecycle.LifecycleException e) {
      return Revoked.ALREADY_REVOKED; // changed meanwhile
    }
    return Revoked.REVOKED;
  }

  private static String hash(String s) {
    return Hex.encode(Sha256.hash(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static boolean equal(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
