package kr.kdid.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import kr.kdid.core.json.Json;
import kr.kdid.core.keys.KeyVault;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.credentials.catalog.ClaimDefinition;
import kr.kdid.credentials.catalog.CredentialType;
import kr.kdid.credentials.catalog.Display;
import kr.kdid.issuer.authz.HolderSelfService;
import kr.kdid.issuer.authz.PasswordHash;
import kr.kdid.issuer.authz.TestIdentityProvider;
import kr.kdid.issuer.oid4vci.AuthorizeWithCode;
import kr.kdid.issuer.oid4vci.CreateAuthorizationCodeOffer;
import kr.kdid.issuer.oid4vci.CreateOffer;
import kr.kdid.issuer.oid4vci.DeferredIssuance;
import kr.kdid.issuer.oid4vci.IssueCredentials;
import kr.kdid.issuer.oid4vci.IssueNonce;
import kr.kdid.issuer.oid4vci.RedeemAuthorizationCode;
import kr.kdid.issuer.oid4vci.RedeemPreAuthorizedCode;
import kr.kdid.issuer.store.AuthorizationStore;
import kr.kdid.issuer.store.IssuerStore;
import kr.kdid.ledger.client.EventAnchors;
import kr.kdid.ledger.client.LedgerGateway;
import kr.kdid.ledger.client.LedgerIdentity;
import kr.kdid.ledger.state.IssuerRecord;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.web.db.ServiceDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One credential issuer (for example the police agency issuing driver's licences): its identity on
 * the ledger, its database, status lists and issuance anchors, and the use cases of OpenID4VCI and
 * of its administration. Thread-safe; close it to stop its timers (pending anchors are flushed).
 */
public final class IssuerService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IssuerService.class);

  /** The type of the DID service that names the issuer's OpenID4VCI identifier. */
  public static final String SERVICE_TYPE = "OpenID4VCICredentialIssuer";

  /** How long a positive or negative accreditation answer from the ledger is reused. */
  static final Duration ACCREDITATION_TTL = Duration.ofSeconds(10);

  private final IssuerConfig config;
  private final LedgerIdentity identity;
  private final IssuerStore store;
  private final MdocSigning mdoc;
  private final LedgerGateway ledger;
  private final Catalog catalog;
  private final Clock clock;
  private final StatusRegistry status;
  private final EventAnchors anchors;
  private final ScheduledExecutorService housekeeping;
  private final EnrolApplicant enrol;
  private final CreateOffer createOffer;
  private final RedeemPreAuthorizedCode redeem;
  private final IssueNonce nonce;
  private final IssueCredentials issue;
  private final CredentialLifecycle lifecycle;
  // Authorization code flow, deferred issuance, holder self-service (schema V3).
  private final AuthorizationStore authorizations;
  private final TestIdentityProvider testIdp;
  private final AuthorizeWithCode authorize;
  private final RedeemAuthorizationCode redeemCode;
  private final CreateAuthorizationCodeOffer createAuthorizationOffer;
  private final DeferredIssuance deferred;
  private final HolderSelfService selfService;
  private final Map<String, Cached> accreditation = new ConcurrentHashMap<>();
  private volatile boolean statusStarted;

  private record Cached(boolean mayIssue, long until) {}

  private IssuerService(
      IssuerConfig config,
      LedgerIdentity identity,
      IssuerStore store,
      MdocSigning mdoc,
      LedgerGateway ledger,
      Catalog catalog,
      Clock clock,
      SecureRandom random) {
    this.config = config;
    this.identity = identity;
    this.store = store;
    this.mdoc = mdoc;
    this.ledger = ledger;
    this.catalog = catalog;
    this.clock = clock;
    this.status = new StatusRegistry(config, identity, store, ledger, clock, random);
    this.enrol = new EnrolApplicant(store, clock, random);
    this.createOffer = new CreateOffer(config, store, catalog, clock, random);
    this.redeem = new RedeemPreAuthorizedCode(config, store, clock, random);
    this.nonce = new IssueNonce(config, store, clock, random);
    this.lifecycle =
        new CredentialLifecycle(
            store,
            this::statusRegistry,
            createOffer,
            catalog,
            () -> identity.did().toString(),
            clock,
            random);
    this.authorizations = new AuthorizationStore(store.database());
    this.issue =
        new IssueCredentials(
            config,
            identity,
            store,
            catalog,
            this::statusRegistry,
            this::mayIssue,
            lifecycle,
            mdoc,
            clock,
            random,
            authorizations);
    this.testIdp =
        new TestIdentityProvider(store, authorizations, clock, random, PasswordHash.DEFAULT);
    java.util.function.Function<String, String> doctypeOf =
        t -> catalog.byId(t).map(CredentialType::doctype).orElse(null);
    this.authorize =
        new AuthorizeWithCode(config, authorizations, testIdp, doctypeOf, clock, random);
    this.redeemCode = new RedeemAuthorizationCode(config, authorizations, doctypeOf, clock, random);
    this.createAuthorizationOffer =
        new CreateAuthorizationCodeOffer(config, store, authorizations, doctypeOf, clock, random);
    this.deferred =
        new DeferredIssuance(config, authorizations, store, catalog, issue, this::mayIssue, clock);
    this.selfService =
        new HolderSelfService(
            store,
            authorizations,
            testIdp,
            (batch, status) ->
                lifecycle
                    .apply(
                        batch,
                        CredentialLifecycle.Transition.toStatus(status),
                        "revoked by the holder after signing in again")
                    .credentials(),
            config.flows().sessionTtl(),
            clock,
            random);
    this.anchors =
        new EventAnchors(
            identity,
            TxBody.EventAnchor.ISSUANCE,
            store.anchorQueue(),
            ledger,
            clock,
            config.anchorInterval());
    this.housekeeping =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("kdid-issuer-purge").unstarted(r));
    housekeeping.scheduleWithFixedDelay(this::purge, 1, 1, TimeUnit.MINUTES);
  }

  /**
   * Starts an issuer: checks its configuration against the catalog, puts its DID on the ledger (or
   * updates its document), and opens its status lists once it is accredited.
   *
   * @param db the issuer's database (the service closes it)
   * @throws IllegalArgumentException if the configuration names types the catalog lacks
   */
  public static IssuerService start(
      IssuerConfig config,
      KeyVault vault,
      ServiceDatabase db,
      LedgerGateway ledger,
      Catalog catalog,
      Clock clock,
      SecureRandom random) {
    for (String t : config.credentialTypes()) {
      if (catalog.byId(t).isEmpty()) {
        throw new IllegalArgumentException("issuer " + config.name() + ": unknown type " + t);
      }
    }
    String alias = "issuer-" + config.name();
    IssuerStore store = new IssuerStore(db);
    MdocSigning mdoc =
        MdocSigning.open(
            config,
            vault,
            store,
            LedgerIdentity.didOf(vault, alias),
            config.credentialTypes().stream()
                .map(t -> catalog.byId(t).orElseThrow().rules().validity())
                .max(Duration::compareTo)
                .orElse(Duration.ofDays(365)),
            clock,
            random);
    LedgerIdentity identity =
        LedgerIdentity.of(
            vault,
            alias,
            List.of(
                new LedgerIdentity.Endpoint("oid4vci", SERVICE_TYPE, config.credentialIssuer())),
            did -> List.of(mdoc.service(did)));
    identity.ensureOnLedger(ledger, clock);
    IssuerService s =
        new IssuerService(config, identity, store, mdoc, ledger, catalog, clock, random);
    LOG.info("issuer {} is {}", config.name(), identity.did());
    return s;
  }

  public IssuerConfig config() {
    return config;
  }

  public LedgerIdentity identity() {
    return identity;
  }

  public IssuerStore store() {
    return store;
  }

  /** The ISO 18013-5 IACA and document signer of this issuer. */
  public MdocSigning mdoc() {
    return mdoc;
  }

  public Catalog catalog() {
    return catalog;
  }

  public Clock clock() {
    return clock;
  }

  // ---- use cases ----

  public EnrolApplicant enrolment() {
    return enrol;
  }

  public CreateOffer offers() {
    return createOffer;
  }

  public RedeemPreAuthorizedCode tokens() {
    return redeem;
  }

  public IssueNonce nonces() {
    return nonce;
  }

  public IssueCredentials credentials() {
    return issue;
  }

  /** Suspend, reinstate, revoke, expire, renew and re-issue. */
  public CredentialLifecycle lifecycle() {
    return lifecycle;
  }

  /** The TEST identity provider (stand-in for the government's) behind the sign-in pages. */
  public TestIdentityProvider testIdentityProvider() {
    return testIdp;
  }

  /** The authorization endpoint and its sign-in page. */
  public AuthorizeWithCode authorization() {
    return authorize;
  }

  /** The token endpoint's authorization code grant. */
  public RedeemAuthorizationCode authorizationCodes() {
    return redeemCode;
  }

  public CreateAuthorizationCodeOffer authorizationCodeOffers() {
    return createAuthorizationOffer;
  }

  public DeferredIssuance deferred() {
    return deferred;
  }

  public HolderSelfService selfService() {
    return selfService;
  }

  /** The credential types this issuer issues, from the catalog. */
  public List<CredentialType> types() {
    return config.credentialTypes().stream().map(t -> catalog.byId(t).orElseThrow()).toList();
  }

  /**
   * True if the ledger's trust registry lets this issuer issue the type now (cached briefly, so a
   * suspension takes effect within {@link #ACCREDITATION_TTL}).
   */
  public boolean mayIssue(String credentialType) {
    long now = clock.millis();
    Cached c = accreditation.get(credentialType);
    if (c != null && c.until > now) {
      return c.mayIssue;
    }
    Optional<IssuerRecord> r = ledger.issuer(identity.did());
    boolean ok = r.isPresent() && r.get().mayIssue(credentialType);
    accreditation.put(credentialType, new Cached(ok, now + ACCREDITATION_TTL.toMillis()));
    return ok;
  }

  /** The status lists, opened on first use (the ledger accepts lists from accredited issuers). */
  private StatusRegistry statusRegistry() {
    if (!statusStarted) {
      synchronized (this) {
        if (!statusStarted) {
          status.start();
          statusStarted = true;
        }
      }
    }
    return status;
  }

  /**
   * Sets the status of every credential of a batch and publishes the changed list on the ledger.
   *
   * @param newStatus {@link IssuerStore#VALID}, {@link IssuerStore#SUSPENDED} or {@link
   *     IssuerStore#REVOKED}
   * @return the number of credentials changed
   * @throws CredentialLifecycle.LifecycleException for an unknown batch or a transition its state
   *     does not allow (revocation and expiry are final)
   */
  public int setBatchStatus(String batchId, String newStatus) {
    return lifecycle
        .apply(batchId, CredentialLifecycle.Transition.toStatus(newStatus), null)
        .credentials();
  }

  /** Anchors queued issuance commitments now (tests and shutdown; a timer does it otherwise). */
  public int flushAnchors() {
    return anchors.flush();
  }

  private void purge() {
    try {
      store.purgeExpired(clock.millis() - Duration.ofDays(1).toMillis());
      authorizations.purgeExpired(clock.millis());
    } catch (RuntimeException e) {
      LOG.warn("purging expired offers, tokens and nonces failed: {}", e.getMessage());
    }
    housekeepStatus();
  }

  /**
   * Expires credentials whose validity ended and publishes status lists whose changes the ledger
   * does not have yet (the housekeeping timer runs this every minute).
   */
  public void housekeepStatus() {
    try {
      mdoc.rotateIfDue(clock.instant());
    } catch (RuntimeException e) {
      LOG.warn(
          "issuer {}: renewing the mdoc document signer failed: {}", config.name(), e.getMessage());
    }
    try {
      if (!statusStarted && store.statusLists().isEmpty()) {
        return; // nothing issued yet
      }
      int expired = lifecycle.expireDue();
      if (expired > 0) {
        LOG.info("issuer {}: {} batches expired", config.name(), expired);
      }
      int republished = statusRegistry().publishPending();
      if (republished > 0) {
        LOG.info("issuer {}: published {} pending status lists", config.name(), republished);
      }
    } catch (RuntimeException e) {
      LOG.warn("status housekeeping of issuer {} failed: {}", config.name(), e.getMessage());
    }
  }

  // ---- metadata ----

  /** Credential Issuer Metadata (OpenID4VCI §12.2). */
  public ObjectNode credentialIssuerMetadata() {
    String base = config.credentialIssuer();
    ObjectNode m = Json.object();
    m.put("credential_issuer", base);
    m.put("credential_endpoint", base + "/credential");
    m.put("nonce_endpoint", base + "/nonce");
    m.put("deferred_credential_endpoint", base + "/deferred_credential");
    int batch = types().stream().mapToInt(t -> t.rules().batchSize()).max().orElse(1);
    if (batch > 1) {
      m.putObject("batch_credential_issuance").put("batch_size", batch);
    }
    ArrayNode display = m.putArray("display");
    config
        .displayName()
        .forEach((locale, name) -> display.addObject().put("name", name).put("locale", locale));
    ObjectNode supported = m.putObject("credential_configurations_supported");
    for (CredentialType t : types()) {
      supported.set(t.id(), configuration(t));
      if (t.doctype() != null) {
        supported.set(t.doctype(), mdocConfiguration(t));
      }
    }
    return m;
  }

  private static ObjectNode configuration(CredentialType t) {
    ObjectNode c = Json.object();
    c.put("format", "dc+sd-jwt");
    c.put("vct", t.vct());
    c.put("scope", t.id());
    c.putArray("cryptographic_binding_methods_supported").add("jwk");
    c.putArray("credential_signing_alg_values_supported").add("ES256");
    c.putObject("proof_types_supported")
        .putObject("jwt")
        .putArray("proof_signing_alg_values_supported")
        .add("ES256");
    ObjectNode meta = c.putObject("credential_metadata");
    ArrayNode display = meta.putArray("display");
    for (String locale : List.of("ko", "en")) {
      Display d = t.display(locale);
      ObjectNode o = display.addObject();
      o.put("name", d.name());
      o.put("locale", locale);
      if (d.description() != null) {
        o.put("description", d.description());
      }
      if (d.backgroundColor() != null) {
        o.put("background_color", d.backgroundColor());
      }
      if (d.textColor() != null) {
        o.put("text_color", d.textColor());
      }
    }
    ArrayNode claims = meta.putArray("claims");
    for (ClaimDefinition cd : t.claims()) {
      ObjectNode o = claims.addObject();
      o.putArray("path").add(cd.name());
      o.put("mandatory", cd.mandatory() || cd.derived() != null);
      ArrayNode labels = o.putArray("display");
      for (String locale : List.of("ko", "en")) {
        labels.addObject().put("name", cd.label(locale)).put("locale", locale);
      }
    }
    return c;
  }

  /**
   * The {@code mso_mdoc} configuration of a type (OpenID4VCI Appendix A.2): its id is the doctype,
   * its claims are {@code [namespace, element]} paths.
   */
  private static ObjectNode mdocConfiguration(CredentialType t) {
    ObjectNode c = configuration(t);
    ObjectNode ordered = Json.object();
    ordered.put("format", "mso_mdoc");
    ordered.put("doctype", t.doctype());
    ordered.put("scope", t.doctype());
    ordered.putArray("cryptographic_binding_methods_supported").add("cose_key");
    ordered.putArray("credential_signing_alg_values_supported").add(-7);
    ordered.set("proof_types_supported", c.get("proof_types_supported"));
    ObjectNode meta = (ObjectNode) c.get("credential_metadata");
    for (var claim : meta.withArray("claims")) {
      ((ArrayNode) claim.get("path")).insert(0, t.namespace());
    }
    ordered.set("credential_metadata", meta);
    return ordered;
  }

  /**
   * OAuth Authorization Server Metadata (RFC 8414) for the pre-authorized code grant and the
   * authorization code grant with PKCE (S256 only) for public clients.
   */
  public ObjectNode authorizationServerMetadata() {
    String base = config.credentialIssuer();
    ObjectNode m = Json.object();
    m.put("issuer", base);
    m.put("authorization_endpoint", base + "/authorize");
    m.put("token_endpoint", base + "/token");
    m.putArray("grant_types_supported")
        .add(RedeemPreAuthorizedCode.GRANT_TYPE)
        .add(AuthorizeWithCode.GRANT_TYPE);
    m.putArray("response_types_supported").add("code");
    m.putArray("response_modes_supported").add("query");
    m.putArray("code_challenge_methods_supported").add("S256");
    m.putArray("token_endpoint_auth_methods_supported").add("none");
    m.putArray("authorization_details_types_supported").add("openid_credential");
    ArrayNode scopes = m.putArray("scopes_supported");
    for (CredentialType t : types()) {
      scopes.add(t.id());
      if (t.doctype() != null) {
        scopes.add(t.doctype());
      }
    }
    m.put("authorization_response_iss_parameter_supported", true);
    m.put("pre-authorized_grant_anonymous_access_supported", true);
    return m;
  }

  /** JWT VC Issuer Metadata (SD-JWT VC): the issuer's keys for verifiers outside K-DID. */
  public ObjectNode jwtVcIssuerMetadata() {
    ObjectNode m = Json.object();
    m.put("issuer", config.credentialIssuer());
    ObjectNode jwk = identity.key().publicKey().toJwk().toJson();
    jwk.put("kid", identity.keyId());
    jwk.put("use", "sig");
    jwk.put("alg", "ES256");
    m.putObject("jwks").putArray("keys").add(jwk);
    return m;
  }

  /** What an admin sees of an applicant's credentials: batches with their status. */
  public JsonNode credentialsOf(String applicantId) {
    ArrayNode out = Json.array();
    for (IssuerStore.CredentialRow r : store.credentialsOf(applicantId)) {
      ObjectNode o = out.addObject();
      o.put("id", r.id());
      o.put("batchId", r.batchId());
      o.put("credentialType", r.credentialType());
      o.put("status", r.status());
      o.put("statusList", r.statusList());
      o.put("issuedAt", java.time.Instant.ofEpochMilli(r.issuedAt()).toString());
      o.put("expiresAt", java.time.Instant.ofEpochMilli(r.expiresAt()).toString());
    }
    return out;
  }

  @Override
  public void close() {
    housekeeping.shutdownNow();
    anchors.close();
    store.database().close();
  }
}
