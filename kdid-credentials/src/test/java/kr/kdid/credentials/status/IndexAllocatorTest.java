package kr.kdid.credentials.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IndexAllocatorTest {
  private static final int SIZE = IndexAllocator.MIN_LIST_SIZE;

  @Test
  void defaults() {
    IndexAllocator a = new IndexAllocator();
    assertThat(a.capacity(SIZE)).isEqualTo(117_964);
    BitSet taken = new BitSet();
    int idx = a.allocate(taken, SIZE).orElseThrow();
    assertThat(taken.get(idx)).isTrue();
    assertThat(taken.cardinality()).isEqualTo(1);
  }

  @Test
  void refusesSmallLists() {
    IndexAllocator a = new IndexAllocator(StatusTestSupport.seeded(1));
    assertThatThrownBy(() -> a.allocate(new BitSet(), SIZE - 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("herd privacy");
  }

  @Test
  void stopsAtTheFillLimit() {
    IndexAllocator a = new IndexAllocator(StatusTestSupport.seeded(2));
    int capacity = a.capacity(SIZE);
    AtomicInteger calls = new AtomicInteger();
    assertThat(a.pick(SIZE, capacity, i -> calls.incrementAndGet() < 0)).isEmpty();
    assertThat(calls).hasValue(0); // refused from the count alone
    assertThat(a.pick(SIZE, capacity - 1, i -> false)).isPresent();
    assertThat(a.pick(SIZE, SIZE, i -> true)).isEmpty();
  }

  @Test
  void aWrongCountCannotPassTheFillLimit() {
    IndexAllocator a = new IndexAllocator(StatusTestSupport.seeded(3));
    // The caller says nothing is used, but only one index is free: the list is really full.
    assertThat(a.pick(SIZE, 0, i -> i != 99_999)).isEmpty();
    assertThat(a.pick(SIZE, 0, i -> true)).isEmpty();
    // Understated, but still below the limit: a free index is found.
    int idx = a.pick(SIZE, 0, i -> i < SIZE * 8 / 10).orElseThrow();
    assertThat(idx).isGreaterThanOrEqualTo(SIZE * 8 / 10);
  }

  /** A degenerate source whose every draw is 0, to force the exact fallback. */
  static final class ZeroRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final int nextValue;

    ZeroRandom(int nextValue) {
      this.nextValue = nextValue;
    }

    @Override
    public int nextInt(int bound) {
      return Math.min(nextValue, bound - 1);
    }
  }

  @Test
  void fallsBackToAnExactUniformChoiceWhenDrawsKeepMissing() {
    // Draws always hit index 0, which is taken; the fallback then picks the r-th free index.
    BitSet taken = new BitSet(SIZE);
    taken.set(0, SIZE / 2); // the first half is taken
    assertThat(new IndexAllocator(new ZeroRandom(0)).pick(SIZE, SIZE / 2, taken::get))
        .hasValue(SIZE / 2);
    assertThat(new IndexAllocator(new ZeroRandom(5)).pick(SIZE, SIZE / 2, taken::get))
        .hasValue(SIZE / 2 + 5);
  }

  @Test
  void checksArguments() {
    IndexAllocator a = new IndexAllocator(StatusTestSupport.seeded(4));
    assertThatThrownBy(() -> a.pick(SIZE, -1, i -> false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> a.pick(SIZE, SIZE + 1, i -> false))
        .isInstanceOf(IllegalArgumentException.class);
    BitSet beyond = new BitSet();
    beyond.set(SIZE);
    assertThatThrownBy(() -> a.allocate(beyond, SIZE)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IndexAllocator(StatusTestSupport.seeded(5), 1024, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IndexAllocator(StatusTestSupport.seeded(5), 1024, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IndexAllocator(StatusTestSupport.seeded(5), 0, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void picksOnlyCallThePredicateInRange() {
    IndexAllocator a = new IndexAllocator(StatusTestSupport.seeded(6));
    for (int k = 0; k < 1000; k++) {
      a.pick(
          SIZE,
          SIZE / 2,
          i -> {
            assertThat(i).isBetween(0, SIZE - 1);
            return i % 2 == 0;
          });
    }
  }
}
