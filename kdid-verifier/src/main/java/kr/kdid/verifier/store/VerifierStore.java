package kr.kdid.verifier.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import kr.kdid.core.json.Json;
import kr.kdid.ledger.client.EventAnchors;
import kr.kdid.web.db.ServiceDatabase;
import kr.kdid.web.db.Sql;

/**
 * One verifier's persistent records in the verifier database (shared by the verifiers of a process,
 * each row tagged with its verifier's name): presentation requests and their results, and the queue
 * of verification commitments to anchor. Thread-safe; every method is one transaction.
 *
 * <p>Privacy: the disclosed claims of a result are kept apart from its outcome and deleted by
 * {@link #purge} once the retention has passed. Read secrets are stored as hashes.
 */
public final class VerifierStore {
  /** Where a request is in its life. A request is answered at most once. */
  public enum Status {
    /** Waiting for the wallet. */
    PENDING,
    /** A presentation arrived and was verified (successfully or not). */
    ANSWERED,
    /** The wallet sent an error response (the holder declined, or had no such credential). */
    DECLINED,
    /** Nobody answered in time. */
    EXPIRED
  }

  /**
   * A presentation request as stored.
   *
   * @param id the request id (path segment of its URLs)
   * @param nonce the nonce the KB-JWT must carry
   * @param state the state the response must carry
   * @param credentialType the requested catalog type id
   * @param dcqlQuery the DCQL query of the request object
   * @param createdAt creation, epoch milliseconds
   * @param expiresAt expiry, epoch milliseconds
   * @param status the stored status ({@link #statusAt} also accounts for expiry)
   * @param readSecretHash SHA-256 hex of the read secret
   * @param answeredAt when answered or declined, or null
   * @param verified the verdict, or null unless answered
   * @param errorCode the first failure's code, or null
   * @param outcome the outcome without personal data, or null while pending
   * @param claims the requested claims as disclosed, or null (not verified, or purged)
   * @param purged true once the claims were deleted after the retention
   */
  public record StoredRequest(
      String id,
      String nonce,
      String state,
      String credentialType,
      ObjectNode dcqlQuery,
      long createdAt,
      long expiresAt,
      Status status,
      String readSecretHash,
      Long answeredAt,
      Boolean verified,
      String errorCode,
      ObjectNode outcome,
      ObjectNode claims,
      boolean purged) {

    public StoredRequest {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(nonce, "nonce");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(credentialType, "credentialType");
      Objects.requireNonNull(dcqlQuery, "dcqlQuery");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(readSecretHash, "readSecretHash");
    }

    /** A new pending request. */
    public static StoredRequest pending(
        String id,
        String nonce,
        String state,
        String credentialType,
        ObjectNode dcqlQuery,
        long createdAt,
        long expiresAt,
        String readSecretHash) {
      return new StoredRequest(
          id,
          nonce,
          state,
          credentialType,
          dcqlQuery,
          createdAt,
          expiresAt,
          Status.PENDING,
          readSecretHash,
          null,
          null,
          null,
          null,
          null,
          false);
    }

    /** The status at a time: a pending request past its expiry is EXPIRED. */
    public Status statusAt(long nowMillis) {
      return status == Status.PENDING && nowMillis > expiresAt ? Status.EXPIRED : status;
    }

    @Override
    public String toString() {
      return "StoredRequest[" + id + ", " + status + "]";
    }
  }

  private static final String COLUMNS =
      "id, nonce, state, credential_type, dcql_query, created_at, expires_at, status,"
          + " read_secret_hash, answered_at, verified, error_code, outcome_json, claims_json, purged";

  private final ServiceDatabase db;
  private final String verifier;

  /**
   * @param verifier the name of the verifier whose rows this store reads and writes
   */
  public VerifierStore(ServiceDatabase db, String verifier) {
    this.db = Objects.requireNonNull(db, "db");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
  }

  public void insert(StoredRequest r) {
    Sql.tx(
        db,
        c ->
            Sql.update(
                c,
                "INSERT INTO presentation_requests (id, verifier, nonce, state, credential_type,"
                    + " dcql_query, created_at, expires_at, status, read_secret_hash, purged)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.id(),
                verifier,
                r.nonce(),
                r.state(),
                r.credentialType(),
                Json.string(r.dcqlQuery()),
                r.createdAt(),
                r.expiresAt(),
                r.status().name(),
                r.readSecretHash(),
                false));
  }

  /** This verifier's request with this id. */
  public Optional<StoredRequest> find(String id) {
    return Sql.tx(
        db,
        c ->
            Sql.one(
                c,
                "SELECT " + COLUMNS + " FROM presentation_requests WHERE id = ? AND verifier = ?",
                VerifierStore::row,
                id,
                verifier));
  }

