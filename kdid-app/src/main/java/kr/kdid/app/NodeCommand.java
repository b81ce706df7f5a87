package kr.kdid.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import kr.kdid.core.crypto.VerificationKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kdid node}: one ledger node, alone or as a member of a cluster. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    subcommands = {NodeCommand.Keygen.class},
    description = {
      "Run one ledger node: RocksDB storage under the data directory, the Raft consensus"
          + " service and the ledger API.",
      "Alone it is a one-peer cluster; with --peers it joins the cluster the peers file"
          + " describes (see docs/operations.md)."
    })
final class NodeCommand implements Callable<Integer> {
  @Mixin ServerOptions options;

  @Override
  public Integer call() throws InterruptedException {
    return UpCommand.serve(
        System.out, options.settings(false, System.out), "K-DID ledger node " + options.nodeId);
  }

  /** {@code kdid node keygen}: the node key a peers file needs. */
  @Command(
      name = "keygen",
      mixinStandardHelpOptions = true,
      description = {
        "Create this node's header-signing key (if it has none) in the data directory's key"
            + " vault and print its public key, for the cluster's peers file.",
        "Run it on each machine before the first start of a cluster; the private key never"
            + " leaves the data directory."
      })
  static final class Keygen implements Callable<Integer> {
    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description = "The node's data directory (default: ${DEFAULT-VALUE}).",
        defaultValue = "${env:KDID_DATA_DIR:-./data}")
    Path dataDir;

    @Option(
        names = "--node-id",
        paramLabel = "ID",
        description = "The node's id (default: ${DEFAULT-VALUE}).",
        defaultValue = "node-1")
    String nodeId;

    @Override
    public Integer call() {
      VerificationKey key = LocalCluster.nodeKey(dataDir, nodeId, System.err);
      System.out.println(key.toMultibase());
      System.err.println(
          "peers file line for this node: "
              + nodeId
              + " <raft-host>:<raft-port> http://<host>:<port> "
              + key.toMultibase());
      return 0;
    }
  }
}
