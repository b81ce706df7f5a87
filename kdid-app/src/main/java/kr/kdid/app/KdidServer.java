package kr.kdid.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import kr.kdid.core.json.Json;
import kr.kdid.core.keys.KeyVault;
import kr.kdid.core.keys.KeyVaultException;
import kr.kdid.core.keys.SoftwareKeyVault;
import kr.kdid.core.keys.WrongPassphraseException;
import kr.kdid.node.LedgerNode;
import kr.kdid.node.NodeBootstrap;
import kr.kdid.node.NodeOptions;
import kr.kdid.node.NodeStartupException;
import kr.kdid.node.http.LedgerApi;
import kr.kdid.web.Http;
import kr.kdid.web.WebServer;

/** One K-DID process: the ledger node and its HTTP API on one server. */
public final class KdidServer implements AutoCloseable {
  private final LedgerNode node;
  private final WebServer web;
  private final Path dataDir;
  private final String host;

  private KdidServer(LedgerNode node, WebServer web, Path dataDir, String host) {
    this.node = node;
    this.web = web;
    this.dataDir = dataDir;
    this.host = host;
  }

  /**
   * Starts the node on a data directory and serves it.
   *
   * @throws UserException for problems the user can fix (wrong passphrase, busy port, damaged
   *     ledger)
   */
  public static KdidServer start(
      Path dataDir, String host, int port, String nodeId, Path passphraseFile, PrintStream out) {
    Path data = dataDir.toAbsolutePath().normalize();
    char[] pass = Passphrases.resolve(data, passphraseFile, out);
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
    PrometheusMeterRegistry metrics = WebServer.newMetrics();
    NodeOptions opts =
        new NodeOptions(
            data,
            nodeId,
            null,
            2000,
            Long.getLong("kdid.block.lingerMillis", 5),
            50_000,
            java.time.Clock.systemUTC(),
            s -> out.println("  " + s));
    LedgerNode node;
    try {
      node = NodeBootstrap.start(opts, vault, metrics);
    } catch (NodeStartupException e) {
      throw new UserException(e.getMessage(), 3);
    }
    LedgerApi ledger = new LedgerApi(node);
    WebServer web;
    try {
      web =
          WebServer.builder(metrics)
              .routes(ledger::routes)
              .routes(
                  cfg ->
                      cfg.routes.get(
                          "/health",
                          ctx -> {
                            ObjectNode o = Json.object();
                            ObjectNode l = ledger.health();
                            boolean up = "UP".equals(l.path("status").asText());
                            o.put("status", up ? "UP" : "DOWN");
                            o.putObject("components").set("ledger", l);
                            Http.json(ctx, up ? 200 : 503, o);
                          }))
              .start(host, port);
    } catch (RuntimeException e) {
      node.close();
      throw new UserException(
          "cannot listen on "
              + host
              + ":"
              + port
              + " ("
              + rootMessage(e)
              + "); is another K-DID running? Choose another port with --port");
    }
    return new KdidServer(node, web, data, host);
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

  public int port() {
    return web.port();
  }

  /** http://host:port */
  public String baseUrl() {
    return "http://" + host + ":" + web.port();
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    web.close();
    node.close();
  }
}
