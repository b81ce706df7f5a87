package kr.kdid.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where the CPU goes during a measurement: the CPU time of every thread of the measured processes,
 * read from Linux's {@code /proc/<pid>/task/<tid>/stat} before and after, grouped by what the
 * threads do (their names, with digits folded). Linux only; elsewhere {@link #of} is empty.
 *
 * <p>The kernel reports thread times in clock ticks of {@code USER_HZ}, which is 100 on every
 * architecture Linux supports for user space.
 */
final class ThreadCpu {
  static final double TICKS_PER_SECOND = 100.0;

  /** The group of the JIT compiler threads. */
  static final String JIT = "JIT compilers";

  private final Path proc;
  private final Map<Long, String> processes;

  private ThreadCpu(Path proc, Map<Long, String> processes) {
    this.proc = proc;
    this.processes = processes;
  }

  /**
   * A sampler for the given processes (pid to a short role such as "node" or "load generator"), or
   * empty where there is no {@code /proc}.
   */
  static Optional<ThreadCpu> of(Map<Long, String> processes) {
    return of(Path.of("/proc"), processes);
  }

  static Optional<ThreadCpu> of(Path proc, Map<Long, String> processes) {
    return Files.isReadable(proc.resolve("stat"))
        ? Optional.of(new ThreadCpu(proc, new LinkedHashMap<>(processes)))
        : Optional.empty();
  }

  /**
   * CPU ticks so far ({user, kernel}).
   *
   * @param ticks per live thread, keyed "role TAB group TAB tid" (or "role TAB group" for a group
   *     counted as one thread); threads that ended are missing
   * @param processes per role, the whole process's ticks, which include those of threads that ended
   *     (empty where unknown)
   */
  record Snapshot(
      Map<String, long[]> ticks, long[] machine, long nanos, Map<String, long[]> processes) {
    Snapshot(Map<String, long[]> ticks, long[] machine, long nanos) {
      this(ticks, machine, nanos, Map.of());
    }
  }

  /** The group of the CPU of threads that ended between two snapshots. */
  static final String ENDED = "threads that ended meanwhile";

  Snapshot snapshot() {
    Map<String, long[]> ticks = new TreeMap<>();
    Map<String, long[]> totals = new TreeMap<>();
    for (Map.Entry<Long, String> p : processes.entrySet()) {
      Path dir = proc.resolve(Long.toString(p.getKey()));
      read(dir.resolve("stat"))
          .ifPresent(s -> totals.put(p.getValue(), new long[] {s.user, s.system}));
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.resolve("task"))) {
        for (Path t : ds) {
          Optional<ThreadStat> s = read(t.resolve("stat"));
          if (s.isPresent()) {
            ticks.put(
                p.getValue() + "\t" + group(s.get().name) + "\t" + t.getFileName(),
                new long[] {s.get().user, s.get().system});
          }
        }
      } catch (IOException | java.nio.file.DirectoryIteratorException e) {
        // The process ended: it has no more threads to count.
      }
    }
    return new Snapshot(ticks, machine(), System.nanoTime(), totals);
  }

  /** One thread's name and CPU ticks in user and kernel mode. */
  record ThreadStat(String name, long user, long system) {}

  private static Optional<ThreadStat> read(Path stat) {
    try {
      return parse(Files.readString(stat, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      return Optional.empty(); // the thread ended meanwhile
    }
  }

  /**
   * Parses a {@code stat} line: {@code pid (name) state ppid ... utime stime ...}. The name may
   * itself hold spaces and parentheses, so it runs to the last ')'.
   */
  static Optional<ThreadStat> parse(String line) {
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 0 || close < open) {
      return Optional.empty();
    }
    String[] f = line.substring(close + 1).trim().split(" +");
    // After the name: state(0) ppid pgrp session tty_nr tpgid flags minflt cminflt majflt
    // cmajflt utime(11) stime(12).
    if (f.length < 13) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new ThreadStat(
              line.substring(open + 1, close), Long.parseLong(f[11]), Long.parseLong(f[12])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Machine-wide busy and total ticks from the first line of /proc/stat. */
  private long[] machine() {
    try {
      String first = Files.readAllLines(proc.resolve("stat"), StandardCharsets.ISO_8859_1).get(0);
      String[] f = first.trim().split(" +");
      long total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
      return new long[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
  }

  /** What a thread does, from its name (at most 15 characters in the kernel, digits folded). */
  static String group(String threadName) {
    String n = threadName;
    if (n.startsWith("ForkJoinPool")) {
      return "virtual-thread carriers";
    }
    if (n.contains("@group-")) {
      // Ratis names its server threads <peer>@group-<id>-<role>, cut to 15 characters by the
      // kernel: the state machine's apply thread, the log worker and the leader's appenders.
      return "Raft server (apply, log, appenders)";
    }
    if (n.startsWith("kdid-verify")) {
      return "verification threads";
    }
    if (n.contains("CompilerThre") || n.startsWith("C1 ") || n.startsWith("C2 ")) {
      return JIT;
    }
    if (n.startsWith("GC ") || n.startsWith("G1 ") || n.startsWith("VM Thread")) {
      return "garbage collector, VM";
    }
    if (n.startsWith("rocksdb")) {
      return "RocksDB background";
    }
    if (n.startsWith("grpc") || n.contains("-client-t") || n.startsWith("kdid-raft")) {
      return "Raft replication and proposer (gRPC)";
    }
    return "other";
  }

  /** One row of the report: a role, a group, its cores and its microseconds per transaction. */
  record Row(String role, String group, double cores, double kernelCores, double microsPerTx) {}

  /**
   * The CPU between two snapshots, per role and group, busiest first. A thread's share is what it
   * used between the snapshots (all of it if it started meanwhile). A thread that ended meanwhile
   * has left {@code /proc} with its ticks; where the whole process's ticks are known, what the
   * process used beyond its live threads is reported as the group {@link #ENDED}.
   */
  static List<Row> between(Snapshot a, Snapshot b, long transactions) {
    Map<String, long[]> groups = new TreeMap<>();
    Map<String, long[]> perRole = new TreeMap<>();
    for (Map.Entry<String, long[]> e : b.ticks().entrySet()) {
      long[] now = e.getValue();
      long[] before = a.ticks().get(e.getKey());
      // Not there before, or a thread id reused by a new thread: all of its ticks are new.
      if (before == null || now[0] < before[0] || now[1] < before[1]) {
        before = new long[2];
      }
      String[] k = e.getKey().split("\t", 3);
      add(groups.computeIfAbsent(k[0] + "\t" + k[1], x -> new long[2]), now, before);
      add(perRole.computeIfAbsent(k[0], x -> new long[2]), now, before);
    }
    for (Map.Entry<String, long[]> e : b.processes().entrySet()) {
      long[] before = a.processes().get(e.getKey());
      if (before == null) {
        continue;
      }
      long[] live = perRole.getOrDefault(e.getKey(), new long[2]);
      long user = e.getValue()[0] - before[0] - live[0];
      long sys = e.getValue()[1] - before[1] - live[1];
      if (user + sys > 0) {
        groups.put(e.getKey() + "\t" + ENDED, new long[] {Math.max(0, user), Math.max(0, sys)});
      }
    }
    double seconds = (b.nanos() - a.nanos()) / 1e9;
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, long[]> e : groups.entrySet()) {
      long user = e.getValue()[0];
      long sys = e.getValue()[1];
      String[] k = e.getKey().split("\t", 2);
      rows.add(
          new Row(
              k[0],
              k[1],
              (user + sys) / TICKS_PER_SECOND / seconds,
              sys / TICKS_PER_SECOND / seconds,
              transactions > 0 ? (user + sys) / TICKS_PER_SECOND * 1e6 / transactions : 0));
    }
    rows.sort((x, y) -> Double.compare(y.cores(), x.cores()));
    return rows;
  }

  private static void add(long[] sum, long[] now, long[] before) {
    sum[0] += now[0] - before[0];
    sum[1] += now[1] - before[1];
  }

  /**
   * The share of the CPU that one group of threads took, of all the CPU the rows account for (0 to
   * 1; NaN if they account for none): e.g. how much the JIT compilers still took while measuring.
   */
  static double share(List<Row> rows, String group) {
    double all = 0;
    double part = 0;
    for (Row r : rows) {
      all += r.cores();
      if (r.group().equals(group)) {
        part += r.cores();
      }
    }
    return all > 0 ? part / all : Double.NaN;
  }

  /** Cores the whole machine was busy between the snapshots (every process, ours or not). */
  static double machineBusyCores(Snapshot a, Snapshot b) {
    long busy = b.machine()[0] - a.machine()[0];
    long total = b.machine()[1] - a.machine()[1];
    return total <= 0 ? 0 : (double) busy / total * Runtime.getRuntime().availableProcessors();
  }

  /** The report as text: one line per group over 0.005 cores, then the totals. */
  static String format(Snapshot a, Snapshot b, long transactions) {
    List<Row> rows = between(a, b, transactions);
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "CPU while measuring (%.1f s, from /proc; the machine was %.2f of %d cores busy):%n",
            (b.nanos() - a.nanos()) / 1e9,
            machineBusyCores(a, b),
            Runtime.getRuntime().availableProcessors()));
    out.append(
        String.format(
            Locale.ROOT,
            "  %-16s %-42s %6s %7s %8s%n",
            "process",
            "threads",
            "cores",
            "kernel",
            "us/tx"));
    double total = 0;
    double totalMicros = 0;
    for (Row r : rows) {
      total += r.cores();
      totalMicros += r.microsPerTx();
      if (r.cores() >= 0.005) {
        out.append(
            String.format(
                Locale.ROOT,
                "  %-16s %-42s %6.2f %7.2f %8.0f%n",
                r.role(),
                r.group(),
                r.cores(),
                r.kernelCores(),
                r.microsPerTx()));
      }
    }
    out.append(
        String.format(
            Locale.ROOT, "  %-16s %-42s %6.2f %7s %8.0f%n", "all", "", total, "", totalMicros));
    // A cluster: the same threads summed over its nodes.
    Map<String, double[]> nodes = new TreeMap<>();
    long nodeCount =
        rows.stream().map(Row::role).filter(r -> r.startsWith("node ")).distinct().count();
    if (nodeCount > 1) {
      for (Row r : rows) {
        if (r.role().startsWith("node ")) {
          double[] v = nodes.computeIfAbsent(r.group(), k -> new double[3]);
          v[0] += r.cores();
          v[1] += r.kernelCores();
          v[2] += r.microsPerTx();
        }
      }
      out.append(String.format(Locale.ROOT, "  summed over the %d nodes:%n", nodeCount));
      nodes.entrySet().stream()
          .sorted((x, y) -> Double.compare(y.getValue()[0], x.getValue()[0]))
          .forEach(
              e ->
                  out.append(
                      String.format(
                          Locale.ROOT,
                          "  %-16s %-42s %6.2f %7.2f %8.0f%n",
                          "nodes",
                          e.getKey(),
                          e.getValue()[0],
                          e.getValue()[1],
                          e.getValue()[2])));
    }
    return out.toString();
  }
}
