package kr.kdid.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import kr.kdid.core.crypto.NativeP256;
import kr.kdid.core.json.Json;
import kr.kdid.core.keys.KeyVault;
import kr.kdid.core.keys.KeyVaultException;
import kr.kdid.core.keys.SoftwareKeyVault;
import kr.kdid.core.keys.WrongPassphraseException;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.issuer.IssuerConfig;
import kr.kdid.issuer.IssuerService;
import kr.kdid.issuer.http.IssuerApi;
import kr.kdid.ledger.client.LedgerGateway;
import kr.kdid.node.Governance;
import kr.kdid.node.LedgerNode;
import kr.kdid.node.LocalLedgerGateway;
import kr.kdid.node.NodeBootstrap;
import kr.kdid.node.NodeOptions;
import kr.kdid.node.NodeStartupException;
import kr.kdid.node.cluster.ClusterConfig;
import kr.kdid.node.http.LedgerApi;
import kr.kdid.verifier.VerifierConfig;
import kr.kdid.verifier.VerifierRegistry;
import kr.kdid.verifier.VerifierService;
import kr.kdid.verifier.http.VerifierApi;
import kr.kdid.web.AdminAuth;
import kr.kdid.web.Http;
import kr.kdid.web.WebServer;
import kr.kdid.web.db.DatabaseException;
import kr.kdid.web.db.ServiceDatabase;

/**
 * One K-DID process: the ledger node and, unless it runs as a bare node, the services (the police
 * agency's credential issuer and a bank's verifier) on one HTTP server.
 */
public final class KdidServer implements AutoCloseable {
  private final LedgerNode node;
  private final WebServer web;
  private final Path dataDir;
  private final String baseUrl;
  private final KeyVault vault;
  private final LedgerGateway ledger;
  private final List<IssuerService> issuers;
  private final List<VerifierService> verifiers;
  private final List<ServiceDatabase> databases;

  /**
   * How to run.
   *
   * @param dataDir where the ledger, keys and service databases live
   * @param host interface to bind
   * @param port port, 0 for a free one
   * @param nodeId the ledger node's id
   * @param passphraseFile file with the keys' passphrase, or null
   * @param services whether to run the issuer (false: a bare ledger node)
   * @param devTrust whether to accredit this process's own issuer with the local governance key
   *     (development defaults of {@code kdid up}; production accredits through governance)
   * @param publicUrl the URL wallets and verifiers reach this server at, or null for
   *     http://host:port
   * @param issuerJdbcUrl the issuer's database, or null for embedded H2 under the data directory
   * @param verifierJdbcUrl the verifier's database, or null for embedded H2
   * @param adminTokenFile file with the admin API token, or null
   * @param out where to print progress
   * @param peersFile the ledger cluster's peers file, or null for a node of its own
   * @param ledgerUrls remote ledger nodes to run the services against (no local node), or empty
   * @param ledgerSignatures how many node signatures the services require on ledger reads (with
   *     remote nodes)
   */
  public record Settings(
      Path dataDir,
      String host,
      int port,
      String nodeId,
      Path passphraseFile,
      boolean services,
      boolean devTrust,
      String publicUrl,
      String issuerJdbcUrl,
      String verifierJdbcUrl,
      Path adminTokenFile,
      PrintStream out,
      Path peersFile,
      List<java.net.URI> ledgerUrls,
      int ledgerSignatures) {

    public Settings {
      ledgerUrls = ledgerUrls == null ? List.of() : List.copyOf(ledgerUrls);
      if (ledgerSignatures < 1) {
        throw new IllegalArgumentException("ledger signatures must be at least 1");
      }
    }

    /** True if the services run against remote ledger nodes (no local node). */
    public boolean remoteLedger() {
      return !ledgerUrls.isEmpty();
    }

    /** Everything on embedded defaults, as {@code kdid up} runs it. */
    public static Settings embedded(Path dataDir, String host, int port, PrintStream out) {
      return new Settings(
          dataDir, host, port, "node-1", null, true, true, null, null, null, null, out, null,
          List.of(), 1);
    }

    public Settings withPassphraseFile(Path file) {
      return new Settings(
          dataDir,
          host,
          port,
          nodeId,
          file,
          services,
          devTrust,
          publicUrl,
          issuerJdbcUrl,
          verifierJdbcUrl,
          adminTokenFile,
          out,
          peersFile,
          ledgerUrls,
          ledgerSignatures);
    }

    public Settings withDevTrust(boolean on) {
      return new Settings(
          dataDir,
          host,
          port,
          nodeId,
          passphraseFile,
          services,
          on,
          publicUrl,
          issuerJdbcUrl,
          verifierJdbcUrl,
          adminTokenFile,
          out,
          peersFile,
          ledgerUrls,
          ledgerSignatures);
    }

    /** The services against remote ledger nodes (no local node). */
    public Settings withLedger(List<java.net.URI> urls, int signatures) {
      return new Settings(
          dataDir,
          host,
          port,
          nodeId,
          passphraseFile,
          services,
          devTrust,
          publicUrl,
          issuerJdbcUrl,
          verifierJdbcUrl,
          adminTokenFile,
          out,
          peersFile,
          urls,
          signatures);
    }

    public Settings ledgerOnly() {
      return new Settings(
          dataDir,
          host,
          port,
          nodeId,
          passphraseFile,
          false,
          false,
          publicUrl,
          issuerJdbcUrl,
          verifierJdbcUrl,
          adminTokenFile,
          out,
          peersFile,
          ledgerUrls,
          ledgerSignatures);
    }
  }

