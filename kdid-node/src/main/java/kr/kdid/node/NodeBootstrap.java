package kr.kdid.node;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.did.KdidMethod;
import kr.kdid.core.did.Relationship;
import kr.kdid.core.did.VerificationMethod;
import kr.kdid.core.encoding.Hex;
import kr.kdid.core.keys.KeyVault;
import kr.kdid.ledger.block.BlockProposal;
import kr.kdid.ledger.machine.LedgerMachine;
import kr.kdid.ledger.machine.NodeSigner;
import kr.kdid.ledger.machine.SignatureCache;
import kr.kdid.ledger.state.ChainConfig;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.ledger.tx.TxCodec;
import kr.kdid.node.cluster.ClusterConfig;
import kr.kdid.node.cluster.NodeTls;
import kr.kdid.node.cluster.Peer;
import kr.kdid.node.ordering.RaftOrderer;
import kr.kdid.node.store.ChainVerifier;
import kr.kdid.node.store.ReplaceableStore;
import kr.kdid.node.store.RocksLedgerStore;

/**
 * Starts a single-node ledger: opens the store, re-verifies the stored chain (refusing to start if
 * it was altered), creates the node key and, on first start, the governance authority's key, DID
 * and the genesis block.
 */
public final class NodeBootstrap {
  /** Alias of the governance authority's key in the key vault. */
  public static final String GOVERNANCE_KEY = "governance-1";

