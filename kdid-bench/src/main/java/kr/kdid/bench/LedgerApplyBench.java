package kr.kdid.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kr.kdid.core.keys.Argon2Params;
import kr.kdid.core.keys.SoftwareKeyVault;
import kr.kdid.ledger.block.BlockProposal;
import kr.kdid.ledger.machine.AppliedBlock;
import kr.kdid.ledger.machine.LedgerMachine;
import kr.kdid.ledger.machine.PrepareAhead;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.node.LedgerNode;
import kr.kdid.node.NodeBootstrap;
import kr.kdid.node.NodeOptions;
import kr.kdid.node.store.RocksLedgerStore;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Validation and commit on one node, in process: each invocation applies one block of fresh,
 * pre-signed DID creates through the state machine into RocksDB, with every signature verified at
 * apply time (the parallel pre-verification uses both cores). Signing is done in setup and never
 * timed.
 *
 * <p>What makes a block durable on a node is its entry in the Raft log, synced before the block is
 * applied; the ledger store writes without a log of its own (decision 0010). The benchmark has no
 * Raft, so it pays for that write itself: before applying a block it appends the block's encoded
 * proposal (the bytes of its Raft log entry) to a file and forces it to disk.
 *
 * <p>Score: seconds per batch of {@code BATCH} blocks; transactions per second = blockSize * BATCH
 * / score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = LedgerApplyBench.WARMUP, batchSize = LedgerApplyBench.BATCH)
@Measurement(iterations = LedgerApplyBench.MEASURE, batchSize = LedgerApplyBench.BATCH)
@Fork(
    value = 1,
    jvmArgsAppend = {BenchJvm.XMS, BenchJvm.XMX, BenchJvm.PRETOUCH, BenchJvm.NATIVE_ACCESS})
public class LedgerApplyBench {
  public static final int BATCH = 5;

  /**
   * Warm-up batches: long enough that the JIT has compiled the hot paths. With 3, the C2 compiler
   * threads still took about a third of the CPU during the measured batches; with 12, 5%; with 24,
   * under 1%.
   */
  public static final int WARMUP = 24;

  /** Measured batches: 10, since single batches on 2 shared cores vary by a third. */
  public static final int MEASURE = 10;

  @Param({"1000"})
  public int blockSize;

  /**
   * "didCreate": every transaction creates a DID with a key never seen before (compare with
   * fresh-key verification). "anchor": 100 accredited issuers each anchor commitments again and
   * again (compare with reused-key verification).
   */
  @Param({"didCreate", "anchor"})
  public String workload;

  /**
   * DIDs already on the ledger before the first block is timed (0: an empty registry). The state
   * tree deepens with the registry, so each update writes and reads more of its nodes: a national
   * registry holds millions. The report runs with 0; {@code -p registry=1000000} measures the
   * scaling in the same run.
   */
  @Param({"0"})
  public int registry;

  private Path dir;
  private LedgerNode node;
  private LedgerMachine machine;
  private final List<List<String>> blocks = new ArrayList<>();
  private int next;
  private PrepareAhead ahead;

  @Setup(Level.Trial)
  public void setup(BenchmarkParams params) throws Exception {
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
    fillRegistry();
    // Blocks for every warm-up and measured batch and the pipeline's look-ahead (each benchmark
    // method runs in a fork of its own).
    int needed =
        params.getWarmup().getCount() * params.getWarmup().getBatchSize()
            + params.getMeasurement().getCount() * params.getMeasurement().getBatchSize()
            + 2;
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
    ahead = new PrepareAhead(machine, LOOKAHEAD);
    log = new SyncedLog(dir.resolve("raft-log-stand-in"));
  }

  /** Puts {@link #registry} DIDs on the ledger, in blocks of {@link #blockSize}, untimed. */
  private void fillRegistry() throws InterruptedException {
    long start = System.nanoTime();
    for (int done = 0; done < registry; ) {
      int n = Math.min(blockSize, registry - done);
      List<String> enc =
          Workloads.didCreates("kdid-bench", n).stream().map(Transaction::encoded).toList();
      AppliedBlock b =
          machine.apply(
              machine.lastApplied().logIndex() + 1,
              new BlockProposal("node-1", System.currentTimeMillis(), enc));
      if (!b.block().outcomes().stream().allMatch(o -> o.valid())) {
        throw new IllegalStateException("registry transaction invalid");
      }
      done += n;
      if (done % (100 * blockSize) == 0 || done == registry) {
        System.out.printf(
            "registry: %,d of %,d DIDs on the ledger (%.0f s)%n",
            done, registry, (System.nanoTime() - start) / 1e9);
      }
    }
    if (registry > 0) {
      // The filling leaves flushes and compactions behind; a node in steady state has caught up.
      RocksLedgerStore store = node.store().current();
      store.flush();
      boolean settled = store.awaitBackgroundWork(600_000);
      System.out.printf(
          "registry: compactions %s (%.0f s)%n",
          settled ? "settled" : "still running after 10 minutes",
          (System.nanoTime() - start) / 1e9);
    }
  }

  /** Stands in for the node's Raft log: each block's entry appended and forced to disk. */
  private SyncedLog log;

  static final class SyncedLog implements AutoCloseable {
    private final FileChannel channel;

    SyncedLog(Path file) throws IOException {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    void append(byte[] entry) {
      try {
        ByteBuffer b = ByteBuffer.wrap(entry);
        while (b.hasRemaining()) {
          channel.write(b);
        }
        channel.force(false);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** Blocks prepared ahead of the one being applied: the node's setting. */
  static final int LOOKAHEAD = kr.kdid.node.NodeBootstrap.PREPARE_AHEAD;

  private BlockProposal proposal(int block) {
    return new BlockProposal("node-1", System.currentTimeMillis(), blocks.get(block));
  }

  /**
   * Applies the next block while the ones after it are prepared (decoded, signatures checked) on
   * another thread: the pipeline (PrepareAhead) each node runs on its Raft log.
   */
  @Benchmark
  public AppliedBlock applyBlock() {
    int current = next++;
    for (int i = 1; i <= LOOKAHEAD && current + i < blocks.size(); i++) {
      int b = current + i;
      ahead.offer(0, b, () -> proposal(b));
    }
    LedgerMachine.PreparedBlock prepared = ahead.take(0, current, () -> proposal(current));
    log.append(prepared.proposal().encode());
    AppliedBlock b = machine.apply(machine.lastApplied().logIndex() + 1, prepared);
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
    return machine.prepare(proposal(next++));
  }

  /**
   * Diagnostic: the serial apply alone. Each block is prepared (decoded, signatures verified)
   * before the timed call, so the score is the cost of re-checking the rules, updating the state
   * tree and committing, on one thread with the other core idle.
   */
  @Benchmark
  public AppliedBlock applyOnly(PreparedNext p) {
    log.append(p.block.proposal().encode());
    return machine.apply(machine.lastApplied().logIndex() + 1, p.block);
  }

  /** The next block, prepared outside the timed call (for {@link #applyOnly}). */
  @State(Scope.Thread)
  public static class PreparedNext {
    LedgerMachine.PreparedBlock block;

    @Setup(Level.Invocation)
    public void prepare(LedgerApplyBench bench) {
      block =
          bench.machine.prepare(
              new BlockProposal(
                  "node-1", System.currentTimeMillis(), bench.blocks.get(bench.next++)));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    ahead.close();
    log.close();
    node.close();
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