  private KdidServer(
      LedgerNode node,
      WebServer web,
      Path dataDir,
      String baseUrl,
      KeyVault vault,
      LedgerGateway ledger,
      List<IssuerService> issuers,
      List<VerifierService> verifiers,
      List<ServiceDatabase> databases) {
    this.node = node;
    this.web = web;
    this.dataDir = dataDir;
    this.baseUrl = baseUrl;
    this.vault = vault;
    this.ledger = ledger;
    this.issuers = issuers;
    this.verifiers = verifiers;
    this.databases = databases;
  }

  private static ClusterConfig cluster(Settings s) {
    if (s.peersFile() == null) {
      return null;
    }
    try {
      return ClusterConfig.read(s.peersFile(), s.nodeId());
    } catch (java.io.IOException e) {
      throw new UserException("cannot read the peers file " + s.peersFile() + ": " + e);
    } catch (IllegalArgumentException e) {
      throw new UserException("the peers file is not right: " + e.getMessage());
    }
  }

  /**
   * Starts the node and the services on a data directory and serves them.
   *
   * @throws UserException for problems the user can fix (wrong passphrase, busy port, damaged
   *     ledger, unreachable database)
   */
  public static KdidServer start(Settings s) {
    PrintStream out = s.out();
    try {
      NativeP256.requireConfigured();
    } catch (IllegalStateException e) {
      throw new UserException(e.getMessage(), 2);
    }
    out.println("  P-256 signatures verified by " + NativeP256.status());
    Path data = s.dataDir().toAbsolutePath().normalize();
    char[] pass = Passphrases.resolve(data, s.passphraseFile(), out);
    KeyVault vault;
    try {
      vault = SoftwareKeyVault.open(data.resolve("keys"), pass);
    } catch (WrongPassphraseException e) {
      throw new UserException(
          "the passphrase does not open the keys in "
              + data.resolve("keys")
              + " ("
              + e.getMessage()
              + ")");
    } catch (KeyVaultException e) {
      throw new UserException(e.getMessage());
    }
    String adminToken = s.services() ? AdminTokens.resolve(data, s.adminTokenFile(), out) : null;
    PrometheusMeterRegistry metrics = WebServer.newMetrics();
    if (s.remoteLedger()) {
      return startRemote(s, data, vault, adminToken, metrics);
    }
    NodeOptions opts =
        new NodeOptions(
            data,
            s.nodeId(),
            null,
            2000,
            Long.getLong("kdid.block.lingerMillis", 5),
            50_000,
            Clock.systemUTC(),
            line -> out.println("  " + line),
            cluster(s));
    LedgerNode node;
    try {
      node = NodeBootstrap.start(opts, vault, metrics);
    } catch (NodeStartupException e) {
      throw new UserException(e.getMessage(), 3);
    }
    LedgerApi ledgerApi = new LedgerApi(node);
    // A bare node (no services) has no admin API and needs no token.
    AdminAuth admin = s.services() ? new AdminAuth(adminToken) : null;
    IssuerApi issuerApi = s.services() ? new IssuerApi(admin::require) : null;
    VerifierRegistry verifierRegistry = new VerifierRegistry();
    verifierRegistry.expect(BANK);
    VerifierApi verifierApi = s.services() ? new VerifierApi(verifierRegistry, admin) : null;
    List<IssuerService> issuers = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<VerifierService> verifiers = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<ServiceDatabase> databases = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean started =
        new java.util.concurrent.atomic.AtomicBoolean();
    WebServer web;
    try {
      WebServer.Builder b = WebServer.builder(metrics).routes(ledgerApi::routes);
      java.util.function.Supplier<ObjectNode> ledgerHealth = ledgerApi::health;
      if (s.services()) {
        b.routes(issuerApi::routes).routes(verifierApi::routes);
      }
      web =
          b.routes(
                  cfg ->
                      cfg.routes.get(
                          "/health",
                          ctx -> health(ctx, ledgerHealth, issuers, verifiers, started.get())))
              .start(s.host(), s.port());
    } catch (RuntimeException e) {
      node.close();
      throw cannotListen(s, e);
    }
    String base = s.publicUrl() != null ? strip(s.publicUrl()) : localUrl(s.host(), web.port());
    LedgerGateway ledger = new LocalLedgerGateway(node);
    KdidServer server =
        new KdidServer(node, web, data, base, vault, ledger, issuers, verifiers, databases);
    startServices(s, server, issuerApi, verifierRegistry, started);
    return server;
  }

