package kr.kdid.issuer.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import kr.kdid.web.db.DatabaseException;
import kr.kdid.web.db.ServiceDatabase;
import kr.kdid.web.db.Sql;

/**
 * The issuer's records for the authorization code flow, deferred issuance and the holder's
 * self-service pages (schema {@code V3__authorization_code.sql}): test identity provider accounts,
 * authorization-code offers, authorization requests and their codes, deferred transactions and
 * self-service sessions. Secrets are stored as hashes only. Thread-safe; every method is one
 * transaction.
 */
public final class AuthorizationStore {
  private final ServiceDatabase db;

  public AuthorizationStore(ServiceDatabase db) {
    this.db = db;
  }

  // ---- test identity provider accounts ----

  /** A sign-in account of the test identity provider, for one applicant. */
  public record Account(String loginId, String applicantId, String passwordHash) {}

  /**
   * Adds an account.
   *
   * @return false if the login id is taken
   */
  public boolean insertAccount(Account a, long now) {
    try {
      return Sql.tx(
          db,
          c ->
              Sql.update(
                      c,
                      "INSERT INTO test_idp_accounts (login_id, applicant_id, password_hash,"
                          + " created_at) VALUES (?, ?, ?, ?)",
                      a.loginId(),
                      a.applicantId(),
                      a.passwordHash(),
                      now)
                  == 1);
    } catch (DatabaseException e) {
      if (e.getCause() instanceof SQLException s && Sql.isConstraintViolation(s)) {
        return false;
      }
      throw e;
    }
  }

  public Optional<Account> account(String loginId) {
    return Sql.tx(
        db,
        c ->
            Sql.one(
                c,
                "SELECT login_id, applicant_id, password_hash FROM test_idp_accounts"
                    + " WHERE login_id = ?",
                rs -> new Account(rs.getString(1), rs.getString(2), rs.getString(3)),
                loginId));
  }

  // ---- offers with the authorization_code grant ----

  /** An offer whose issuer_state binds a sign-in to its applicant. */
  public record AuthorizationOffer(
      String id,
      String issuerStateHash,
      String applicantId,
      String credentialType,
      long createdAt,
      long expiresAt,
      boolean used) {}

  public void insertAuthorizationOffer(AuthorizationOffer o) {
    Sql.tx(
        db,
        c ->
            Sql.update(
                c,
                "INSERT INTO authorization_offers (id, issuer_state_hash, applicant_id,"
                    + " credential_type, created_at, expires_at, used) VALUES (?, ?, ?, ?, ?, ?, ?)",
                o.id(),
                o.issuerStateHash(),
                o.applicantId(),
                o.credentialType(),
                o.createdAt(),
                o.expiresAt(),
                o.used()));
  }

  private static final String OFFER_COLUMNS =
      "id, issuer_state_hash, applicant_id, credential_type, created_at, expires_at, used";

  private static AuthorizationOffer offerRow(ResultSet rs) throws SQLException {
    return new AuthorizationOffer(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getLong(5),
        rs.getLong(6),
        rs.getBoolean(7));
  }

  public Optional<AuthorizationOffer> authorizationOfferByState(String issuerStateHash) {
    return Sql.tx(
        db,
        c ->
            Sql.one(
                c,
                "SELECT "
                    + OFFER_COLUMNS
                    + " FROM authorization_offers WHERE issuer_state_hash = ?",
                AuthorizationStore::offerRow,
                issuerStateHash));
  }

  public Optional<AuthorizationOffer> authorizationOffer(String id) {
    return Sql.tx(
        db,
        c ->
            Sql.one(
                c,
                "SELECT " + OFFER_COLUMNS + " FROM authorization_offers WHERE id = ?",
                AuthorizationStore::offerRow,
                id));
  }

  /** Marks an offer used (single use). Returns false if it already was. */
  public boolean useAuthorizationOffer(String id) {
    return Sql.tx(
        db,
        c ->
            Sql.update(
                    c,
                    "UPDATE authorization_offers SET used = ? WHERE id = ? AND used = ?",
                    true,
                    id,
                    false)
                == 1);
  }

  // ---- authorization requests and codes ----

  public static final String PENDING = "PENDING";
  public static final String CODE_ISSUED = "CODE_ISSUED";
  public static final String REDEEMED = "REDEEMED";
  public static final String DENIED = "DENIED";

  /** An authorization request, and once the holder signed in, its code (hash). */
  public record Authorization(
      String id,
      String csrfHash,
      String clientId,
      String redirectUri,
      String codeChallenge,
      String clientState,
      String credentialType,
      boolean withDetails,
      String offerId,
      String status,
      int failedLogins,
      long createdAt,
      long expiresAt,
      String applicantId,
      String codeHash,
      long codeExpiresAt) {}

