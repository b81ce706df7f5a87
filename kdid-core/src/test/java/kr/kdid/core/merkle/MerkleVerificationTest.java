package kr.kdid.core.merkle;

import static kr.kdid.core.merkle.MerkleTestSupport.leaf;
import static kr.kdid.core.merkle.MerkleTestSupport.node;
import static kr.kdid.core.merkle.MerkleTestSupport.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Edge cases of the verifiers: every malformed input is a plain false, never an exception. */
class MerkleVerificationTest {
  private static final List<byte[]> LEAVES = MerkleTestSupport.randomLeaves(13, 42);
  private static final byte[] ROOT = MerkleTree.root(LEAVES);
  private static final byte[] EMPTY = MerkleTree.emptyRoot();
  private static final int INDEX = 5;
  private static final byte[] LEAF = LEAVES.get(INDEX);
  private static final List<byte[]> PATH = MerkleTree.inclusionProof(LEAVES, INDEX);
  private static final int OLD = 6;
  private static final byte[] OLD_ROOT = MerkleTree.root(LEAVES.subList(0, OLD));
  private static final List<byte[]> CONSISTENCY = MerkleTree.consistencyProof(LEAVES, OLD);

  @Test
  void theBaselinesVerify() {
    assertThat(MerkleTree.verifyInclusion(LEAF, INDEX, 13, PATH, ROOT)).isTrue();
    assertThat(MerkleTree.verifyConsistency(OLD, 13, OLD_ROOT, ROOT, CONSISTENCY)).isTrue();
  }

  @Test
  void inclusionRejectsMissingOrMisshapenHashes() {
    assertThat(MerkleTree.verifyInclusion(null, INDEX, 13, PATH, ROOT)).isFalse();
    assertThat(MerkleTree.verifyInclusion(LEAF, INDEX, 13, PATH, null)).isFalse();
    assertThat(MerkleTree.verifyInclusion(LEAF, INDEX, 13, null, ROOT)).isFalse();
    assertThat(MerkleTree.verifyInclusion(Arrays.copyOf(LEAF, 31), INDEX, 13, PATH, ROOT))
        .isFalse();
    assertThat(MerkleTree.verifyInclusion(Arrays.copyOf(LEAF, 33), INDEX, 13, PATH, ROOT))
        .isFalse();
    assertThat(MerkleTree.verifyInclusion(LEAF, INDEX, 13, PATH, Arrays.copyOf(ROOT, 33)))
        .isFalse();
    assertThat(MerkleTree.verifyInclusion(LEAF, INDEX, 13, PATH, new byte[0])).isFalse();
    for (int i = 0; i < PATH.size(); i++) {
      byte[] element = PATH.get(i);
      assertThat(MerkleTree.verifyInclusion(LEAF, INDEX, 13, with(PATH, i, null), ROOT)).isFalse();
      for (int length : new int[] {0, 31, 33, 64}) {
        byte[] resized = Arrays.copyOf(element, length);
        assertThat(MerkleTree.verifyInclusion(LEAF, INDEX, 13, with(PATH, i, resized), ROOT))
            .as("element %d of %d bytes", i, length)
            .isFalse();
      }
    }
  }

  @Test
  void inclusionRejectsIndicesAndSizesOutOfRange() {
    long[][] cases = {
      {-1, 13},
      {13, 13},
      {14, 13},
      {0, 0},
      {0, -1},
      {-1, -1},
      {Long.MIN_VALUE, 13},
      {Long.MAX_VALUE, 13},
      {Long.MAX_VALUE, Long.MAX_VALUE},
      {INDEX, Long.MIN_VALUE},
      {INDEX, Long.MAX_VALUE},
      {INDEX, 0}
    };
    for (long[] c : cases) {
      assertThat(MerkleTree.verifyInclusion(LEAF, c[0], c[1], PATH, ROOT))
          .as("index %d, size %d", c[0], c[1])
          .isFalse();
    }
    // the one-leaf tree has an empty path and its leaf as root
    assertThat(MerkleTree.verifyInclusion(LEAF, 0, 1, List.of(), LEAF)).isTrue();
    assertThat(MerkleTree.verifyInclusion(LEAF, 0, 1, List.of(), ROOT)).isFalse();
    assertThat(MerkleTree.verifyInclusion(LEAF, 0, 1, List.of(LEAF), node(LEAF, LEAF))).isFalse();
    assertThat(MerkleTree.verifyInclusion(LEAF, 1, 1, List.of(), LEAF)).isFalse();
  }

