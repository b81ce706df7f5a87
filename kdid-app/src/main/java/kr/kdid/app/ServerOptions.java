package kr.kdid.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that run servers. */
final class ServerOptions {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where K-DID keeps its ledger and keys (default: ${DEFAULT-VALUE}).",
      defaultValue = "${env:KDID_DATA_DIR:-./data}")
  Path dataDir;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).",
      defaultValue = "8080")
  int port;

  @Option(
      names = "--host",
      paramLabel = "ADDR",
      description = "Interface to listen on (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1")
  String host;

  @Option(
      names = "--passphrase-file",
      paramLabel = "FILE",
      description =
          "File holding the passphrase that protects the keys (else $KDID_PASSPHRASE, else a"
              + " development passphrase generated under the data directory).")
  Path passphraseFile;

  @Option(
      names = "--node-id",
      paramLabel = "ID",
      description = "This ledger node's id (default: ${DEFAULT-VALUE}).",
      defaultValue = "node-1")
  String nodeId;

  @Option(
      names = "--public-url",
      paramLabel = "URL",
      description =
          "The URL wallets and verifiers reach this server at, when it differs from"
              + " http://host:port (behind a proxy or TLS terminator).")
  String publicUrl;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description =
          "File holding the admin API token (else $KDID_ADMIN_TOKEN, else a development token"
              + " generated in <data-dir>/secrets/admin-token).")
  Path adminTokenFile;

  @Option(
      names = "--issuer-jdbc-url",
      paramLabel = "URL",
      description =
          "The issuer's database, e.g. jdbc:postgresql://127.0.0.1:5432/kdid_issuer (user and"
              + " password from $KDID_ISSUER_DB_USER and $KDID_ISSUER_DB_PASSWORD). Default:"
              + " embedded H2 under the data directory.")
  String issuerJdbcUrl;

  @Option(
      names = "--verifier-jdbc-url",
      paramLabel = "URL",
      description =
          "The verifier's database (user and password from $KDID_VERIFIER_DB_USER and"
              + " $KDID_VERIFIER_DB_PASSWORD). Default: embedded H2 under the data directory.")
  String verifierJdbcUrl;

  @Option(
      names = "--no-dev-trust",
      negatable = false,
      description =
          "Do not let the local governance key accredit this server's own issuer and register"
              + " its verifier (done by default for development; production does it through"
              + " governance).")
  boolean noDevTrust;

  @Option(
      names = "--peers",
      paramLabel = "FILE",
      description =
          "Run this node as a member of a ledger cluster: the peers file lists every node as"
              + " 'id raft-host:port http-url node-key' (see docs/operations.md). Without it the"
              + " node is a cluster of one.")
  Path peersFile;

  @Option(
      names = "--ledger",
      paramLabel = "URL[,URL...]",
      split = ",",
      description =
          "Run the services against these ledger nodes instead of a local node (up only). The"
              + " services fail over between them and verify every read.")
  java.util.List<java.net.URI> ledgerUrls;

  @Option(
      names = "--ledger-signatures",
      paramLabel = "K",
      defaultValue = "1",
      description =
          "With --ledger: how many of the chain's nodes must have signed the header behind a"
              + " ledger read (default: ${DEFAULT-VALUE}).")
  int ledgerSignatures;

  /** The server settings these options describe. */
  KdidServer.Settings settings(boolean services, java.io.PrintStream out) {
    return new KdidServer.Settings(
        dataDir,
        host,
        port,
        nodeId,
        passphraseFile,
        services,
        services && !noDevTrust,
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