  public void insertAuthorization(Authorization a) {
    Sql.tx(
        db,
        c ->
            Sql.update(
                c,
                "INSERT INTO authorizations (id, csrf_hash, client_id, redirect_uri,"
                    + " code_challenge, client_state, credential_type, with_details, offer_id,"
                    + " status, failed_logins, created_at, expires_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                a.id(),
                a.csrfHash(),
                a.clientId(),
                a.redirectUri(),
                a.codeChallenge(),
                a.clientState(),
                a.credentialType(),
                a.withDetails(),
                a.offerId(),
                a.status(),
                a.failedLogins(),
                a.createdAt(),
                a.expiresAt()));
  }

  private static final String AUTHZ_COLUMNS =
      "a.id, a.csrf_hash, a.client_id, a.redirect_uri, a.code_challenge, a.client_state,"
          + " a.credential_type, a.with_details, a.offer_id, a.status, a.failed_logins,"
          + " a.created_at, a.expires_at, a.applicant_id, a.code_hash, a.code_expires_at";

  private static Authorization authzRow(ResultSet rs) throws SQLException {
    return new Authorization(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getBoolean(8),
        rs.getString(9),
        rs.getString(10),
        rs.getInt(11),
        rs.getLong(12),
        rs.getLong(13),
        rs.getString(14),
        rs.getString(15),
        rs.getLong(16));
  }

  public Optional<Authorization> authorization(String id) {
    return Sql.tx(
        db,
        c ->
            Sql.one(
                c,
                "SELECT " + AUTHZ_COLUMNS + " FROM authorizations a WHERE a.id = ?",
                AuthorizationStore::authzRow,
                id));
  }

  /**
   * Counts a failed sign-in on a pending request; at {@code max} failures the request is denied.
   *
   * @return the failures so far
   */
  public int failedLogin(String id, int max) {
    return Sql.tx(
        db,
        c -> {
          int failed =
              Sql.one(
                          c,
                          "SELECT failed_logins FROM authorizations WHERE id = ? FOR UPDATE",
                          rs -> rs.getInt(1),
                          id)
                      .orElse(0)
                  + 1;
          Sql.update(
              c,
              "UPDATE authorizations SET failed_logins = ?, status = ? WHERE id = ? AND status = ?",
              failed,
              failed >= max ? DENIED : PENDING,
              id,
              PENDING);
          return failed;
        });
  }

  /** Ends a pending request without a code (the holder cancelled or failed too often). */
  public boolean deny(String id) {
    return Sql.tx(
        db,
        c ->
            Sql.update(
                    c,
                    "UPDATE authorizations SET status = ? WHERE id = ? AND status = ?",
                    DENIED,
                    id,
                    PENDING)
                == 1);
  }

  /**
   * Attaches the signed-in applicant and the code to a pending request.
   *
   * @return false if the request is no longer pending (a second form submission)
   */
  public boolean issueCode(String id, String applicantId, String codeHash, long codeExpiresAt) {
    return Sql.tx(
        db,
        c ->
            Sql.update(
                    c,
                    "UPDATE authorizations SET status = ?, applicant_id = ?, code_hash = ?,"
                        + " code_expires_at = ? WHERE id = ? AND status = ?",
                    CODE_ISSUED,
                    applicantId,
                    codeHash,
                    codeExpiresAt,
                    id,
                    PENDING)
                == 1);
  }

  /**
   * Consumes a code, whatever the outcome of the checks that follow: the request with this code as
   * it was before. Its status is {@link #CODE_ISSUED} if this call consumed it, {@link #REDEEMED}
   * if it had been consumed before (then every token issued for it is withdrawn, RFC 6749 §4.1.2).
   */
  public Optional<Authorization> consumeCode(String codeHash) {
    return Sql.tx(
        db,
        c -> {
          Optional<Authorization> a =
              Sql.one(
                  c,
                  "SELECT "
                      + AUTHZ_COLUMNS
                      + " FROM authorizations a WHERE a.code_hash = ? FOR UPDATE",
                  AuthorizationStore::authzRow,
                  codeHash);
          if (a.isEmpty()) {
            return a;
          }
          if (a.get().status().equals(CODE_ISSUED)) {
            Sql.update(
                c, "UPDATE authorizations SET status = ? WHERE id = ?", REDEEMED, a.get().id());
          } else if (a.get().status().equals(REDEEMED)) {
            Sql.update(
                c,
                "UPDATE access_tokens SET used = ? WHERE authorization_id = ?",
                true,
                a.get().id());
          }
          return a;
        });
  }

  public void insertAccessToken(String tokenHash, String authorizationId, long expiresAt) {
    Sql.tx(
        db,
        c ->
            Sql.update(
                c,
                "INSERT INTO access_tokens (token_hash, offer_id, authorization_id, expires_at,"
                    + " used) VALUES (?, ?, ?, ?, ?)",
                tokenHash,
                null,
                authorizationId,
                expiresAt,
                false));
  }

