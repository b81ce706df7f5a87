package kr.kdid.core.merkle;

import static kr.kdid.core.merkle.MerkleTestSupport.consistencyLength;
import static kr.kdid.core.merkle.MerkleTestSupport.consistencyShape;
import static kr.kdid.core.merkle.MerkleTestSupport.flipBit;
import static kr.kdid.core.merkle.MerkleTestSupport.foldConsistency;
import static kr.kdid.core.merkle.MerkleTestSupport.foldInclusion;
import static kr.kdid.core.merkle.MerkleTestSupport.inclusionShape;
import static kr.kdid.core.merkle.MerkleTestSupport.randomHash;
import static kr.kdid.core.merkle.MerkleTestSupport.randomLeaves;
import static kr.kdid.core.merkle.MerkleTestSupport.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Proofs built by {@link MerkleTree} over random trees of 1..300 leaves, honest and tampered. */
class MerkleTreeProperties {

  @Property(tries = 150)
  void everyInclusionProofVerifies(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll long seed) {
    List<byte[]> leaves = randomLeaves(n, seed);
    byte[] root = MerkleTree.root(leaves);
    for (int i = 0; i < n; i++) {
      List<byte[]> proof = MerkleTree.inclusionProof(leaves, i);
      assertThat(proof).hasSize(inclusionShape(i, n).length());
      assertThat(MerkleTree.verifyInclusion(leaves.get(i), i, n, proof, root))
          .as("leaf %d of %d", i, n)
          .isTrue();
    }
  }

