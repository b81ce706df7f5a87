package kr.kdid.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kdid node}: one ledger node. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Run one ledger node: RocksDB storage under the data directory and the ledger API.",
      "Today a node runs alone (a one-peer group); clusters arrive with the Raft adapter."
    })
final class NodeCommand implements Callable<Integer> {
  @Mixin ServerOptions options;

  @Override
  public Integer call() throws InterruptedException {
    return UpCommand.serve(
        System.out, options.settings(false, System.out), "K-DID ledger node " + options.nodeId);
  }
}
