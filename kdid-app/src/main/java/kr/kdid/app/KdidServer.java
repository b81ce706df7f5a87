package kr.kdid.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
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
      Path peersFile) {

    /** Everything on embedded defaults, as {@code kdid up} runs it. */
    public static Settings embedded(Path dataDir, String host, int port, PrintStream out) {
      return new Settings(
          dataDir, host, port, "node-1", null, true, true, null, null, null, null, out, null);
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
          peersFile);
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
          peersFile);
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
          peersFile);
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
      if (s.services()) {
        b.routes(issuerApi::routes).routes(verifierApi::routes);
      }
      web =
          b.routes(
                  cfg ->
                      cfg.routes.get(
                          "/health",
                          ctx -> health(ctx, ledgerApi, issuers, verifiers, started.get())))
              .start(s.host(), s.port());
    } catch (RuntimeException e) {
      node.close();
      throw new UserException(
          "cannot listen on "
              + s.host()
              + ":"
              + s.port()
              + " ("
              + rootMessage(e)
              + "); is another K-DID running? Choose another port with --port");
    }
    String base = s.publicUrl() != null ? strip(s.publicUrl()) : localUrl(s.host(), web.port());
    LedgerGateway ledger = new LocalLedgerGateway(node);
    KdidServer server =
        new KdidServer(node, web, data, base, vault, ledger, issuers, verifiers, databases);
    if (s.services()) {
      try {
        IssuerService police = startIssuer(s, data, base, vault, ledger);
        issuers.add(police);
        issuerApi.add(police);
        if (s.devTrust()) {
          server.accreditIfNeeded(police, out);
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
    return server;
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

  private static IssuerService startIssuer(
      Settings s, Path data, String base, KeyVault vault, LedgerGateway ledger) {
    ServiceDatabase db =
        openDatabase(
            "issuer", s.issuerJdbcUrl(), data, "KDID_ISSUER_DB_USER", "KDID_ISSUER_DB_PASSWORD");
    return IssuerService.start(
        IssuerConfig.police(base),
        vault,
        db,
        ledger,
        Catalog.builtIn(),
        Clock.systemUTC(),
        new SecureRandom());
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
      LedgerApi ledgerApi,
      List<IssuerService> issuers,
      List<VerifierService> verifiers,
      boolean started) {
    ObjectNode o = Json.object();
    ObjectNode l = ledgerApi.health();
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
    node.close();
  }
}
