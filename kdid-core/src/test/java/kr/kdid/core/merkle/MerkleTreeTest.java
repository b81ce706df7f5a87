package kr.kdid.core.merkle;

import static kr.kdid.core.merkle.MerkleTestSupport.hex;
import static kr.kdid.core.merkle.MerkleTestSupport.leaf;
import static kr.kdid.core.merkle.MerkleTestSupport.node;
import static kr.kdid.core.merkle.MerkleTestSupport.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kr.kdid.core.encoding.Hex;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

  // The tree of RFC 9162 §2.1.5, with its labels:
  //
  //            hash
  //           /    \
  //          k      l
  //         / \    / \
  //        g   h  i   j
  //       / \ / \ / \  |
  //       a b c d e f  d6
  //       | | | | | |
  //      d0 d1 d2 d3 d4 d5
  private static final byte[] A = leaf("d0");
  private static final byte[] B = leaf("d1");
  private static final byte[] C = leaf("d2");
  private static final byte[] D = leaf("d3");
  private static final byte[] E = leaf("d4");
  private static final byte[] F = leaf("d5");
  private static final byte[] J = leaf("d6");
  private static final byte[] G = node(A, B);
  private static final byte[] H = node(C, D);
  private static final byte[] I = node(E, F);
  private static final byte[] K = node(G, H);
  private static final byte[] L = node(I, J);
  private static final byte[] HASH = node(K, L);
  private static final List<byte[]> SEVEN = List.of(A, B, C, D, E, F, J);

  @Test
  void emptyRootIsTheHashOfTheEmptyString() {
    assertThat(MerkleTree.emptyRoot()).isEqualTo(sha256());
    assertThat(Hex.encode(MerkleTree.emptyRoot()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(MerkleTree.root(List.of())).isEqualTo(sha256());
  }

  @Test
  void leafAndNodeHashesAreDomainSeparated() {
    byte[] data = "payload".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(MerkleTree.leafHash(data)).isEqualTo(sha256(new byte[] {0}, data));
    assertThat(MerkleTree.leafHash(new byte[0])).isEqualTo(sha256(new byte[] {0}));
    assertThat(MerkleTree.nodeHash(A, B)).isEqualTo(sha256(new byte[] {1}, A, B));
    assertThat(MerkleTree.nodeHash(A, B)).isNotEqualTo(MerkleTree.nodeHash(B, A));
    // A leaf whose data is two hashes does not hash like the node over them.
    byte[] both = new byte[64];
    System.arraycopy(A, 0, both, 0, 32);
    System.arraycopy(B, 0, both, 32, 32);
    assertThat(MerkleTree.leafHash(both)).isNotEqualTo(MerkleTree.nodeHash(A, B));
  }

  @Test
  void rootsOfSmallTreesFollowTheDefinition() {
    byte[] d7 = leaf("d7");
    assertThat(MerkleTree.root(List.of(A))).isEqualTo(A);
    assertThat(MerkleTree.root(List.of(A, B))).isEqualTo(node(A, B));
    assertThat(MerkleTree.root(List.of(A, B, C))).isEqualTo(node(node(A, B), C));
    assertThat(MerkleTree.root(List.of(A, B, C, D))).isEqualTo(node(node(A, B), node(C, D)));
    assertThat(MerkleTree.root(List.of(A, B, C, D, E)))
        .isEqualTo(node(node(node(A, B), node(C, D)), E));
    assertThat(MerkleTree.root(List.of(A, B, C, D, E, F)))
        .isEqualTo(node(node(node(A, B), node(C, D)), node(E, F)));
    assertThat(MerkleTree.root(SEVEN))
        .isEqualTo(node(node(node(A, B), node(C, D)), node(node(E, F), J)));
    assertThat(MerkleTree.root(SEVEN)).isEqualTo(HASH);
    assertThat(MerkleTree.root(List.of(A, B, C, D, E, F, J, d7)))
        .isEqualTo(node(node(node(A, B), node(C, D)), node(node(E, F), node(J, d7))));
  }

  /**
   * The reference tree heads of the Certificate Transparency test data (leaf data "", 00, 10, 2021,
   * 3031, 40414243, 5051525354555657, 606162636465666768696a6b6c6d6e6f): interoperability with
   * other RFC 6962/9162 implementations, whose tree hashing is the same.
   */
  @Test
  void rootsMatchTheCertificateTransparencyReferenceVectors() {
    String[] data = {
      "",
      "00",
      "10",
      "2021",
      "3031",
      "40414243",
      "5051525354555657",
      "606162636465666768696a6b6c6d6e6f"
    };
    String[] roots = {
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    };
    List<byte[]> leaves = new ArrayList<>();
    for (String d : data) {
      leaves.add(MerkleTree.leafHash(Hex.decode(d)));
    }
    MerkleLog log = new MerkleLog(new InMemoryMerkleNodeStore());
    leaves.forEach(log::append);
    for (int n = 0; n <= data.length; n++) {
      assertThat(Hex.encode(MerkleTree.root(leaves.subList(0, n))))
          .as("size %d", n)
          .isEqualTo(roots[n]);
      assertThat(Hex.encode(log.root(n))).as("log size %d", n).isEqualTo(roots[n]);
    }
  }

  @Test
  void inclusionProofsOfTheRfcExampleTree() {
    assertThat(hex(MerkleTree.inclusionProof(SEVEN, 0))).isEqualTo(hex(List.of(B, H, L)));
    assertThat(hex(MerkleTree.inclusionProof(SEVEN, 3))).isEqualTo(hex(List.of(C, G, L)));
    assertThat(hex(MerkleTree.inclusionProof(SEVEN, 4))).isEqualTo(hex(List.of(F, J, K)));
    assertThat(hex(MerkleTree.inclusionProof(SEVEN, 6))).isEqualTo(hex(List.of(I, K)));
    // and the others, for completeness
    assertThat(hex(MerkleTree.inclusionProof(SEVEN, 1))).isEqualTo(hex(List.of(A, H, L)));
    assertThat(hex(MerkleTree.inclusionProof(SEVEN, 2))).isEqualTo(hex(List.of(D, G, L)));
    assertThat(hex(MerkleTree.inclusionProof(SEVEN, 5))).isEqualTo(hex(List.of(E, J, K)));
    for (int i = 0; i < SEVEN.size(); i++) {
      List<byte[]> proof = MerkleTree.inclusionProof(SEVEN, i);
      assertThat(MerkleTree.verifyInclusion(SEVEN.get(i), i, 7, proof, HASH)).as("d%d", i).isTrue();
    }
  }

  @Test
  void consistencyProofsOfTheRfcExampleTree() {
    byte[] hash0 = node(G, C); // the tree of d0..d2
    byte[] hash1 = K; // the tree of d0..d3
    byte[] hash2 = node(K, I); // the tree of d0..d5
    assertThat(MerkleTree.root(SEVEN.subList(0, 3))).isEqualTo(hash0);
    assertThat(MerkleTree.root(SEVEN.subList(0, 4))).isEqualTo(hash1);
    assertThat(MerkleTree.root(SEVEN.subList(0, 6))).isEqualTo(hash2);

    List<byte[]> from3 = MerkleTree.consistencyProof(SEVEN, 3);
    List<byte[]> from4 = MerkleTree.consistencyProof(SEVEN, 4);
    List<byte[]> from6 = MerkleTree.consistencyProof(SEVEN, 6);
    assertThat(hex(from3)).isEqualTo(hex(List.of(C, D, G, L)));
    assertThat(hex(from4)).isEqualTo(hex(List.of(L)));
    assertThat(hex(from6)).isEqualTo(hex(List.of(I, J, K)));

    assertThat(MerkleTree.verifyConsistency(3, 7, hash0, HASH, from3)).isTrue();
    assertThat(MerkleTree.verifyConsistency(4, 7, hash1, HASH, from4)).isTrue();
    assertThat(MerkleTree.verifyConsistency(6, 7, hash2, HASH, from6)).isTrue();
    assertThat(MerkleTree.verifyConsistency(3, 7, hash1, HASH, from3)).isFalse();
    assertThat(MerkleTree.verifyConsistency(4, 7, hash0, HASH, from4)).isFalse();
  }

  @Test
  void proofsOfTrivialCasesAreEmpty() {
    assertThat(MerkleTree.inclusionProof(List.of(A), 0)).isEmpty();
    assertThat(MerkleTree.consistencyProof(List.of(A), 1)).isEmpty();
    assertThat(MerkleTree.consistencyProof(SEVEN, 7)).isEmpty();
    assertThat(MerkleTree.verifyInclusion(A, 0, 1, List.of(), A)).isTrue();
    assertThat(MerkleTree.verifyConsistency(7, 7, HASH, HASH, List.of())).isTrue();
  }

  @Test
  void inclusionProofRejectsAnIndexOutOfRange() {
    assertThatThrownBy(() -> MerkleTree.inclusionProof(SEVEN, -1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> MerkleTree.inclusionProof(SEVEN, 7))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> MerkleTree.inclusionProof(List.of(), 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void consistencyProofRejectsAnOldSizeOutOfRange() {
    for (int oldSize : new int[] {Integer.MIN_VALUE, -1, 0, 8, Integer.MAX_VALUE}) {
      assertThatThrownBy(() -> MerkleTree.consistencyProof(SEVEN, oldSize))
          .as("oldSize %d", oldSize)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> MerkleTree.consistencyProof(List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void buildingRejectsMalformedLeafHashes() {
    List<byte[]> withNull = Arrays.asList(A, null, C);
    List<byte[]> withShort = List.of(A, new byte[31], C);
    List<byte[]> withLong = List.of(A, new byte[33], C);
    assertThatThrownBy(() -> MerkleTree.root(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> MerkleTree.root(withNull)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> MerkleTree.root(withShort))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leafHashes[1]");
    assertThatThrownBy(() -> MerkleTree.root(withLong))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MerkleTree.inclusionProof(withShort, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MerkleTree.consistencyProof(withShort, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MerkleTree.leafHash(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> MerkleTree.nodeHash(A, new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MerkleTree.nodeHash(null, A)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void returnedArraysAreTheCallersToModify() {
    byte[] leafCopy = A.clone();
    List<byte[]> one = List.of(leafCopy);
    MerkleTree.root(one)[0] ^= 1;
    MerkleTree.emptyRoot()[0] ^= 1;
    MerkleTree.inclusionProof(List.of(leafCopy, B), 1).get(0)[0] ^= 1;
    MerkleTree.consistencyProof(List.of(leafCopy, B), 1).get(0)[0] ^= 1;
    assertThat(leafCopy).isEqualTo(A);
    assertThat(MerkleTree.emptyRoot()).isEqualTo(sha256());
    assertThat(MerkleTree.verifyConsistency(0, 0, sha256(), sha256(), List.of())).isTrue();
  }

  @Test
  void proofsAreUnmodifiable() {
    List<byte[]> proof = MerkleTree.inclusionProof(SEVEN, 2);
    assertThatThrownBy(() -> proof.add(A)).isInstanceOf(UnsupportedOperationException.class);
    List<byte[]> consistency = MerkleTree.consistencyProof(SEVEN, 2);
    assertThatThrownBy(consistency::clear).isInstanceOf(UnsupportedOperationException.class);
  }
}
