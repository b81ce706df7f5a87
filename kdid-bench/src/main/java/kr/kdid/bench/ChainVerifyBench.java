package kr.kdid.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kr.kdid.core.keys.Argon2Params;
import kr.kdid.core.keys.SoftwareKeyVault;
import kr.kdid.ledger.block.BlockProposal;
import kr.kdid.ledger.machine.LedgerMachine;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.node.LedgerNode;
import kr.kdid.node.NodeBootstrap;
import kr.kdid.node.NodeOptions;
import kr.kdid.node.store.ChainVerifier;
import kr.kdid.node.store.RocksLedgerStore;
import kr.kdid.web.WebServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The start-up check of a stored ledger ({@link ChainVerifier}): every block re-read, decoded,
 * hashed and linked, every transaction's index entries looked up, every node signature checked, and
 * the state compared with the state tree. A node runs it before it serves, so it is the time a
 * restart takes. {@code parallelism} 1 is the baseline (one thread reads, decodes and checks);
 * above that, threads read and decode the blocks ahead of the checks.
 *
 * <p>The ledger: {@code BLOCKS} blocks of 1,000 DID creates each, made in setup. Score: ms per
 * whole verification.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6)
@Measurement(iterations = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {BenchJvm.XMS, BenchJvm.XMX, BenchJvm.PRETOUCH, BenchJvm.NATIVE_ACCESS})
public class ChainVerifyBench {
  static final int BLOCKS = 40;
  static final int BLOCK_SIZE = 1000;

  @Param({"1", "2"})
  public int parallelism;

  private Path dir;
  private RocksLedgerStore store;
  private long height;

  @Setup
  public void setup() throws Exception {
    dir = Files.createTempDirectory("kdid-bench-verify");
    SoftwareKeyVault vault =
        SoftwareKeyVault.open(
            dir.resolve("keys"), "bench".toCharArray(), Argon2Params.TEST_ONLY, new SecureRandom());
    try (LedgerNode node =
        NodeBootstrap.start(
            new NodeOptions(dir, "node-1", "kdid-bench", 2000, 5, 1000, Clock.systemUTC(), s -> {}),
            vault,
            WebServer.newMetrics())) {
      LedgerMachine machine = node.machine();
      List<Transaction> txs = Workloads.didCreates("kdid-bench", BLOCKS * BLOCK_SIZE);
      for (int b = 0; b < BLOCKS; b++) {
        List<String> enc =
            txs.subList(b * BLOCK_SIZE, (b + 1) * BLOCK_SIZE).stream()
                .map(Transaction::encoded)
                .toList();
        machine.apply(
            machine.lastApplied().logIndex() + 1,
            new BlockProposal("node-1", System.currentTimeMillis(), enc));
      }
    }
    store = RocksLedgerStore.open(dir.resolve("ledger"));
    height = store.lastApplied().height();
  }

  @Benchmark
  public ChainVerifier.Result verify() {
    ChainVerifier.Result r = new ChainVerifier(store, h -> {}, parallelism).verify();
    if (!r.ok() || r.height() != height) {
      throw new IllegalStateException("the benchmark ledger did not verify: " + r.message());
    }
    return r;
  }

  @TearDown
  public void tearDown() throws Exception {
    store.close();
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