  /**
   * The services against remote ledger nodes: no local node; every ledger read is verified against
   * headers signed by {@code ledgerSignatures} of the chain's nodes, and the client fails over
   * between the nodes.
   */
  private static KdidServer startRemote(
      Settings s, Path data, KeyVault vault, String adminToken, PrometheusMeterRegistry metrics) {
    PrintStream out = s.out();
    if (!s.services()) {
      throw new UserException("--ledger runs the services against remote nodes; use it with up");
    }
    kr.kdid.ledger.client.LedgerClient client;
    try {
      client =
          kr.kdid.ledger.client.LedgerClient.create(
              s.ledgerUrls(),
              kr.kdid.ledger.client.LedgerClient.fetchTrustPolicy(
                  s.ledgerUrls(), s.ledgerSignatures()));
      out.println(
          "  ledger: chain "
              + client.chainId()
              + " at "
              + s.ledgerUrls()
              + " (reads need "
              + client.trust().required()
              + " of "
              + client.trust().nodes().size()
              + " node signatures)");
    } catch (RuntimeException e) {
      throw new UserException(
          "cannot reach the ledger at " + s.ledgerUrls() + ": " + rootMessage(e), 4);
    }
    AdminAuth admin = new AdminAuth(adminToken);
    IssuerApi issuerApi = new IssuerApi(admin::require);
    VerifierRegistry verifierRegistry = new VerifierRegistry();
    verifierRegistry.expect(BANK);
    VerifierApi verifierApi = new VerifierApi(verifierRegistry, admin);
    List<IssuerService> issuers = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<VerifierService> verifiers = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<ServiceDatabase> databases = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean started =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.function.Supplier<ObjectNode> ledgerHealth = () -> remoteHealth(client);
    WebServer web;
    try {
      web =
          WebServer.builder(metrics)
              .routes(issuerApi::routes)
              .routes(verifierApi::routes)
              .routes(
                  cfg ->
                      cfg.routes.get(
                          "/health",
                          ctx -> health(ctx, ledgerHealth, issuers, verifiers, started.get())))
              .start(s.host(), s.port());
    } catch (RuntimeException e) {
      throw cannotListen(s, e);
    }
    String base = s.publicUrl() != null ? strip(s.publicUrl()) : localUrl(s.host(), web.port());
    KdidServer server =
        new KdidServer(null, web, data, base, vault, client, issuers, verifiers, databases);
    // The governance authority's key is not here: accreditation and registration go through it.
    Settings noDevTrust = s.withDevTrust(false);
    startServices(noDevTrust, server, issuerApi, verifierRegistry, started);
    for (IssuerService i : issuers) {
      if (client.issuer(i.identity().did()).isEmpty()) {
        out.println(
            "  note: "
                + i.identity().did()
                + " is not accredited on this ledger yet; the governance authority accredits it"
                + " for "
                + i.config().credentialTypes());
      }
    }
    for (VerifierService v : verifiers) {
      if (client.relyingParty(v.identity().did()).isEmpty()) {
        out.println(
            "  note: "
                + v.identity().did()
                + " is not registered as a relying party yet; the governance authority registers"
                + " it");
      }
    }
    return server;
  }