  @Test
  void inclusionRejectsTruncatedExtendedAndHugeProofs() {
    assertThat(MerkleTree.verifyInclusion(LEAF, INDEX, 13, List.of(), ROOT)).isFalse();
    assertThat(MerkleTree.verifyInclusion(LEAF, INDEX, 13, PATH.subList(0, PATH.size() - 1), ROOT))
        .isFalse();
    assertThat(MerkleTree.verifyInclusion(LEAF, INDEX, 13, PATH.subList(1, PATH.size()), ROOT))
        .isFalse();
    List<byte[]> longer = new ArrayList<>(PATH);
    longer.add(ROOT);
    assertThat(MerkleTree.verifyInclusion(LEAF, INDEX, 13, longer, node(ROOT, ROOT))).isFalse();
    assertThat(MerkleTree.verifyInclusion(LEAF, INDEX, 13, longer, ROOT)).isFalse();
    List<byte[]> huge = Collections.nCopies(1_000_000, ROOT);
    assertThat(MerkleTree.verifyInclusion(LEAF, INDEX, 13, huge, ROOT)).isFalse();
    assertThat(MerkleTree.verifyInclusion(LEAF, 0, Long.MAX_VALUE, huge, ROOT)).isFalse();
  }

  @Test
  void inclusionRejectsAProofForAnotherLeafOrRoot() {
    assertThat(MerkleTree.verifyInclusion(LEAVES.get(INDEX + 1), INDEX, 13, PATH, ROOT)).isFalse();
    assertThat(MerkleTree.verifyInclusion(LEAF, INDEX, 13, PATH, OLD_ROOT)).isFalse();
    assertThat(MerkleTree.verifyInclusion(ROOT, INDEX, 13, PATH, ROOT)).isFalse();
    // an interior node presented as a leaf, with the rest of its path: rejected by the length
    byte[] interior = node(LEAVES.get(4), LEAF);
    assertThat(MerkleTree.verifyInclusion(interior, 2, 13, PATH.subList(1, PATH.size()), ROOT))
        .isFalse();
  }

  @Test
  void consistencyRejectsMissingOrMisshapenHashes() {
    assertThat(MerkleTree.verifyConsistency(OLD, 13, null, ROOT, CONSISTENCY)).isFalse();
    assertThat(MerkleTree.verifyConsistency(OLD, 13, OLD_ROOT, null, CONSISTENCY)).isFalse();
    assertThat(MerkleTree.verifyConsistency(OLD, 13, OLD_ROOT, ROOT, null)).isFalse();
    assertThat(MerkleTree.verifyConsistency(OLD, 13, new byte[31], ROOT, CONSISTENCY)).isFalse();
    assertThat(MerkleTree.verifyConsistency(OLD, 13, OLD_ROOT, new byte[33], CONSISTENCY))
        .isFalse();
    assertThat(MerkleTree.verifyConsistency(0, 0, null, null, List.of())).isFalse();
    assertThat(MerkleTree.verifyConsistency(0, 0, EMPTY, EMPTY, null)).isFalse();
    assertThat(MerkleTree.verifyConsistency(13, 13, ROOT, null, List.of())).isFalse();
    for (int i = 0; i < CONSISTENCY.size(); i++) {
      byte[] element = CONSISTENCY.get(i);
      assertThat(MerkleTree.verifyConsistency(OLD, 13, OLD_ROOT, ROOT, with(CONSISTENCY, i, null)))
          .isFalse();
      for (int length : new int[] {0, 31, 33, 64}) {
        List<byte[]> resized = with(CONSISTENCY, i, Arrays.copyOf(element, length));
        assertThat(MerkleTree.verifyConsistency(OLD, 13, OLD_ROOT, ROOT, resized))
            .as("element %d of %d bytes", i, length)
            .isFalse();
      }
    }
  }

