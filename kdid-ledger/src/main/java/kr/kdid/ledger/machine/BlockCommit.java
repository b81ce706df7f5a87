package kr.kdid.ledger.machine;

import java.util.List;
import java.util.Map;
import kr.kdid.ledger.block.Block;
import kr.kdid.ledger.smt.ByteKey;

/**
 * Everything one block changes, written by {@link LedgerStore#commit} in one atomic batch.
 *
 * @param logIndex consensus log index of the block's entry
 * @param block the block, with this node's signature
 * @param blockHash the header hash
 * @param stateWrites world-state values by key
 * @param smtNodes new state-tree nodes by hash
 * @param historyNodes new history-tree nodes: (level, index) to hash, and the new size
 * @param historySize leaves in the history tree after this block
 * @param txIds the block's transaction ids, in order, and their validity
 * @param nonceKeys nonce keys consumed by the block's valid transactions
 * @param commitments commitments anchored by the block, with their locations
 * @param didVersions the DID versions the block wrote, with the transactions that wrote them
 */
public record BlockCommit(
    long logIndex,
    Block block,
    byte[] blockHash,
    Map<String, byte[]> stateWrites,
    Map<ByteKey, byte[]> smtNodes,
    Map<HistoryNode, byte[]> historyNodes,
    long historySize,
    List<TxIndexEntry> txIds,
    List<byte[]> nonceKeys,
    Map<ByteKey, CommitmentLocation> commitments,
    List<DidVersion> didVersions) {

  /** A history-tree node address. */
  public record HistoryNode(int level, long index) {}

  /** Version {@code version} of {@code did} was written by transaction {@code txId}. */
  public record DidVersion(kr.kdid.core.did.Did did, long version, byte[] txId) {}

  /** A transaction id and its location. */
  public record TxIndexEntry(byte[] id, TxLocation location) {}
}
