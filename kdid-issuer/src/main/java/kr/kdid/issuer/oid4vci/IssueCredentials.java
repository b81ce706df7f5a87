package kr.kdid.issuer.oid4vci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.P256Key;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.jose.JoseException;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.credentials.catalog.CredentialType;
import kr.kdid.credentials.events.EventCommitment;
import kr.kdid.credentials.mdoc.IssuerSigned;
import kr.kdid.credentials.mdoc.MdocIssuer;
import kr.kdid.credentials.mdoc.MdocTypes;
import kr.kdid.credentials.mdoc.MdocValues;
import kr.kdid.credentials.mdoc.ValidityInfo;
import kr.kdid.credentials.sdjwt.SdJwt;
import kr.kdid.credentials.sdjwtvc.SdJwtVcIssuer;
import kr.kdid.credentials.status.StatusReference;
import kr.kdid.issuer.CredentialLifecycle;
import kr.kdid.issuer.Eligibility;
import kr.kdid.issuer.IssuerConfig;
import kr.kdid.issuer.StatusRegistry;
import kr.kdid.issuer.store.IssuerStore;

/**
 * The Credential Endpoint (OpenID4VCI §8) for {@code dc+sd-jwt}: checks the access token and every
 * JWT key proof (Appendix F.4), enforces the credential type's issuance rules, and issues one
 * SD-JWT VC per proof key (batch issuance: distinct holder keys, fresh salts and status entries, so
 * that verifiers cannot link the credentials), each with a random status-list entry. The issuance
 * is queued for anchoring as a salted commitment, whose event (with the salt) goes to the holder.
 */
public final class IssueCredentials {
  public static final String PROOF_TYP = "openid4vci-proof+jwt";

  /** How old a key proof's iat may be, and how far in the future. */
  static final Duration PROOF_MAX_AGE = Duration.ofMinutes(5);

  static final Duration PROOF_MAX_FUTURE = Duration.ofMinutes(1);

  private final IssuerConfig config;
  private final kr.kdid.ledger.client.LedgerIdentity identity;
  private final IssuerStore store;
  private final Catalog catalog;
  private final Supplier<StatusRegistry> status;
  private final Predicate<String> accredited;
  private final Clock clock;
  private final SecureRandom random;
  private final SdJwtVcIssuer sdJwtIssuer;
  private final CredentialLifecycle lifecycle;
  private final kr.kdid.issuer.MdocSigning mdoc;
  private final kr.kdid.issuer.store.AuthorizationStore authorizations;
  private final DeferredIssuance.Deferral deferral;

  public IssueCredentials(
      IssuerConfig config,
      kr.kdid.ledger.client.LedgerIdentity identity,
      IssuerStore store,
      Catalog catalog,
      Supplier<StatusRegistry> status,
      Predicate<String> accredited,
      CredentialLifecycle lifecycle,
      kr.kdid.issuer.MdocSigning mdoc,
      Clock clock,
      SecureRandom random,
      kr.kdid.issuer.store.AuthorizationStore authorizations) {
    this.lifecycle = lifecycle;
    this.mdoc = mdoc;
    this.config = config;
    this.identity = identity;
    this.store = store;
    this.authorizations = authorizations;
    this.deferral = new DeferredIssuance.Deferral(config, authorizations, store, clock, random);
    this.catalog = catalog;
    this.status = status;
    this.accredited = accredited;
    this.clock = clock;
    this.random = random;
    this.sdJwtIssuer = new SdJwtVcIssuer(random);
  }

