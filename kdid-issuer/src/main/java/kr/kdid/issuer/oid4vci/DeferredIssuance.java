package kr.kdid.issuer.oid4vci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.json.Json;
import kr.kdid.core.json.MalformedJsonException;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.credentials.catalog.CredentialType;
import kr.kdid.issuer.IssuerConfig;
import kr.kdid.issuer.store.AuthorizationStore;
import kr.kdid.issuer.store.AuthorizationStore.Deferred;
import kr.kdid.issuer.store.IssuerStore;

/**
 * Deferred issuance (OpenID4VCI §9) for credential types that need an officer's approval ({@link
 * kr.kdid.issuer.FlowOptions#manualApproval()}): the credential endpoint answers 202 with a {@code
 * transaction_id}; an administrator approves or rejects; the Deferred Credential Endpoint answers
 * 202 again while the request is pending, then issues the credentials, to the holder keys proven in
 * the original request, at the first request after approval. The transaction id is single use.
 *
 * <p>The deferred endpoint takes the access token of the original credential request, and only that
 * one: it stays good there (and only there) for its transaction until the transaction expires
 * ({@link kr.kdid.issuer.FlowOptions#deferredTtl()}), since approval can take longer than a bearer
 * token lives.
 */
public final class DeferredIssuance {
  /** Answers of the deferred endpoint while waiting carry this K-DID extension status. */
  public static final String PENDING_STATUS = "issuance_pending";

  private final IssuerConfig config;
  private final AuthorizationStore store;
  private final IssuerStore issuerStore;
  private final Catalog catalog;
  private final IssueCredentials credentials;
  private final Predicate<String> accredited;
  private final Clock clock;

  public DeferredIssuance(
      IssuerConfig config,
      AuthorizationStore store,
      IssuerStore issuerStore,
      Catalog catalog,
      IssueCredentials credentials,
      Predicate<String> accredited,
      Clock clock) {
    this.config = config;
    this.store = store;
    this.issuerStore = issuerStore;
    this.catalog = catalog;
    this.credentials = credentials;
    this.accredited = accredited;
    this.clock = clock;
  }

  /** Creates transactions for the credential endpoint. */
  static final class Deferral {
    private final IssuerConfig config;
    private final AuthorizationStore store;
    private final IssuerStore issuerStore;
    private final Clock clock;
    private final SecureRandom random;

    Deferral(
        IssuerConfig config,
        AuthorizationStore store,
        IssuerStore issuerStore,
        Clock clock,
        SecureRandom random) {
      this.config = config;
      this.store = store;
      this.issuerStore = issuerStore;
      this.clock = clock;
      this.random = random;
    }

    /** Records a request for approval; the 202 response body. */
    ObjectNode defer(
        String tokenHash,
        String applicantId,
        String credentialType,
        List<VerificationKey> keys,
        IssuerStore.DeferredDetails details) {
      String transactionId = Secrets.token(random);
      ArrayNode jwks = Json.array();
      keys.forEach(k -> jwks.add(k.toJwk().toJson()));
      long now = clock.millis();
      String id = Secrets.token(random).substring(0, 22);
      // The details first: a crash in between leaves an unused details row, never a transaction
      // that would be issued without its format, card or offer.
      issuerStore.insertDeferredDetails(id, details);
      store.insertDeferred(
          new Deferred(
              id,
              Secrets.hash(transactionId),
              tokenHash,
              applicantId,
              credentialType,
              Json.string(jwks),
              AuthorizationStore.PENDING,
              now,
              now + config.flows().deferredTtl().toMillis(),
              0));
      return pending(transactionId, config);
    }
  }

  private static ObjectNode pending(String transactionId, IssuerConfig config) {
    ObjectNode o = Json.object();
    o.put("transaction_id", transactionId);
    o.put("interval", config.flows().deferredInterval().toSeconds());
    o.put("kdid_status", PENDING_STATUS);
    return o;
  }

