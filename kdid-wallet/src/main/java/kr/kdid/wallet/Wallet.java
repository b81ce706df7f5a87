package kr.kdid.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.encoding.Hex;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.credentials.catalog.ClaimDefinition;
import kr.kdid.credentials.catalog.ClaimType;
import kr.kdid.credentials.catalog.CredentialType;
import kr.kdid.credentials.events.EventCommitment;
import kr.kdid.credentials.mdoc.IssuerSigned;
import kr.kdid.credentials.mdoc.IssuerSignedItem;
import kr.kdid.credentials.mdoc.MdocException;
import kr.kdid.credentials.mdoc.MdocValues;
import kr.kdid.credentials.sdjwt.SdJwt;
import kr.kdid.credentials.sdjwt.SdJwtException;
import kr.kdid.credentials.sdjwt.SdJwtProcessor;
import kr.kdid.wallet.HistoryEntry.Kind;
import kr.kdid.wallet.HistoryEntry.Outcome;
import kr.kdid.wallet.RelyingPartyRegistry.Registration;
import kr.kdid.wallet.WalletState.StoredCopy;
import kr.kdid.wallet.WalletState.StoredCredential;
import kr.kdid.wallet.WalletState.StoredMdocCopy;
import kr.kdid.wallet.http.JsonHttp;
import kr.kdid.wallet.issuance.CredentialOffer;
import kr.kdid.wallet.issuance.IssuanceClient;
import kr.kdid.wallet.issuance.IssuedBatch;
import kr.kdid.wallet.issuance.MdocBatch;
import kr.kdid.wallet.issuance.PreparedOffer;
import kr.kdid.wallet.presentation.AuthorizationRequest;
import kr.kdid.wallet.presentation.Consent;
import kr.kdid.wallet.presentation.ConsentView;
import kr.kdid.wallet.presentation.DcqlQuery;
import kr.kdid.wallet.presentation.OpenId4VpSpec;
import kr.kdid.wallet.presentation.PresentationClient;
import kr.kdid.wallet.presentation.PresentationRequest;
import kr.kdid.wallet.presentation.PresentationResult;
import kr.kdid.wallet.presentation.VerifierAnswer;
import kr.kdid.wallet.storage.WalletStore;

/**
 * The holder's wallet: credentials received over OpenID4VCI, presented over OpenID4VP with the
 * holder's consent, and the holder's own history of both, all sealed under the PIN in a {@link
 * WalletStore}. Every change is saved before the method returns; a presentation's copy is marked
 * used (and saved) before anything is sent, so a crash never lets a copy be reused unknowingly.
 *
 * <p>Typical use:
 *
 * <pre>{@code
 * try (Wallet w = Wallet.open(EncryptedFileWalletStore.at(dir), pin, context)) {
 *   PreparedOffer offer = w.prepareOffer(w.resolveOffer(link));
 *   WalletCredential c = w.accept(offer, txCode);
 *
 *   PresentationRequest req = w.receive(openid4vpLink);   // verified, registry-checked
 *   show(req.consent());                                   // verifier, purpose, claims, values
 *   PresentationResult r = agreed ? w.respond(req, req.consent().approve()) : w.decline(req);
 * }
 * }</pre>
 *
 * <p>Errors are {@link WalletException}s with a {@link WalletError} code. Thread-safe: methods are
 * serialised on the wallet. Close it to forget the key and release the store's lock.
 */
public final class Wallet implements AutoCloseable {
  private final WalletStore.Session session;
  private final WalletContext ctx;
  private final IssuanceClient issuance;
  private final PresentationClient presentation;
  private WalletState state;

  private Wallet(WalletStore.Session session, WalletContext ctx, WalletState state) {
    this.session = session;
    this.ctx = ctx;
    this.state = state;
    JsonHttp http = new JsonHttp(ctx.transport());
    this.issuance =
        new IssuanceClient(
            http,
            ctx.networkPolicy(),
            ctx.holderKeys(),
            ctx.didResolver(),
            ctx.clock(),
            ctx.maxBatchSize(),
            ctx.clockSkew(),
            ctx.catalog());
    this.presentation =
        new PresentationClient(
            http,
            ctx.networkPolicy(),
            ctx.didResolver(),
            ctx.relyingParties(),
            ctx.catalog(),
            ctx.clock(),
            ctx.clockSkew());
  }

