package kr.kdid.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.ledger.testing.LedgerFixture;
import kr.kdid.ledger.tx.TxBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackgroundWorkTest {
  @TempDir Path dir;

  @Test
  void aStoreSettlesAfterItsWritesAreFlushed() throws Exception {
    try (RocksLedgerStore store = RocksLedgerStore.open(dir.resolve("ledger"))) {
      assertThat(store.awaitBackgroundWork(0)).as("a new store has nothing to do").isTrue();
      LedgerFixture f = new LedgerFixture(store);
      for (int i = 0; i < 20; i++) {
        LedgerFixture.Actor a = LedgerFixture.newActor(SignatureAlgorithm.ES256);
        f.block(List.of(a.sign(LedgerFixture.CHAIN, new TxBody.DidCreate(a.document()))));
        store.flush(); // one table file per family and block: compactions follow
      }
      assertThat(store.awaitBackgroundWork(60_000)).isTrue();
      assertThat(new ChainVerifier(store, h -> {}).verify().ok()).isTrue();
    }
  }
}