  /**
   * Handles a credential request.
   *
   * @param authorization the Authorization header value
   * @param body the JSON body
   * @return the credential response
   * @throws Oid4vciError for every refusal, each with its own K-DID code
   */
  public ObjectNode issue(String authorization, JsonNode body) {
    String tokenHash = bearer(authorization);
    IssuerStore.TokenGrant grant =
        store
            .accessToken(tokenHash)
            .orElseThrow(() -> Oid4vciError.invalidToken("TOKEN_INVALID", "unknown access token"));
    Instant now = clock.instant();
    if (now.toEpochMilli() > grant.expiresAt()) {
      throw Oid4vciError.invalidToken("TOKEN_EXPIRED", "the access token has expired");
    }
    if (grant.used()) {
      throw Oid4vciError.invalidToken("TOKEN_USED", "the access token was already used");
    }
    Grant granted = grantOf(grant, tokenHash);
    if (body == null || !body.isObject()) {
      throw Oid4vciError.invalidCredentialRequest(
          "MALFORMED_CREDENTIAL_REQUEST", "the body must be a JSON object");
    }
    String configId = configurationId(body, granted);
    CredentialType type = catalog.byId(granted.credentialType()).orElseThrow();
    boolean mdocFormat = !configId.equals(type.id());
    if (!accredited.test(type.id())) {
      throw new Oid4vciError(
          400,
          "credential_request_denied",
          "ISSUER_NOT_ACCREDITED",
          "this issuer is not (or no longer) accredited on the ledger to issue " + type.id());
    }
    List<VerificationKey> keys = checkProofs(body, type, now);
    if (mdocFormat && keys.stream().anyMatch(k -> !(k instanceof P256Key))) {
      throw Oid4vciError.invalidProof(
          "PROOF_KEY_UNSUPPORTED", "an mdoc device key must be a P-256 key (ES256 proofs)");
    }

    IssuerStore.Applicant applicant = store.applicant(granted.applicantId()).orElseThrow();
    LocalDate today = LocalDate.ofInstant(now, ZoneId.of("Asia/Seoul"));
    // The card this token issues into: one batch for both formats, even for concurrent requests.
    String batchId = store.tokenCard(tokenHash, Randomness.id(random, 12), now.toEpochMilli());
    String sameCard = cardSoFar(batchId);
    checkRules(type, applicant, today, granted.offerId(), batchId);
    if (!store.useTokenFor(tokenHash, configId, now.toEpochMilli())) {
      throw Oid4vciError.invalidToken(
          "TOKEN_USED", "the access token was already used for " + configId);
    }
    if (type.rules().manualApproval() || config.flows().manualApproval().contains(type.id())) {
      return deferral.defer(
          tokenHash,
          applicant.id(),
          type.id(),
          keys,
          new IssuerStore.DeferredDetails(configId, batchId, granted.offerId()));
    }
    return issue(type, mdocFormat, applicant, keys, now, granted.offerId(), batchId, sameCard);
  }

  /**
   * The card's batch if one of its formats was issued already (null otherwise). The other format is
   * only issued into a card that is still fully valid: a card suspended or revoked in between (a
   * lost phone) gets no new credentials.
   *
   * @throws Oid4vciError CARD_NOT_ACTIVE
   */
  private String cardSoFar(String batchId) {
    List<IssuerStore.CredentialRow> rows = store.credentialsOfBatch(batchId);
    if (rows.isEmpty()) {
      return null;
    }
    if (rows.stream().anyMatch(r -> !r.status().equals(IssuerStore.VALID))) {
      throw new Oid4vciError(
          400,
          "credential_request_denied",
          "CARD_NOT_ACTIVE",
          "this card was suspended, revoked or has expired since its first format was issued");
    }
    return batchId;
  }

  /**
   * Issues an approved deferred request now (see {@link DeferredIssuance}): the card's rules are
   * checked again, then the batch is issued in the requested format into the card's batch.
   *
   * @param details the configuration, card and offer of the original request
   * @throws Oid4vciError {@code credential_request_denied} if the rules no longer allow it
   */
  public ObjectNode issueApproved(
      CredentialType type,
      IssuerStore.Applicant applicant,
      List<VerificationKey> keys,
      Instant now,
      IssuerStore.DeferredDetails details) {
    String batchId = details.batchId();
    String sameCard = cardSoFar(batchId);
    LocalDate today = LocalDate.ofInstant(now, ZoneId.of("Asia/Seoul"));
    checkRules(type, applicant, today, details.offerId(), batchId);
    boolean mdocFormat = !details.configurationId().equals(type.id());
    return issue(type, mdocFormat, applicant, keys, now, details.offerId(), batchId, sameCard);
  }

