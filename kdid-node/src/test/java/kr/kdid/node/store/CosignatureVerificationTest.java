package kr.kdid.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import kr.kdid.core.json.Json;
import kr.kdid.ledger.block.BlockHeader;
import kr.kdid.ledger.block.BlockProposal;
import kr.kdid.ledger.block.Cosignature;
import kr.kdid.ledger.state.StateKeys;
import kr.kdid.ledger.testing.LedgerFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recorded co-signatures live outside the state tree, so the start-up check verifies each of them
 * by its signature: an altered one, or one the chain never recorded, makes the store refused.
 */
class CosignatureVerificationTest {
  @TempDir Path dir;

  /** A ledger whose block 2 is co-signed by node-1, recorded by block 3; returns the key. */
  private String cosignedLedger(Path ledger) {
    try (RocksLedgerStore store = RocksLedgerStore.open(ledger)) {
      LedgerFixture f = new LedgerFixture(store);
      f.registered();
      BlockHeader header = f.machine.lastHeader();
      Cosignature genuine = new Cosignature(header, f.nodeSigner.sign(header));
      BlockProposal recording =
          new BlockProposal("node-1", header.time() + 1, List.of(), List.of(genuine));
      f.machine.apply(
          f.machine.lastApplied().logIndex() + 1, f.machine.prepareAsync(() -> recording).join());
      String key = StateKeys.checkpoint(header.height(), "node-1");
      assertThat(store.get(key)).isEqualTo(Json.bytes(genuine.signature().toJson()));
      assertThat(new ChainVerifier(store, h -> {}).verify().ok()).isTrue();
      return key;
    }
  }

  private ChainVerifier.Result verify(Path ledger) {
    try (RocksLedgerStore store = RocksLedgerStore.open(ledger)) {
      return new ChainVerifier(store, h -> {}).verify();
    }
  }

  @Test
  void anAlteredCoSignatureIsRefused() throws Exception {
    Path ledger = dir.resolve("ledger");
    String key = cosignedLedger(ledger);
    Tamper.edit(
        ledger,
        Tamper.STATE,
        key.getBytes(StandardCharsets.UTF_8),
        v -> {
          var o = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(v);
          String sig = o.path("sig").asText();
          o.put("sig", (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1));
          return Json.bytes(o);
        });
    ChainVerifier.Result r = verify(ledger);
    assertThat(r.ok()).isFalse();
    assertThat(r.message()).contains("co-signature of node node-1 does not verify");
  }

  @Test
  void aCoSignatureMovedToAnotherHeightIsRefused() throws Exception {
    Path ledger = dir.resolve("ledger");
    String key = cosignedLedger(ledger);
    long height = StateKeys.parseCheckpoint(key).height();
    byte[] value;
    try (RocksLedgerStore store = RocksLedgerStore.open(ledger)) {
      value = store.get(key);
    }
    Tamper.put(
        ledger,
        Tamper.STATE,
        StateKeys.checkpoint(height - 1, "node-1").getBytes(StandardCharsets.UTF_8),
        value);
    assertThat(verify(ledger).message()).contains("co-signature of node node-1 does not verify");
  }

  @Test
  void aCoSignatureOfAnUnknownNodeOrAMalformedKeyIsRefused() throws Exception {
    Path ledger = dir.resolve("ledger");
    String key = cosignedLedger(ledger);
    byte[] value;
    try (RocksLedgerStore store = RocksLedgerStore.open(ledger)) {
      value = store.get(key);
    }
    long height = StateKeys.parseCheckpoint(key).height();
    Tamper.put(
        ledger,
        Tamper.STATE,
        StateKeys.checkpoint(height, "node-9").getBytes(StandardCharsets.UTF_8),
        value);
    assertThat(verify(ledger).message()).contains("is not a co-signature this chain records");

    Path other = dir.resolve("other");
    cosignedLedger(other);
    Tamper.put(other, Tamper.STATE, "checkpoint/x".getBytes(StandardCharsets.UTF_8), value);
    assertThat(verify(other).message()).contains("is not a co-signature this chain records");
  }
}