  @Property(tries = 150)
  void everyConsistencyProofVerifies(
      @ForAll @IntRange(min = 1, max = 300) int n, @ForAll long seed) {
    List<byte[]> leaves = randomLeaves(n, seed);
    byte[] root = MerkleTree.root(leaves);
    assertThat(MerkleTree.verifyConsistency(0, n, MerkleTree.emptyRoot(), root, List.of()))
        .isTrue();
    for (int m = 1; m <= n; m++) {
      byte[] oldRoot = MerkleTree.root(leaves.subList(0, m));
      List<byte[]> proof = MerkleTree.consistencyProof(leaves, m);
      assertThat(proof).hasSize(consistencyLength(consistencyShape(m, n)));
      assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, root, proof))
          .as("from %d to %d", m, n)
          .isTrue();
    }
  }

  @Property(tries = 300)
  void tamperedInclusionProofsFail(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> leaves = randomLeaves(n, seed);
    byte[] root = MerkleTree.root(leaves);
    int index = random.nextInt(n);
    byte[] leaf = leaves.get(index);
    List<byte[]> proof = MerkleTree.inclusionProof(leaves, index);

    // any single flipped bit: in each proof element, in the leaf, in the root
    for (int i = 0; i < proof.size(); i++) {
      List<byte[]> flipped = with(proof, i, flipBit(proof.get(i), random.nextInt(256)));
      assertThat(MerkleTree.verifyInclusion(leaf, index, n, flipped, root)).isFalse();
    }
    for (int bit = 0; bit < 256; bit++) {
      assertThat(MerkleTree.verifyInclusion(flipBit(leaf, bit), index, n, proof, root)).isFalse();
      assertThat(MerkleTree.verifyInclusion(leaf, index, n, proof, flipBit(root, bit))).isFalse();
    }

    // any other index in the same tree: a different path shape, so never accepted
    for (int other = 0; other < n; other++) {
      if (other != index) {
        assertThat(MerkleTree.verifyInclusion(leaf, other, n, proof, root))
            .as("index %d for %d of %d", other, index, n)
            .isFalse();
      }
    }
    // another tree size: accepted exactly when the path has the same shape (the proof does not
    // bind the size beyond that; a signed tree head does)
    String shape = inclusionShape(index, n);
    for (long size = index + 1; size <= n + 64; size++) {
      if (size != n) {
        assertThat(MerkleTree.verifyInclusion(leaf, index, size, proof, root))
            .as("size %d for leaf %d of %d", size, index, n)
            .isEqualTo(inclusionShape(index, size).equals(shape));
      }
    }

    // truncated, extended, or with an element replaced by null or a wrong length
    if (!proof.isEmpty()) {
      assertThat(
              MerkleTree.verifyInclusion(leaf, index, n, proof.subList(0, proof.size() - 1), root))
          .isFalse();
      assertThat(MerkleTree.verifyInclusion(leaf, index, n, proof.subList(1, proof.size()), root))
          .isFalse();
      int at = random.nextInt(proof.size());
      assertThat(MerkleTree.verifyInclusion(leaf, index, n, with(proof, at, null), root)).isFalse();
      byte[] shortened = java.util.Arrays.copyOf(proof.get(at), 31);
      assertThat(MerkleTree.verifyInclusion(leaf, index, n, with(proof, at, shortened), root))
          .isFalse();
    }
    // a proof cut short, offered with the subtree hash it does lead to as the root (for k = 0:
    // the leaf claimed to be the root of a bigger tree)
    assertThat(foldInclusion(shape, leaf, proof, proof.size())).isEqualTo(root);
    for (int k = 0; k < proof.size(); k++) {
      byte[] partial = foldInclusion(shape, leaf, proof, k);
      assertThat(MerkleTree.verifyInclusion(leaf, index, n, proof.subList(0, k), partial))
          .as("first %d elements of the proof of %d in %d", k, index, n)
          .isFalse();
    }
    List<byte[]> extended = new ArrayList<>(proof);
    extended.add(randomHash(random));
    assertThat(MerkleTree.verifyInclusion(leaf, index, n, extended, root)).isFalse();
    List<byte[]> prefixed = new ArrayList<>(proof);
    prefixed.add(0, randomHash(random));
    assertThat(MerkleTree.verifyInclusion(leaf, index, n, prefixed, root)).isFalse();
  }

  @Property(tries = 200)
  void tamperedConsistencyProofsFail(
      @ForAll @IntRange(min = 1, max = 300) int n, @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> leaves = randomLeaves(n, seed);
    byte[] newRoot = MerkleTree.root(leaves);
    int m = 1 + random.nextInt(n);
    byte[] oldRoot = MerkleTree.root(leaves.subList(0, m));
    List<byte[]> proof = MerkleTree.consistencyProof(leaves, m);

    for (int i = 0; i < proof.size(); i++) {
      List<byte[]> flipped = with(proof, i, flipBit(proof.get(i), random.nextInt(256)));
      assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, flipped)).isFalse();
    }
    for (int bit = 0; bit < 256; bit++) {
      assertThat(MerkleTree.verifyConsistency(m, n, flipBit(oldRoot, bit), newRoot, proof))
          .isFalse();
      assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, flipBit(newRoot, bit), proof))
          .isFalse();
    }

    // other sizes: accepted exactly when the proof has the same shape
    String shape = consistencyShape(m, n);
    for (long oldSize = 0; oldSize <= n + 3; oldSize++) {
      for (long newSize = oldSize; newSize <= n + 32; newSize++) {
        if (oldSize == m && newSize == n) {
          continue;
        }
        boolean sameShape = oldSize > 0 && consistencyShape(oldSize, newSize).equals(shape);
        assertThat(MerkleTree.verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof))
            .as("sizes %d, %d for a proof from %d to %d", oldSize, newSize, m, n)
            .isEqualTo(sameShape);
      }
    }

    if (!proof.isEmpty()) {
      assertThat(
              MerkleTree.verifyConsistency(
                  m, n, oldRoot, newRoot, proof.subList(0, proof.size() - 1)))
          .isFalse();
      assertThat(
              MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, proof.subList(1, proof.size())))
          .isFalse();
      int at = random.nextInt(proof.size());
      assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, with(proof, at, null)))
          .isFalse();
      byte[] lengthened = java.util.Arrays.copyOf(proof.get(at), 33);
      assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, with(proof, at, lengthened)))
          .isFalse();
    }
    // a proof cut short, offered with the subtree hashes it does lead to as the roots
    byte[][] whole = foldConsistency(shape, oldRoot, proof, proof.size());
    assertThat(whole[0]).isEqualTo(oldRoot);
    assertThat(whole[1]).isEqualTo(newRoot);
    for (int k = shape.charAt(0) == 'P' ? 1 : 0; k < proof.size(); k++) {
      byte[][] partial = foldConsistency(shape, oldRoot, proof, k);
      assertThat(MerkleTree.verifyConsistency(m, n, partial[0], partial[1], proof.subList(0, k)))
          .as("first %d elements of the proof from %d to %d", k, m, n)
          .isFalse();
    }
    List<byte[]> extended = new ArrayList<>(proof);
    extended.add(randomHash(random));
    assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, extended)).isFalse();
    List<byte[]> prefixed = new ArrayList<>(proof);
    prefixed.add(0, randomHash(random));
    assertThat(MerkleTree.verifyConsistency(m, n, oldRoot, newRoot, prefixed)).isFalse();
  }

  /**
   * Consistency proofs compose with inclusion: an old leaf's proof keeps working in the new tree.
   */
  @Property(tries = 100)
  void oldLeavesStayProvableAfterAConsistentExtension(
      @ForAll @IntRange(min = 1, max = 300) int n, @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> leaves = randomLeaves(n, seed);
    int m = 1 + random.nextInt(n);
    int index = random.nextInt(m);
    byte[] oldRoot = MerkleTree.root(leaves.subList(0, m));
    byte[] newRoot = MerkleTree.root(leaves);
    List<byte[]> inOld = MerkleTree.inclusionProof(leaves.subList(0, m), index);
    List<byte[]> inNew = MerkleTree.inclusionProof(leaves, index);
    assertThat(MerkleTree.verifyInclusion(leaves.get(index), index, m, inOld, oldRoot)).isTrue();
    assertThat(MerkleTree.verifyInclusion(leaves.get(index), index, n, inNew, newRoot)).isTrue();
    assertThat(
            MerkleTree.verifyConsistency(
                m, n, oldRoot, newRoot, MerkleTree.consistencyProof(leaves, m)))
        .isTrue();
  }
}
