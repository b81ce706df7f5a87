package kr.kdid.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kr.kdid.core.keys.Argon2Params;
import kr.kdid.core.keys.SoftwareKeyVault;
import kr.kdid.ledger.block.BlockProposal;
import kr.kdid.ledger.machine.AppliedBlock;
import kr.kdid.ledger.machine.LedgerMachine;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.node.LedgerNode;
import kr.kdid.node.NodeBootstrap;
import kr.kdid.node.NodeOptions;
import kr.kdid.web.WebServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Validation and commit on one node, in process: each invocation applies one block of fresh,
 * pre-signed DID creates through the state machine into RocksDB (synced writes), with every
 * signature verified at apply time (the parallel pre-verification uses both cores). Signing is done
 * in setup and never timed.
 *
 * <p>Score: seconds per batch of {@code BATCH} blocks; transactions per second = blockSize * BATCH
 * / score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = LedgerApplyBench.WARMUP, batchSize = LedgerApplyBench.BATCH)
@Measurement(iterations = LedgerApplyBench.MEASURE, batchSize = LedgerApplyBench.BATCH)
@Fork(1)
public class LedgerApplyBench {
  public static final int BATCH = 5;

  /**
   * Warm-up batches: long enough that the JIT has compiled the hot paths (with 3, the C2 compiler
   * threads still took about a third of the CPU during the measured batches).
   */
  public static final int WARMUP = 12;

  public static final int MEASURE = 5;

  @Param({"1000"})
  public int blockSize;

  /**
   * "didCreate": every transaction creates a DID with a key never seen before (compare with
   * fresh-key verification). "anchor": 100 accredited issuers each anchor commitments again and
   * again (compare with reused-key verification).
   */
  @Param({"didCreate", "anchor"})
  public String workload;

  private Path dir;
  private LedgerNode node;
  private LedgerMachine machine;
  private final List<List<String>> blocks = new ArrayList<>();
  private int next;
  private final ExecutorService preparer = Executors.newSingleThreadExecutor();
  private CompletableFuture<LedgerMachine.PreparedBlock> pending;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    dir = Files.createTempDirectory("kdid-bench-apply");
    SoftwareKeyVault vault =
        SoftwareKeyVault.open(
            dir.resolve("keys"), "bench".toCharArray(), Argon2Params.TEST_ONLY, new SecureRandom());
    node =
        NodeBootstrap.start(
            new NodeOptions(dir, "node-1", "kdid-bench", 2000, 5, 1000, Clock.systemUTC(), s -> {}),
            vault,
            WebServer.newMetrics());
    machine = node.machine();
    // Blocks for every warm-up and measured batch and the pipeline's look-ahead (each benchmark
    // method runs in a fork of its own).
    int needed = (WARMUP + MEASURE) * BATCH + 2;
    List<Transaction> txs;
    if (workload.equals("anchor")) {
      List<Workloads.Actor> issuers = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        issuers.add(Workloads.actor());
      }
      var gov = vault.signer(NodeBootstrap.GOVERNANCE_KEY).orElseThrow();
      String govKeyId = NodeBootstrap.governanceDocument(gov).id().withFragment("key-1");
      List<String> setup = new ArrayList<>();
      Workloads.issuerSetup("kdid-bench", gov, govKeyId, issuers)
          .forEach(t -> setup.add(t.encoded()));
      machine.apply(
          machine.lastApplied().logIndex() + 1,
          new BlockProposal("node-1", System.currentTimeMillis(), setup.subList(0, 100)));
      machine.apply(
          machine.lastApplied().logIndex() + 1,
          new BlockProposal("node-1", System.currentTimeMillis(), setup.subList(100, 200)));
      txs = Workloads.anchors("kdid-bench", issuers, needed * blockSize);
    } else {
      txs = Workloads.didCreates("kdid-bench", needed * blockSize);
    }
    for (int b = 0; b < needed; b++) {
      List<String> enc = new ArrayList<>(blockSize);
      for (int i = 0; i < blockSize; i++) {
        enc.add(txs.get(b * blockSize + i).encoded());
      }
      blocks.add(enc);
    }
    pending = prepare(0);
  }

  private CompletableFuture<LedgerMachine.PreparedBlock> prepare(int block) {
    return CompletableFuture.supplyAsync(
        () ->
            machine.prepare(
                new BlockProposal("node-1", System.currentTimeMillis(), blocks.get(block))),
        preparer);
  }

  /**
   * Applies the next block while the one after it is prepared (decoded, signatures checked) on
   * another thread: the same pipeline the node's orderer runs.
   */
  @Benchmark
  public AppliedBlock applyBlock() {
    LedgerMachine.PreparedBlock current = pending.join();
    pending = prepare(++next);
    AppliedBlock b = machine.apply(machine.lastApplied().logIndex() + 1, current);
    if (!b.block().outcomes().get(0).valid()) {
      throw new IllegalStateException(
          "benchmark transaction invalid: " + b.block().outcomes().get(0));
    }
    return b;
  }

  /**
   * Diagnostic: only the prepare step (decoding and the parallel signature checks) of the next
   * block, never applied, to compare with the whole pipeline and with raw verification.
   */
  @Benchmark
  public LedgerMachine.PreparedBlock prepareOnly() {
    return machine.prepare(
        new BlockProposal("node-1", System.currentTimeMillis(), blocks.get(++next)));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    preparer.shutdownNow();
    node.close();
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