  /** The authorization an access token was issued for (authorization code grant tokens only). */
  public Optional<Authorization> authorizationOfToken(String tokenHash) {
    return Sql.tx(
        db,
        c ->
            Sql.one(
                c,
                "SELECT "
                    + AUTHZ_COLUMNS
                    + " FROM authorizations a JOIN access_tokens t ON t.authorization_id = a.id"
                    + " WHERE t.token_hash = ?",
                AuthorizationStore::authzRow,
                tokenHash));
  }

  // ---- deferred issuance ----

  public static final String APPROVED = "APPROVED";
  public static final String REJECTED = "REJECTED";
  public static final String ISSUED = "ISSUED";

  /**
   * A credential request waiting for approval.
   *
   * @param holderKeys the JSON array of the public JWKs proven in the original request
   */
  public record Deferred(
      String id,
      String transactionHash,
      String tokenHash,
      String applicantId,
      String credentialType,
      String holderKeys,
      String status,
      long createdAt,
      long expiresAt,
      long decidedAt) {}

  public void insertDeferred(Deferred d) {
    Sql.tx(
        db,
        c ->
            Sql.update(
                c,
                "INSERT INTO deferred_transactions (id, transaction_hash, token_hash, applicant_id,"
                    + " credential_type, holder_keys, status, created_at, expires_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                d.id(),
                d.transactionHash(),
                d.tokenHash(),
                d.applicantId(),
                d.credentialType(),
                d.holderKeys(),
                d.status(),
                d.createdAt(),
                d.expiresAt()));
  }

  private static final String DEFERRED_COLUMNS =
      "id, transaction_hash, token_hash, applicant_id, credential_type, holder_keys, status,"
          + " created_at, expires_at, decided_at";

  private static Deferred deferredRow(ResultSet rs) throws SQLException {
    return new Deferred(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getLong(8),
        rs.getLong(9),
        rs.getLong(10));
  }

  public Optional<Deferred> deferredByTransaction(String transactionHash) {
    return Sql.tx(
        db,
        c ->
            Sql.one(
                c,
                "SELECT "
                    + DEFERRED_COLUMNS
                    + " FROM deferred_transactions WHERE transaction_hash = ?",
                AuthorizationStore::deferredRow,
                transactionHash));
  }

  public Optional<Deferred> deferred(String id) {
    return Sql.tx(
        db,
        c ->
            Sql.one(
                c,
                "SELECT " + DEFERRED_COLUMNS + " FROM deferred_transactions WHERE id = ?",
                AuthorizationStore::deferredRow,
                id));
  }

  /** Deferred transactions, oldest first; only those with the status if it is not null. */
  public List<Deferred> deferredList(String status) {
    return Sql.tx(
        db,
        c ->
            status == null
                ? Sql.list(
                    c,
                    "SELECT "
                        + DEFERRED_COLUMNS
                        + " FROM deferred_transactions ORDER BY created_at",
                    AuthorizationStore::deferredRow)
                : Sql.list(
                    c,
                    "SELECT "
                        + DEFERRED_COLUMNS
                        + " FROM deferred_transactions WHERE status = ? ORDER BY created_at",
                    AuthorizationStore::deferredRow,
                    status));
  }

  /** Moves a transaction from {@code from} to {@code to}; false if it was not in {@code from}. */
  public boolean moveDeferred(String id, String from, String to, long now) {
    return Sql.tx(
        db,
        c ->
            Sql.update(
                    c,
                    "UPDATE deferred_transactions SET status = ?, decided_at = ?"
                        + " WHERE id = ? AND status = ?",
                    to,
                    now,
                    id,
                    from)
                == 1);
  }

  // ---- self-service sessions ----

  /** A holder's signed-in session. */
  public record Session(String applicantId, long expiresAt) {}

  public void insertSession(String sessionHash, String applicantId, long now, long expiresAt) {
    Sql.tx(
        db,
        c ->
            Sql.update(
                c,
                "INSERT INTO holder_sessions (session_hash, applicant_id, created_at, expires_at)"
                    + " VALUES (?, ?, ?, ?)",
                sessionHash,
                applicantId,
                now,
                expiresAt));
  }

  public Optional<Session> session(String sessionHash) {
    return Sql.tx(
        db,
        c ->
            Sql.one(
                c,
                "SELECT applicant_id, expires_at FROM holder_sessions WHERE session_hash = ?",
                rs -> new Session(rs.getString(1), rs.getLong(2)),
                sessionHash));
  }

  public void deleteSession(String sessionHash) {
    Sql.tx(
        db, c -> Sql.update(c, "DELETE FROM holder_sessions WHERE session_hash = ?", sessionHash));
  }

  /** Deletes sessions and unused sign-in requests that ended before {@code before}. */
  public void purgeExpired(long before) {
    Sql.tx(
        db,
        c -> {
          Sql.update(c, "DELETE FROM holder_sessions WHERE expires_at < ?", before);
          return null;
        });
  }
}
