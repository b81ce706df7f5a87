package kr.kdid.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InMemoryMerkleNodeStoreTest {

  @Test
  void absentNodesAreNull() {
    InMemoryMerkleNodeStore store = new InMemoryMerkleNodeStore();
    assertThat(store.get(0, 0)).isNull();
    assertThat(store.get(63, Long.MAX_VALUE)).isNull();
    store.put(2, 3, new byte[] {1});
    assertThat(store.get(2, 2)).isNull();
    assertThat(store.get(2, 4)).isNull();
    assertThat(store.get(1, 3)).isNull();
    assertThat(store.get(2, 3)).containsExactly(1);
  }

  @Test
  void putOverwritesAndCopies() {
    InMemoryMerkleNodeStore store = new InMemoryMerkleNodeStore();
    byte[] hash = {1, 2, 3};
    store.put(0, 0, hash);
    hash[0] = 9;
    assertThat(store.get(0, 0)).containsExactly(1, 2, 3);
    store.get(0, 0)[0] = 9;
    assertThat(store.get(0, 0)).containsExactly(1, 2, 3);
    store.put(0, 0, new byte[] {4});
    assertThat(store.get(0, 0)).containsExactly(4);
  }

  @Test
  void keepsTheSize() {
    InMemoryMerkleNodeStore store = new InMemoryMerkleNodeStore();
    assertThat(store.size()).isZero();
    store.setSize(12);
    assertThat(store.size()).isEqualTo(12);
    assertThatThrownBy(() -> store.setSize(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsImpossibleKeys() {
    InMemoryMerkleNodeStore store = new InMemoryMerkleNodeStore();
    assertThatThrownBy(() -> store.get(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.get(64, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.get(0, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.put(0, -1, new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.put(0, 1L << 40, new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.put(0, 0, null)).isInstanceOf(NullPointerException.class);
  }
}
