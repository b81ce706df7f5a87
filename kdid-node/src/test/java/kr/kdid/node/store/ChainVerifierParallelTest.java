package kr.kdid.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.ledger.testing.LedgerFixture;
import kr.kdid.ledger.tx.TxBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up check reads and decodes blocks ahead on other threads; its verdict, and where it
 * finds the first fault, must not depend on how many threads do that.
 */
class ChainVerifierParallelTest {
  @TempDir Path dir;

  private static final List<Integer> PARALLELISM = List.of(1, 2, 3, 8);

  /** 40 blocks of DID creates and updates: more than one read-ahead window at every setting. */
  private void ledger(Path ledger) {
    try (RocksLedgerStore store = RocksLedgerStore.open(ledger)) {
      LedgerFixture f = new LedgerFixture(store);
      List<LedgerFixture.Actor> actors = new ArrayList<>();
      for (int b = 0; b < 40; b++) {
        LedgerFixture.Actor a = LedgerFixture.newActor(SignatureAlgorithm.ES256);
        actors.add(a);
        var create = a.sign(LedgerFixture.CHAIN, new TxBody.DidCreate(a.document()));
        if (b == 0) {
          f.block(List.of(create));
        } else {
          LedgerFixture.Actor prev = actors.get(b - 1);
          f.block(
              List.of(
                  create,
                  prev.sign(
                      LedgerFixture.CHAIN, new TxBody.DidUpdate(prev.did(), 1, prev.document()))));
        }
      }
    }
  }

  private List<ChainVerifier.Result> verdicts(Path ledger) {
    List<ChainVerifier.Result> out = new ArrayList<>();
    for (int p : PARALLELISM) {
      try (RocksLedgerStore store = RocksLedgerStore.open(ledger)) {
        out.add(new ChainVerifier(store, h -> {}, p).verify());
      }
    }
    return out;
  }

  @Test
  void anIntactLedgerVerifiesAtEveryParallelism() {
    Path ledger = dir.resolve("ledger");
    ledger(ledger);
    List<ChainVerifier.Result> r = verdicts(ledger);
    assertThat(r).allSatisfy(v -> assertThat(v.ok()).as(v.message()).isTrue());
    assertThat(r).extracting(ChainVerifier.Result::height).containsOnly(r.get(0).height());
    assertThat(r.get(0).height()).isGreaterThanOrEqualTo(40);
  }

  @Test
  void theFirstAlteredBlockIsNamedAtEveryParallelism() throws Exception {
    Path ledger = dir.resolve("ledger");
    ledger(ledger);
    // Two altered blocks: every setting must stop at the earlier one, with the same reason.
    for (long h : new long[] {29, 17}) {
      Tamper.alterFirstTransaction(ledger, h);
    }
    List<ChainVerifier.Result> r = verdicts(ledger);
    assertThat(r).allSatisfy(v -> assertThat(v.ok()).isFalse());
    assertThat(r).extracting(ChainVerifier.Result::badBlock).containsOnly(17L);
    assertThat(r).extracting(ChainVerifier.Result::message).containsOnly(r.get(0).message());
    assertThat(r.get(0).message()).startsWith("block 17: ").contains("altered");
  }

  @Test
  void anUnreadableBlockIsNamedAtEveryParallelism() throws Exception {
    Path ledger = dir.resolve("ledger");
    ledger(ledger);
    Tamper.put(
        ledger,
        Tamper.BLOCKS,
        Tamper.heightKey(23),
        "not a block".getBytes(StandardCharsets.UTF_8));
    List<ChainVerifier.Result> r = verdicts(ledger);
    assertThat(r).extracting(ChainVerifier.Result::badBlock).containsOnly(23L);
    assertThat(r.get(0).message()).startsWith("block 23: is unreadable");
    assertThat(r).extracting(ChainVerifier.Result::message).containsOnly(r.get(0).message());
  }

  /**
   * A node closes a store it refuses right after the verdict; a read still running then would crash
   * the JVM in RocksDB. So no reading thread may outlive {@link ChainVerifier#verify}.
   */
  @Test
  void noReadingThreadOutlivesTheVerdict() throws Exception {
    Path ledger = dir.resolve("ledger");
    ledger(ledger);
    Tamper.alterFirstTransaction(ledger, 2);
    for (int i = 0; i < 5; i++) {
      try (RocksLedgerStore store = RocksLedgerStore.open(ledger)) {
        ChainVerifier.Result r = new ChainVerifier(store, h -> {}, 8).verify();
        assertThat(r.badBlock()).isEqualTo(2L);
        assertThat(Thread.getAllStackTraces().keySet())
            .noneMatch(t -> t.getName().startsWith("kdid-chain-check-") && t.isAlive());
      }
    }
  }

  @Test
  void parallelismBelowOneIsRefused() {
    try (RocksLedgerStore store = RocksLedgerStore.open(dir.resolve("ledger"))) {
      assertThatThrownBy(() -> new ChainVerifier(store, h -> {}, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("parallelism");
    }
  }
}
