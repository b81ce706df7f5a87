package kr.kdid.verifier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.keys.KeyVault;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.ledger.client.EventAnchors;
import kr.kdid.ledger.client.LedgerGateway;
import kr.kdid.ledger.client.LedgerIdentity;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.verifier.oid4vp.AcceptResponse;
import kr.kdid.verifier.oid4vp.CreateRequest;
import kr.kdid.verifier.oid4vp.OpenId4Vp;
import kr.kdid.verifier.oid4vp.ReadResult;
import kr.kdid.verifier.oid4vp.ServeRequestObject;
import kr.kdid.verifier.store.VerifierStore;
import kr.kdid.verifier.verification.LedgerIssuerTrust;
import kr.kdid.verifier.verification.LedgerStatusLists;
import kr.kdid.verifier.verification.PresentationVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relying party's verifier: its identity on the ledger (key {@code verifier-<name>} in the
 * vault, a did:kdid whose document lists the key under assertionMethod and an {@code
 * OpenID4VPVerifier} service at {@code <base>/verifiers/<name>}), its records in the verifier
 * database, and its use cases (create a request, serve the request object, accept a response, read
 * a result). Verification commitments are anchored every {@link VerifierConfig#anchorInterval()};
 * disclosed claims are deleted once {@link VerifierConfig#resultRetention()} has passed.
 *
 * <p>Lifecycle: construct, {@link #start()} (puts the DID on the ledger, starts the timers), use,
 * {@link #close()}. The use cases may be called from any thread once started. The ledger must
 * register the DID as a relying party (governance) before requests can be created.
 */
public final class VerifierService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VerifierService.class);

  /** How often expired requests are marked and old claims deleted. */
  static final long PURGE_PERIOD_MILLIS = 30_000;

  private final VerifierConfig config;
  private final LedgerGateway ledger;
  private final Clock clock;
  private final LedgerIdentity identity;
  private final VerifierStore store;
  private final Catalog catalog;
  private final LedgerIssuerTrust trust;
  private final PresentationVerifier presentations;
  private final kr.kdid.verifier.verification.MdocPresentationVerifier mdocPresentations;
  private final CreateRequest createRequest;
  private final ServeRequestObject serveRequestObject;
  private final AcceptResponse acceptResponse;
  private final ReadResult readResult;
  private volatile EventAnchors anchors;
  private volatile ScheduledExecutorService timer;

  /**
   * @param db the verifier database ({@code ServiceDatabase} named "verifier"), may be shared by
   *     the verifiers of a process
   */
  public VerifierService(
      VerifierConfig config,
      KeyVault vault,
      LedgerGateway ledger,
      kr.kdid.web.db.ServiceDatabase db,
      Catalog catalog,
      Clock clock,
      SecureRandom random) {
    this.config = Objects.requireNonNull(config, "config");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.identity =
        LedgerIdentity.of(
            vault,
            config.keyAlias(),
            List.of(new LedgerIdentity.Endpoint("oid4vp", "OpenID4VPVerifier", config.url())));
    this.store = new VerifierStore(db, config.name());
    this.trust = new LedgerIssuerTrust(ledger, clock, config.trustCacheTtl());
    LedgerStatusLists statusLists =
        new LedgerStatusLists(ledger, trust, clock, config.statusCacheTtlCap());
    this.presentations =
        new PresentationVerifier(
            trust, statusLists, catalog, clock, config.kbMaxAge(), config.clockSkew());
    this.mdocPresentations =
        new kr.kdid.verifier.verification.MdocPresentationVerifier(trust, statusLists, clock);
    this.createRequest =
        new CreateRequest(config, catalog, store, ledger, identity.did(), clock, random);
    this.serveRequestObject = new ServeRequestObject(config, store, identity, clock);
    this.acceptResponse =
        new AcceptResponse(
            store,
            presentations,
            mdocPresentations,
            serveRequestObject::responseUri,
            catalog,
            ledger,
            identity.did(),
            clock,
            random);
    this.readResult = new ReadResult(store, clock);
  }

  /**
   * Puts the verifier's DID document on the ledger (creating or updating it) and starts anchoring
   * and purging.
   *
   * @throws IllegalStateException if the DID is deactivated
   * @throws kr.kdid.ledger.client.LedgerClientException if the ledger cannot be reached
   */
  public synchronized void start() {
    if (anchors != null) {
      return;
    }
    if (identity.ensureOnLedger(ledger, clock)) {
      LOG.info("verifier {} published {} on the ledger", config.name(), identity.did());
    }
    anchors =
        new EventAnchors(
            identity,
            TxBody.EventAnchor.VERIFICATION,
            store.anchorQueue(),
            ledger,
            clock,
            config.anchorInterval());
    ScheduledExecutorService t =
        Executors.newSingleThreadScheduledExecutor(
            r ->
                Thread.ofPlatform()
                    .daemon()
                    .name("kdid-verifier-purge-" + config.name())
                    .unstarted(r));
    t.scheduleWithFixedDelay(
        this::purgeQuietly, PURGE_PERIOD_MILLIS, PURGE_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    timer = t;
  }

  /** True once {@link #start()} has returned. */
  public boolean started() {
    return anchors != null;
  }

  public VerifierConfig config() {
    return config;
  }

  public LedgerIdentity identity() {
    return identity;
  }

  /** {@code decentralized_identifier:<did>}. */
  public String clientId() {
    return OpenId4Vp.clientId(identity.did());
  }

  public Catalog catalog() {
    return catalog;
  }

  /** The presentation verifier (the SDK's core), for callers with their own transport. */
  public PresentationVerifier presentationVerifier() {
    return presentations;
  }

  /** The mdoc (ISO 18013-5) presentation verifier. */
  public kr.kdid.verifier.verification.MdocPresentationVerifier mdocPresentationVerifier() {
    return mdocPresentations;
  }

  /** The store, for operations and tests. */
  public VerifierStore store() {
    return store;
  }

  /** See {@link CreateRequest#create}. */
  public CreateRequest.Created createRequest(String credentialType, List<String> claims) {
    return createRequest.create(credentialType, claims);
  }

  /** See {@link CreateRequest#create(List, List)}. */
  public CreateRequest.Created createRequest(
      List<CreateRequest.Asked> asked,
      List<kr.kdid.verifier.oid4vp.DcqlQuery.CredentialSet> credentialSets) {
    return createRequest.create(asked, credentialSets);
  }

  /** See {@link ServeRequestObject#requestObject}. */
  public Jws requestObject(String id) {
    return serveRequestObject.requestObject(id);
  }

  /** See {@link ServeRequestObject#authorizationRequestUri}. */
  public String authorizationRequestUri(String id) {
    return serveRequestObject.authorizationRequestUri(id);
  }

  /** See {@link AcceptResponse#accept}. */
  public AcceptResponse.Answer acceptResponse(String id, Map<String, List<String>> form) {
    return acceptResponse.accept(id, form);
  }

  /** See {@link ReadResult#read}. */
  public ObjectNode result(String id, String readSecret) {
    return readResult.read(id, readSecret);
  }

  /**
   * Deletes the disclosed claims of results older than the retention and marks expired requests,
   * now (it also runs every 30 seconds).
   */
  public VerifierStore.Purged purge() {
    long now = clock.millis();
    return store.purge(now - config.resultRetention().toMillis(), now);
  }

  /**
   * Anchors every queued verification commitment now, waiting for the blocks.
   *
   * @return how many were anchored
   * @throws IllegalStateException if not started
   */
  public int anchorNow() {
    EventAnchors a = anchors;
    if (a == null) {
      throw new IllegalStateException("the verifier is not started");
    }
    return a.flush();
  }

  private void purgeQuietly() {
    try {
      VerifierStore.Purged p = purge();
      if (p.results() > 0 || p.expired() > 0) {
        LOG.info(
            "verifier {}: deleted the claims of {} results, {} requests expired",
            config.name(),
            p.results(),
            p.expired());
      }
    } catch (RuntimeException e) {
      LOG.warn("verifier {}: purge failed, will retry: {}", config.name(), e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
    if (anchors != null) {
      anchors.close();
      anchors = null;
    }
  }
}
