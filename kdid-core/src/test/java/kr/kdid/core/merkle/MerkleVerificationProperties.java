package kr.kdid.core.merkle;

import static kr.kdid.core.merkle.MerkleTestSupport.consistencyShape;
import static kr.kdid.core.merkle.MerkleTestSupport.flipBit;
import static kr.kdid.core.merkle.MerkleTestSupport.foldConsistency;
import static kr.kdid.core.merkle.MerkleTestSupport.foldInclusion;
import static kr.kdid.core.merkle.MerkleTestSupport.inclusionShape;
import static kr.kdid.core.merkle.MerkleTestSupport.randomHash;
import static kr.kdid.core.merkle.MerkleTestSupport.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The verifiers over the whole range of tree sizes, up to 2^63 - 1 leaves. No such tree can be
 * built, but its proofs can: the recursive definitions of PATH and SUBPROOF say which side each
 * proof element sits on (the "shape"), and any hashes put in those places, folded the way the
 * definition folds them, give the roots of some tree of that size.
 */
class MerkleVerificationProperties {

  @Provide
  Arbitrary<Long> sizes() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(1, Long.MAX_VALUE),
        Arbitraries.longs().between(1, 1L << 20),
        Arbitraries.integers().between(0, 62).map(bit -> 1L << bit),
        Arbitraries.integers().between(1, 63).map(bit -> (1L << bit) - 1),
        Arbitraries.integers().between(1, 62).map(bit -> (1L << bit) + 1));
  }

  @Property(tries = 2000)
  void inclusionProofsOfAnySizeVerify(
      @ForAll("sizes") long size, @ForAll long indexSeed, @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    long index = Math.floorMod(indexSeed, size);
    byte[] leaf = randomHash(random);
    String shape = inclusionShape(index, size);
    List<byte[]> proof = new ArrayList<>();
    for (int i = 0; i < shape.length(); i++) {
      proof.add(randomHash(random));
    }
    byte[] root = foldInclusion(shape, leaf, proof, proof.size());
    assertThat(MerkleTree.inclusionProofLength(index, size)).isEqualTo(shape.length());
    assertThat(MerkleTree.verifyInclusion(leaf, index, size, proof, root)).isTrue();

    assertThat(
            MerkleTree.verifyInclusion(
                flipBit(leaf, random.nextInt(256)), index, size, proof, root))
        .isFalse();
    assertThat(
            MerkleTree.verifyInclusion(
                leaf, index, size, proof, flipBit(root, random.nextInt(256))))
        .isFalse();
    if (!proof.isEmpty()) {
      int at = random.nextInt(proof.size());
      List<byte[]> flipped = with(proof, at, flipBit(proof.get(at), random.nextInt(256)));
      assertThat(MerkleTree.verifyInclusion(leaf, index, size, flipped, root)).isFalse();
      assertThat(
              MerkleTree.verifyInclusion(leaf, index, size, proof.subList(1, proof.size()), root))
          .isFalse();
    }
    // neighbouring indices and sizes: accepted exactly when the shape is the same
    for (long delta = -2; delta <= 2; delta++) {
      long otherIndex = index + delta;
      if (delta != 0 && otherIndex >= 0 && otherIndex < size) {
        assertThat(MerkleTree.verifyInclusion(leaf, otherIndex, size, proof, root)).isFalse();
      }
      long otherSize = size + delta;
      if (delta != 0 && otherSize > index && otherSize > 0) {
        assertThat(MerkleTree.verifyInclusion(leaf, index, otherSize, proof, root))
            .isEqualTo(inclusionShape(index, otherSize).equals(shape));
      }
    }
  }

  @Property(tries = 2000)
  void consistencyProofsOfAnySizesVerify(
      @ForAll("sizes") long newSize, @ForAll long oldSeed, @ForAll long seed) {
    if (newSize < 2) {
      return;
    }
    SplittableRandom random = new SplittableRandom(seed);
    long oldSize = 1 + Math.floorMod(oldSeed, newSize - 1); // 0 < oldSize < newSize
    String shape = consistencyShape(oldSize, newSize);
    // for an 'S' shape the old tree is a perfect subtree whose hash is anything
    byte[] perfectOldRoot = randomHash(random);
    List<byte[]> proof = new ArrayList<>();
    for (int i = 0; i < MerkleTestSupport.consistencyLength(shape); i++) {
      proof.add(randomHash(random));
    }
    byte[][] roots = foldConsistency(shape, perfectOldRoot, proof, proof.size());
    byte[] oldRoot = roots[0];
    byte[] newRoot = roots[1];
    assertThat(MerkleTree.consistencyProofLength(oldSize, newSize)).isEqualTo(proof.size());
    assertThat(MerkleTree.verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof)).isTrue();

    int at = random.nextInt(proof.size());
    List<byte[]> flipped = with(proof, at, flipBit(proof.get(at), random.nextInt(256)));
    assertThat(MerkleTree.verifyConsistency(oldSize, newSize, oldRoot, newRoot, flipped)).isFalse();
    assertThat(
            MerkleTree.verifyConsistency(
                oldSize, newSize, flipBit(oldRoot, random.nextInt(256)), newRoot, proof))
        .isFalse();
    assertThat(
            MerkleTree.verifyConsistency(
                oldSize, newSize, oldRoot, flipBit(newRoot, random.nextInt(256)), proof))
        .isFalse();
    assertThat(
            MerkleTree.verifyConsistency(
                oldSize, newSize, oldRoot, newRoot, proof.subList(0, proof.size() - 1)))
        .isFalse();
    for (long delta = -2; delta <= 2; delta++) {
      long otherOld = oldSize + delta;
      if (delta != 0 && otherOld > 0 && otherOld < newSize) {
        assertThat(MerkleTree.verifyConsistency(otherOld, newSize, oldRoot, newRoot, proof))
            .isEqualTo(consistencyShape(otherOld, newSize).equals(shape));
      }
      long otherNew = newSize + delta;
      if (delta != 0 && otherNew > oldSize) {
        assertThat(MerkleTree.verifyConsistency(oldSize, otherNew, oldRoot, newRoot, proof))
            .isEqualTo(consistencyShape(oldSize, otherNew).equals(shape));
      }
    }
  }
}
