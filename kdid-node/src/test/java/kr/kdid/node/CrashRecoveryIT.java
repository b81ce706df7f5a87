package kr.kdid.node;

import static kr.kdid.node.TestNode.CHAIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.ledger.client.LedgerClient;
import kr.kdid.ledger.proof.TxProof;
import kr.kdid.ledger.testing.LedgerFixture;
import kr.kdid.ledger.testing.LedgerFixture.Actor;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.node.store.RocksLedgerStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that crashes (its process halted: no shutdown hook, no flush) loses no acknowledged
 * transaction. The ledger store writes blocks without RocksDB's own write-ahead log, so the crash
 * really does lose the blocks still in its memtables; the node re-applies them from its Raft log
 * before it serves again (decision 0010).
 */
class CrashRecoveryIT {
  @TempDir Path dir;

  /** Blocks acknowledged before the crash: each DID create is submitted and awaited alone. */
  static final int ACKED = 25;

  @Test
  void aHaltedNodeReappliesItsRaftLogAndLosesNothing() throws Exception {
    // 1. A node in a process of its own acknowledges DID creates, then halts.
    List<String> acked = runAndHalt(ACKED);
    assertThat(acked).hasSize(ACKED);

    // 2. The store alone lacks those blocks: they were in memory only when the process halted.
    try (RocksLedgerStore store = RocksLedgerStore.open(dir.resolve("ledger"))) {
      assertThat(store.lastApplied().height())
          .as("blocks on disk after the crash (the rest must come from the Raft log)")
          .isLessThan(ACKED);
    }

    // 3. Restarted, the node re-applies its Raft log and proves every acknowledged transaction.
    List<String> said = new ArrayList<>();
    try (TestNode t = new TestNode(dir, said::add)) {
      assertThat(said).anyMatch(s -> s.startsWith("re-applied the Raft log"));
      LedgerClient c = t.client();
      assertThat(c.head().header().height()).isGreaterThanOrEqualTo(ACKED);
      for (String id : acked) {
        TxProof p = c.transaction(id).orElseThrow(() -> new AssertionError("lost: " + id));
        assertThat(p.outcome().valid()).as(id).isTrue();
      }
      // The node goes on writing after the replay.
      Actor more = LedgerFixture.newActor(SignatureAlgorithm.ES256);
      assertThat(
              c.submit(more.sign(CHAIN, new TxBody.DidCreate(more.document())), true).committed())
          .isTrue();
    }
    // 4. A clean stop flushes: the store alone now holds everything.
    try (RocksLedgerStore store = RocksLedgerStore.open(dir.resolve("ledger"))) {
      assertThat(store.lastApplied().height()).isGreaterThan(ACKED);
    }
  }

  /** Runs {@link CrashingNode} on {@link #dir}; returns the ids it saw acknowledged. */
  private List<String> runAndHalt(int count) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                java,
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                CrashingNode.class.getName(),
                dir.toString(),
                Integer.toString(count))
            .redirectErrorStream(true)
            .start();
    List<String> acked = new ArrayList<>();
    StringBuilder other = new StringBuilder();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("ACK ")) {
          acked.add(line.substring(4));
        } else {
          other.append(line).append('\n');
        }
      }
    }
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(other::toString).isEqualTo(CrashingNode.HALTED);
    return acked;
  }

  /** The crashing side: a node that acknowledges DID creates and then halts its JVM. */
  public static final class CrashingNode {
    static final int HALTED = 99;

    public static void main(String[] args) {
      Path dir = Path.of(args[0]);
      int count = Integer.parseInt(args[1]);
      TestNode t = new TestNode(dir);
      LedgerClient c = t.client();
      for (int i = 0; i < count; i++) {
        Actor a = LedgerFixture.newActor(SignatureAlgorithm.ES256);
        Transaction tx = a.sign(CHAIN, new TxBody.DidCreate(a.document()));
        if (!c.submit(tx, true).committed()) {
          System.out.println("NOT COMMITTED " + tx.idHex());
          System.exit(1);
        }
        System.out.println("ACK " + tx.idHex());
      }
      System.out.flush();
      // As a power cut or kill -9 would: no shutdown hook, no close, no flush.
      Runtime.getRuntime().halt(HALTED);
    }
  }
}