  /**
   * Blocks a node prepares (decodes, checks signatures of) ahead of the one it applies. Two keep
   * both cores busy on a 2-core machine: with one, the verifying threads often finished first and
   * waited for the serial apply (measured with LedgerApplyBench).
   */
  public static final int PREPARE_AHEAD = 2;

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
    RocksLedgerStore store = open(opts);
    String damage = verify(opts, store);
    boolean resync = false;
    if (damage != null) {
      store.close();
      boolean cluster = opts.cluster() != null && opts.cluster().peers().size() > 1;
      if (!cluster) {
        throw new NodeStartupException(
            "the stored ledger in "
                + opts.ledgerDir()
                + " failed verification: "
                + damage
                + ". Refusing to serve it. Restore the data directory from a backup or a"
                + " replica.");
      }
      // A cluster member refuses to serve its damaged copy and fetches the ledger again from
      // its peers; the damaged copy is kept aside for inspection.
      Path aside = moveAside(opts);
      opts.say()
          .accept(
              "the stored ledger failed verification: "
                  + damage
                  + ". Refusing to serve it; the damaged copy (ledger and Raft log) is kept in "
                  + aside
                  + ". Re-syncing from the peers.");
      store = open(opts);
      resync = true;
    }
    try {
      return start(opts, vault, metrics, store, resync);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static RocksLedgerStore open(NodeOptions opts) {
    try {
      ReplaceableStore.recover(opts.ledgerDir());
      return RocksLedgerStore.open(opts.ledgerDir());
    } catch (IOException e) {
      throw new NodeStartupException(
          "cannot finish an interrupted snapshot restore in " + opts.ledgerDir() + ": " + e, e);
    } catch (RuntimeException e) {
      throw new NodeStartupException(
          "cannot open the ledger in " + opts.ledgerDir() + ": " + e.getMessage(), e);
    }
  }

  /** Re-verifies the stored ledger; returns what is wrong, or null if it is intact. */
  private static String verify(NodeOptions opts, RocksLedgerStore store) {
    long head = store.lastApplied().height();
    if (head < 0) {
      ChainVerifier.Result r = new ChainVerifier(store, h -> {}).verify();
      return r.ok() ? null : r.message();
    }
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
    if (r.ok()) {
      opts.say().accept("ledger verified: " + (head + 1) + " blocks intact");
      return null;
    }
    return r.message();
  }

  /** Moves the ledger and the Raft log into {@code damaged-<time>/}; returns that folder. */
  private static Path moveAside(NodeOptions opts) {
    Path aside =
        opts.dataDir()
            .resolve(
                "damaged-"
                    + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(java.time.ZoneOffset.UTC)
                        .format(opts.clock().instant()));
    try {
      Files.createDirectories(aside);
      Files.move(opts.ledgerDir(), aside.resolve("ledger"));
      if (Files.exists(opts.raftDir())) {
        // The Raft snapshots share files with the store (hard links): they go too.
        Files.move(opts.raftDir(), aside.resolve("raft"));
      }
    } catch (IOException e) {
      throw new NodeStartupException(
          "the stored ledger is damaged and could not be moved aside to " + aside + ": " + e, e);
    }
    return aside;
  }

  private static LedgerNode start(
      NodeOptions opts,
      KeyVault vault,
      MeterRegistry metrics,
      RocksLedgerStore store,
      boolean resync) {
    long head = store.lastApplied().height();
    String alias = nodeKeyAlias(opts.nodeId());
    Signer nodeKey =
        vault.signer(alias).orElseGet(() -> vault.generate(alias, SignatureAlgorithm.ES256));
    SignatureCache signatures = new SignatureCache(200_000);
    ReplaceableStore live = new ReplaceableStore(store);
    LedgerMachine machine =
        new LedgerMachine(live, new NodeSigner(opts.nodeId(), nodeKey), signatures);
    ClusterConfig cluster =
        opts.cluster() != null
            ? opts.cluster()
            : ClusterConfig.single(opts.nodeId(), freeLoopbackPort(), null);
    if (!cluster.selfId().equals(opts.nodeId())) {
      throw new NodeStartupException(
          "the cluster configuration is for node " + cluster.selfId() + ", not " + opts.nodeId());
    }
    VerificationKey listed = cluster.self().nodeKey();
    if (listed != null && !listed.equals(nodeKey.publicKey())) {
      throw new NodeStartupException(
          "the peers file gives node "
              + opts.nodeId()
              + " the key "
              + listed.toMultibase()
              + " but its key vault holds "
              + nodeKey.publicKey().toMultibase()
              + "; fix the peers file or --data-dir");
    }
    RaftOrderer orderer;
    try {
      Files.createDirectories(opts.raftDir());
      orderer =
          new RaftOrderer(
              machine,
              live,
              cluster,
              opts.raftDir(),
              new RaftOrderer.Settings(
                  opts.nodeId(),
                  opts.clock(),
                  opts.maxBlockTxs(),
                  opts.blockLingerMillis(),
                  opts.queueCapacity(),
                  // Block proposals in flight at once: one. Transactions gather while a block is
                  // replicated and applied, so blocks are large and their fixed cost (a synced
                  // Raft entry, a ledger write, a signature and, in a cluster, a co-signature on
                  // every node) is shared. With 8 in flight a 3-node cluster on one host cut
                  // blocks of about 10 transactions and committed a third less, and a single node
                  // under 128 didCreate clients cut blocks of 14 and committed a tenth less
                  // (decision 0007).
                  Integer.getInteger("kdid.raft.maxInFlight", 1),
                  cluster.peers().size() == 1 ? 150 : 400,
                  Long.getLong("kdid.raft.snapshotEvery", 10_000),
                  NodeTls.create(cluster, nodeKey)));
    } catch (IOException | RuntimeException e) {
      throw new NodeStartupException(
          "cannot start the consensus (Raft) service on "
              + cluster.self().raftAddress()
              + ": "
              + e.getMessage(),
          e);
    }
    try {
      if (!resync) {
        awaitLogReplayed(opts, machine, orderer, cluster.peers().size() == 1);
      }
      if (head < 0) {
        awaitGenesis(opts, vault, machine, nodeKey, cluster, orderer);
      }
      if (resync) {
        awaitCaughtUp(opts, machine, orderer);
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
    } catch (RuntimeException e) {
      orderer.close();
      throw e;
    }
    return new LedgerNode(
        opts.nodeId(),
        live,
        machine,
        listener -> {
          orderer.listen(listener);
          return orderer;
        },
        metrics,
        opts.clock());
  }

  private static int freeLoopbackPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new NodeStartupException("no free loopback port for the consensus service", e);
    }
  }

