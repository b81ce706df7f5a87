package kr.kdid.issuer.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import kr.kdid.core.json.Json;
import kr.kdid.web.db.DatabaseException;
import kr.kdid.web.db.ServiceDatabase;
import kr.kdid.web.db.Sql;

/**
 * The issuer's persistent records: applicants (the authentic source stand-in), offers, access
 * tokens, nonces, issued credentials and their status-list entries, status lists, and the queue of
 * issuance commitments to anchor. Thread-safe; every method is one transaction unless noted.
 */
public final class IssuerStore {
  private final ServiceDatabase db;

  public IssuerStore(ServiceDatabase db) {
    this.db = db;
  }

  public ServiceDatabase database() {
    return db;
  }

  // ---- applicants ----

  /** An enrolled applicant: the authentic source's record of a person. */
  public record Applicant(String id, String personRef, ObjectNode claims, long createdAt) {}

  /**
   * Enrols an applicant.
   *
   * @return false if a person with this reference is already enrolled
   */
  public boolean insertApplicant(Applicant a) {
    return Sql.tx(
        db,
        c -> {
          if (Sql.one(
                  c, "SELECT id FROM licence_holders WHERE person_ref = ?", rs -> 1, a.personRef())
              .isPresent()) {
            return false;
          }
          Sql.update(
              c,
              "INSERT INTO licence_holders (id, person_ref, claims, created_at) VALUES (?, ?, ?, ?)",
              a.id(),
              a.personRef(),
              Json.string(a.claims()),
              a.createdAt());
          return true;
        });
  }

  public Optional<Applicant> applicant(String id) {
    return Sql.tx(
        db,
        c ->
            Sql.one(
                c,
                "SELECT id, person_ref, claims, created_at FROM licence_holders WHERE id = ?",
                IssuerStore::applicantRow,
                id));
  }

  public Optional<Applicant> applicantByPersonRef(String personRef) {
    return Sql.tx(
        db,
        c ->
            Sql.one(
                c,
                "SELECT id, person_ref, claims, created_at FROM licence_holders WHERE person_ref = ?",
                IssuerStore::applicantRow,
                personRef));
  }

  private static Applicant applicantRow(java.sql.ResultSet rs) throws SQLException {
    return new Applicant(
        rs.getString(1), rs.getString(2), (ObjectNode) Json.parse(rs.getString(3)), rs.getLong(4));
  }

  // ---- offers ----

  /** An offer's stored state. Codes are kept as hashes only. */
  public record Offer(
      String id,
      String codeHash,
      String txCodeHash,
      String applicantId,
      String credentialType,
      long createdAt,
      long expiresAt,
      String state,
      int failedAttempts,
      ObjectNode offerJson) {}

  public static final String OFFERED = "OFFERED";
  public static final String REDEEMED = "REDEEMED";
  public static final String LOCKED = "LOCKED";

  public void insertOffer(Offer o) {
    insertOffer(o, null);
  }

  /**
   * Records an offer and, for a renewal or re-issue, what it replaces, in one transaction.
   *
   * @param replacement null for a first issuance
   */
  public void insertOffer(Offer o, OfferReplacement replacement) {
    Sql.tx(
        db,
        c -> {
          insertOffer(c, o);
          if (replacement != null) {
            Sql.update(
                c,
                "INSERT INTO offer_replacements (offer_id, kind, replaces_batch) VALUES (?, ?, ?)",
                o.id(),
                replacement.kind(),
                replacement.replacesBatch());
          }
          return null;
        });
  }

  private static void insertOffer(java.sql.Connection c, Offer o) throws SQLException {
    Sql.update(
        c,
        "INSERT INTO offers (id, code_hash, tx_code_hash, applicant_id, credential_type,"
            + " created_at, expires_at, state, failed_attempts, offer_json)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        o.id(),
        o.codeHash(),
        o.txCodeHash(),
        o.applicantId(),
        o.credentialType(),
        o.createdAt(),
        o.expiresAt(),
        o.state(),
        o.failedAttempts(),
        Json.string(o.offerJson()));
  }