  private static UserException cannotListen(Settings s, RuntimeException e) {
    return new UserException(
        "cannot listen on "
            + s.host()
            + ":"
            + s.port()
            + " ("
            + rootMessage(e)
            + "); is another K-DID running? Choose another port with --port");
  }

  private static ObjectNode remoteHealth(kr.kdid.ledger.client.LedgerClient client) {
    ObjectNode l = Json.object();
    try {
      var head = client.head();
      l.put("status", "UP");
      l.put("chainId", head.header().chain());
      l.put("height", head.header().height());
      l.put("remote", true);
    } catch (RuntimeException e) {
      l.put("status", "DOWN");
      l.put("remote", true);
      l.put("error", rootMessage(e));
    }
    return l;
  }

  private static void startServices(
      Settings s,
      KdidServer server,
      IssuerApi issuerApi,
      VerifierRegistry verifierRegistry,
      java.util.concurrent.atomic.AtomicBoolean started) {
    PrintStream out = s.out();
    Path data = server.dataDir;
    String base = server.baseUrl;
    KeyVault vault = server.vault;
    LedgerGateway ledger = server.ledger;
    List<IssuerService> issuers = server.issuers;
    List<VerifierService> verifiers = server.verifiers;
    List<ServiceDatabase> databases = server.databases;
    if (s.services()) {
      try {
        for (IssuerConfig config : IssuerConfig.builtIn(base)) {
          IssuerService issuer = startIssuer(s, config, data, vault, ledger);
          issuers.add(issuer);
          AdminTokens.issuerToken(data, config.name())
              .ifPresent(
                  t -> {
                    issuerApi.separateAdmin(config.name(), new AdminAuth(t)::require);
                    out.println(
                        "  issuer "
                            + config.name()
                            + " has its own admin token; the server's does not administer it");
                  });
          issuerApi.add(issuer);
          if (s.devTrust()) {
            server.accreditIfNeeded(issuer, out);
          }
        }
        ServiceDatabase vdb =
            openDatabase(
                "verifier",
                s.verifierJdbcUrl(),
                data,
                "KDID_VERIFIER_DB_USER",
                "KDID_VERIFIER_DB_PASSWORD");
        databases.add(vdb);
        VerifierService bank =
            new VerifierService(
                bankConfig(base),
                vault,
                ledger,
                vdb,
                Catalog.builtIn(),
                Clock.systemUTC(),
                new SecureRandom());
        bank.start();
        verifiers.add(bank);
        verifierRegistry.started(bank);
        if (s.devTrust()) {
          server.registerIfNeeded(bank, out);
        }
      } catch (RuntimeException e) {
        server.close();
        throw e instanceof UserException u ? u : new UserException(rootMessage(e), 4);
      }
    }
    started.set(true);
  }

  /** The name of the demonstration verifier that {@code kdid up} runs. */
  public static final String BANK = "bank";

  /** The claims of the driver's licence the demonstration bank is registered for. */
  public static final List<String> BANK_CLAIMS =
      List.of("family_name", "given_name", "birth_date", "age_over_18", "age_over_19");

  /**
   * The demonstration bank: K-Bank checking name and age with the driver's licence. It reads the
   * status list on the ledger for every presentation (no status cache), so a revocation takes
   * effect at once.
   */
  public static VerifierConfig bankConfig(String base) {
    return VerifierConfig.bank(base).withStatusCacheTtlCap(java.time.Duration.ZERO);
  }

  private static ServiceDatabase openDatabase(
      String name, String jdbcUrl, Path data, String userEnv, String passwordEnv) {
    try {
      return jdbcUrl == null
          ? ServiceDatabase.embedded(name, data.resolve(name))
          : ServiceDatabase.open(name, jdbcUrl, System.getenv(userEnv), System.getenv(passwordEnv));
    } catch (DatabaseException e) {
      throw new UserException(e.getMessage() + causeOf(e), 4);
    }
  }

