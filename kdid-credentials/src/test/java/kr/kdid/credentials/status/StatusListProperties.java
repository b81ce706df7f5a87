package kr.kdid.credentials.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Bit packing and the {@code lst} codec, against a plain int[] model, for every bit width. */
class StatusListProperties {

  @Provide
  Arbitrary<Integer> bits() {
    return Arbitraries.of(1, 2, 4, 8);
  }

  @Property(tries = 200)
  void setThenGetMatchesTheModel(
      @ForAll("bits") int bits,
      @ForAll @IntRange(min = 1, max = 2048) int bytes,
      @ForAll @IntRange(min = 0, max = 3000) int writes,
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int size = bytes * 8 / bits;
    StatusList list = StatusList.create(size, bits);
    int[] model = new int[size];
    for (int w = 0; w < writes; w++) {
      int idx = random.nextInt(size);
      int value = random.nextInt(1 << bits);
      list.set(idx, value);
      model[idx] = value;
      assertThat(list.get(idx)).isEqualTo(value);
    }
    for (int i = 0; i < size; i++) {
      assertThat(list.get(i)).as("index %d", i).isEqualTo(model[i]);
    }
    // The packing is the spec's: entry i at bits [i*bits, i*bits+bits), LSB first.
    byte[] raw = list.toBytes();
    for (int i = 0; i < size; i++) {
      int bit = i * bits;
      assertThat(((raw[bit / 8] & 0xFF) >>> (bit % 8)) & ((1 << bits) - 1)).isEqualTo(model[i]);
    }
  }

  @Property(tries = 200)
  void encodeThenDecodeIsIdentity(
      @ForAll("bits") int bits,
      @ForAll @IntRange(min = 1, max = 65536) int bytes,
      @ForAll @DoubleRange(min = 0, max = 1) double density,
      @ForAll long seed)
      throws StatusException {
    SplittableRandom random = new SplittableRandom(seed);
    int size = bytes * 8 / bits;
    StatusList list = StatusList.create(size, bits);
    int writes = (int) Math.min(20_000, size * density);
    for (int w = 0; w < writes; w++) {
      list.set(random.nextInt(size), random.nextInt(1 << bits));
    }
    String lst = list.encodedLst();
    StatusList decoded = StatusList.decode(lst, bits, bytes);
    assertThat(decoded.size()).isEqualTo(size);
    assertThat(decoded.bits()).isEqualTo(bits);
    assertThat(decoded.toBytes()).isEqualTo(list.toBytes());
    assertThat(decoded.encodedLst()).isEqualTo(lst);
  }
}
