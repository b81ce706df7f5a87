package kr.kdid.issuer;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.credentials.catalog.CredentialType;
import kr.kdid.credentials.events.EventCommitment;
import kr.kdid.issuer.oid4vci.CreateOffer;
import kr.kdid.issuer.store.IssuerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of an issued batch after issuance: suspend (phone lost) and reinstate (found), revoke,
 * expire, renew before expiry, and re-issue to a new phone. Every status change is one database
 * transaction that also records the event and queues its salted commitment for anchoring on the
 * ledger; the changed status lists are then published on the ledger (and published again by the
 * housekeeping timer if the ledger could not be reached, so a change is never lost between the
 * database and the ledger).
 *
 * <p>Renewal and re-issue hand out a new offer; the credentials they replace are revoked when the
 * wallet redeems it, so the holder is never left without a card in between.
 */
public final class CredentialLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(CredentialLifecycle.class);
  private static final ZoneId KOREA = ZoneId.of("Asia/Seoul");

  /** A status change and the states it may start from. */
  public enum Transition {
    SUSPEND(Set.of(IssuerStore.VALID), IssuerStore.SUSPENDED, EventCommitment.SUSPENSION),
    REINSTATE(Set.of(IssuerStore.SUSPENDED), IssuerStore.VALID, EventCommitment.REINSTATEMENT),
    REVOKE(
        Set.of(IssuerStore.VALID, IssuerStore.SUSPENDED),
        IssuerStore.REVOKED,
        EventCommitment.REVOCATION),
    EXPIRE(
        Set.of(IssuerStore.VALID, IssuerStore.SUSPENDED),
        IssuerStore.EXPIRED,
        EventCommitment.EXPIRY);

    final Set<String> from;
    final String to;
    final String eventKind;

    Transition(Set<String> from, String to, String eventKind) {
      this.from = from;
      this.to = to;
      this.eventKind = eventKind;
    }

    /** The status a batch has after this transition. */
    public String target() {
      return to;
    }

    /** The transition that leads to a status named by an admin ("suspended", "valid", ...). */
    public static Transition toStatus(String status) {
      return switch (status) {
        case IssuerStore.SUSPENDED -> SUSPEND;
        case IssuerStore.VALID -> REINSTATE;
        case IssuerStore.REVOKED -> REVOKE;
        default ->
            throw new LifecycleException(
                400,
                "INVALID_STATUS",
                "status must be valid, suspended or revoked, not " + status.toLowerCase());
      };
    }
  }

  /** A refused lifecycle request, with its HTTP status and machine-readable code. */
  public static final class LifecycleException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    public LifecycleException(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }
  }

  /**
   * A done status change.
   *
   * @param published whether the changed status lists are on the ledger already (false: the ledger
   *     could not be reached; the housekeeping timer publishes them)
   */
  public record Changed(
      String batchId, String status, int credentials, EventCommitment event, boolean published) {}

  private final IssuerStore store;
  private final Supplier<StatusRegistry> status;
  private final CreateOffer offers;
  private final Catalog catalog;
  private final Supplier<String> issuerDid;
  private final Clock clock;
  private final SecureRandom random;

  CredentialLifecycle(
      IssuerStore store,
      Supplier<StatusRegistry> status,
      CreateOffer offers,
      Catalog catalog,
      Supplier<String> issuerDid,
      Clock clock,
      SecureRandom random) {
    this.store = store;
    this.status = status;
    this.offers = offers;
    this.catalog = catalog;
    this.issuerDid = issuerDid;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Changes the status of every credential of a batch.
   *
   * @param reason a short note kept with the event (never sent to the ledger), may be null
   * @throws LifecycleException UNKNOWN_BATCH (404); ALREADY_REVOKED, ALREADY_EXPIRED or
   *     INVALID_TRANSITION (409)
   */
  public Changed apply(String batchId, Transition t, String reason) {
    List<IssuerStore.CredentialRow> rows = store.credentialsOfBatch(batchId);
    if (rows.isEmpty()) {
      throw new LifecycleException(404, "UNKNOWN_BATCH", "no credentials in batch " + batchId);
    }
    refuseFinal(batchId, rows, t);
    if (rows.stream().noneMatch(r -> t.from.contains(r.status()))) {
      throw new LifecycleException(
          409,
          "INVALID_TRANSITION",
          "batch "
              + batchId
              + " is "
              + rows.get(0).status().toLowerCase()
              + "; it cannot be "
              + switch (t) {
                case SUSPEND -> "suspended (only a valid batch can)";
                case REINSTATE -> "reinstated (only a suspended batch can)";
                default -> t.to.toLowerCase();
              });
    }
    Instant now = clock.instant();
    EventCommitment event =
        EventCommitment.create(
            t.eventKind, issuerDid.get(), rows.get(0).credentialType(), now, random);
    IssuerStore.EventRow row = eventRow(batchId, event, reason, now);
    List<String> lists = store.transitionBatch(batchId, t.from, t.to, row, now.toEpochMilli());
    if (lists.isEmpty()) {
      throw new LifecycleException(
          409, "INVALID_TRANSITION", "batch " + batchId + " changed meanwhile; read it again");
    }
    int changed = (int) rows.stream().filter(r -> t.from.contains(r.status())).count();
    boolean published = true;
    for (String list : lists) {
      try {
        status.get().publish(list);
      } catch (RuntimeException e) {
        published = false;
        LOG.warn(
            "status list {} changed ({} of batch {}) but could not be published on the ledger"
                + " now; retrying in the background: {}",
            list,
            t,
            batchId,
            e.getMessage());
      }
    }
    return new Changed(batchId, t.to, changed, event, published);
  }

  private void refuseFinal(String batchId, List<IssuerStore.CredentialRow> rows, Transition t) {
    if (rows.stream().anyMatch(r -> r.status().equals(IssuerStore.REVOKED))) {
      throw new LifecycleException(
          409, "ALREADY_REVOKED", "batch " + batchId + " is revoked; revocation is final");
    }
    boolean expired =
        rows.stream()
            .anyMatch(
                r ->
                    r.status().equals(IssuerStore.EXPIRED)
                        || (t != Transition.EXPIRE && r.expiresAt() <= clock.millis()));
    if (expired && t != Transition.REVOKE) {
      throw new LifecycleException(
          409, "ALREADY_EXPIRED", "batch " + batchId + " has expired; issue a new credential");
    }
  }

  /**
   * An offer that renews a valid batch before it expires: the wallet redeems it like a first offer,
   * and the old batch is revoked when the new one is issued.
   *
   * @throws LifecycleException UNKNOWN_BATCH, ALREADY_REVOKED, ALREADY_EXPIRED, BATCH_SUSPENDED, or
   *     the type's issuance rules (for example BELOW_MINIMUM_AGE) refusing
   */
  public CreateOffer.Result renew(String batchId) {
    List<IssuerStore.CredentialRow> rows = store.credentialsOfBatch(batchId);
    if (rows.isEmpty()) {
      throw new LifecycleException(404, "UNKNOWN_BATCH", "no credentials in batch " + batchId);
    }
    refuseFinal(batchId, rows, Transition.REVOKE);
    if (rows.stream().anyMatch(r -> r.expiresAt() <= clock.millis())) {
      throw new LifecycleException(
          409,
          "ALREADY_EXPIRED",
          "batch " + batchId + " has expired; renewal is before expiry, issue a new one instead");
    }
    if (rows.stream().anyMatch(r -> r.status().equals(IssuerStore.SUSPENDED))) {
      throw new LifecycleException(
          409,
          "BATCH_SUSPENDED",
          "batch " + batchId + " is suspended; reinstate it first, or re-issue to a new device");
    }
    IssuerStore.CredentialRow first = rows.get(0);
    checkEligible(first.applicantId(), first.credentialType(), c -> c.batchId().equals(batchId));
    return offers.create(
        first.applicantId(),
        first.credentialType(),
        new IssuerStore.OfferReplacement(IssuerStore.RENEWAL, batchId));
  }

  /**
   * An offer that re-issues a type to a new device: when the wallet redeems it, every credential of
   * the type the applicant still holds (on the old phone, valid or suspended) is revoked.
   *
   * @throws LifecycleException UNKNOWN_APPLICANT, UNKNOWN_CREDENTIAL_TYPE, or the type's issuance
   *     rules refusing
   */
  public CreateOffer.Result reissue(String applicantId, String credentialType) {
    if (store.applicant(applicantId).isEmpty()) {
      throw new LifecycleException(
          404, "UNKNOWN_APPLICANT", "no enrolled applicant " + applicantId);
    }
    if (catalog.byId(credentialType).isEmpty()) {
      throw new LifecycleException(
          400, "UNKNOWN_CREDENTIAL_TYPE", "unknown credential type " + credentialType);
    }
    checkEligible(applicantId, credentialType, c -> c.credentialType().equals(credentialType));
    return offers.create(
        applicantId, credentialType, new IssuerStore.OfferReplacement(IssuerStore.REISSUE, null));
  }

  /**
   * Checks a type's issuance rules for an applicant (the officer hears a refusal when creating an
   * offer, not only the wallet when it asks for the credential).
   *
   * @throws LifecycleException with the rule's code (400)
   */
  public void checkEligible(
      String applicantId,
      String credentialType,
      java.util.function.Predicate<IssuerStore.CredentialRow> replaced) {
    IssuerStore.Applicant a =
        store
            .applicant(applicantId)
            .orElseThrow(
                () ->
                    new LifecycleException(
                        404, "UNKNOWN_APPLICANT", "no enrolled applicant " + applicantId));
    CredentialType type = catalog.byId(credentialType).orElseThrow();
    Eligibility.check(
            type,
            a,
            LocalDate.ofInstant(clock.instant(), KOREA),
            store.credentialsOf(applicantId),
            replaced,
            clock.millis())
        .ifPresent(
            r -> {
              throw new LifecycleException(400, r.code(), r.message());
            });
  }

  /**
   * After a batch was issued from an offer: revokes what a renewal or re-issue replaces.
   *
   * @return the batches revoked
   */
  public List<String> afterIssuance(String offerId, String applicantId, String type, String batch) {
    if (offerId == null) {
      return List.of();
    }
    var replacement = store.offerReplacement(offerId);
    if (replacement.isEmpty()) {
      return List.of();
    }
    List<String> old =
        replacement.get().kind().equals(IssuerStore.RENEWAL)
            ? List.of(replacement.get().replacesBatch())
            : store.activeBatches(applicantId, type);
    String reason =
        replacement.get().kind().equals(IssuerStore.RENEWAL)
            ? "renewed by batch " + batch
            : "re-issued to a new device as batch " + batch;
    List<String> revoked = new ArrayList<>();
    for (String b : old) {
      if (b.equals(batch)) {
        continue;
      }
      try {
        apply(b, Transition.REVOKE, reason);
        revoked.add(b);
      } catch (LifecycleException e) {
        LOG.info("batch {} was not revoked after {}: {}", b, reason, e.getMessage());
      }
    }
    return revoked;
  }

  /**
   * Expires every batch whose validity ended: its status-list entries become invalid on the ledger
   * and the expiry is anchored (the housekeeping timer calls this every minute).
   *
   * @return the number of batches expired
   */
  public int expireDue() {
    int n = 0;
    for (String b : store.batchesDueToExpire(clock.millis(), 500)) {
      try {
        apply(b, Transition.EXPIRE, "validity ended");
        n++;
      } catch (LifecycleException e) {
        LOG.debug("batch {} not expired: {}", b, e.getMessage());
      }
    }
    return n;
  }

  /** The record of a new batch's issuance event (stored with the batch's credentials). */
  public IssuerStore.EventRow issuanceRow(String batchId, EventCommitment event) {
    return eventRow(batchId, event, null, clock.instant());
  }

  private IssuerStore.EventRow eventRow(
      String batchId, EventCommitment event, String reason, Instant now) {
    return new IssuerStore.EventRow(
        Randomness.id(random, 12),
        batchId,
        event.kind(),
        reason == null ? null : reason.length() > 256 ? reason.substring(0, 256) : reason,
        event.commitmentHex(),
        event.toJson(),
        now.toEpochMilli(),
        null);
  }
}