  /**
   * Waits until genesis is applied. The bootstrap node (the first peer) writes it once the group
   * has a leader and this node has caught up with the log (after a crash the log may already hold
   * it); the others wait for it to arrive.
   */
  private static void awaitGenesis(
      NodeOptions opts,
      KeyVault vault,
      LedgerMachine machine,
      Signer nodeKey,
      ClusterConfig cluster,
      RaftOrderer orderer) {
    long started = System.nanoTime();
    long nextSay = started + TimeUnit.SECONDS.toNanos(cluster.peers().size() == 1 ? 10 : 3);
    CompletableFuture<?> sent = null;
    BlockProposal proposal = null;
    boolean peerHasChain = false;
    while (machine.config() == null) {
      if (System.nanoTime() > nextSay) {
        nextSay = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String leader = orderer.leaderId();
        opts.say()
            .accept(
                cluster.bootstrap()
                    ? "waiting for a quorum of the cluster to write genesis (leader: "
                        + (leader == null ? "none yet" : leader)
                        + ")"
                    : "waiting for the genesis block from "
                        + cluster.peers().get(0).id()
                        + " (leader: "
                        + (leader == null ? "none yet" : leader)
                        + ")");
      }
      if (cluster.bootstrap()
          && (sent == null || sent.isDone())
          && !peerHasChain
          && caughtUp(orderer)) {
        if (machine.config() != null) {
          break;
        }
        if (proposal == null && peerHasChain(cluster)) {
          // This first node lost its ledger (wiped, replaced): the chain exists, so catch up
          // from the peers instead of writing a second genesis.
          peerHasChain = true;
          opts.say().accept("the cluster already has a chain; catching up from the peers");
          continue;
        }
        if (proposal == null) {
          proposal = genesisProposal(opts, vault, nodeKey, cluster);
        }
        sent = orderer.propose(proposal);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NodeStartupException("interrupted while waiting for genesis", e);
      }
    }
    if (proposal != null) {
      opts.say()
          .accept(
              "created chain "
                  + machine.config().chainId()
                  + " (genesis block "
                  + machine.lastHeader().hashHex().substring(0, 16)
                  + "...), governance authority "
                  + machine.config().governance());
    } else {
      opts.say().accept("joined chain " + machine.config().chainId());
    }
  }

  /**
   * Waits until this node has applied what the cluster had committed when it rejoined. The target
   * is fixed (the highest commit index seen in the first second with a leader), so a re-sync ends
   * even while writes go on faster than this node applies them; the rest is ordinary follower lag.
   */
  private static void awaitCaughtUp(NodeOptions opts, LedgerMachine machine, RaftOrderer orderer) {
    long nextSay = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    long target = -1;
    long targetFixedAt = -1;
    while (true) {
      long now = System.nanoTime();
      long[] ac = null;
      if (orderer.leaderId() != null) {
        try {
          ac = orderer.appliedAndCommitted();
        } catch (IOException e) {
          ac = null;
        }
      }
      if (ac != null && ac[1] >= 0) {
        if (targetFixedAt < 0) {
          targetFixedAt = now + TimeUnit.SECONDS.toNanos(1);
        }
        if (now < targetFixedAt) {
          target = Math.max(target, ac[1]);
        } else if (ac[0] >= target) {
          break;
        }
      }
      if (now > nextSay) {
        nextSay = now + TimeUnit.SECONDS.toNanos(5);
        opts.say()
            .accept(
                "re-syncing: at block "
                    + machine.lastApplied().height()
                    + (ac == null ? " (no leader yet)" : " (log " + ac[0] + " of " + target + ")"));
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NodeStartupException("interrupted while re-syncing", e);
      }
    }
    opts.say().accept("re-synced from the peers: at block " + machine.lastApplied().height());
  }

