package kr.kdid.node;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.did.KdidMethod;
import kr.kdid.core.did.Relationship;
import kr.kdid.core.did.VerificationMethod;
import kr.kdid.core.encoding.Hex;
import kr.kdid.core.keys.KeyVault;
import kr.kdid.ledger.block.BlockProposal;
import kr.kdid.ledger.machine.AppliedBlock;
import kr.kdid.ledger.machine.LedgerMachine;
import kr.kdid.ledger.machine.NodeSigner;
import kr.kdid.ledger.machine.SignatureCache;
import kr.kdid.ledger.state.ChainConfig;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.ledger.tx.TxCodec;
import kr.kdid.node.ordering.LocalOrderer;
import kr.kdid.node.store.ChainVerifier;
import kr.kdid.node.store.RocksLedgerStore;

/**
 * Starts a single-node ledger: opens the store, re-verifies the stored chain (refusing to start if
 * it was altered), creates the node key and, on first start, the governance authority's key, DID
 * and the genesis block.
 */
public final class NodeBootstrap {
  /** Alias of the governance authority's key in the key vault. */
  public static final String GOVERNANCE_KEY = "governance-1";

  private NodeBootstrap() {}

  /** Alias of a node's header-signing key in the key vault. */
  public static String nodeKeyAlias(String nodeId) {
    return "node-" + nodeId;
  }

  /** The governance DID's document for its first key. */
  public static DidDocument governanceDocument(Signer key) {
    Did did = KdidMethod.didFor(key.publicKey());
    return DidDocument.builder(did)
        .method(
            VerificationMethod.jwk(did.withFragment("key-1"), did, key.publicKey()),
            Relationship.CAPABILITY_INVOCATION,
            Relationship.ASSERTION_METHOD,
            Relationship.AUTHENTICATION)
        .build();
  }

  /**
   * Opens (and on first start creates) the node.
   *
   * @throws NodeStartupException if the stored ledger fails verification or the keys do not match
   */
  public static LedgerNode start(NodeOptions opts, KeyVault vault, MeterRegistry metrics) {
    RocksLedgerStore store;
    try {
      store = RocksLedgerStore.open(opts.ledgerDir());
    } catch (RuntimeException e) {
      throw new NodeStartupException(
          "cannot open the ledger in " + opts.ledgerDir() + ": " + e.getMessage(), e);
    }
    try {
      return start(opts, vault, metrics, store);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static LedgerNode start(
      NodeOptions opts, KeyVault vault, MeterRegistry metrics, RocksLedgerStore store) {
    long head = store.lastApplied().height();
    if (head >= 0) {
      opts.say().accept("verifying the stored ledger (" + (head + 1) + " blocks)...");
      long step = Math.max(1000, (head + 1) / 10);
      ChainVerifier.Result r =
          new ChainVerifier(
                  store,
                  h -> {
                    if (h > 0 && h % step == 0) {
                      opts.say().accept("  verified " + h + " of " + (head + 1) + " blocks");
                    }
                  })
              .verify();
      if (!r.ok()) {
        throw new NodeStartupException(
            "the stored ledger in "
                + opts.ledgerDir()
                + " failed verification: "
                + r.message()
                + ". Refusing to serve it. Restore the data directory from a backup or a"
                + " replica.");
      }
      opts.say().accept("ledger verified: " + (head + 1) + " blocks intact");
    } else {
      ChainVerifier.Result r = new ChainVerifier(store, h -> {}).verify();
      if (!r.ok()) {
        throw new NodeStartupException(
            "the ledger in " + opts.ledgerDir() + " is damaged: " + r.message());
      }
    }
    String alias = nodeKeyAlias(opts.nodeId());
    Signer nodeKey =
        vault.signer(alias).orElseGet(() -> vault.generate(alias, SignatureAlgorithm.ES256));
    SignatureCache signatures = new SignatureCache(200_000);
    LedgerMachine machine =
        new LedgerMachine(store, new NodeSigner(opts.nodeId(), nodeKey), signatures);
    if (head < 0) {
      genesis(opts, vault, machine, nodeKey);
    }
    ChainConfig config = machine.config();
    boolean member =
        config.nodes().stream()
            .anyMatch(n -> n.id().equals(opts.nodeId()) && n.key().equals(nodeKey.publicKey()));
    if (!member) {
      throw new NodeStartupException(
          "node "
              + opts.nodeId()
              + " with key "
              + nodeKey.publicKey().thumbprint()
              + " is not a node of chain "
              + config.chainId()
              + "; check --node-id and the key vault");
    }
    return new LedgerNode(
        opts.nodeId(),
        store,
        machine,
        listener ->
            new LocalOrderer(
                machine,
                opts.nodeId(),
                opts.clock(),
                opts.maxBlockTxs(),
                opts.blockLingerMillis(),
                opts.queueCapacity(),
                listener),
        metrics,
        opts.clock());
  }

  private static void genesis(
      NodeOptions opts, KeyVault vault, LedgerMachine machine, Signer nodeKey) {
    Signer gov =
        vault
            .signer(GOVERNANCE_KEY)
            .orElseGet(() -> vault.generate(GOVERNANCE_KEY, SignatureAlgorithm.ES256));
    DidDocument doc = governanceDocument(gov);
    String keyId = doc.id().withFragment("key-1");
    String chainId =
        opts.chainId() != null ? opts.chainId() : "kdid-" + Hex.encode(Randomness.bytes(4));
    Transaction create = TxCodec.sign(gov, keyId, chainId, new TxBody.DidCreate(doc));
    Transaction config =
        TxCodec.sign(
            gov,
            keyId,
            chainId,
            new TxBody.Genesis(
                chainId,
                doc.id(),
                List.of(new TxBody.NodeInfo(opts.nodeId(), nodeKey.publicKey()))));
    AppliedBlock b =
        machine.apply(
            0,
            new BlockProposal(
                opts.nodeId(), opts.clock().millis(), List.of(create.encoded(), config.encoded())));
    opts.say()
        .accept(
            "created chain "
                + chainId
                + " (genesis block "
                + b.hash().substring(0, 16)
                + "...), governance authority "
                + doc.id());
  }
}