  private static final String OFFER_COLUMNS =
      "id, code_hash, tx_code_hash, applicant_id, credential_type, created_at, expires_at, state,"
          + " failed_attempts, offer_json";

  private static Offer offerRow(java.sql.ResultSet rs) throws SQLException {
    return new Offer(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getLong(6),
        rs.getLong(7),
        rs.getString(8),
        rs.getInt(9),
        (ObjectNode) Json.parse(rs.getString(10)));
  }

  public Optional<Offer> offer(String id) {
    return Sql.tx(
        db,
        c ->
            Sql.one(
                c,
                "SELECT " + OFFER_COLUMNS + " FROM offers WHERE id = ?",
                IssuerStore::offerRow,
                id));
  }

  /** The id of the offer with this code hash, if any. */
  public Optional<String> offerIdByCodeHash(String codeHash) {
    return Sql.tx(
        db,
        c ->
            Sql.one(
                c, "SELECT id FROM offers WHERE code_hash = ?", rs -> rs.getString(1), codeHash));
  }

  /** What a redemption attempt found. */
  public sealed interface Redemption {
    /** The code was redeemed now; here is the offer. */
    record Redeemed(Offer offer) implements Redemption {}

    /** No offer has this code. */
    record Unknown() implements Redemption {}

    /** The offer expired. */
    record Expired() implements Redemption {}

    /** The code was already used (single use). */
    record AlreadyUsed() implements Redemption {}

    /** Too many wrong transaction codes; the offer is locked. */
    record Locked() implements Redemption {}

    /** The transaction code is wrong; {@code attemptsLeft} more are allowed. */
    record WrongTxCode(int attemptsLeft) implements Redemption {}
  }

