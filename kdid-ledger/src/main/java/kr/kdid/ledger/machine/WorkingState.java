package kr.kdid.ledger.machine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kr.kdid.core.did.Did;
import kr.kdid.core.encoding.Hex;
import kr.kdid.ledger.smt.ByteKey;
import kr.kdid.ledger.state.ChainConfig;
import kr.kdid.ledger.state.DidRecord;
import kr.kdid.ledger.state.IssuerRecord;
import kr.kdid.ledger.state.RelyingPartyRecord;
import kr.kdid.ledger.state.StateKeys;
import kr.kdid.ledger.state.StatusListRecord;

/**
 * The state as a block is being applied: the committed store overlaid with the writes of earlier
 * transactions of the same block, and a staging area for the current transaction that is merged
 * only if the transaction is valid. Single-threaded.
 */
final class WorkingState {
  private final LedgerStore store;
  private final DidCache didCache;
  private final RecordCache records;

  private final Map<String, byte[]> blockWrites = new LinkedHashMap<>();
  private final Map<Did, DidRecord> blockDids = new HashMap<>();
  private final Set<ByteKey> blockNonces = new HashSet<>();
  private final List<byte[]> blockNonceList = new ArrayList<>();
  private final Set<ByteKey> blockValidTxIds = new HashSet<>();
  private final Map<ByteKey, CommitmentLocation> blockCommitments = new LinkedHashMap<>();
  private final List<BlockCommit.DidVersion> blockDidVersions = new ArrayList<>();

  private final Map<String, byte[]> txWrites = new LinkedHashMap<>();
  private final Map<Did, DidRecord> txDids = new HashMap<>();
  private final Map<ByteKey, CommitmentLocation> txCommitments = new LinkedHashMap<>();
  private byte[] txNonce;

  /**
   * @param records the applying thread's record cache, or null (admission checks run on other
   *     threads and read the store directly)
   */
  WorkingState(LedgerStore store, DidCache didCache, RecordCache records) {
    this.store = store;
    this.didCache = didCache;
    this.records = records;
  }

  /** A decoded record: this block's pending write if any, else the committed one. */
  private <T> T read(String key, java.util.function.Function<byte[], T> decoder) {
    byte[] v = txWrites.get(key);
    if (v == null) {
      v = blockWrites.get(key);
    }
    if (v != null) {
      return decoder.apply(v);
    }
    if (records != null) {
      return records.get(key, store, decoder);
    }
    byte[] raw = store.get(key);
    return raw == null ? null : decoder.apply(raw);
  }

  byte[] get(String key) {
    byte[] v = txWrites.get(key);
    if (v == null) {
      v = blockWrites.get(key);
    }
    return v != null ? v : store.get(key);
  }

  void put(String key, byte[] value) {
    txWrites.put(key, value);
  }

  ChainConfig config() {
    return read(StateKeys.CHAIN_CONFIG, ChainConfig::decode);
  }

  DidRecord did(Did did) {
    DidRecord r = txDids.get(did);
    if (r == null) {
      r = blockDids.get(did);
    }
    return r != null ? r : didCache.get(did, store);
  }

  /**
   * Writes a DID's current record. It is encoded, and its version indexed, only when the
   * transaction is merged into the block ({@link #commitTx}): an admission check, which never
   * merges, does not pay for the encoding. DID records are read through {@link #did}, never as raw
   * bytes, so nothing needs them earlier.
   */
  void putDid(DidRecord r) {
    txDids.put(r.did(), r);
  }

  IssuerRecord issuer(Did did) {
    return read(StateKeys.issuer(did), IssuerRecord::decode);
  }

  RelyingPartyRecord relyingParty(Did did) {
    return read(StateKeys.relyingParty(did), RelyingPartyRecord::decode);
  }

  StatusListRecord statusList(Did issuer, String listId) {
    return read(StateKeys.statusList(issuer, listId), StatusListRecord::decode);
  }

  boolean nonceUsed(byte[] nonceKey) {
    return blockNonces.contains(new ByteKey(nonceKey)) || store.nonceUsed(nonceKey);
  }

  /** True if a valid transaction with this id is already on the ledger or earlier in the block. */
  boolean txApplied(byte[] txId) {
    if (blockValidTxIds.contains(new ByteKey(txId))) {
      return true;
    }
    TxLocation loc = store.txLocation(txId);
    return loc != null && loc.valid();
  }

  boolean commitmentKnown(byte[] commitment) {
    ByteKey k = new ByteKey(commitment);
    return txCommitments.containsKey(k)
        || blockCommitments.containsKey(k)
        || store.commitment(commitment) != null;
  }

  void useNonce(byte[] nonceKey) {
    txNonce = nonceKey;
  }

  void addCommitment(byte[] commitment, CommitmentLocation loc) {
    txCommitments.put(new ByteKey(commitment), loc);
  }

  /** Records that the block holds a valid transaction with this id. */
  void appliedTx(byte[] txId) {
    blockValidTxIds.add(new ByteKey(txId));
  }

  /** Merges the current transaction's writes into the block. */
  void commitTx() {
    blockWrites.putAll(txWrites);
    txDids.values().forEach(r -> blockWrites.put(StateKeys.did(r.did()), r.encode()));
    blockDids.putAll(txDids);
    txDids
        .values()
        .forEach(
            r ->
                blockDidVersions.add(
                    new BlockCommit.DidVersion(r.did(), r.version(), Hex.decode(r.txId()))));
    blockCommitments.putAll(txCommitments);
    if (txNonce != null) {
      blockNonces.add(new ByteKey(txNonce));
      blockNonceList.add(txNonce);
    }
    rollbackTx();
  }

  /**
   * Drops a rejected transaction's writes. If its signature had verified, its nonce stays used, so
   * that the same signed bytes can never be applied later.
   *
   * @return true if the nonce was used up
   */
  boolean rejectTx() {
    byte[] nonce = txNonce;
    rollbackTx();
    if (nonce != null) {
      blockNonces.add(new ByteKey(nonce));
      blockNonceList.add(nonce);
      return true;
    }
    return false;
  }

  /** Drops the current transaction's writes. */
  void rollbackTx() {
    txWrites.clear();
    txDids.clear();
    txCommitments.clear();
    txNonce = null;
  }

  Map<String, byte[]> blockWrites() {
    return blockWrites;
  }

  Map<Did, DidRecord> blockDids() {
    return blockDids;
  }

  List<byte[]> blockNonces() {
    return blockNonceList;
  }

  Map<ByteKey, CommitmentLocation> blockCommitments() {
    return blockCommitments;
  }

  List<BlockCommit.DidVersion> blockDidVersions() {
    return blockDidVersions;
  }
}