  /**
   * Waits until this node has re-applied, from its own Raft log, the blocks its store did not yet
   * have on disk when it stopped (the Raft log is the store's write-ahead log: after a crash the
   * store reopens at its last flush). Until then it would answer reads from an older ledger than it
   * had acknowledged. A node of its own waits until it leads and has applied everything it
   * committed. A cluster member waits for the entries its log knew were committed when it started
   * (a fixed target, so that it starts even while the leader sends new entries faster than it
   * applies them); it needs no quorum for that.
   */
  private static void awaitLogReplayed(
      NodeOptions opts, LedgerMachine machine, RaftOrderer orderer, boolean alone) {
    long storedHeight = machine.lastApplied().height();
    long started = System.nanoTime();
    long nextSay = started + TimeUnit.SECONDS.toNanos(3);
    long target = -1;
    long startTarget = Long.MIN_VALUE;
    while (true) {
      long[] ac;
      try {
        ac = orderer.appliedAndCommitted();
      } catch (IOException e) {
        ac = null;
      }
      if (!orderer.healthy()) {
        throw new NodeStartupException(
            "the node stopped while re-applying its Raft log: see the log above");
      }
      if (ac != null) {
        target = Math.max(target, ac[1]);
        if (startTarget == Long.MIN_VALUE) {
          startTarget = ac[1];
        }
        boolean ready = alone ? orderer.leaderId() != null && ac[0] >= ac[1] : ac[0] >= startTarget;
        if (ready) {
          break;
        }
      }
      long now = System.nanoTime();
      if (now > nextSay) {
        nextSay = now + TimeUnit.SECONDS.toNanos(5);
        if (target > machine.lastApplied().logIndex()) {
          opts.say()
              .accept(
                  "re-applying the Raft log: at block "
                      + machine.lastApplied().height()
                      + (ac == null ? "" : " (log entry " + ac[0] + " of " + target + ")"));
        } else if (alone && orderer.leaderId() == null) {
          opts.say().accept("waiting for the Raft group of this node to elect it leader");
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NodeStartupException("interrupted while re-applying the Raft log", e);
      }
    }
    long height = machine.lastApplied().height();
    if (height > storedHeight) {
      opts.say()
          .accept(
              "re-applied the Raft log: blocks "
                  + (storedHeight + 1)
                  + " to "
                  + height
                  + " were not yet on disk in the ledger store ("
                  + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)
                  + " ms)");
    }
  }

  /** True if another peer's ledger API answers with a chain. */
  private static boolean peerHasChain(ClusterConfig cluster) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    for (Peer p : cluster.peers()) {
      if (p.id().equals(cluster.selfId()) || p.httpUrl() == null) {
        continue;
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(p.httpUrl().resolve("/v1/chain"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return true;
        }
      } catch (IOException e) {
        // not up (yet): it cannot vouch for a chain
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static boolean caughtUp(RaftOrderer orderer) {
    if (orderer.leaderId() == null) {
      return false;
    }
    try {
      long[] ac = orderer.appliedAndCommitted();
      return ac[0] >= ac[1];
    } catch (IOException e) {
      return false;
    }
  }

  private static BlockProposal genesisProposal(
      NodeOptions opts, KeyVault vault, Signer nodeKey, ClusterConfig cluster) {
    Signer gov =
        vault
            .signer(GOVERNANCE_KEY)
            .orElseGet(() -> vault.generate(GOVERNANCE_KEY, SignatureAlgorithm.ES256));
    DidDocument doc = governanceDocument(gov);
    String keyId = doc.id().withFragment("key-1");
    String chainId =
        opts.chainId() != null ? opts.chainId() : "kdid-" + Hex.encode(Randomness.bytes(4));
    List<TxBody.NodeInfo> nodes = new ArrayList<>();
    for (Peer p : cluster.peers()) {
      VerificationKey k = p.id().equals(opts.nodeId()) ? nodeKey.publicKey() : p.nodeKey();
      if (k == null) {
        throw new NodeStartupException(
            "the peers file gives no node key for "
                + p.id()
                + "; the first node writes genesis and needs every node's key (run `kdid node"
                + " keygen` on that node and add the key it prints)");
      }
      nodes.add(new TxBody.NodeInfo(p.id(), k));
    }
    Transaction create = TxCodec.sign(gov, keyId, chainId, new TxBody.DidCreate(doc));
    Transaction config =
        TxCodec.sign(gov, keyId, chainId, new TxBody.Genesis(chainId, doc.id(), nodes));
    return new BlockProposal(
        opts.nodeId(), opts.clock().millis(), List.of(create.encoded(), config.encoded()));
  }
}