  @Test
  void consistencyRejectsSizesOutOfOrder() {
    long[][] cases = {
      {14, 13},
      {13, 6},
      {-1, 13},
      {OLD, -1},
      {Long.MIN_VALUE, 13},
      {OLD, Long.MIN_VALUE},
      {Long.MAX_VALUE, 13},
      {Long.MAX_VALUE, Long.MAX_VALUE},
      {OLD, Long.MAX_VALUE},
      {0, 13}
    };
    for (long[] c : cases) {
      assertThat(MerkleTree.verifyConsistency(c[0], c[1], OLD_ROOT, ROOT, CONSISTENCY))
          .as("old %d, new %d", c[0], c[1])
          .isFalse();
    }
  }

  @Test
  void theEmptyTreeIsExtendedByEveryTreeButOnlyWithAnEmptyProof() {
    assertThat(MerkleTree.verifyConsistency(0, 13, EMPTY, ROOT, List.of())).isTrue();
    assertThat(MerkleTree.verifyConsistency(0, 1, EMPTY, LEAF, List.of())).isTrue();
    assertThat(MerkleTree.verifyConsistency(0, 0, EMPTY, EMPTY, List.of())).isTrue();
    assertThat(MerkleTree.verifyConsistency(0, 13, EMPTY, ROOT, List.of(ROOT))).isFalse();
    assertThat(MerkleTree.verifyConsistency(0, 13, EMPTY, ROOT, CONSISTENCY)).isFalse();
    // a tree of size 0 has one root; any other claimed old root is malformed
    assertThat(MerkleTree.verifyConsistency(0, 13, OLD_ROOT, ROOT, List.of())).isFalse();
    assertThat(MerkleTree.verifyConsistency(0, 0, EMPTY, ROOT, List.of())).isFalse();
    assertThat(MerkleTree.verifyConsistency(0, 0, ROOT, ROOT, List.of())).isFalse();
  }

  @Test
  void equalSizesNeedEqualRootsAndAnEmptyProof() {
    assertThat(MerkleTree.verifyConsistency(13, 13, ROOT, ROOT, List.of())).isTrue();
    assertThat(MerkleTree.verifyConsistency(13, 13, ROOT, ROOT.clone(), List.of())).isTrue();
    assertThat(MerkleTree.verifyConsistency(13, 13, OLD_ROOT, ROOT, List.of())).isFalse();
    assertThat(MerkleTree.verifyConsistency(13, 13, ROOT, ROOT, List.of(ROOT))).isFalse();
    assertThat(MerkleTree.verifyConsistency(1, 1, LEAF, LEAF, List.of())).isTrue();
    assertThat(MerkleTree.verifyConsistency(1, 1, LEAF, LEAF, List.of(LEAF))).isFalse();
  }

  @Test
  void consistencyRejectsTruncatedExtendedAndHugeProofs() {
    // RFC 9162 §2.1.4.2 step 1: an empty path fails when the sizes differ.
    assertThat(MerkleTree.verifyConsistency(OLD, 13, OLD_ROOT, ROOT, List.of())).isFalse();
    int n = CONSISTENCY.size();
    assertThat(MerkleTree.verifyConsistency(OLD, 13, OLD_ROOT, ROOT, CONSISTENCY.subList(0, n - 1)))
        .isFalse();
    assertThat(MerkleTree.verifyConsistency(OLD, 13, OLD_ROOT, ROOT, CONSISTENCY.subList(1, n)))
        .isFalse();
    List<byte[]> longer = new ArrayList<>(CONSISTENCY);
    longer.add(ROOT);
    assertThat(MerkleTree.verifyConsistency(OLD, 13, OLD_ROOT, ROOT, longer)).isFalse();
    List<byte[]> huge = Collections.nCopies(1_000_000, ROOT);
    assertThat(MerkleTree.verifyConsistency(OLD, 13, OLD_ROOT, ROOT, huge)).isFalse();
  }