  /**
   * Handles a Deferred Credential Request.
   *
   * @return the response: credentials (send with 200), or {@code transaction_id} and {@code
   *     interval} while pending (send with 202)
   * @throws Oid4vciError for every refusal, each with its own K-DID code
   */
  public ObjectNode collect(String authorization, JsonNode body) {
    String tokenHash = IssueCredentials.bearerHash(authorization);
    if (body == null || !body.isObject()) {
      throw Oid4vciError.invalidCredentialRequest(
          "MALFORMED_CREDENTIAL_REQUEST", "the body must be a JSON object");
    }
    JsonNode tid = body.get("transaction_id");
    if (tid == null || !tid.isTextual() || tid.asText().isEmpty()) {
      throw Oid4vciError.invalidCredentialRequest(
          "MISSING_TRANSACTION_ID", "transaction_id is required");
    }
    Deferred d =
        store
            .deferredByTransaction(Secrets.hash(tid.asText()))
            .orElseThrow(
                () -> invalidTransaction("UNKNOWN_TRANSACTION_ID", "unknown transaction_id"));
    if (!AuthorizeWithCode.constantTimeEquals(tokenHash, d.tokenHash())) {
      throw Oid4vciError.invalidToken(
          "TOKEN_NOT_FOR_TRANSACTION",
          "use the access token of the credential request that started this transaction");
    }
    Instant now = clock.instant();
    switch (d.status()) {
      case AuthorizationStore.ISSUED ->
          throw invalidTransaction(
              "TRANSACTION_USED", "the credentials of this transaction were already collected");
      case AuthorizationStore.REJECTED ->
          throw new Oid4vciError(
              400,
              "credential_request_denied",
              "TRANSACTION_REJECTED",
              "the issuer rejected this credential request; it will not be issued");
      default -> {}
    }
    if (now.toEpochMilli() > d.expiresAt()) {
      throw invalidTransaction("TRANSACTION_EXPIRED", "this transaction has expired");
    }
    if (d.status().equals(AuthorizationStore.PENDING)) {
      return pending(tid.asText(), config);
    }
    // APPROVED: issue now, once.
    if (!accredited.test(d.credentialType())) {
      throw new Oid4vciError(
          400,
          "credential_request_denied",
          "ISSUER_NOT_ACCREDITED",
          "this issuer is not (or no longer) accredited on the ledger to issue "
              + d.credentialType());
    }
    if (!store.moveDeferred(
        d.id(), AuthorizationStore.APPROVED, AuthorizationStore.ISSUED, now.toEpochMilli())) {
      throw invalidTransaction(
          "TRANSACTION_USED", "the credentials of this transaction were already collected");
    }
    CredentialType type = catalog.byId(d.credentialType()).orElseThrow();
    IssuerStore.Applicant applicant = issuerStore.applicant(d.applicantId()).orElseThrow();
    try {
      // The format, card and offer of the original request (a renewal or re-issue offer that
      // needed approval replaces what it names once issued).
      IssuerStore.DeferredDetails details =
          issuerStore
              .deferredDetails(d.id())
              .orElseThrow(
                  () -> new IllegalStateException("deferred transaction " + d.id() + " lost"));
      return credentials.issueApproved(type, applicant, keys(d), now, details);
    } catch (Oid4vciError e) {
      store.moveDeferred(
          d.id(), AuthorizationStore.ISSUED, AuthorizationStore.REJECTED, now.toEpochMilli());
      throw e;
    } catch (RuntimeException e) {
      // An internal failure: let the wallet try again.
      store.moveDeferred(
          d.id(), AuthorizationStore.ISSUED, AuthorizationStore.APPROVED, now.toEpochMilli());
      throw e;
    }
  }

  private static List<VerificationKey> keys(Deferred d) {
    try {
      List<VerificationKey> out = new ArrayList<>();
      for (JsonNode j :
          Json.parse(d.holderKeys().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
        out.add(VerificationKey.fromJwk(Jwk.fromJson(j)));
      }
      return out;
    } catch (MalformedJsonException e) {
      throw new IllegalStateException("stored holder keys of " + d.id() + " are corrupt", e);
    }
  }

  private static Oid4vciError invalidTransaction(String kdid, String description) {
    return new Oid4vciError(400, "invalid_transaction_id", kdid, description);
  }

  // ---- administration ----

  /** What an administrator decides. */
  public enum Decision {
    APPROVE,
    REJECT
  }

  /** The outcome of a decision. */
  public enum Decided {
    DONE,
    UNKNOWN,
    NOT_PENDING
  }

  /** Approves or rejects a pending transaction by its administrative id. */
  public Decided decide(String id, Decision decision) {
    Optional<Deferred> d = store.deferred(id);
    if (d.isEmpty()) {
      return Decided.UNKNOWN;
    }
    String to =
        decision == Decision.APPROVE ? AuthorizationStore.APPROVED : AuthorizationStore.REJECTED;
    return store.moveDeferred(id, AuthorizationStore.PENDING, to, clock.millis())
        ? Decided.DONE
        : Decided.NOT_PENDING;
  }

  /** The transactions for the administrator (no secrets), optionally of one status. */
  public ArrayNode list(String status) {
    ArrayNode out = Json.array();
    for (Deferred d : store.deferredList(status)) {
      ObjectNode o = out.addObject();
      o.put("id", d.id());
      o.put("applicantId", d.applicantId());
      o.put("credentialType", d.credentialType());
      o.put("status", d.status());
      o.put(
          "keys",
          Json.parse(d.holderKeys().getBytes(java.nio.charset.StandardCharsets.UTF_8)).size());
      o.put("createdAt", Instant.ofEpochMilli(d.createdAt()).toString());
      o.put("expiresAt", Instant.ofEpochMilli(d.expiresAt()).toString());
      if (d.decidedAt() > 0) {
        o.put("decidedAt", Instant.ofEpochMilli(d.decidedAt()).toString());
      }
    }
    return out;
  }
}