  private ObjectNode issue(
      CredentialType type,
      boolean mdocFormat,
      IssuerStore.Applicant applicant,
      List<VerificationKey> keys,
      Instant now,
      String offerId,
      String batchId,
      String sameCard) {
    LocalDate today = LocalDate.ofInstant(now, ZoneId.of("Asia/Seoul"));
    ObjectNode claims = type.issuableClaims(applicant.claims(), today);
    // Round iat to the hour so that a batch's credentials share it and reveal nothing.
    Instant iat = now.truncatedTo(ChronoUnit.HOURS);
    Instant exp = iat.plus(type.rules().validity());
    // One card, one issuance event: its second format carries the event of the first.
    EventCommitment event =
        sameCard == null
            ? null
            : store.eventsOfBatch(sameCard).stream()
                .filter(e -> e.kind().equals(EventCommitment.ISSUANCE))
                .findFirst()
                .map(e -> EventCommitment.fromJson(e.event()))
                .orElse(null);
    IssuerStore.EventRow newEvent = null;
    if (event == null) {
      event =
          EventCommitment.create(
              EventCommitment.ISSUANCE, identity.did().toString(), type.id(), now, random);
      newEvent = lifecycle.issuanceRow(batchId, event);
    }
    List<String> credentials =
        issueBatch(type, mdocFormat, applicant, claims, keys, iat, exp, batchId, newEvent);
    if (sameCard == null) {
      // A renewal or re-issue revokes what it replaces only now that the new batch exists (once
      // per card, not again for its second format).
      lifecycle.afterIssuance(offerId, applicant.id(), type.id(), batchId);
    }

    ObjectNode response = Json.object();
    ArrayNode arr = response.putArray("credentials");
    credentials.forEach(c -> arr.addObject().put("credential", c));
    // K-DID extension (wallets ignore unknown members): the holder's copy of the issuance event,
    // with the salt that lets it find the anchored commitment on the ledger later.
    response.set("kdid_issuance_event", event.toJson());
    response.put("kdid_batch_id", batchId);
    return response;
  }

  private List<String> issueBatch(
      CredentialType type,
      boolean mdocFormat,
      IssuerStore.Applicant applicant,
      ObjectNode claims,
      List<VerificationKey> keys,
      Instant iat,
      Instant exp,
      String batchId,
      IssuerStore.EventRow newEvent) {
    StatusRegistry status = this.status.get();
    for (int attempt = 0; attempt < 5; attempt++) {
      StatusRegistry.Entries entries = status.reserve(keys.size());
      List<String> out = new ArrayList<>(keys.size());
      List<IssuerStore.CredentialRow> rows = new ArrayList<>(keys.size());
      for (int i = 0; i < keys.size(); i++) {
        int idx = entries.indexes().get(i);
        StatusReference ref = new StatusReference(idx, status.uri(entries.listId()));
        if (mdocFormat) {
          out.add(mdoc(type, claims, keys.get(i), ref, iat, exp));
          rows.add(row(applicant, type, batchId, keys.get(i), entries.listId(), idx, iat, exp));
          continue;
        }
        ObjectNode statusClaim = ref.toStatusClaim();
        SdJwt sd =
            sdJwtIssuer.issue(
                new SdJwtVcIssuer.Request(
                    identity.key(),
                    identity.keyId(),
                    config.credentialIssuer(),
                    type.vct(),
                    claims,
                    null,
                    keys.get(i).toJwk(),
                    statusClaim,
                    iat,
                    null,
                    exp,
                    3));
        out.add(sd.serialize());
        rows.add(row(applicant, type, batchId, keys.get(i), entries.listId(), idx, iat, exp));
      }
      if (store.insertCredentials(rows, newEvent)) {
        return out;
      }
      status.reload(entries.listId());
    }
    throw new IllegalStateException("could not allocate status entries after 5 attempts");
  }

