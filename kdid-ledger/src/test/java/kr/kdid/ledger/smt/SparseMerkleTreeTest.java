package kr.kdid.ledger.smt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import kr.kdid.core.crypto.Sha256;
import org.junit.jupiter.api.Test;

class SparseMerkleTreeTest {

  @Test
  void emptyTreeAndSingleLeaf() {
    var s = new SparseMerkleTreeProperties.MapStore();
    var t = new SparseMerkleTree(s);
    assertThat(t.prove(SparseMerkleTree.EMPTY, SparseMerkleTreeProperties.kh("a")).siblings())
        .isEmpty();
    byte[] k = SparseMerkleTreeProperties.kh("a");
    byte[] v = SparseMerkleTreeProperties.vh("1");
    byte[] root = s.apply(t, SparseMerkleTree.EMPTY, List.of(new SparseMerkleTree.Update(k, v)));
    // One leaf: the root is the leaf itself.
    assertThat(root).isEqualTo(SparseMerkleTree.leafHash(k, v));
    byte[] node = new byte[65];
    System.arraycopy(k, 0, node, 1, 32);
    System.arraycopy(v, 0, node, 33, 32);
    assertThat(root).isEqualTo(Sha256.hash(node));
    // Deleting it empties the tree.
    assertThat(s.apply(t, root, List.of(new SparseMerkleTree.Update(k, null))))
        .isEqualTo(SparseMerkleTree.EMPTY);
    assertThat(t.get(root, k)).isEqualTo(v);
  }

  @Test
  void missingNodesAreAnInternalFault() {
    var t = new SparseMerkleTree(h -> null);
    byte[] bogusRoot = Sha256.hash(new byte[] {1});
    assertThatThrownBy(() -> t.prove(bogusRoot, new byte[32]))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void updatesValidateTheirHashes() {
    assertThatThrownBy(() -> new SparseMerkleTree.Update(new byte[31], null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SparseMerkleTree.Update(new byte[32], new byte[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void malformedProofsAreRejectedWithoutExceptions() {
    byte[] k = new byte[32];
    assertThat(new SmtProof(List.of(), null, null).verify(null, k, null)).isFalse();
    assertThat(new SmtProof(List.of(), new byte[5], new byte[32]).verify(new byte[32], k, null))
        .isFalse();
    assertThat(new SmtProof(List.of(new byte[3]), null, null).verify(new byte[32], k, null))
        .isFalse();
    byte[][] many = new byte[257][32];
    assertThat(new SmtProof(List.of(many), null, null).verify(new byte[32], k, null)).isFalse();
    // Empty terminal with a value claimed: no.
    assertThat(new SmtProof(List.of(), null, null).verify(SparseMerkleTree.EMPTY, k, new byte[32]))
        .isFalse();
    assertThat(new SmtProof(List.of(), null, null).verify(SparseMerkleTree.EMPTY, k, null))
        .isTrue();
  }
}
