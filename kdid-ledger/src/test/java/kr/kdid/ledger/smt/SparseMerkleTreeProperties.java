package kr.kdid.ledger.smt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kr.kdid.core.crypto.Sha256;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class SparseMerkleTreeProperties {

  /** A node store in a map. */
  static final class MapStore implements SmtNodeStore {
    final Map<ByteKey, byte[]> nodes = new HashMap<>();

    @Override
    public byte[] get(byte[] hash) {
      return nodes.get(new ByteKey(hash));
    }

    byte[] apply(SparseMerkleTree t, byte[] root, List<SparseMerkleTree.Update> updates) {
      SparseMerkleTree.Result r = t.update(root, updates);
      nodes.putAll(r.newNodes());
      return r.root();
    }
  }

  static byte[] kh(String key) {
    return SparseMerkleTree.keyHash(key.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] vh(String value) {
    return Sha256.hash(value.getBytes(StandardCharsets.UTF_8));
  }

  /** Builds the tree of a final key-value set in one batch from empty. */
  static byte[] fresh(Map<String, String> kv) {
    MapStore s = new MapStore();
    List<SparseMerkleTree.Update> u = new ArrayList<>();
    kv.forEach((k, v) -> u.add(new SparseMerkleTree.Update(kh(k), vh(v))));
    return s.apply(new SparseMerkleTree(s), SparseMerkleTree.EMPTY, u);
  }

  @Provide
  Arbitrary<List<List<String[]>>> batches() {
    Arbitrary<String[]> op =
        Arbitraries.integers()
            .between(0, 40)
            .flatMap(
                k ->
                    Arbitraries.integers()
                        .between(-1, 5)
                        .map(v -> new String[] {"k" + k, v < 0 ? null : "v" + v}));
    return op.list().ofMaxSize(30).list().ofMinSize(1).ofMaxSize(6);
  }

  @Property(tries = 300)
  void rootDependsOnlyOnTheFinalSet(@ForAll("batches") List<List<String[]>> batches) {
    MapStore s = new MapStore();
    SparseMerkleTree t = new SparseMerkleTree(s);
    byte[] root = SparseMerkleTree.EMPTY;
    Map<String, String> model = new TreeMap<>();
    for (List<String[]> batch : batches) {
      List<SparseMerkleTree.Update> u = new ArrayList<>();
      for (String[] op : batch) {
        u.add(new SparseMerkleTree.Update(kh(op[0]), op[1] == null ? null : vh(op[1])));
        if (op[1] == null) {
          model.remove(op[0]);
        } else {
          model.put(op[0], op[1]);
        }
      }
      root = s.apply(t, root, u);
    }
    assertThat(root).isEqualTo(fresh(model));
    // Every key proves its value; absent keys prove absence.
    for (int k = 0; k <= 40; k++) {
      String key = "k" + k;
      SmtProof p = t.prove(root, kh(key));
      String v = model.get(key);
      assertThat(p.verify(root, kh(key), v == null ? null : vh(v))).isTrue();
      assertThat(p.verify(root, kh(key), vh("other"))).isFalse();
      if (v != null) {
        assertThat(p.verify(root, kh(key), null)).isFalse();
      }
    }
  }

  @Property(tries = 200)
  void tamperedProofsFail(
      @ForAll @Size(min = 2, max = 60) List<@IntRange(min = 0, max = 1000) Integer> keys,
      @ForAll @IntRange(min = 0, max = 255) int flip) {
    Map<String, String> kv = new TreeMap<>();
    keys.forEach(k -> kv.put("key" + k, "value" + k));
    MapStore s = new MapStore();
    SparseMerkleTree t = new SparseMerkleTree(s);
    List<SparseMerkleTree.Update> u = new ArrayList<>();
    kv.forEach((k, v) -> u.add(new SparseMerkleTree.Update(kh(k), vh(v))));
    byte[] root = s.apply(t, SparseMerkleTree.EMPTY, u);
    String key = kv.keySet().iterator().next();
    SmtProof p = t.prove(root, kh(key));
    assertThat(p.verify(root, kh(key), vh(kv.get(key)))).isTrue();
    if (!p.siblings().isEmpty()) {
      List<byte[]> sib = new ArrayList<>(p.siblings());
      int i = flip % sib.size();
      byte[] b = sib.get(i).clone();
      b[flip % 32] ^= 1;
      sib.set(i, b);
      assertThat(
              new SmtProof(sib, p.leafKeyHash(), p.leafValueHash())
                  .verify(root, kh(key), vh(kv.get(key))))
          .isFalse();
      // Dropping or adding a level breaks it too.
      assertThat(
              new SmtProof(
                      p.siblings().subList(1, p.siblings().size()),
                      p.leafKeyHash(),
                      p.leafValueHash())
                  .verify(root, kh(key), vh(kv.get(key))))
          .isFalse();
    }
    byte[] badRoot = root.clone();
    badRoot[flip % 32] ^= 1;
    assertThat(p.verify(badRoot, kh(key), vh(kv.get(key)))).isFalse();
    // A proof of one key's value proves no value for another key.
    assertThat(p.verify(root, kh("absent-key"), vh(kv.get(key)))).isFalse();
  }

  @Property(tries = 100)
  void nonInclusionThroughANeighbourLeafIsSound(
      @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 50) Integer> keys) {
    Map<String, String> kv = new TreeMap<>();
    keys.forEach(k -> kv.put("n" + k, "v" + k));
    MapStore s = new MapStore();
    SparseMerkleTree t = new SparseMerkleTree(s);
    List<SparseMerkleTree.Update> u = new ArrayList<>();
    kv.forEach((k, v) -> u.add(new SparseMerkleTree.Update(kh(k), vh(v))));
    byte[] root = s.apply(t, SparseMerkleTree.EMPTY, u);
    for (int i = 0; i < 60; i++) {
      String key = "absent" + i;
      SmtProof p = t.prove(root, kh(key));
      assertThat(p.verify(root, kh(key), null)).isTrue();
      assertThat(p.verify(root, kh(key), vh("x"))).isFalse();
    }
  }
}
