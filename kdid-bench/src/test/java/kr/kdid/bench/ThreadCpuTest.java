package kr.kdid.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadCpuTest {

  @Test
  void parsesAStatLineWhoseNameHasSpacesAndParentheses() {
    String line =
        "4242 (C2 Compiler (x)) S 1 4242 4242 0 -1 4194624 12 0 0 0 1234 56 0 0 20 0 50 0 100"
            + " 0 0 18446744073709551615\n";
    ThreadCpu.ThreadStat s = ThreadCpu.parse(line).orElseThrow();
    assertThat(s.name()).isEqualTo("C2 Compiler (x)");
    assertThat(s.user()).isEqualTo(1234);
    assertThat(s.system()).isEqualTo(56);
  }

  @Test
  void refusesLinesItCannotRead() {
    assertThat(ThreadCpu.parse("")).isEmpty();
    assertThat(ThreadCpu.parse("12 (name S 1 2")).isEmpty();
    assertThat(ThreadCpu.parse("12 (name) S 1 2 3")).isEmpty();
    assertThat(ThreadCpu.parse("12 (name) S 1 2 3 4 5 6 7 8 9 10 x 12 13")).isEmpty();
  }

  @Test
  void groupsThreadsByWhatTheyDo() {
    assertThat(ThreadCpu.group("ForkJoinPool-1-")).startsWith("virtual-thread carriers");
    assertThat(ThreadCpu.group("node-1@group-42")).startsWith("Raft server");
    assertThat(ThreadCpu.group("kdid-verify-1")).isEqualTo("verification threads");
    assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("JIT compilers");
    assertThat(ThreadCpu.group("GC Thread#1")).startsWith("garbage collector");
    assertThat(ThreadCpu.group("rocksdb:low")).isEqualTo("RocksDB background");
    assertThat(ThreadCpu.group("grpc-default-wo")).startsWith("Raft replication");
    assertThat(ThreadCpu.group("main")).isEqualTo("other");
  }

  /** A fake /proc: two threads of one process, read twice, with 150 and 50 ticks in between. */
  @Test
  void reportsCoresAndMicrosecondsPerTransaction(@TempDir Path proc) throws Exception {
    Path tasks = twoThreads(proc);
    writeStat(proc, tasks, 100, 10, 0, 0, 1000);
    ThreadCpu cpu = ThreadCpu.of(proc, Map.of(7L, "node")).orElseThrow();
    ThreadCpu.Snapshot a = cpu.snapshot();
    writeStat(proc, tasks, 200, 60, 50, 0, 1200);
    ThreadCpu.Snapshot b = cpu.snapshot();
    // One second between the snapshots, 1,000 transactions in it.
    ThreadCpu.Snapshot a1 = at(a, 0);
    ThreadCpu.Snapshot b1 = at(b, 1_000_000_000L);
    List<ThreadCpu.Row> rows = ThreadCpu.between(a1, b1, 1000);
    assertThat(rows).hasSize(2);
    ThreadCpu.Row verify = rows.get(0);
    assertThat(verify.role()).isEqualTo("node");
    assertThat(verify.group()).isEqualTo("verification threads");
    assertThat(verify.cores()).isEqualTo(1.5);
    assertThat(verify.kernelCores()).isEqualTo(0.5);
    assertThat(verify.microsPerTx()).isEqualTo(1500.0);
    assertThat(rows.get(1).group()).isEqualTo("JIT compilers");
    assertThat(rows.get(1).cores()).isEqualTo(0.5);
    String text = ThreadCpu.format(a1, b1, 1000);
    assertThat(text).contains("verification threads").contains("JIT compilers").contains("2.00");
    // The JIT compilers took 0.5 of the 2.0 cores the rows account for.
    assertThat(ThreadCpu.share(rows, ThreadCpu.JIT)).isEqualTo(0.25);
    assertThat(ThreadCpu.share(rows, "RocksDB background")).isZero();
    assertThat(ThreadCpu.share(List.of(), ThreadCpu.JIT)).isNaN();
  }

  /**
   * A thread that ends between the snapshots leaves /proc with its ticks: the process's own total
   * still has them, and they are reported as threads that ended. A thread that starts meanwhile
   * counts with all of its ticks.
   */
  @Test
  void threadsThatEndOrStartMeanwhileAreCounted(@TempDir Path proc) throws Exception {
    Path tasks = twoThreads(proc);
    writeStat(proc, tasks, 100, 10, 40, 0, 1000);
    Files.writeString(proc.resolve("7/stat"), "7 (java) S 1 7 7 0 -1 0 0 0 0 0 300 20 0 0\n");
    ThreadCpu cpu = ThreadCpu.of(proc, Map.of(7L, "node")).orElseThrow();
    ThreadCpu.Snapshot a = cpu.snapshot();
    // Thread 9 (JIT) ends after using 30 more ticks; thread 10 starts and uses 25; thread 8 uses
    // 50 more. The process total rises by 50 + 30 + 25 = 105 (user).
    Files.delete(tasks.resolve("9/stat"));
    Files.delete(tasks.resolve("9"));
    Files.createDirectories(tasks.resolve("10"));
    Files.writeString(
        tasks.resolve("10/stat"), "10 (kdid-verify-1) R 1 7 7 0 -1 0 0 0 0 0 25 0 0 0\n");
    Files.writeString(
        tasks.resolve("8/stat"), "8 (kdid-verify-0) R 1 7 7 0 -1 0 0 0 0 0 150 10 0 0\n");
    Files.writeString(proc.resolve("7/stat"), "7 (java) S 1 7 7 0 -1 0 0 0 0 0 405 20 0 0\n");
    ThreadCpu.Snapshot b = cpu.snapshot();
    ThreadCpu.Snapshot a1 = at(a, 0);
    ThreadCpu.Snapshot b1 = at(b, 1_000_000_000L);

    List<ThreadCpu.Row> rows = ThreadCpu.between(a1, b1, 100);

    assertThat(rows)
        .extracting(r -> r.group() + "=" + r.cores())
        .containsExactlyInAnyOrder("verification threads=0.75", ThreadCpu.ENDED + "=0.3");
    assertThat(ThreadCpu.format(a1, b1, 100)).contains(ThreadCpu.ENDED);
  }

  @Test
  void sumsAClustersNodes() {
    Map<String, long[]> before = new java.util.HashMap<>();
    Map<String, long[]> after = new java.util.HashMap<>();
    before.put("node 1\tverification threads", new long[] {0, 0});
    before.put("node 2\tverification threads", new long[] {0, 0});
    after.put("node 1\tverification threads", new long[] {30, 0});
    after.put("node 2\tverification threads", new long[] {50, 10});
    after.put("load generator\tother", new long[] {5, 0});
    String text =
        ThreadCpu.format(
            new ThreadCpu.Snapshot(before, new long[] {0, 0}, 0),
            new ThreadCpu.Snapshot(after, new long[] {100, 200}, 1_000_000_000L),
            100);
    assertThat(text).contains("summed over the 2 nodes");
    assertThat(text.lines().filter(l -> l.trim().startsWith("nodes")))
        .singleElement()
        .satisfies(l -> assertThat(l).contains("verification threads").contains("0.90"));
  }

  @Test
  void aThreadThatEndedIsNotAnError(@TempDir Path proc) throws Exception {
    Files.writeString(proc.resolve("stat"), "cpu  1 0 1 10 0 0 0 0 0 0\n");
    ThreadCpu cpu = ThreadCpu.of(proc, Map.of(99L, "gone")).orElseThrow();
    assertThat(cpu.snapshot().ticks()).isEmpty();
  }

  @Test
  void noProcNoSampler(@TempDir Path empty) {
    assertThat(ThreadCpu.of(empty, Map.of(1L, "x"))).isEmpty();
  }

  /** On Linux: a thread of this JVM that burns CPU shows up in its group. */
  @Test
  void seesThisProcessesThreads() throws Exception {
    Optional<ThreadCpu> cpu = ThreadCpu.of(Map.of(ProcessHandle.current().pid(), "test"));
    assumeThat(cpu).isPresent();
    ThreadCpu.Snapshot a = cpu.get().snapshot();
    CountDownLatch spun = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread t =
        new Thread(
            () -> {
              long end = System.nanoTime() + 300_000_000L;
              long x = 0;
              while (System.nanoTime() < end) {
                x += Long.numberOfTrailingZeros(x + System.nanoTime());
              }
              blackhole = x;
              spun.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "kdid-verify-test");
    t.start();
    spun.await();
    // Snapshot while the thread is still alive: an ended thread leaves /proc with its ticks.
    ThreadCpu.Snapshot b = cpu.get().snapshot();
    release.countDown();
    t.join();
    double verify =
        ThreadCpu.between(a, b, 1).stream()
            .filter(r -> r.group().equals("verification threads"))
            .mapToDouble(ThreadCpu.Row::cores)
            .sum();
    assertThat(verify).isGreaterThan(0.1);
  }

  static volatile long blackhole;

  /** A fake process 7 with threads 8 and 9 (their stat files not yet written). */
  private static Path twoThreads(Path proc) throws Exception {
    Path tasks = Files.createDirectories(proc.resolve("7/task"));
    Files.createDirectories(tasks.resolve("8"));
    Files.createDirectories(tasks.resolve("9"));
    return tasks;
  }

  /** The snapshot as if taken at {@code nanos}, so that tests fix the time between two. */
  private static ThreadCpu.Snapshot at(ThreadCpu.Snapshot s, long nanos) {
    return new ThreadCpu.Snapshot(s.ticks(), s.machine(), nanos, s.processes());
  }

  private static void writeStat(
      Path proc, Path tasks, long verifyUser, long verifySys, long jitUser, long jitSys, long idle)
      throws Exception {
    Files.writeString(
        tasks.resolve("8/stat"),
        "8 (kdid-verify-0) R 1 7 7 0 -1 0 0 0 0 0 " + verifyUser + " " + verifySys + " 0 0\n");
    Files.writeString(
        tasks.resolve("9/stat"),
        "9 (C2 CompilerThre) S 1 7 7 0 -1 0 0 0 0 0 " + jitUser + " " + jitSys + " 0 0\n");
    Files.writeString(proc.resolve("stat"), "cpu  100 0 100 " + idle + " 0 0 0 0 0 0\n");
  }
}