  private IssuerStore.CredentialRow row(
      IssuerStore.Applicant applicant,
      CredentialType type,
      String batchId,
      VerificationKey key,
      String listId,
      int idx,
      Instant iat,
      Instant exp) {
    return new IssuerStore.CredentialRow(
        Randomness.id(random, 12),
        applicant.id(),
        type.id(),
        batchId,
        key.thumbprint(),
        listId,
        idx,
        IssuerStore.VALID,
        iat.toEpochMilli(),
        exp.toEpochMilli());
  }

  /**
   * One mdoc (ISO 18013-5) of the claims, bound to the proof key as device key, with the same
   * status entry mechanism and validity as the SD-JWT VC: base64url of IssuerSigned (OpenID4VCI
   * Appendix A.2.4).
   */
  private String mdoc(
      CredentialType type,
      ObjectNode claims,
      VerificationKey deviceKey,
      StatusReference status,
      Instant iat,
      Instant exp) {
    var names = MdocTypes.of(type);
    IssuerSigned signed =
        mdoc.issue(
            new MdocIssuer.Request(
                names.docType(),
                java.util.Map.of(names.namespace(), MdocValues.fromClaims(type, claims)),
                (P256Key) deviceKey,
                new ValidityInfo(iat, iat, exp),
                java.util.Optional.of(status)));
    return Base64Url.encode(signed.encode());
  }

  private static String bearer(String authorization) {
    return bearerHash(authorization);
  }

