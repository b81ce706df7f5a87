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
}