  /**
   * Records the verification of a pending request, and queues the verification commitment (if any)
   * for anchoring, in one transaction.
   *
   * @param commitmentHex the receipt's commitment, or null when nothing was verified
   * @return false if the request was no longer pending (answered meanwhile): nothing was written
   */
  public boolean answer(
      String id,
      long now,
      boolean verified,
      String errorCode,
      ObjectNode outcome,
      ObjectNode claims,
      String commitmentHex) {
    return Sql.tx(
        db,
        c -> {
          int n =
              Sql.update(
                  c,
                  "UPDATE presentation_requests SET status = ?, answered_at = ?, verified = ?,"
                      + " error_code = ?, outcome_json = ?, claims_json = ?"
                      + " WHERE id = ? AND verifier = ? AND status = ?",
                  Status.ANSWERED.name(),
                  now,
                  verified,
                  errorCode,
                  Json.string(outcome),
                  claims == null ? null : Json.string(claims),
                  id,
                  verifier,
                  Status.PENDING.name());
          if (n == 1 && commitmentHex != null) {
            Sql.update(
                c,
                "INSERT INTO anchor_queue (commitment, verifier, created_at, anchor_tx)"
                    + " VALUES (?, ?, ?, ?)",
                commitmentHex,
                verifier,
                now,
                null);
          }
          return n == 1;
        });
  }

  /**
   * Records a wallet's error response for a pending request.
   *
   * @return false if the request was no longer pending
   */
  public boolean decline(String id, long now, String errorCode, ObjectNode outcome) {
    return Sql.tx(
        db,
        c ->
            Sql.update(
                    c,
                    "UPDATE presentation_requests SET status = ?, answered_at = ?, verified = ?,"
                        + " error_code = ?, outcome_json = ? WHERE id = ? AND verifier = ?"
                        + " AND status = ?",
                    Status.DECLINED.name(),
                    now,
                    false,
                    errorCode,
                    Json.string(outcome),
                    id,
                    verifier,
                    Status.PENDING.name())
                == 1);
  }

  /** What {@link #purge} did. */
  public record Purged(int results, int expired) {}

  /**
   * Deletes the disclosed claims of results answered before {@code answeredBefore} (their outcome
   * stays), and marks pending requests that expired before {@code now} as EXPIRED.
   */
  public Purged purge(long answeredBefore, long now) {
    return Sql.tx(
        db,
        c -> {
          int results =
              Sql.update(
                  c,
                  "UPDATE presentation_requests SET claims_json = NULL, purged = ?"
                      + " WHERE verifier = ? AND answered_at < ? AND purged = ?",
                  true,
                  verifier,
                  answeredBefore,
                  false);
          int expired =
              Sql.update(
                  c,
                  "UPDATE presentation_requests SET status = ? WHERE verifier = ? AND status = ?"
                      + " AND expires_at < ?",
                  Status.EXPIRED.name(),
                  verifier,
                  Status.PENDING.name(),
                  now);
          return new Purged(results, expired);
        });
  }

  // ---- anchoring ----

  /** This verifier's anchor queue, as the ledger client's anchoring loop uses it. */
  public EventAnchors.Queue anchorQueue() {
    return new EventAnchors.Queue() {
      @Override
      public List<String> pending(int max) {
        return Sql.tx(
            db,
            c ->
                Sql.list(
                    c,
                    "SELECT commitment FROM anchor_queue WHERE verifier = ? AND anchor_tx IS NULL"
                        + " ORDER BY created_at, commitment FETCH FIRST "
                        + max
                        + " ROWS ONLY",
                    rs -> rs.getString(1),
                    verifier));
      }

      @Override
      public void markAnchored(List<String> commitments, String txId) {
        Sql.tx(
            db,
            c -> {
              for (String cm : commitments) {
                Sql.update(
                    c,
                    "UPDATE anchor_queue SET anchor_tx = ? WHERE commitment = ? AND verifier = ?",
                    txId,
                    cm,
                    verifier);
              }
              return null;
            });
      }
    };
  }

  /**
   * A queued commitment's state: empty if unknown, else the anchoring transaction id (empty string
   * while still waiting).
   */
  public Optional<String> anchorOf(String commitmentHex) {
    return Sql.tx(
        db,
        c ->
            Sql.one(
                c,
                "SELECT anchor_tx FROM anchor_queue WHERE commitment = ? AND verifier = ?",
                rs -> rs.getString(1) == null ? "" : rs.getString(1),
                commitmentHex,
                verifier));
  }

  private static StoredRequest row(ResultSet rs) throws SQLException {
    long answered = rs.getLong(10);
    Long answeredAt = rs.wasNull() ? null : answered;
    boolean v = rs.getBoolean(11);
    Boolean verified = rs.wasNull() ? null : v;
    String outcome = rs.getString(13);
    String claims = rs.getString(14);
    return new StoredRequest(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        (ObjectNode) Json.parse(rs.getString(5)),
        rs.getLong(6),
        rs.getLong(7),
        Status.valueOf(rs.getString(8)),
        rs.getString(9),
        answeredAt,
        verified,
        rs.getString(12),
        outcome == null ? null : (ObjectNode) Json.parse(outcome),
        claims == null ? null : (ObjectNode) Json.parse(claims),
        rs.getBoolean(15));
  }
}