  /** The hash of the bearer token of an Authorization header. */
  static String bearerHash(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw Oid4vciError.invalidToken("TOKEN_MISSING", "send the access token as a Bearer token");
    }
    return Secrets.hash(authorization.substring(7).trim());
  }

  /** Whom and what an access token was granted for. */
  private record Grant(String applicantId, String credentialType, String offerId) {}

  private Grant grantOf(IssuerStore.TokenGrant grant, String tokenHash) {
    if (grant.offerId() != null) {
      IssuerStore.Offer offer = store.offer(grant.offerId()).orElseThrow();
      return new Grant(offer.applicantId(), offer.credentialType(), offer.id());
    }
    // An access token of the authorization code grant.
    var a = authorizations.authorizationOfToken(tokenHash).orElseThrow();
    return new Grant(a.applicantId(), a.credentialType(), null);
  }

  private String configurationId(JsonNode body, Grant offer) {
    if (body.has("proof")) {
      throw Oid4vciError.invalidCredentialRequest(
          "SINGULAR_PROOF", "OpenID4VCI 1.0 uses \"proofs\", not \"proof\"");
    }
    JsonNode identifier = body.get("credential_identifier");
    if (identifier != null
        && identifier.isTextual()
        && (identifier.asText().equals(offer.credentialType())
            || identifier
                .asText()
                .equals(
                    catalog.byId(offer.credentialType()).map(CredentialType::doctype).orElse("")))
        && !body.has("credential_configuration_id")) {
      // The identifier handed out in the token response's authorization_details (one dataset
      // per credential configuration, named like it).
      return identifier.asText();
    }
    if (body.has("credential_identifier")) {
      throw new Oid4vciError(
          400,
          "unknown_credential_identifier",
          "UNKNOWN_CREDENTIAL_IDENTIFIER",
          "this issuer does not hand out credential identifiers; use credential_configuration_id");
    }
    JsonNode id = body.get("credential_configuration_id");
    if (id == null || !id.isTextual()) {
      throw Oid4vciError.invalidCredentialRequest(
          "MISSING_CONFIGURATION_ID", "credential_configuration_id is required");
    }
    java.util.Optional<CredentialType> named =
        config.credentialTypes().stream()
            .map(catalog::byId)
            .flatMap(java.util.Optional::stream)
            .filter(t -> t.id().equals(id.asText()) || id.asText().equals(t.doctype()))
            .findFirst();
    if (named.isEmpty()) {
      throw new Oid4vciError(
          400,
          "unknown_credential_configuration",
          "UNKNOWN_CREDENTIAL_CONFIGURATION",
          "unknown credential configuration " + id.asText());
    }
    if (!named.get().id().equals(offer.credentialType())) {
      throw Oid4vciError.invalidCredentialRequest(
          "CONFIGURATION_NOT_AUTHORIZED",
          "the access token was granted for " + offer.credentialType() + ", not " + id.asText());
    }
    return id.asText();
  }

  /** Checks every proof; returns the holder keys, one per proof. */
  private List<VerificationKey> checkProofs(JsonNode body, CredentialType type, Instant now) {
    JsonNode proofs = body.get("proofs");
    if (proofs == null || !proofs.isObject() || proofs.isEmpty()) {
      throw Oid4vciError.invalidProof(
          "PROOF_MISSING", "\"proofs\" with a \"jwt\" array is required");
    }
    if (proofs.size() != 1 || !proofs.has("jwt")) {
      throw Oid4vciError.invalidProof(
          "PROOF_TYPE_UNSUPPORTED", "\"proofs\" must hold exactly one key, \"jwt\"");
    }
    JsonNode jwts = proofs.get("jwt");
    if (!jwts.isArray() || jwts.isEmpty()) {
      throw Oid4vciError.invalidProof("PROOF_MISSING", "proofs.jwt must be a non-empty array");
    }
    if (jwts.size() > type.rules().batchSize()) {
      throw Oid4vciError.invalidProof(
          "TOO_MANY_PROOFS",
          "at most " + type.rules().batchSize() + " proofs (batch_size) per request");
    }
    List<VerificationKey> keys = new ArrayList<>();
    Set<String> thumbprints = new HashSet<>();
    Set<String> nonces = new LinkedHashSet<>();
    for (JsonNode p : jwts) {
      if (!p.isTextual()) {
        throw Oid4vciError.invalidProof("PROOF_MALFORMED", "each proof must be a compact JWT");
      }
      ProofCheck c = checkProof(p.asText(), now);
      if (!thumbprints.add(c.key().thumbprint())) {
        throw Oid4vciError.invalidProof(
            "PROOF_DUPLICATE_KEY", "each credential of a batch needs its own key");
      }
      keys.add(c.key());
      nonces.add(c.nonce());
    }
    for (String n : nonces) {
      switch (store.useNonce(Secrets.hash(n), now.toEpochMilli())) {
        case OK -> {}
        case UNKNOWN ->
            throw Oid4vciError.invalidNonce(
                "NONCE_UNKNOWN", "the proof's nonce was not issued by this issuer");
        case EXPIRED ->
            throw Oid4vciError.invalidNonce(
                "NONCE_EXPIRED", "the proof's nonce has expired; get a new one");
        case ALREADY_USED ->
            throw Oid4vciError.invalidNonce(
                "NONCE_REPLAYED", "the proof's nonce was already used; get a new one");
      }
    }
    return keys;
  }

  private record ProofCheck(VerificationKey key, String nonce) {}

  private ProofCheck checkProof(String jwt, Instant now) {
    Jws jws;
    ObjectNode claims;
    try {
      jws = Jws.parse(jwt);
      claims = jws.payloadJson();
    } catch (JoseException e) {
      throw Oid4vciError.invalidProof("PROOF_MALFORMED", "key proof: " + e.getMessage());
    }
    if (!PROOF_TYP.equals(jws.typ())) {
      throw Oid4vciError.invalidProof("PROOF_TYPE", "key proof typ must be " + PROOF_TYP);
    }
    SignatureAlgorithm alg;
    try {
      alg = jws.algorithm();
    } catch (JoseException e) {
      throw Oid4vciError.invalidProof("PROOF_ALGORITHM", e.getMessage());
    }
    int keyMembers =
        (jws.header().has("jwk") ? 1 : 0)
            + (jws.header().has("kid") ? 1 : 0)
            + (jws.header().has("x5c") ? 1 : 0);
    if (keyMembers != 1) {
      throw Oid4vciError.invalidProof(
          "PROOF_KEY_HEADER", "a key proof names its key with exactly one of jwk, kid, x5c");
    }
    if (!jws.header().has("jwk")) {
      throw Oid4vciError.invalidProof(
          "PROOF_KEY_UNSUPPORTED", "this issuer binds credentials to a jwk in the proof header");
    }
    Jwk jwk;
    VerificationKey key;
    try {
      jwk = Jwk.fromJson(jws.header().get("jwk"));
      if (jwk.isPrivate()) {
        throw Oid4vciError.invalidProof(
            "PROOF_KEY_PRIVATE", "the proof header carries a private key; never send one");
      }
      key = VerificationKey.fromJwk(jwk);
    } catch (IllegalArgumentException e) {
      throw Oid4vciError.invalidProof("PROOF_KEY_INVALID", "proof key: " + e.getMessage());
    }
    if (key.algorithm() != alg || !jws.verify(key)) {
      throw Oid4vciError.invalidProof(
          "PROOF_SIGNATURE", "the key proof's signature does not verify with its key");
    }
    if (!config.credentialIssuer().equals(claims.path("aud").asText(null))) {
      throw Oid4vciError.invalidProof(
          "PROOF_AUDIENCE", "the key proof's aud must be " + config.credentialIssuer());
    }
    JsonNode iat = claims.get("iat");
    if (iat == null || !iat.isIntegralNumber()) {
      throw Oid4vciError.invalidProof("PROOF_MALFORMED", "the key proof needs iat");
    }
    Instant issued = Instant.ofEpochSecond(iat.asLong());
    if (issued.isBefore(now.minus(PROOF_MAX_AGE))) {
      throw Oid4vciError.invalidProof("PROOF_STALE", "the key proof is too old; make a new one");
    }
    if (issued.isAfter(now.plus(PROOF_MAX_FUTURE))) {
      throw Oid4vciError.invalidProof("PROOF_FROM_FUTURE", "the key proof's iat is in the future");
    }
    JsonNode nonce = claims.get("nonce");
    if (nonce == null || !nonce.isTextual() || nonce.asText().isEmpty()) {
      throw Oid4vciError.invalidProof(
          "NONCE_MISSING", "the key proof needs the c_nonce from the nonce endpoint");
    }
    return new ProofCheck(key, nonce.asText());
  }

  private void checkRules(
      CredentialType type,
      IssuerStore.Applicant applicant,
      LocalDate today,
      String offerId,
      String sameCard) {
    var replacement =
        offerId == null
            ? java.util.Optional.<IssuerStore.OfferReplacement>empty()
            : store.offerReplacement(offerId);
    java.util.function.Predicate<IssuerStore.CredentialRow> replaced =
        c ->
            c.batchId().equals(sameCard)
                || replacement.isPresent()
                    && (replacement.get().kind().equals(IssuerStore.RENEWAL)
                        ? c.batchId().equals(replacement.get().replacesBatch())
                        : c.credentialType().equals(type.id()));
    Eligibility.check(
            type, applicant, today, store.credentialsOf(applicant.id()), replaced, clock.millis())
        .ifPresent(
            r -> {
              throw new Oid4vciError(400, "credential_request_denied", r.code(), r.message());
            });
  }
}
