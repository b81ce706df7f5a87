package kr.kdid.credentials.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** The allocator never hands out a taken index, never repeats, and spreads over the list. */
class IndexAllocatorProperties {

  @Property(tries = 60)
  void neverTakenNeverRepeatedUntilFull(
      @ForAll @IntRange(min = 1024, max = 20_000) int size,
      @ForAll @DoubleRange(min = 0, max = 0.95) double prefill,
      @ForAll long seed) {
    IndexAllocator allocator = new IndexAllocator(StatusTestSupport.seeded(seed), 1024, 0.9);
    SplittableRandom random = new SplittableRandom(seed);
    BitSet before = new BitSet(size);
    for (int i = 0; i < size; i++) {
      if (random.nextDouble() < prefill) {
        before.set(i);
      }
    }
    BitSet taken = (BitSet) before.clone();
    BitSet handedOut = new BitSet(size);
    int count = 0;
    while (true) {
      OptionalInt idx = allocator.allocate(taken, size);
      if (idx.isEmpty()) {
        break;
      }
      int i = idx.getAsInt();
      assertThat(i).isBetween(0, size - 1);
      assertThat(before.get(i)).as("prefilled %d handed out", i).isFalse();
      assertThat(handedOut.get(i)).as("%d handed out twice", i).isFalse();
      handedOut.set(i);
      count++;
    }
    int capacity = allocator.capacity(size);
    assertThat(count).isEqualTo(Math.max(0, capacity - before.cardinality()));
    assertThat(taken.cardinality()).isEqualTo(Math.max(capacity, before.cardinality()));
  }

  @Property(tries = 20)
  void spreadsOverTheWholeListInNoOrder(
      @ForAll @DoubleRange(min = 0, max = 0.5) double prefill, @ForAll long seed) {
    int size = IndexAllocator.MIN_LIST_SIZE;
    IndexAllocator allocator = new IndexAllocator(StatusTestSupport.seeded(seed));
    SplittableRandom random = new SplittableRandom(seed);
    BitSet taken = new BitSet(size);
    for (int i = 0; i < size; i++) {
      if (random.nextDouble() < prefill) {
        taken.set(i);
      }
    }
    int n = 4096;
    List<Integer> picks = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      picks.add(allocator.allocate(taken, size).orElseThrow());
    }
    // Every sixteenth of the list gets about n/16 = 256 picks.
    int[] buckets = new int[16];
    for (int p : picks) {
      buckets[p / (size / 16)]++;
    }
    for (int b : buckets) {
      assertThat(b).isBetween(150, 370);
    }
    // Not sequential: successive picks are neither adjacent nor ordered.
    int adjacent = 0;
    int ascending = 0;
    for (int k = 1; k < n; k++) {
      int d = picks.get(k) - picks.get(k - 1);
      if (Math.abs(d) <= 8) {
        adjacent++;
      }
      if (d > 0) {
        ascending++;
      }
    }
    assertThat(adjacent).isLessThan(10);
    assertThat(ascending).isBetween(n / 2 - 250, n / 2 + 250);
  }
}
