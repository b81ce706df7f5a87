package kr.kdid.core.merkle;

import static kr.kdid.core.merkle.MerkleTestSupport.hex;
import static kr.kdid.core.merkle.MerkleTestSupport.randomLeaves;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** {@link MerkleLog} gives the same roots and proofs as {@link MerkleTree}, at every size. */
class MerkleLogProperties {

  @Property(tries = 150)
  void logMatchesTreeAtEveryHistoricalSize(
      @ForAll @IntRange(min = 1, max = 300) int n, @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> leaves = randomLeaves(n, seed);
    MerkleLog log = new MerkleLog(new InMemoryMerkleNodeStore());
    for (int i = 0; i < n; i++) {
      assertThat(log.append(leaves.get(i))).isEqualTo(i);
      assertThat(log.root()).isEqualTo(MerkleTree.root(leaves.subList(0, i + 1)));
    }
    assertThat(log.size()).isEqualTo(n);
    assertThat(log.root(0)).isEqualTo(MerkleTree.emptyRoot());

    for (int size = 1; size <= n; size++) {
      List<byte[]> prefix = leaves.subList(0, size);
      assertThat(log.root(size)).as("root at %d", size).isEqualTo(MerkleTree.root(prefix));
      for (int index : new int[] {0, size - 1, random.nextInt(size)}) {
        assertThat(hex(log.inclusionProof(index, size)))
            .as("inclusion of %d at %d", index, size)
            .isEqualTo(hex(MerkleTree.inclusionProof(prefix, index)));
      }
      for (int oldSize : new int[] {1, size, 1 + random.nextInt(size)}) {
        assertThat(hex(log.consistencyProof(oldSize, size)))
            .as("consistency from %d to %d", oldSize, size)
            .isEqualTo(hex(MerkleTree.consistencyProof(prefix, oldSize)));
      }
    }
  }

  @Property(tries = 100)
  void logProofsVerifyAgainstLogRoots(
      @ForAll @IntRange(min = 1, max = 300) int n, @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> leaves = randomLeaves(n, seed);
    MerkleLog log = new MerkleLog(new InMemoryMerkleNodeStore());
    leaves.forEach(log::append);
    for (int size = 1; size <= n; size++) {
      byte[] root = log.root(size);
      for (int index = 0; index < size; index++) {
        assertThat(
                MerkleTree.verifyInclusion(
                    leaves.get(index), index, size, log.inclusionProof(index, size), root))
            .isTrue();
      }
      int oldSize = 1 + random.nextInt(size);
      assertThat(
              MerkleTree.verifyConsistency(
                  oldSize, size, log.root(oldSize), root, log.consistencyProof(oldSize, size)))
          .isTrue();
    }
  }
}