  @Test
  void aPowerOfTwoOldRootMustNotBeSentInTheProof() {
    // PROOF omits MTH(D[0:m]) when m is a power of two; the verifier supplies it (step 2).
    int old = 8;
    byte[] oldRoot = MerkleTree.root(LEAVES.subList(0, old));
    List<byte[]> proof = MerkleTree.consistencyProof(LEAVES, old);
    assertThat(MerkleTree.verifyConsistency(old, 13, oldRoot, ROOT, proof)).isTrue();
    List<byte[]> withOldRoot = new ArrayList<>(proof);
    withOldRoot.add(0, oldRoot);
    assertThat(MerkleTree.verifyConsistency(old, 13, oldRoot, ROOT, withOldRoot)).isFalse();
  }

  /** The leaf at index 0 of a perfect tree of 2^62 leaves: 62 right siblings. */
  @Test
  void verifiesInclusionInAHugePerfectTree() {
    List<byte[]> proof = new ArrayList<>();
    byte[] root = LEAF;
    for (int level = 0; level < 62; level++) {
      byte[] sibling = leaf("right subtree " + level);
      proof.add(sibling);
      root = node(root, sibling);
    }
    assertThat(MerkleTree.verifyInclusion(LEAF, 0, 1L << 62, proof, root)).isTrue();
    assertThat(MerkleTree.verifyInclusion(LEAF, 1, 1L << 62, proof, root)).isFalse();
    assertThat(MerkleTree.verifyInclusion(LEAF, 0, (1L << 62) + 1, proof, root)).isFalse();
  }

  /** The last leaf of the largest tree, 2^63 - 1 leaves: 62 left siblings on the right edge. */
  @Test
  void verifiesInclusionOfTheLastLeafOfTheLargestTree() {
    List<byte[]> proof = new ArrayList<>();
    byte[] root = LEAF;
    for (int level = 1; level <= 62; level++) {
      byte[] sibling = leaf("left subtree " + level);
      proof.add(sibling);
      root = node(sibling, root);
    }
    assertThat(MerkleTree.verifyInclusion(LEAF, Long.MAX_VALUE - 1, Long.MAX_VALUE, proof, root))
        .isTrue();
    assertThat(MerkleTree.verifyInclusion(LEAF, Long.MAX_VALUE - 2, Long.MAX_VALUE, proof, root))
        .isFalse();
  }

  @Test
  void verifiesConsistencyBetweenHugeTrees() {
    // 2^62 leaves, then 2^63 - 1: the new tree is the old one next to the rest.
    byte[] old = leaf("perfect left half");
    byte[] rest = leaf("rest");
    assertThat(
            MerkleTree.verifyConsistency(
                1L << 62, Long.MAX_VALUE, old, node(old, rest), List.of(rest)))
        .isTrue();
    // 2^62 + 1 leaves, then 2^62 + 2: proof [A, B, left half] as SUBPROOF gives it.
    byte[] half = leaf("left half");
    byte[] a = leaf("a");
    byte[] b = leaf("b");
    long m = (1L << 62) + 1;
    List<byte[]> proof = List.of(a, b, half);
    assertThat(MerkleTree.verifyConsistency(m, m + 1, node(half, a), node(half, node(a, b)), proof))
        .isTrue();
    assertThat(MerkleTree.verifyConsistency(m, m + 1, node(half, b), node(half, node(a, b)), proof))
        .isFalse();
  }
}