  /**
   * Redeems a pre-authorized code with its transaction code, atomically: single use, expiry, and a
   * limit of wrong transaction codes after which the offer is locked.
   */
  public Redemption redeem(String codeHash, String txCodeHash, long now, int maxAttempts) {
    return Sql.tx(
        db,
        c -> {
          Optional<Offer> found =
              Sql.one(
                  c,
                  "SELECT " + OFFER_COLUMNS + " FROM offers WHERE code_hash = ? FOR UPDATE",
                  IssuerStore::offerRow,
                  codeHash);
          if (found.isEmpty()) {
            return new Redemption.Unknown();
          }
          Offer o = found.get();
          if (o.state().equals(REDEEMED)) {
            return new Redemption.AlreadyUsed();
          }
          if (o.state().equals(LOCKED)) {
            return new Redemption.Locked();
          }
          if (now > o.expiresAt()) {
            return new Redemption.Expired();
          }
          if (!java.security.MessageDigest.isEqual(
              o.txCodeHash().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
              txCodeHash.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            int failed = o.failedAttempts() + 1;
            boolean lock = failed >= maxAttempts;
            Sql.update(
                c,
                "UPDATE offers SET failed_attempts = ?, state = ?, offer_json = ? WHERE id = ?",
                failed,
                lock ? LOCKED : OFFERED,
                lock ? redacted(o.offerJson()) : Json.string(o.offerJson()),
                o.id());
            return lock
                ? new Redemption.Locked()
                : new Redemption.WrongTxCode(maxAttempts - failed);
          }
          Sql.update(
              c,
              "UPDATE offers SET state = ?, offer_json = ? WHERE id = ?",
              REDEEMED,
              redacted(o.offerJson()),
              o.id());
          return new Redemption.Redeemed(o);
        });
  }

  /** The offer without its grants: a used or locked offer keeps no pre-authorized code. */
  private static String redacted(ObjectNode offer) {
    ObjectNode copy = offer.deepCopy();
    copy.remove("grants");
    return Json.string(copy);
  }

  // ---- access tokens and nonces ----

  public void insertAccessToken(String tokenHash, String offerId, long expiresAt) {
    Sql.tx(
        db,
        c ->
            Sql.update(
                c,
                "INSERT INTO access_tokens (token_hash, offer_id, expires_at, used) VALUES (?, ?, ?, ?)",
                tokenHash,
                offerId,
                expiresAt,
                false));
  }

  /** A live access token's offer. */
  public record TokenGrant(String offerId, long expiresAt, boolean used) {}

  public Optional<TokenGrant> accessToken(String tokenHash) {
    return Sql.tx(
        db,
        c ->
            Sql.one(
                c,
                "SELECT offer_id, expires_at, used FROM access_tokens WHERE token_hash = ?",
                rs -> new TokenGrant(rs.getString(1), rs.getLong(2), rs.getBoolean(3)),
                tokenHash));
  }

  public void insertNonce(String nonceHash, long expiresAt) {
    Sql.tx(
        db,
        c ->
            Sql.update(
                c,
                "INSERT INTO nonces (nonce_hash, expires_at, used) VALUES (?, ?, ?)",
                nonceHash,
                expiresAt,
                false));
  }

  /** What consuming a nonce found. */
  public enum NonceUse {
    OK,
    UNKNOWN,
    EXPIRED,
    ALREADY_USED
  }

  /** Consumes a nonce (single use). */
  public NonceUse useNonce(String nonceHash, long now) {
    return Sql.tx(
        db,
        c -> {
          Optional<long[]> n =
              Sql.one(
                  c,
                  "SELECT expires_at, used FROM nonces WHERE nonce_hash = ? FOR UPDATE",
                  rs -> new long[] {rs.getLong(1), rs.getBoolean(2) ? 1 : 0},
                  nonceHash);
          if (n.isEmpty()) {
            return NonceUse.UNKNOWN;
          }
          if (n.get()[1] == 1) {
            return NonceUse.ALREADY_USED;
          }
          if (now > n.get()[0]) {
            return NonceUse.EXPIRED;
          }
          Sql.update(c, "UPDATE nonces SET used = ? WHERE nonce_hash = ?", true, nonceHash);
          return NonceUse.OK;
        });
  }

  /** Deletes expired nonces, tokens and offers' secrets older than {@code before}. */
  public void purgeExpired(long before) {
    Sql.tx(
        db,
        c -> {
          Sql.update(c, "DELETE FROM nonces WHERE expires_at < ?", before);
          Sql.update(c, "DELETE FROM access_tokens WHERE expires_at < ?", before);
          Sql.update(c, "DELETE FROM token_uses WHERE used_at < ?", before);
          Sql.update(c, "DELETE FROM token_cards WHERE created_at < ?", before);
          return null;
        });
  }

  // ---- status lists and credentials ----

  /** A status list the issuer manages. */
  public record StatusListRow(String listId, int bits, int size, long ledgerVersion) {}

  public void insertStatusList(StatusListRow r, long now) {
    Sql.tx(
        db,
        c ->
            Sql.update(
                c,
                "INSERT INTO status_lists (list_id, bits, size, ledger_version, created_at)"
                    + " VALUES (?, ?, ?, ?, ?)",
                r.listId(),
                r.bits(),
                r.size(),
                r.ledgerVersion(),
                now));
  }

  public List<StatusListRow> statusLists() {
    return Sql.tx(
        db,
        c ->
            Sql.list(
                c,
                "SELECT list_id, bits, size, ledger_version FROM status_lists ORDER BY created_at",
                rs ->
                    new StatusListRow(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getLong(4))));
  }

  public void setLedgerVersion(String listId, long version) {
    Sql.tx(
        db,
        c ->
            Sql.update(
                c,
                "UPDATE status_lists SET ledger_version = ? WHERE list_id = ?",
                version,
                listId));
  }

  /** An issued credential's record (no claims: the issuer does not keep issued credentials). */
  public record CredentialRow(
      String id,
      String applicantId,
      String credentialType,
      String batchId,
      String holderKey,
      String statusList,
      int statusIndex,
      String status,
      long issuedAt,
      long expiresAt) {}

  public static final String VALID = "VALID";
  public static final String SUSPENDED = "SUSPENDED";
  public static final String REVOKED = "REVOKED";
  public static final String EXPIRED = "EXPIRED";

  /** Whether a credential in this status still counts as held (valid or suspended). */
  public static boolean isActive(String status) {
    return VALID.equals(status) || SUSPENDED.equals(status);
  }

  /**
   * Records issued credentials.
   *
   * @return false if a status entry was taken concurrently (nothing is written then; retry with
   *     other indexes)
   */
  public boolean insertCredentials(List<CredentialRow> rows) {
    return insertCredentials(rows, null);
  }

  /**
   * Records issued credentials and, in the same transaction, their issuance event with its
   * commitment queued for anchoring: a crash leaves either both or neither.
   *
   * @param issuance the event of a new card, or null (its second format reuses the first's)
   * @return false if a status entry was taken concurrently (nothing is written then)
   */
  public boolean insertCredentials(List<CredentialRow> rows, EventRow issuance) {
    try {
      return Sql.tx(
          db,
          c -> {
            if (issuance != null) {
              insertEvent(c, issuance);
              Sql.update(
                  c,
                  "INSERT INTO anchor_queue (commitment, created_at, anchor_tx) VALUES (?, ?, ?)",
                  issuance.commitment(),
                  issuance.createdAt(),
                  null);
            }
            for (CredentialRow r : rows) {
              Sql.update(
                  c,
                  "INSERT INTO credentials (id, applicant_id, credential_type, batch_id, holder_key,"
                      + " status_list, status_index, status, issued_at, expires_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  r.id(),
                  r.applicantId(),
                  r.credentialType(),
                  r.batchId(),
                  r.holderKey(),
                  r.statusList(),
                  r.statusIndex(),
                  r.status(),
                  r.issuedAt(),
                  r.expiresAt());
            }
            return true;
          });
    } catch (DatabaseException e) {
      if (e.getCause() instanceof SQLException s && Sql.isConstraintViolation(s)) {
        return false;
      }
      throw e;
    }
  }

  private static final String CREDENTIAL_COLUMNS =
      "id, applicant_id, credential_type, batch_id, holder_key, status_list, status_index, status,"
          + " issued_at, expires_at";

  private static CredentialRow credentialRow(java.sql.ResultSet rs) throws SQLException {
    return new CredentialRow(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getInt(7),
        rs.getString(8),
        rs.getLong(9),
        rs.getLong(10));
  }

  public Optional<CredentialRow> credential(String id) {
    return Sql.tx(
        db,
        c ->
            Sql.one(
                c,
                "SELECT " + CREDENTIAL_COLUMNS + " FROM credentials WHERE id = ?",
                IssuerStore::credentialRow,
                id));
  }

  public List<CredentialRow> credentialsOf(String applicantId) {
    return Sql.tx(
        db,
        c ->
            Sql.list(
                c,
                "SELECT "
                    + CREDENTIAL_COLUMNS
                    + " FROM credentials WHERE applicant_id = ? ORDER BY issued_at",
                IssuerStore::credentialRow,
                applicantId));
  }

  public List<CredentialRow> credentialsOfBatch(String batchId) {
    return Sql.tx(
        db,
        c ->
            Sql.list(
                c,
                "SELECT " + CREDENTIAL_COLUMNS + " FROM credentials WHERE batch_id = ?",
                IssuerStore::credentialRow,
                batchId));
  }

  /** A lifecycle event of a batch, as recorded (the event JSON holds the commitment's salt). */
  public record EventRow(
      String id,
      String batchId,
      String kind,
      String reason,
      String commitment,
      ObjectNode event,
      long createdAt,
      String anchorTx) {}

  /**
   * Moves every credential of a batch that is in one of the {@code from} states to {@code to}, and
   * in the same transaction records the event, queues its commitment for anchoring and marks the
   * affected status lists as changed.
   *
   * @return the status lists whose entries changed (empty if no credential was in a from state)
   */
  public List<String> transitionBatch(
      String batchId, java.util.Set<String> from, String to, EventRow event, long now) {
    return Sql.tx(
        db,
        c -> {
          List<String> lists =
              Sql.list(
                  c,
                  "SELECT DISTINCT status_list FROM credentials WHERE batch_id = ? AND status IN ("
                      + placeholders(from.size())
                      + ")",
                  rs -> rs.getString(1),
                  concat(batchId, from));
          if (lists.isEmpty()) {
            return lists;
          }
          Object[] params = new Object[from.size() + 2];
          params[0] = to;
          params[1] = batchId;
          int i = 2;
          for (String f : from) {
            params[i++] = f;
          }
          Sql.update(
              c,
              "UPDATE credentials SET status = ? WHERE batch_id = ? AND status IN ("
                  + placeholders(from.size())
                  + ")",
              params);
          for (String l : lists) {
            Sql.update(
                c, "UPDATE status_lists SET change_seq = change_seq + 1 WHERE list_id = ?", l);
          }
          insertEvent(c, event);
          Sql.update(
              c,
              "INSERT INTO anchor_queue (commitment, created_at, anchor_tx) VALUES (?, ?, ?)",
              event.commitment(),
              now,
              null);
          return lists;
        });
  }

  private static void insertEvent(java.sql.Connection c, EventRow e) throws SQLException {
    Sql.update(
        c,
        "INSERT INTO credential_events (id, batch_id, kind, reason, commitment, event_json,"
            + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        e.id(),
        e.batchId(),
        e.kind(),
        e.reason(),
        e.commitment(),
        Json.string(e.event()),
        e.createdAt());
  }

  /** A batch's events, oldest first, with the ledger transaction that anchored each (if yet). */
  public List<EventRow> eventsOfBatch(String batchId) {
    return Sql.tx(
        db,
        c ->
            Sql.list(
                c,
                "SELECT e.id, e.batch_id, e.kind, e.reason, e.commitment, e.event_json,"
                    + " e.created_at, q.anchor_tx FROM credential_events e LEFT JOIN anchor_queue q"
                    + " ON q.commitment = e.commitment WHERE e.batch_id = ? ORDER BY e.created_at,"
                    + " e.id",
                rs ->
                    new EventRow(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        (ObjectNode) Json.parse(rs.getString(6)),
                        rs.getLong(7),
                        rs.getString(8)),
                batchId));
  }

  /** Batches with a valid or suspended credential whose validity ended at or before {@code now}. */
  public List<String> batchesDueToExpire(long now, int max) {
    return Sql.tx(
        db,
        c ->
            Sql.list(
                c,
                "SELECT DISTINCT batch_id FROM credentials WHERE expires_at <= ? AND status IN"
                    + " (?, ?) FETCH FIRST "
                    + max
                    + " ROWS ONLY",
                rs -> rs.getString(1),
                now,
                VALID,
                SUSPENDED));
  }

  /** The batches of an applicant's type that are still held (valid or suspended). */
  public List<String> activeBatches(String applicantId, String credentialType) {
    return Sql.tx(
        db,
        c ->
            Sql.list(
                c,
                "SELECT DISTINCT batch_id FROM credentials WHERE applicant_id = ? AND"
                    + " credential_type = ? AND status IN (?, ?)",
                rs -> rs.getString(1),
                applicantId,
                credentialType,
                VALID,
                SUSPENDED));
  }

  /** Status lists with changes not yet published on the ledger: list id to its change_seq. */
  public java.util.Map<String, Long> listsToPublish() {
    return Sql.tx(
        db,
        c -> {
          java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
          for (Object[] r :
              Sql.list(
                  c,
                  "SELECT list_id, change_seq FROM status_lists WHERE change_seq > published_seq",
                  rs -> new Object[] {rs.getString(1), rs.getLong(2)})) {
            m.put((String) r[0], (Long) r[1]);
          }
          return m;
        });
  }

  /** The change_seq of a list now (read before computing the list to publish). */
  public long changeSeq(String listId) {
    return Sql.tx(
        db,
        c ->
            Sql.one(
                    c,
                    "SELECT change_seq FROM status_lists WHERE list_id = ?",
                    rs -> rs.getLong(1),
                    listId)
                .orElse(0L));
  }

  /** Records that the ledger now has a list with every change up to {@code seq}. */
  public void markPublished(String listId, long seq) {
    Sql.tx(
        db,
        c ->
            Sql.update(
                c,
                "UPDATE status_lists SET published_seq = ? WHERE list_id = ? AND published_seq < ?",
                seq,
                listId,
                seq));
  }

  /** Why an offer exists beyond a first issuance. */
  public record OfferReplacement(String kind, String replacesBatch) {}

  public static final String RENEWAL = "RENEWAL";
  public static final String REISSUE = "REISSUE";

  public Optional<OfferReplacement> offerReplacement(String offerId) {
    return Sql.tx(
        db,
        c ->
            Sql.one(
                c,
                "SELECT kind, replaces_batch FROM offer_replacements WHERE offer_id = ?",
                rs -> new OfferReplacement(rs.getString(1), rs.getString(2)),
                offerId));
  }

  private static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  private static Object[] concat(String first, java.util.Collection<String> rest) {
    Object[] out = new Object[rest.size() + 1];
    out[0] = first;
    int i = 1;
    for (String r : rest) {
      out[i++] = r;
    }
    return out;
  }

  /** The indexes of a list already allocated to credentials. */
  public java.util.BitSet allocated(String listId) {
    return Sql.tx(
        db,
        c -> {
          java.util.BitSet b = new java.util.BitSet();
          for (int i :
              Sql.list(
                  c,
                  "SELECT status_index FROM credentials WHERE status_list = ?",
                  rs -> rs.getInt(1),
                  listId)) {
            b.set(i);
          }
          return b;
        });
  }

  /** The entries of a list whose status is not VALID: index to status. */
  public java.util.Map<Integer, String> nonValid(String listId) {
    return Sql.tx(
        db,
        c -> {
          java.util.Map<Integer, String> m = new java.util.HashMap<>();
          for (Object[] r :
              Sql.list(
                  c,
                  "SELECT status_index, status FROM credentials WHERE status_list = ? AND status <> ?",
                  rs -> new Object[] {rs.getInt(1), rs.getString(2)},
                  listId,
                  VALID)) {
            m.put((Integer) r[0], (String) r[1]);
          }
          return m;
        });
  }

  // ---- anchoring ----

  /** The anchor queue as the ledger client's anchoring loop sees it. */
  public kr.kdid.ledger.client.EventAnchors.Queue anchorQueue() {
    return new kr.kdid.ledger.client.EventAnchors.Queue() {
      @Override
      public List<String> pending(int max) {
        return pendingCommitments(max);
      }

      @Override
      public void markAnchored(List<String> commitments, String txId) {
        IssuerStore.this.markAnchored(commitments, txId);
      }
    };
  }

  /** Up to {@code max} commitments not yet anchored, oldest first. */
  public List<String> pendingCommitments(int max) {
    return Sql.tx(
        db,
        c ->
            Sql.list(
                c,
                "SELECT commitment FROM anchor_queue WHERE anchor_tx IS NULL ORDER BY created_at"
                    + " FETCH FIRST "
                    + max
                    + " ROWS ONLY",
                rs -> rs.getString(1)));
  }

  public void markAnchored(List<String> commitments, String txId) {
    Sql.tx(
        db,
        c -> {
          for (String cm : commitments) {
            Sql.update(c, "UPDATE anchor_queue SET anchor_tx = ? WHERE commitment = ?", txId, cm);
          }
          return null;
        });
  }

  // ---- mdoc certificates and token uses ----

  /** The newest certificate of a kind ("IACA", "DS"), base64 DER. */
  public Optional<String> mdocCertificate(String kind) {
    return Sql.tx(
        db,
        c ->
            Sql.one(
                c,
                "SELECT der_base64 FROM mdoc_certificates WHERE kind = ? ORDER BY created_at DESC,"
                    + " id DESC FETCH FIRST 1 ROWS ONLY",
                rs -> rs.getString(1),
                kind));
  }

  public void insertMdocCertificate(String kind, String derBase64, long notAfter, long now) {
    Sql.tx(
        db,
        c ->
            Sql.update(
                c,
                "INSERT INTO mdoc_certificates (id, kind, der_base64, not_after, created_at)"
                    + " VALUES (?, ?, ?, ?, ?)",
                java.util.UUID.randomUUID().toString(),
                kind,
                derBase64,
                notAfter,
                now));
  }

  /**
   * The card (batch id) an access token issues into: the first request of a token claims one, and
   * every later or concurrent request of the same token gets the same (the primary key decides).
   */
  public String tokenCard(String tokenHash, String newBatchId, long now) {
    try {
      Sql.tx(
          db,
          c ->
              Sql.update(
                  c,
                  "INSERT INTO token_cards (token_hash, batch_id, created_at) VALUES (?, ?, ?)",
                  tokenHash,
                  newBatchId,
                  now));
      return newBatchId;
    } catch (DatabaseException e) {
      if (!(e.getCause() instanceof SQLException s && Sql.isConstraintViolation(s))) {
        throw e;
      }
    }
    return Sql.tx(
        db,
        c ->
            Sql.one(
                    c,
                    "SELECT batch_id FROM token_cards WHERE token_hash = ?",
                    rs -> rs.getString(1),
                    tokenHash)
                .orElseThrow(() -> new IllegalStateException("token card vanished")));
  }

  /**
   * Uses an access token for one credential configuration (once each).
   *
   * @return false if it was already used for that configuration
   */
  public boolean useTokenFor(String tokenHash, String configurationId, long now) {
    try {
      return Sql.tx(
          db,
          c ->
              Sql.update(
                      c,
                      "INSERT INTO token_uses (token_hash, configuration_id, used_at) VALUES (?, ?,"
                          + " ?)",
                      tokenHash,
                      configurationId,
                      now)
                  == 1);
    } catch (DatabaseException e) {
      if (e.getCause() instanceof SQLException s && Sql.isConstraintViolation(s)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * What a deferred request was for beyond its type.
   *
   * @param configurationId the credential configuration (the type id, or its doctype for mdoc)
   * @param batchId the card it issues into
   * @param offerId the offer of the grant (null for the authorization code flow)
   */
  public record DeferredDetails(String configurationId, String batchId, String offerId) {}

  public void insertDeferredDetails(String deferredId, DeferredDetails d) {
    Sql.tx(
        db,
        c ->
            Sql.update(
                c,
                "INSERT INTO deferred_details (deferred_id, configuration_id, batch_id, offer_id)"
                    + " VALUES (?, ?, ?, ?)",
                deferredId,
                d.configurationId(),
                d.batchId(),
                d.offerId()));
  }

  public Optional<DeferredDetails> deferredDetails(String deferredId) {
    return Sql.tx(
        db,
        c ->
            Sql.one(
                c,
                "SELECT configuration_id, batch_id, offer_id FROM deferred_details WHERE"
                    + " deferred_id = ?",
                rs -> new DeferredDetails(rs.getString(1), rs.getString(2), rs.getString(3)),
                deferredId));
  }
}
