package kr.kdid.node;

import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * How to run a ledger node.
 *
 * @param dataDir where the node keeps its ledger ({@code ledger/}) and keys ({@code keys/})
 * @param nodeId this node's id, recorded in genesis and on every block it proposes
 * @param chainId the chain id to create at genesis (ignored once the chain exists)
 * @param maxBlockTxs most transactions per block
 * @param blockLingerMillis how long a block waits for more transactions after its first
 * @param queueCapacity most admitted transactions waiting for a block
 * @param clock source of block times
 * @param say where progress messages for people go
 * @param cluster the Raft group this node belongs to, or null for a one-peer group of its own on a
 *     free loopback port (the embedded default)
 */
public record NodeOptions(
    Path dataDir,
    String nodeId,
    String chainId,
    int maxBlockTxs,
    long blockLingerMillis,
    int queueCapacity,
    Clock clock,
    Consumer<String> say,
    kr.kdid.node.cluster.ClusterConfig cluster) {

  /** Options for a node of its own (a one-peer group). */
  public NodeOptions(
      Path dataDir,
      String nodeId,
      String chainId,
      int maxBlockTxs,
      long blockLingerMillis,
      int queueCapacity,
      Clock clock,
      Consumer<String> say) {
    this(dataDir, nodeId, chainId, maxBlockTxs, blockLingerMillis, queueCapacity, clock, say, null);
  }

  public static NodeOptions defaults(Path dataDir) {
    return new NodeOptions(dataDir, "node-1", null, 2000, 5, 50_000, Clock.systemUTC(), s -> {});
  }

  public NodeOptions withSay(Consumer<String> s) {
    return new NodeOptions(
        dataDir, nodeId, chainId, maxBlockTxs, blockLingerMillis, queueCapacity, clock, s, cluster);
  }

  public NodeOptions withChainId(String id) {
    return new NodeOptions(
        dataDir, nodeId, id, maxBlockTxs, blockLingerMillis, queueCapacity, clock, say, cluster);
  }

  public NodeOptions withCluster(kr.kdid.node.cluster.ClusterConfig c) {
    return new NodeOptions(
        dataDir, nodeId, chainId, maxBlockTxs, blockLingerMillis, queueCapacity, clock, say, c);
  }

  /** Where Ratis keeps this node's Raft log. */
  public Path raftDir() {
    return dataDir.resolve("raft");
  }

  public Path ledgerDir() {
    return dataDir.resolve("ledger");
  }

  public Path keysDir() {
    return dataDir.resolve("keys");
  }
}