  /**
   * Starts one issuing body. The police keep the database of earlier versions ({@code issuer/}, or
   * the default schema on PostgreSQL); every other body has its own ({@code issuer-<name>/}, or the
   * schema {@code issuer_<name>}): issuers never share personal data.
   */
  private static IssuerService startIssuer(
      Settings s, IssuerConfig config, Path data, KeyVault vault, LedgerGateway ledger) {
    boolean police = config.name().equals("police");
    ServiceDatabase db;
    try {
      db =
          s.issuerJdbcUrl() == null
              ? ServiceDatabase.embedded(
                  "issuer", data.resolve(police ? "issuer" : "issuer-" + config.name()))
              : ServiceDatabase.open(
                  "issuer",
                  s.issuerJdbcUrl(),
                  System.getenv("KDID_ISSUER_DB_USER"),
                  System.getenv("KDID_ISSUER_DB_PASSWORD"),
                  police ? null : "issuer_" + config.name());
    } catch (DatabaseException e) {
      throw new UserException(e.getMessage() + causeOf(e), 4);
    }
    return IssuerService.start(
        config, vault, db, ledger, Catalog.builtIn(), Clock.systemUTC(), new SecureRandom());
  }

  /** Development default: the local governance key accredits this process's own issuer. */
  private void accreditIfNeeded(IssuerService issuer, PrintStream out) {
    var did = issuer.identity().did();
    var record = ledger.issuer(did);
    List<String> types = issuer.config().credentialTypes();
    if (record.isPresent() && record.get().credentialTypes().containsAll(types)) {
      return;
    }
    Governance.of(vault, ledger, Clock.systemUTC())
        .accreditIssuer(did, issuer.config().displayName().get("ko"), types);
    out.println(
        "  accredited the "
            + issuer.config().displayName().get("en")
            + " ("
            + did
            + ") for "
            + types
            + " (development default; production accredits through governance)");
  }

  /** Development default: the local governance key registers this process's own verifier. */
  private void registerIfNeeded(VerifierService verifier, PrintStream out) {
    var did = verifier.identity().did();
    var record = ledger.relyingParty(did);
    String type = verifier.config().demoCredentialType();
    if (record.isPresent()
        && record.get().claims().getOrDefault(type, List.of()).containsAll(BANK_CLAIMS)) {
      return;
    }
    Governance.of(vault, ledger, Clock.systemUTC())
        .registerRelyingParty(
            did,
            verifier.config().displayName().get("ko"),
            "계좌 개설 시 본인 및 나이 확인 (identity and age check to open an account)",
            java.util.Map.of(type, BANK_CLAIMS));
    out.println(
        "  registered "
            + verifier.config().displayName().get("en")
            + " ("
            + did
            + ") as a relying party for "
            + type
            + " "
            + BANK_CLAIMS
            + " (development default)");
  }

  /** 200 once everything runs; 503 while starting or if the ledger is down. */
  private static void health(
      Context ctx,
      java.util.function.Supplier<ObjectNode> ledgerHealth,
      List<IssuerService> issuers,
      List<VerifierService> verifiers,
      boolean started) {
    ObjectNode o = Json.object();
    ObjectNode l = ledgerHealth.get();
    boolean ledgerUp = "UP".equals(l.path("status").asText());
    boolean up = ledgerUp && started;
    o.put("status", !ledgerUp ? "DOWN" : started ? "UP" : "STARTING");
    ObjectNode components = o.putObject("components");
    components.set("ledger", l);
    for (IssuerService i : issuers) {
      ObjectNode c = components.putObject("issuer-" + i.config().name());
      c.put("status", "UP");
      c.put("did", i.identity().did().toString());
      c.put("credentialIssuer", i.config().credentialIssuer());
    }
    for (VerifierService v : verifiers) {
      ObjectNode c = components.putObject("verifier-" + v.config().name());
      c.put("status", v.started() ? "UP" : "STARTING");
      c.put("did", v.identity().did().toString());
      c.put("clientId", v.clientId());
    }
    Http.json(ctx, up ? 200 : 503, o);
  }

  private static String localUrl(String host, int port) {
    String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port;
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String causeOf(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root == e ? "" : " (" + root.getMessage() + ")";
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  /** The local ledger node, or null when the services run against remote nodes. */
  public LedgerNode node() {
    return node;
  }

  public LedgerGateway ledger() {
    return ledger;
  }

  public KeyVault vault() {
    return vault;
  }

  public List<IssuerService> issuers() {
    return issuers;
  }

  public List<VerifierService> verifiers() {
    return verifiers;
  }

  public int port() {
    return web.port();
  }

  /** The URL the server is reached at (http://host:port, or the public URL). */
  public String baseUrl() {
    return baseUrl;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    web.close();
    for (VerifierService v : verifiers) {
      v.close();
    }
    for (IssuerService i : issuers) {
      i.close();
    }
    for (ServiceDatabase d : databases) {
      d.close();
    }
    if (node != null) {
      node.close();
    }
  }
}
