package kr.kdid.ledger.machine;

import static kr.kdid.ledger.testing.LedgerFixture.CHAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.ledger.block.BlockProposal;
import kr.kdid.ledger.block.TxOutcome;
import kr.kdid.ledger.testing.LedgerFixture;
import kr.kdid.ledger.testing.LedgerFixture.Actor;
import kr.kdid.ledger.tx.TxBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrepareAheadTest {
  private final LedgerFixture f = new LedgerFixture();
  private final PrepareAhead ahead = new PrepareAhead(f.machine, 2);

  @AfterEach
  void close() {
    ahead.close();
  }

  /** A block of DID creates, each signed by its new key. */
  private BlockProposal didCreates(int n) {
    List<String> txs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Actor a = LedgerFixture.newActor(SignatureAlgorithm.ES256);
      txs.add(a.sign(CHAIN, new TxBody.DidCreate(a.document())).encoded());
    }
    return new BlockProposal("node-1", System.currentTimeMillis(), txs);
  }

  private static Supplier<BlockProposal> counting(BlockProposal p, AtomicInteger calls) {
    return () -> {
      calls.incrementAndGet();
      return p;
    };
  }

  private static Supplier<BlockProposal> mustNotBeCalled() {
    return () -> {
      throw new AssertionError("the block should have been prepared ahead");
    };
  }

  @Test
  void aBlockPreparedAheadIsTheOneAppliedAndItsSignaturesAreNotCheckedAgain() {
    long index = f.machine.lastApplied().logIndex() + 1;
    BlockProposal p = didCreates(20);
    AtomicInteger decoded = new AtomicInteger();
    ahead.offer(3, index, counting(p, decoded));
    ahead.offer(3, index, counting(p, decoded)); // offered twice: prepared once

    LedgerMachine.PreparedBlock prepared = ahead.take(3, index, mustNotBeCalled());

    assertThat(decoded).hasValue(1);
    assertThat(prepared.proposal()).isSameAs(p);
    assertThat(f.signatures.size()).isEqualTo(20);
    AppliedBlock applied = f.machine.apply(index, prepared);
    assertThat(applied.block().outcomes()).hasSize(20).allMatch(TxOutcome::valid);
    assertThat(f.signatures.size()).as("each cached result used once").isZero();
    assertThat(ahead.pending()).isZero();
  }

  @Test
  void anEntryOfAnotherTermIsPreparedAgainFromTheEntryApplied() {
    long index = f.machine.lastApplied().logIndex() + 1;
    BlockProposal stale = didCreates(3);
    BlockProposal replacement = didCreates(2);
    ahead.offer(1, index, () -> stale);
    AtomicInteger decoded = new AtomicInteger();

    LedgerMachine.PreparedBlock prepared = ahead.take(2, index, counting(replacement, decoded));

    assertThat(decoded).hasValue(1);
    assertThat(prepared.proposal()).isSameAs(replacement);
    assertThat(f.machine.apply(index, prepared).block().outcomes()).hasSize(2);
  }

  @Test
  void aFailureAheadFallsBackToPreparingOnTheApplyingThread() {
    long index = f.machine.lastApplied().logIndex() + 1;
    ahead.offer(
        1,
        index,
        () -> {
          throw new IllegalStateException("cannot read the entry now");
        });
    BlockProposal p = didCreates(1);

    assertThat(ahead.take(1, index, () -> p).proposal()).isSameAs(p);
    // A failure when taking is the caller's to handle.
    assertThatThrownBy(
            () ->
                ahead.take(
                    1,
                    index + 1,
                    () -> {
                      throw new IllegalArgumentException("not a block proposal");
                    }))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDepthBelowOneIsRefused() {
    assertThatThrownBy(() -> new PrepareAhead(f.machine, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("depth");
  }

  @Test
  void onlyTheNextFewEntriesArePreparedAndTakenOnesAreForgotten() {
    BlockProposal p = didCreates(1);
    ahead.take(1, 10, () -> p);

    ahead.offer(1, 10, mustNotBeCalled()); // applied already
    ahead.offer(1, 9, mustNotBeCalled());
    ahead.offer(1, 14, mustNotBeCalled()); // beyond depth 2 past the next entry
    assertThat(ahead.pending()).isZero();

    ahead.offer(1, 11, () -> p);
    ahead.offer(1, 12, () -> p);
    ahead.offer(1, 13, () -> p);
    assertThat(ahead.pending()).isEqualTo(3);
    ahead.take(1, 12, mustNotBeCalled());
    assertThat(ahead.pending()).as("11 skipped, 12 taken, 13 kept").isEqualTo(1);

    ahead.clear();
    assertThat(ahead.pending()).isZero();
  }
}
