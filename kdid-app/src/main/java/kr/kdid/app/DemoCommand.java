package kr.kdid.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kdid demo}: the whole story, checked step by step. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole story on a fresh embedded K-DID and print each step: accredit the police,",
      "register a bank, enrol a citizen, issue the driver's licence to a wallet, show only name",
      "and age to the bank, revoke, show it again (rejected), and the wallet's history.",
      "Exits 0 only if every step behaved as expected."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Run in this (new, empty) directory and keep it (default: a temporary one).")
  Path dataDir;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "HTTP port (default: a free one).")
  int port;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    boolean temporary = dataDir == null;
    Path dir = temporary ? Files.createTempDirectory("kdid-demo") : dataDir;
    if (!temporary && Files.exists(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new UserException(dir + " is not empty; the demo starts from nothing");
        }
      }
    }
    // The steps speak for the services; their own log lines would only interleave.
    var log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("kr.kdid");
    log.setLevel(ch.qos.logback.classic.Level.WARN);
    try {
      return new Demo(out).run(dir.resolve("data"), port) ? 0 : 1;
    } finally {
      if (temporary) {
        delete(dir);
      }
    }
  }

  private static void delete(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
