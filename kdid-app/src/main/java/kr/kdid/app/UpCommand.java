package kr.kdid.app;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kdid up}: everything on embedded defaults. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Start K-DID on its embedded defaults: a single-node ledger on RocksDB under the data",
      "directory, the credential issuers (OpenID4VCI) of the six mobile IDs (police: driver's",
      "licence; interior: resident card and civil-servant ID; veterans; justice: foreigner",
      "card; welfare: disability card) and a bank's verifier (OpenID4VP), on embedded H2, all",
      "on http://127.0.0.1:8080. The first start creates the governance authority's DID and",
      "keys and the genesis block, and accredits the local issuers and verifier. Stop with",
      "Ctrl-C."
    })
final class UpCommand implements Callable<Integer> {
  @Mixin ServerOptions options;

  @Override
  public Integer call() throws InterruptedException {
    return serve(System.out, options.settings(true, System.out), "K-DID");
  }

  static int serve(PrintStream out, KdidServer.Settings o, String what)
      throws InterruptedException {
    out.println(
        "starting "
            + what
            + " "
            + Version.current()
            + " (data in "
            + o.dataDir().toAbsolutePath().normalize()
            + ")");
    KdidServer s = KdidServer.start(o);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .unstarted(
                    () -> {
                      out.println("stopping " + what + "...");
                      s.close();
                      out.println(what + " stopped.");
                      stopped.countDown();
                    }));
    String base = s.baseUrl();
    out.println();
    if (s.node() != null) {
      var cfg = s.node().config();
      out.println(
          what + " is up: chain " + cfg.chainId() + ", height " + s.node().reader().height());
      out.println("  ledger     " + base + "/v1/chain");
      out.println(
          "  DIDs       " + base + "/1.0/identifiers/" + cfg.governance() + "  (governance)");
    } else {
      out.println(what + " is up: services on chain " + s.ledger().chainId());
      out.println("  ledger     " + o.ledgerUrls() + "  (remote nodes)");
    }
    for (var i : s.issuers()) {
      out.println(
          "  issuer     "
              + i.config().credentialIssuer()
              + "  ("
              + i.config().displayName().get("en")
              + ": "
              + String.join(", ", i.config().credentialTypes())
              + ")");
    }
    for (var v : s.verifiers()) {
      out.println(
          "  verifier   "
              + v.config().url()
              + "  ("
              + v.config().displayName().get("en")
              + ": open it in a browser to try a presentation)");
    }
    if (o.services()) {
      out.println(
          "  admin      token in "
              + (o.adminTokenFile() != null
                  ? o.adminTokenFile()
                  : System.getenv(AdminTokens.ENV) != null
                      ? "$" + AdminTokens.ENV
                      : AdminTokens.devFile(s.dataDir()))
              + "; try: ./kdid issuer offer");
    }
    out.println("  health     " + base + "/health");
    out.println("  metrics    " + base + "/metrics");
    out.println("  data       " + s.dataDir());
    out.println("Press Ctrl-C to stop.");
    out.flush();
    stopped.await();
    return 0;
  }
}
