package kr.kdid.core.merkle;

import static kr.kdid.core.merkle.MerkleTestSupport.hex;
import static kr.kdid.core.merkle.MerkleTestSupport.randomLeaves;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleLogTest {

  /** A store that counts and records what the log does with it. */
  private static final class RecordingStore implements MerkleNodeStore {
    final InMemoryMerkleNodeStore inner = new InMemoryMerkleNodeStore();
    final List<String> writes = new ArrayList<>();
    long reads;

    @Override
    public byte[] get(int level, long index) {
      reads++;
      return inner.get(level, index);
    }

    @Override
    public void put(int level, long index, byte[] hash) {
      writes.add("put " + level + " " + index);
      inner.put(level, index, hash);
    }

    @Override
    public long size() {
      return inner.size();
    }

    @Override
    public void setSize(long size) {
      writes.add("size " + size);
      inner.setSize(size);
    }
  }

  @Test
  void aNewLogIsEmpty() {
    MerkleLog log = new MerkleLog(new InMemoryMerkleNodeStore());
    assertThat(log.size()).isZero();
    assertThat(log.root()).isEqualTo(MerkleTree.emptyRoot());
    assertThat(log.root(0)).isEqualTo(MerkleTree.emptyRoot());
  }

  @Test
  void matchesTheTreeForEveryProofOfEverySizeUpTo100() {
    List<byte[]> leaves = randomLeaves(100, 7);
    MerkleLog log = new MerkleLog(new InMemoryMerkleNodeStore());
    leaves.forEach(log::append);
    for (int size = 1; size <= 100; size++) {
      List<byte[]> prefix = leaves.subList(0, size);
      assertThat(log.root(size)).isEqualTo(MerkleTree.root(prefix));
      for (int i = 0; i < size; i++) {
        assertThat(hex(log.inclusionProof(i, size)))
            .as("inclusion of %d at %d", i, size)
            .isEqualTo(hex(MerkleTree.inclusionProof(prefix, i)));
      }
      for (int old = 1; old <= size; old++) {
        assertThat(hex(log.consistencyProof(old, size)))
            .as("consistency from %d to %d", old, size)
            .isEqualTo(hex(MerkleTree.consistencyProof(prefix, old)));
      }
    }
  }

  @Test
  void storesExactlyTheCompleteSubtrees() {
    int n = 77;
    List<byte[]> leaves = randomLeaves(n, 3);
    InMemoryMerkleNodeStore store = new InMemoryMerkleNodeStore();
    MerkleLog log = new MerkleLog(store);
    leaves.forEach(log::append);
    assertThat(store.size()).isEqualTo(n);
    for (int level = 0; level < 8; level++) {
      int width = 1 << level;
      for (int index = 0; index * width < n + width; index++) {
        byte[] stored = store.get(level, index);
        if ((index + 1) * width <= n) {
          List<byte[]> covered = leaves.subList(index * width, (index + 1) * width);
          assertThat(stored).as("(%d, %d)", level, index).isEqualTo(MerkleTree.root(covered));
        } else {
          assertThat(stored).as("(%d, %d)", level, index).isNull();
        }
      }
    }
  }

  @Test
  void appendWritesTheLeafThenCompletedSubtreesThenTheSize() {
    RecordingStore store = new RecordingStore();
    MerkleLog log = new MerkleLog(store);
    for (byte[] leaf : randomLeaves(7, 1)) {
      log.append(leaf);
    }
    store.writes.clear();
    store.reads = 0;
    log.append(randomLeaves(1, 2).get(0)); // index 7 = 0b111 completes three subtrees
    assertThat(store.writes).containsExactly("put 0 7", "put 1 3", "put 2 1", "put 3 0", "size 8");
    assertThat(store.reads).isEqualTo(3);
  }

  @Test
  void readsAreLogarithmic() {
    RecordingStore store = new RecordingStore();
    MerkleLog log = new MerkleLog(store);
    int n = 100_000;
    for (byte[] leaf : randomLeaves(n, 5)) {
      log.append(leaf);
    }
    long[] sizes = {1, 2, 3, 1000, 65_536, 65_537, 99_999, n};
    for (long size : sizes) {
      int levels = Long.SIZE - Long.numberOfLeadingZeros(size);
      store.reads = 0;
      log.root(size);
      assertThat(store.reads).as("root at %d", size).isEqualTo(Long.bitCount(size));
      for (long index : new long[] {0, size / 2, size - 1}) {
        store.reads = 0;
        log.inclusionProof(index, size);
        assertThat(store.reads)
            .as("inclusion of %d at %d", index, size)
            .isLessThanOrEqualTo(2L * levels);
      }
      for (long old : new long[] {1, size / 3 + 1, size - 1, size}) {
        if (old < 1) {
          continue;
        }
        store.reads = 0;
        log.consistencyProof(old, size);
        assertThat(store.reads)
            .as("consistency %d to %d", old, size)
            .isLessThanOrEqualTo(2L * levels + 1);
      }
    }
  }

  @Test
  void resumesFromItsStore() {
    List<byte[]> leaves = randomLeaves(50, 9);
    InMemoryMerkleNodeStore store = new InMemoryMerkleNodeStore();
    MerkleLog first = new MerkleLog(store);
    leaves.subList(0, 37).forEach(first::append);
    MerkleLog second = new MerkleLog(store);
    assertThat(second.size()).isEqualTo(37);
    assertThat(second.root()).isEqualTo(first.root());
    leaves.subList(37, 50).forEach(second::append);
    assertThat(second.root()).isEqualTo(MerkleTree.root(leaves));
    assertThat(hex(second.consistencyProof(37, 50)))
        .isEqualTo(hex(MerkleTree.consistencyProof(leaves, 37)));
  }

  @Test
  void rejectsBadArguments() {
    MerkleLog log = new MerkleLog(new InMemoryMerkleNodeStore());
    randomLeaves(10, 4).forEach(log::append);
    assertThatThrownBy(() -> log.append(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> log.append(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.append(new byte[33])).isInstanceOf(IllegalArgumentException.class);
    assertThat(log.size()).isEqualTo(10);

    assertThatThrownBy(() -> log.root(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.root(11)).isInstanceOf(IllegalArgumentException.class);

    assertThatThrownBy(() -> log.inclusionProof(0, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> log.inclusionProof(-1, 10))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> log.inclusionProof(5, 5))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> log.inclusionProof(0, 11))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.inclusionProof(0, -1))
        .isInstanceOf(IllegalArgumentException.class);

    assertThatThrownBy(() -> log.consistencyProof(0, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.consistencyProof(6, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.consistencyProof(1, 11))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.consistencyProof(-1, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(log.consistencyProof(10, 10)).isEmpty();
    assertThat(log.inclusionProof(0, 1)).isEmpty();
  }

  @Test
  void arraysDoNotLeakInOrOut() {
    List<byte[]> leaves = randomLeaves(6, 8);
    MerkleLog log = new MerkleLog(new InMemoryMerkleNodeStore());
    byte[] mine = leaves.get(0).clone();
    log.append(mine);
    mine[0] ^= 1;
    leaves.subList(1, 6).forEach(log::append);
    assertThat(log.root()).isEqualTo(MerkleTree.root(leaves));
    log.root(1)[0] ^= 1;
    log.inclusionProof(0, 6).get(0)[0] ^= 1;
    log.consistencyProof(1, 6).get(0)[0] ^= 1;
    assertThat(log.root(1)).isEqualTo(leaves.get(0));
    assertThat(hex(log.inclusionProof(0, 6))).isEqualTo(hex(MerkleTree.inclusionProof(leaves, 0)));
    assertThat(log.root()).isEqualTo(MerkleTree.root(leaves));
  }

  @Test
  void proofsAreUnmodifiable() {
    MerkleLog log = new MerkleLog(new InMemoryMerkleNodeStore());
    randomLeaves(5, 6).forEach(log::append);
    List<byte[]> proof = log.inclusionProof(2, 5);
    assertThatThrownBy(proof::clear).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aDamagedStoreIsReportedNotPapered() {
    InMemoryMerkleNodeStore store = new InMemoryMerkleNodeStore();
    MerkleLog log = new MerkleLog(store);
    randomLeaves(6, 10).forEach(log::append);
    store.put(1, 0, new byte[5]); // not a hash
    assertThatThrownBy(() -> log.root(3)).isInstanceOf(IllegalStateException.class);

    InMemoryMerkleNodeStore lying = new InMemoryMerkleNodeStore();
    lying.setSize(3); // claims leaves it does not hold
    MerkleLog broken = new MerkleLog(lying);
    assertThatThrownBy(broken::root).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesAStoreWithANegativeSize() {
    MerkleNodeStore negative =
        new MerkleNodeStore() {
          @Override
          public byte[] get(int level, long index) {
            return null;
          }

          @Override
          public void put(int level, long index, byte[] hash) {}

          @Override
          public long size() {
            return -1;
          }

          @Override
          public void setSize(long size) {}
        };
    assertThatThrownBy(() -> new MerkleLog(negative)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new MerkleLog(null)).isInstanceOf(NullPointerException.class);
  }
}
