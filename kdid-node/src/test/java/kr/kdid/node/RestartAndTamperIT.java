package kr.kdid.node;

import static kr.kdid.node.TestNode.CHAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.ledger.client.LedgerClient;
import kr.kdid.ledger.client.LedgerClientException;
import kr.kdid.ledger.state.StateKeys;
import kr.kdid.ledger.testing.LedgerFixture;
import kr.kdid.ledger.testing.LedgerFixture.Actor;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.ledger.tx.TxCodec;
import kr.kdid.node.store.Tamper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarts lose nothing; an altered store is detected and refused, naming the block. */
class RestartAndTamperIT {
  @TempDir Path dir;

  /** Builds a small ledger: DIDs in blocks 1..3, returns the actors. */
  private List<Actor> populate() {
    try (TestNode t = new TestNode(dir)) {
      LedgerClient c = t.client();
      Actor a = LedgerFixture.newActor(SignatureAlgorithm.ES256);
      Actor b = LedgerFixture.newActor(SignatureAlgorithm.EDDSA);
      c.submit(a.sign(CHAIN, new TxBody.DidCreate(a.document())), true);
      c.submit(b.sign(CHAIN, new TxBody.DidCreate(b.document())), true);
      c.submit(a.sign(CHAIN, new TxBody.DidUpdate(a.did(), 1, a.document())), true);
      return List.of(a, b);
    }
  }

  @Test
  void restartResumesWithNothingLost() {
    List<Actor> actors = populate();
    Actor a = actors.get(0);
    Transaction replay;
    try (TestNode t = new TestNode(dir)) {
      LedgerClient c = t.client();
      assertThat(c.head().header().height()).isEqualTo(3);
      assertThat(c.resolve(a.did().toString()).metadata().versionId()).isEqualTo("2");
      assertThat(c.resolve(actors.get(1).did().toString()).isFound()).isTrue();
      replay =
          TxCodec.sign(
              a.key(),
              a.keyId(),
              CHAIN,
              new TxBody.DidUpdate(a.did(), 2, a.document()),
              "CCCCCCCCCCCCCCCCCCCCCC");
      c.submit(replay, true);
    }
    try (TestNode t = new TestNode(dir)) {
      LedgerClient c = t.client();
      assertThat(c.head().header().height()).isEqualTo(4);
      // The nonce index survived the restart.
      Transaction again =
          TxCodec.sign(
              a.key(),
              a.keyId(),
              CHAIN,
              new TxBody.DidUpdate(a.did(), 3, a.document()),
              "CCCCCCCCCCCCCCCCCCCCCC");
      assertThatThrownBy(() -> c.submit(again, true))
          .isInstanceOf(LedgerClientException.Rejected.class)
          .hasMessageContaining("NONCE_REPLAYED");
    }
  }

  @Test
  void anAlteredBlockIsRefusedByName() throws Exception {
    populate();
    // Change one character of a transaction inside block 2, keeping the JSON valid.
    Tamper.alterFirstTransaction(dir.resolve("ledger"), 2);
    assertThatThrownBy(() -> new TestNode(dir))
        .isInstanceOf(NodeStartupException.class)
        .hasMessageContaining("block 2")
        .hasMessageContaining("Refusing to serve");
  }

  @Test
  void anAlteredStateEntryIsRefused() throws Exception {
    List<Actor> actors = populate();
    String key = StateKeys.did(actors.get(1).did());
    Tamper.edit(
        dir.resolve("ledger"),
        Tamper.STATE,
        key.getBytes(StandardCharsets.UTF_8),
        v -> {
          String s =
              new String(v, StandardCharsets.UTF_8)
                  .replace("\"deactivated\":false", "\"deactivated\":true");
          return s.getBytes(StandardCharsets.UTF_8);
        });
    assertThatThrownBy(() -> new TestNode(dir))
        .isInstanceOf(NodeStartupException.class)
        .hasMessageContaining(key)
        .hasMessageContaining("Refusing to serve");
  }

  @Test
  void aRemovedNonceIsRefused() throws Exception {
    populate();
    // Deleting a used nonce would let its transaction be replayed.
    Tamper.deleteFirst(dir.resolve("ledger"), Tamper.NONCES);
    assertThatThrownBy(() -> new TestNode(dir))
        .isInstanceOf(NodeStartupException.class)
        .hasMessageContaining("nonce")
        .hasMessageContaining("Refusing to serve");
  }

  @Test
  void aFlippedByteInATableFileIsRefused() throws Exception {
    populate();
    Path sst;
    try (Stream<Path> files = Files.list(dir.resolve("ledger"))) {
      sst =
          files
              .filter(p -> p.getFileName().toString().endsWith(".sst"))
              .max(Comparator.comparingLong(p -> p.toFile().length()))
              .orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(sst);
    bytes[bytes.length / 3] ^= 0x40;
    Files.write(sst, bytes);
    assertThatThrownBy(() -> new TestNode(dir))
        .isInstanceOf(NodeStartupException.class)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .containsAnyOf("Refusing to serve", "cannot open", "damaged"));
  }
}