  /**
   * Creates an empty wallet protected by a new PIN.
   *
   * @throws WalletException PIN_INVALID, WALLET_EXISTS, WALLET_BUSY, STORAGE_FAILED
   */
  public static Wallet create(WalletStore store, char[] pin, WalletContext ctx)
      throws WalletException {
    Pin.checkNew(pin);
    WalletState empty = new WalletState();
    return new Wallet(store.create(pin, empty.serialize()), ctx, empty);
  }

  /**
   * Opens an existing wallet.
   *
   * @throws WrongPinException if the PIN is wrong
   * @throws WalletException WALLET_NOT_FOUND, WALLET_BUSY, WALLET_CORRUPT, STORAGE_FAILED
   */
  public static Wallet open(WalletStore store, char[] pin, WalletContext ctx)
      throws WalletException {
    WalletStore.Session s = store.open(pin);
    try {
      return new Wallet(s, ctx, WalletState.parse(s.read()));
    } catch (WalletException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /**
   * Changes the PIN.
   *
   * @throws WalletException PIN_INVALID, STORAGE_FAILED (the old PIN then still works)
   */
  public synchronized void changePin(char[] newPin) throws WalletException {
    Pin.checkNew(newPin);
    session.changePin(newPin);
  }

  /** The credential catalog the wallet names types and claims from. */
  public Catalog catalog() {
    return ctx.catalog();
  }

  // ---- Issuance ----

  /**
   * The credential offer of an {@code openid-credential-offer://} link (fetched if by reference).
   * Apps that scan QR codes pass the decoded text.
   *
   * @throws WalletException see {@link IssuanceClient#resolveOffer}
   */
  public CredentialOffer resolveOffer(String link) throws WalletException {
    return issuance.resolveOffer(link);
  }

  /**
   * Looks up the offer's issuer: what to show the holder before asking for the transaction code.
   *
   * @throws WalletException see {@link IssuanceClient#prepare}
   */
  public PreparedOffer prepareOffer(CredentialOffer offer) throws WalletException {
    return issuance.prepare(offer);
  }

  /**
   * Redeems the offer, verifies every credential received and stores them (one card, several
   * copies) with the issuer's issuance event. An offer of both an SD-JWT VC and an mdoc is stored
   * as one card with both; if only the mdoc could not be obtained, the card is stored with the
   * SD-JWT VC and the failure is in the history (see {@link #acceptOffer} to be told).
   *
   * @param txCode the transaction code, or null if the offer needs none
   * @throws WalletException see {@link IssuanceClient#redeem}, and STORAGE_FAILED
   */
  public synchronized WalletCredential accept(PreparedOffer offer, String txCode)
      throws WalletException {
    return acceptOffer(offer, txCode).credential();
  }

  /**
   * As {@link #accept}, also telling whether an offered mdoc could not be obtained while the SD-JWT
   * VC was (the card is then stored without it; the failure is recorded in the history too).
   *
   * @param txCode the transaction code, or null if the offer needs none
   * @throws WalletException see {@link IssuanceClient#redeem}, and STORAGE_FAILED
   */
  public synchronized Acceptance acceptOffer(PreparedOffer offer, String txCode)
      throws WalletException {
    return store(offer, issuance.redeem(offer, txCode));
  }

  /**
   * Receives the credentials of an offer (or of a wallet-initiated request) by signing in at the
   * issuer: the authorization code flow with PKCE S256 ({@link IssuanceClient#redeemWithSignIn}).
   *
   * @param clientId the wallet's client id at the issuer
   * @param redirectUri the loopback http URI (or registered custom-scheme URI) the browser is sent
   *     back to
   * @param browser shows the sign-in page to the holder and returns the URL it was redirected to
   * @throws WalletException see {@link IssuanceClient#redeemWithSignIn}; ISSUANCE_DEFERRED if the
   *     issuer needs an officer's approval first
   */
  public synchronized Acceptance acceptWithSignIn(
      PreparedOffer offer, String clientId, String redirectUri, IssuanceClient.Browser browser)
      throws WalletException {
    return switch (issuance.redeemWithSignIn(offer, clientId, redirectUri, browser)) {
      case IssuanceClient.Outcome.Issued i -> store(offer, i.batch());
      case IssuanceClient.Outcome.Deferred d ->
          throw new WalletException(
              WalletError.ISSUANCE_DEFERRED,
              "the issuer needs an officer's approval before it issues; try again later");
    };
  }

  private Acceptance store(PreparedOffer offer, IssuedBatch batch) throws WalletException {
    Instant now = ctx.clock().instant();
    StoredCredential c = new StoredCredential();
    c.id = newId();
    c.issuer = offer.metadata().credentialIssuer();
    c.issuerName = offer.metadata().name();
    c.issuerDid = batch.issuerDid();
    c.receivedAt = now;
    c.expiresAt = batch.expiresAt();
    if (!batch.copies().isEmpty()) {
      c.type = offer.configuration().id();
      c.vct = offer.configuration().vct();
    }
    for (IssuedBatch.Copy k : batch.copies()) {
      StoredCopy copy = new StoredCopy();
      copy.sdJwt = k.sdJwt();
      copy.keyReference = k.keyReference();
      copy.keyThumbprint = k.keyThumbprint();
      c.copies.add(copy);
    }
    MdocBatch mdoc = batch.mdoc();
    if (mdoc != null) {
      c.doctype = mdoc.doctype();
      c.mdocValidUntil = mdoc.expiresAt();
      if (c.type == null) {
        c.type =
            ctx.catalog()
                .byDoctype(mdoc.doctype())
                .map(CredentialType::id)
                .orElse(offer.mdocConfiguration().id());
        c.expiresAt = mdoc.expiresAt();
      }
      for (MdocBatch.MdocCopy k : mdoc.copies()) {
        StoredMdocCopy copy = new StoredMdocCopy();
        copy.issuerSigned = k.issuerSigned();
        copy.keyReference = k.keyReference();
        copy.keyThumbprint = k.keyThumbprint();
        c.mdocCopies.add(copy);
      }
    }
    state.credentials.add(c);
    boolean sdJwt = !c.copies.isEmpty();
    state.history.add(
        issuanceEntry(
            c,
            now,
            Outcome.ISSUED,
            sdJwt ? batch.event() : mdoc.event(),
            null,
            sdJwt ? batch.eventProblem() : mdoc.eventProblem()));
    if (sdJwt
        && mdoc != null
        && (mdoc.event() != null || mdoc.eventProblem() != null)
        && (mdoc.event() == null
            || batch.event() == null
            || !mdoc.event().commitmentHex().equals(batch.event().commitmentHex()))) {
      // The issuer recorded the mdoc form as an event of its own.
      state.history.add(
          issuanceEntry(
              c,
              now,
              Outcome.ISSUED,
              mdoc.event(),
              null,
              mdoc.eventProblem() != null
                  ? mdoc.eventProblem()
                  : "the " + OpenId4VpSpec.FORMAT_MSO_MDOC + " form (" + mdoc.doctype() + ")"));
    }
    WalletException failure = batch.mdocFailure();
    if (failure != null) {
      state.history.add(
          issuanceEntry(
              c,
              now,
              Outcome.FAILED,
              null,
              failure.code().name(),
              "the mdoc form ("
                  + offer.mdocConfiguration().doctype()
                  + ") was not received, only the SD-JWT VC: "
                  + failure.getMessage()));
    }
    commit();
    return new Acceptance(view(c), failure);
  }

  private HistoryEntry issuanceEntry(
      StoredCredential c,
      Instant now,
      Outcome outcome,
      EventCommitment event,
      String code,
      String detail) {
    return new HistoryEntry(
        newId(),
        Kind.ISSUANCE,
        outcome,
        now,
        c.issuer,
        c.issuerName.en(),
        c.id,
        c.type,
        List.of(),
        event,
        code,
        detail);
  }

  // ---- Credentials ----

  /** The credentials, oldest first. */
  public synchronized List<WalletCredential> credentials() {
    return state.credentials.stream().map(this::view).toList();
  }

  /**
   * A credential by id or unique id prefix (at least 4 characters).
   *
   * @throws WalletException CREDENTIAL_NOT_FOUND
   */
  public synchronized WalletCredential credential(String id) throws WalletException {
    return view(find(id));
  }

  /**
   * A credential with its claims and their labels, for the holder's eyes only.
   *
   * @throws WalletException CREDENTIAL_NOT_FOUND, CREDENTIAL_INVALID if the stored copy is damaged
   */
  public synchronized CredentialDetails show(String id) throws WalletException {
    StoredCredential c = find(id);
    Optional<CredentialType> type = typeOf(c);
    ObjectNode payload =
        c.copies.isEmpty()
            ? mdocClaimsOf(c.mdocCopies.get(0), type.orElse(null), null)
            : claimsOf(c.copies.get(0));
    List<CredentialDetails.ClaimValue> out = new ArrayList<>();
    Set<String> shown = new HashSet<>();
    if (type.isPresent()) {
      for (ClaimDefinition d : type.get().claims()) {
        if (payload.has(d.name())) {
          out.add(
              new CredentialDetails.ClaimValue(
                  d.name(), label(d), payload.get(d.name()), d.sensitive()));
          shown.add(d.name());
        }
      }
    }
    for (Map.Entry<String, JsonNode> e : payload.properties()) {
      if (!shown.contains(e.getKey()) && !NOT_CLAIMS.contains(e.getKey())) {
        out.add(
            new CredentialDetails.ClaimValue(
                e.getKey(), Label.of(e.getKey()), e.getValue(), false));
      }
    }
    return new CredentialDetails(view(c), out);
  }

  /** Members of an SD-JWT VC that describe the credential rather than its subject. */
  private static final Set<String> NOT_CLAIMS =
      Set.of("iss", "iat", "nbf", "exp", "vct", "vct#integrity", "aka_vcts", "cnf", "status");

  /**
   * Deletes a credential and its holder keys. Its history stays.
   *
   * @return the deleted credential
   * @throws WalletException CREDENTIAL_NOT_FOUND, STORAGE_FAILED
   */
  public synchronized WalletCredential delete(String id) throws WalletException {
    StoredCredential c = find(id);
    state.credentials.remove(c);
    commit();
    c.copies.forEach(k -> ctx.holderKeys().destroy(k.keyReference));
    c.mdocCopies.forEach(k -> ctx.holderKeys().destroy(k.keyReference));
    return view(c);
  }

  // ---- Presentation ----

  /**
   * Reads a presentation request link, verifies the request, checks the verifier against the ledger
   * registry and matches credentials, all before the holder is asked anything. A refused request is
   * recorded in the history (outcome REFUSED) and the verifier is not contacted.
   *
   * @throws WalletException see {@link PresentationClient#fetch} and {@link
   *     PresentationClient#checkRegistration}; NO_MATCHING_CREDENTIAL
   */
  public synchronized PresentationRequest receive(String link) throws WalletException {
    String party = PresentationClient.claimedVerifier(link).orElse("unknown");
    String partyName = null;
    try {
      AuthorizationRequest req = presentation.fetch(link);
      party = req.verifier().toString();
      Registration reg = presentation.registration(req);
      partyName = reg.name();
      presentation.checkClaims(req, reg);
      String id = newId();
      List<ConsentView.Item> items = items(req.query(), reg);
      ConsentView view =
          new ConsentView(
              id,
              reg.name(),
              reg.purpose(),
              req.verifier().toString(),
              req.responseUri().getHost(),
              req.expiresAt(),
              items);
      return new PresentationRequest(id, req, reg, view);
    } catch (WalletException e) {
      Outcome outcome =
          e.code().category() == WalletError.Category.NETWORK ? Outcome.FAILED : Outcome.REFUSED;
      try {
        record(
            Kind.PRESENTATION,
            outcome,
            party,
            partyName,
            null,
            null,
            List.of(),
            null,
            e.code().name(),
            e.getMessage());
      } catch (WalletException saving) {
        e.addSuppressed(saving); // The refusal matters more than its record.
      }
      throw e;
    }
  }

  /**
   * The credentials to present: every credential query, or, where the verifier gives credential
   * sets, the first option of each set the wallet can fully answer (a required set it cannot answer
   * fails with the reason of its first option).
   */
  private List<ConsentView.Item> items(DcqlQuery query, Registration reg) throws WalletException {
    Map<String, ConsentView.Item> matched = new LinkedHashMap<>();
    WalletException firstMiss = null;
    for (DcqlQuery.CredentialQuery q : query.credentials()) {
      try {
        matched.put(q.id(), match(q, reg));
      } catch (WalletException e) {
        if (e.code() != WalletError.NO_MATCHING_CREDENTIAL || query.credentialSets().isEmpty()) {
          throw e;
        }
        firstMiss = firstMiss == null ? e : firstMiss;
      }
    }
    var chosen = query.choose(matched.keySet());
    if (chosen.isEmpty()) {
      throw firstMiss != null
          ? firstMiss
          : new WalletException(
              WalletError.NO_MATCHING_CREDENTIAL,
              reg.name() + " asks for credentials this wallet does not hold");
    }
    return chosen.get().stream().map(matched::get).toList();
  }

  private ConsentView.Item match(DcqlQuery.CredentialQuery q, Registration reg)
      throws WalletException {
    List<CredentialType> types = presentation.types(q);
    Instant now = ctx.clock().instant();
    StoredCredential best = null;
    ObjectNode bestClaims = null;
    for (StoredCredential c : state.credentials) {
      ObjectNode claims;
      try {
        if (q.isMdoc()) {
          if (c.mdocCopies.isEmpty()
              || !q.doctype().equals(c.doctype)
              || (c.mdocValidUntil != null && !now.isBefore(c.mdocValidUntil))) {
            continue;
          }
          claims =
              mdocClaimsOf(
                  c.mdocCopies.get(0), typeOf(c).orElse(types.get(0)), nullToEmpty(q.namespace()));
        } else {
          if (c.copies.isEmpty()
              || !q.vctValues().contains(c.vct)
              || (c.expiresAt != null && !now.isBefore(c.expiresAt))) {
            continue;
          }
          claims = claimsOf(c.copies.get(0));
        }
      } catch (WalletException e) {
        continue; // A damaged credential cannot answer.
      }
      if (q.claims().stream().allMatch(claims::has)
          && (best == null || !c.receivedAt.isBefore(best.receivedAt))) {
        best = c;
        bestClaims = claims;
      }
    }
    if (best == null) {
      throw new WalletException(
          WalletError.NO_MATCHING_CREDENTIAL,
          reg.name()
              + " asks for "
              + types.get(0).display("en").name()
              + ", and the wallet holds no valid one with the claims asked for");
    }
    CredentialType type = typeOf(best).orElse(types.get(0));
    List<ConsentView.SharedClaim> shared = new ArrayList<>();
    for (String name : q.claims()) {
      Optional<ClaimDefinition> d = type.claim(name);
      shared.add(
          new ConsentView.SharedClaim(
              name,
              d.map(Wallet::label).orElse(Label.of(name)),
              ClaimText.of(bestClaims.get(name)),
              d.map(ClaimDefinition::sensitive).orElse(false)));
    }
    return new ConsentView.Item(
        q.id(), best.id, type.id(), typeName(best), best.issuerName, shared);
  }

  /**
   * Presents what the consent view showed: for each credential, its least-used copy in the format
   * asked for (marked used and saved first), with exactly the requested claims: an SD-JWT VC with a
   * KB-JWT bound to this verifier and request, or an mdoc DeviceResponse device-signed over the
   * request's SessionTranscript. Records the outcome, and the verifier's verification event, in the
   * history.
   *
   * @return VERIFIED, or REJECTED with the verifier's code
   * @throws WalletException CONSENT_MISMATCH, CREDENTIAL_NOT_FOUND, KEY_FAILED, NETWORK,
   *     VERIFIER_REJECTED (server error), RESPONSE_MALFORMED, STORAGE_FAILED
   */
  public synchronized PresentationResult respond(PresentationRequest request, Consent consent)
      throws WalletException {
    if (consent == null || !consent.requestId().equals(request.id())) {
      throw new WalletException(
          WalletError.CONSENT_MISMATCH, "the consent was given for another request");
    }
    AuthorizationRequest req = request.request();
    Map<String, DcqlQuery.CredentialQuery> queries = new LinkedHashMap<>();
    req.query().credentials().forEach(q -> queries.put(q.id(), q));
    Map<String, StoredCopy> chosen = new LinkedHashMap<>();
    Map<String, StoredMdocCopy> chosenMdocs = new LinkedHashMap<>();
    Map<String, ConsentView.Item> items = new LinkedHashMap<>();
    for (ConsentView.Item item : request.consent().items()) {
      StoredCredential c = find(item.credentialId());
      DcqlQuery.CredentialQuery q = queries.get(item.queryId());
      if (q == null) {
        throw new WalletException(
            WalletError.CONSENT_MISMATCH, "the consent names a query the request does not have");
      }
      if (q.isMdoc()) {
        chosenMdocs.put(
            item.queryId(),
            c.mdocCopies.stream()
                .min(Comparator.comparingInt((StoredMdocCopy k) -> k.uses))
                .orElseThrow(() -> noCopies(c)));
      } else {
        chosen.put(
            item.queryId(),
            c.copies.stream()
                .min(Comparator.comparingInt((StoredCopy k) -> k.uses))
                .orElseThrow(() -> noCopies(c)));
      }
      items.put(item.queryId(), item);
    }
    chosen.values().forEach(k -> k.uses++);
    chosenMdocs.values().forEach(k -> k.uses++);
    commit(); // Before anything leaves the wallet: this copy counts as used even if we crash.

    Instant now = ctx.clock().instant();
    Map<String, String> presentations = new LinkedHashMap<>();
    Set<String> types = new HashSet<>();
    for (ConsentView.Item item : items.values()) {
      List<String> claims = item.claims().stream().map(ConsentView.SharedClaim::name).toList();
      StoredMdocCopy mdoc = chosenMdocs.get(item.queryId());
      if (mdoc != null) {
        presentations.put(
            item.queryId(),
            PresentationClient.presentMdoc(
                mdoc.issuerSigned,
                queries.get(item.queryId()).namespace(),
                claims,
                ctx.holderKeys().signer(mdoc.keyReference),
                req.clientId(),
                req.nonce(),
                req.responseUri().toString()));
      } else {
        StoredCopy copy = chosen.get(item.queryId());
        presentations.put(
            item.queryId(),
            PresentationClient.present(
                copy.sdJwt,
                claims,
                ctx.holderKeys().signer(copy.keyReference),
                req.clientId(),
                req.nonce(),
                now));
      }
      types.add(item.credentialType());
    }
    List<String> disclosed = request.consent().claimNames();
    String credentialId = request.consent().items().get(0).credentialId();
    String credentialType = request.consent().items().get(0).credentialType();
    String verifier = req.verifier().toString();
    VerifierAnswer answer;
    try {
      answer = presentation.send(req, presentations, types);
    } catch (WalletException e) {
      try {
        record(
            Kind.PRESENTATION,
            Outcome.FAILED,
            verifier,
            request.registration().name(),
            credentialId,
            credentialType,
            disclosed,
            null,
            e.code().name(),
            e.getMessage());
      } catch (WalletException saving) {
        e.addSuppressed(saving);
      }
      throw e;
    }
    Outcome outcome = answer.verified() ? Outcome.VERIFIED : Outcome.REJECTED;
    String detail = answer.verified() ? answer.eventProblem() : answer.description();
    HistoryEntry h =
        record(
            Kind.PRESENTATION,
            outcome,
            verifier,
            request.registration().name(),
            credentialId,
            credentialType,
            disclosed,
            answer.event(),
            answer.code(),
            detail);
    String name = request.registration().name();
    return new PresentationResult(
        outcome,
        name,
        answer.code(),
        answer.verified()
            ? name + " verified the presentation"
            : name + " did not accept the presentation" + (detail != null ? ": " + detail : ""),
        answer.checks(),
        answer.redirectUri(),
        h.id());
  }

  /**
   * Declines a request: tells the verifier ({@code access_denied}) and records it.
   *
   * @throws WalletException STORAGE_FAILED
   */
  public synchronized PresentationResult decline(PresentationRequest request)
      throws WalletException {
    boolean told = presentation.decline(request.request());
    String name = request.registration().name();
    String detail =
        told
            ? "the holder declined; the verifier was told"
            : "the holder declined; the " + "verifier could not be told";
    HistoryEntry h =
        record(
            Kind.PRESENTATION,
            Outcome.DECLINED,
            request.request().verifier().toString(),
            name,
            null,
            null,
            List.of(),
            null,
            null,
            detail);
    return new PresentationResult(
        Outcome.DECLINED,
        name,
        null,
        told ? name + " was told" : name + " could not be told",
        List.of(),
        null,
        h.id());
  }

  // ---- History ----

  /** The history, oldest first. */
  public synchronized List<HistoryEntry> history() {
    return List.copyOf(state.history);
  }

  /**
   * The history with what the ledger says of each event: anchored (by the party the event names, as
   * the right kind), not yet anchored, or no event at all.
   */
  public List<HistoryStatus> historyWithAnchors() {
    List<HistoryStatus> out = new ArrayList<>();
    for (HistoryEntry h : history()) {
      out.add(new HistoryStatus(h, anchorOf(h.event())));
    }
    return out;
  }

  private AnchorStatus anchorOf(EventCommitment event) {
    if (event == null) {
      return new AnchorStatus.NoEvent();
    }
    Optional<CommitmentLookup.Anchored> a;
    try {
      a = ctx.commitments().find(event.commitmentHex());
    } catch (RuntimeException e) {
      return new AnchorStatus.Unavailable(
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
    if (a.isEmpty()) {
      return new AnchorStatus.NotYetAnchored();
    }
    CommitmentLookup.Anchored x = a.get();
    if (!x.author().equals(event.party())) {
      return new AnchorStatus.Mismatch(
          "anchored by " + x.author() + ", but the event names " + event.party());
    }
    if (!x.kind().equals(event.kind())) {
      return new AnchorStatus.Mismatch("anchored as " + x.kind() + ", not " + event.kind());
    }
    return new AnchorStatus.Anchored(x.time(), x.author(), x.txId());
  }

  // ---- Internals ----

  @Override
  public synchronized void close() {
    session.close();
  }

  private HistoryEntry record(
      Kind kind,
      Outcome outcome,
      String party,
      String partyName,
      String credentialId,
      String credentialType,
      List<String> claims,
      EventCommitment event,
      String code,
      String detail)
      throws WalletException {
    HistoryEntry h =
        new HistoryEntry(
            newId(),
            kind,
            outcome,
            ctx.clock().instant(),
            party,
            partyName,
            credentialId,
            credentialType,
            claims,
            event,
            code,
            detail);
    state.history.add(h);
    commit();
    return h;
  }

  /** Saves the state; on failure, returns to what is stored and rethrows. */
  private void commit() throws WalletException {
    try {
      session.write(state.serialize());
    } catch (WalletException e) {
      state = WalletState.parse(session.read());
      throw e;
    }
  }

  private StoredCredential find(String id) throws WalletException {
    if (id != null) {
      for (StoredCredential c : state.credentials) {
        if (c.id.equals(id)) {
          return c;
        }
      }
      if (id.length() >= 4) {
        List<StoredCredential> m =
            state.credentials.stream().filter(c -> c.id.startsWith(id)).toList();
        if (m.size() == 1) {
          return m.get(0);
        }
      }
    }
    throw new WalletException(
        WalletError.CREDENTIAL_NOT_FOUND, "the wallet holds no credential " + id);
  }

  private ObjectNode claimsOf(StoredCopy copy) throws WalletException {
    try {
      return SdJwtProcessor.process(SdJwt.parseIssued(copy.sdJwt)).payload();
    } catch (SdJwtException e) {
      throw new WalletException(
          WalletError.CREDENTIAL_INVALID, "a stored credential is damaged: " + e.getMessage());
    }
  }

  private static WalletException noCopies(StoredCredential c) {
    return new WalletException(
        WalletError.CONSENT_MISMATCH, "the credential " + c.id + " has no copy in that format");
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /**
   * The data elements of a stored mdoc as JSON (as {@link MdocValues#toJson}; images as {@code
   * data:} URIs, as the SD-JWT VC form carries them), by element identifier.
   *
   * @param namespace the namespace to read, or null for all of them
   */
  private static ObjectNode mdocClaimsOf(StoredMdocCopy copy, CredentialType type, String namespace)
      throws WalletException {
    IssuerSigned issued;
    try {
      issued = IssuerSigned.decode(Base64Url.decode(copy.issuerSigned));
    } catch (MdocException | IllegalArgumentException e) {
      throw new WalletException(
          WalletError.CREDENTIAL_INVALID, "a stored mdoc is damaged: " + e.getMessage());
    }
    ObjectNode out = Json.object();
    for (Map.Entry<String, List<IssuerSignedItem>> ns : issued.nameSpaces().entrySet()) {
      if (namespace != null && !namespace.equals(ns.getKey())) {
        continue;
      }
      for (IssuerSignedItem item : ns.getValue()) {
        String name = item.elementIdentifier();
        CBORObject v = item.elementValue();
        boolean image =
            type != null
                && type.claim(name).map(d -> d.type() == ClaimType.IMAGE).orElse(false)
                && v.getType() == CBORType.ByteString;
        out.set(
            name,
            image
                ? Json.mapper().getNodeFactory().textNode(dataUri(v.GetByteString()))
                : MdocValues.toJson(v));
      }
    }
    return out;
  }

  /** An image's bytes as a data: URI, with the type its magic number tells. */
  private static String dataUri(byte[] b) {
    String type =
        b.length >= 4 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G'
            ? "image/png"
            : b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8
                ? "image/jpeg"
                : b.length >= 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F'
                    ? "image/gif"
                    : "image/octet-stream";
    return "data:" + type + ";base64," + java.util.Base64.getEncoder().encodeToString(b);
  }

  /** The catalog type of a stored credential (by vct, doctype or type id). */
  private Optional<CredentialType> typeOf(StoredCredential c) {
    Catalog catalog = ctx.catalog();
    Optional<CredentialType> t = c.vct == null ? Optional.empty() : catalog.byVct(c.vct);
    if (t.isEmpty() && c.doctype != null) {
      t = catalog.byDoctype(c.doctype);
    }
    return t.isPresent() ? t : catalog.byId(c.type);
  }

  private WalletCredential view(StoredCredential c) {
    int unused = (int) c.copies.stream().filter(k -> k.uses == 0).count();
    int unusedMdocs = (int) c.mdocCopies.stream().filter(k -> k.uses == 0).count();
    return new WalletCredential(
        c.id,
        c.type,
        c.vct,
        typeName(c),
        c.issuer,
        c.issuerName,
        c.issuerDid,
        c.receivedAt,
        c.expiresAt,
        c.copies.size(),
        unused,
        c.doctype,
        c.mdocCopies.size(),
        unusedMdocs);
  }

  private Label typeName(StoredCredential c) {
    return typeOf(c)
        .map(t -> new Label(t.display("ko").name(), t.display("en").name()))
        .orElse(Label.of(c.type));
  }

  private static Label label(ClaimDefinition d) {
    return new Label(d.label("ko"), d.label("en"));
  }

  private String newId() {
    byte[] b = new byte[6];
    ctx.random().nextBytes(b);
    return Hex.encode(b);
  }
}
