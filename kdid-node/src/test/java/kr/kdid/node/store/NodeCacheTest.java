package kr.kdid.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import kr.kdid.core.crypto.Sha256;
import org.junit.jupiter.api.Test;

class NodeCacheTest {
  private static byte[] node(Random r) {
    byte[] n = new byte[NodeCache.NODE];
    r.nextBytes(n);
    n[0] = (byte) (n[0] & 1);
    return n;
  }

  @Test
  void returnsWhatWasPutAsACopy() {
    NodeCache c = new NodeCache(1000);
    byte[] n = node(new Random(1));
    byte[] h = Sha256.hash(n);
    assertThat(c.get(h)).isNull();
    c.put(h, n);
    byte[] got = c.get(h);
    assertThat(got).isEqualTo(n);
    got[5] ^= 1;
    assertThat(c.get(h)).isEqualTo(n);
    c.put(h, n); // again: no second copy
    assertThat(c.get(h)).isEqualTo(n);
  }

  @Test
  void theStoreSizesItsCacheByTheHeap() {
    assertThat(RocksLedgerStore.nodeCacheCapacity(4L << 30, null)).isEqualTo(2_000_000);
    assertThat(RocksLedgerStore.nodeCacheCapacity(24L << 30, null)).isEqualTo(2_000_000);
    assertThat(RocksLedgerStore.nodeCacheCapacity(512L << 20, null))
        .isEqualTo((512 << 20) / 20 / NodeCache.SLOT);
    assertThat(RocksLedgerStore.nodeCacheCapacity(16L << 20, null)).isEqualTo(16_384);
    long bytes = (long) new NodeCache(2_000_000).capacity() * NodeCache.SLOT;
    assertThat(bytes).isBetween(200L << 20, 220L << 20).isEqualTo(NodeCache.bytesFor(2_000_000));
  }

  @Test
  void anOperatorMaySetTheCacheSize() {
    assertThat(RocksLedgerStore.nodeCacheCapacity(4L << 30, "100000")).isEqualTo(100_000);
    assertThat(RocksLedgerStore.nodeCacheCapacity(4L << 30, " 16000000 ")).isEqualTo(16_000_000);
    assertThatThrownBy(() -> RocksLedgerStore.nodeCacheCapacity(1L << 30, "16000000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "kdid.store.nodeCache=16000000 needs 1664 MB, more than half of the maximum heap"
                + " (1024 MB): give the JVM a larger -Xmx or cache fewer nodes");
    for (String bad : new String[] {"", "lots", "-1", "16383", "16000001", "99999999999"}) {
      assertThatThrownBy(() -> RocksLedgerStore.nodeCacheCapacity(4L << 30, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("kdid.store.nodeCache must be a number of nodes from 16384");
    }
  }

  @Test
  void refusesWhatItCannotHoldCorrectly() {
    NodeCache c = new NodeCache(1000);
    byte[] zero = new byte[32];
    c.put(zero, new byte[NodeCache.NODE]);
    assertThat(c.get(zero)).isNull(); // an empty slot must never look like a hit
    c.put(new byte[31], new byte[NodeCache.NODE]);
    assertThat(c.get(new byte[31])).isNull();
    byte[] h = Sha256.hash(new byte[] {1});
    c.put(h, new byte[64]);
    assertThat(c.get(h)).isNull();
  }

  @Test
  void keepsTheNewestTwoPerSetAndAtLeastItsCapacityWhenSpread() {
    NodeCache c = new NodeCache(4096);
    assertThat(c.capacity()).isGreaterThanOrEqualTo(4096);
    Random r = new Random(2);
    List<byte[]> hashes = new ArrayList<>();
    List<byte[]> nodes = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      byte[] n = node(r);
      byte[] h = Sha256.hash(n);
      c.put(h, n);
      hashes.add(h);
      nodes.add(n);
    }
    // An entry is there exactly when fewer than two later entries went to its set.
    java.util.Map<Integer, Integer> laterInSet = new java.util.HashMap<>();
    int present = 0;
    for (int i = hashes.size() - 1; i >= 0; i--) {
      int later = laterInSet.merge(c.set(hashes.get(i)), 1, Integer::sum) - 1;
      byte[] got = c.get(hashes.get(i));
      if (later < 2) {
        assertThat(got).isEqualTo(nodes.get(i));
        present++;
      } else {
        assertThat(got).isNull();
      }
    }
    assertThat(present).isEqualTo(c.capacity()); // 50,000 puts filled every slot
  }

  /**
   * Writers keep replacing the entries of a tiny cache while readers look them up: a reader must
   * never get bytes other than the node whose hash it asked for (a torn or stale slot).
   */
  @Test
  void concurrentReadersNeverSeeTornNodes() throws Exception {
    NodeCache c = new NodeCache(16);
    Random seed = new Random(3);
    int n = 256;
    byte[][] nodes = new byte[n][];
    byte[][] hashes = new byte[n][];
    for (int i = 0; i < n; i++) {
      nodes[i] = node(seed);
      hashes[i] = Sha256.hash(nodes[i]);
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> wrong = new AtomicReference<>();
    AtomicLong hits = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      // Two writers stepping by 7 and two readers by 5, from different starting entries.
      threads.add(loop(stop, t, 7, i -> c.put(hashes[i % n], nodes[i % n])));
      threads.add(
          loop(
              stop,
              t * 13,
              5,
              i -> {
                byte[] got = c.get(hashes[i % n]);
                if (got != null) {
                  hits.incrementAndGet();
                  if (!Arrays.equals(got, nodes[i % n])) {
                    wrong.set("wrong bytes for entry " + (i % n));
                  }
                }
              }));
    }
    long until = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < until && hits.get() < 200_000 && wrong.get() == null) {
      Thread.sleep(10);
    }
    stop.set(true);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(wrong.get()).isNull();
    assertThat(hits.get()).isPositive();
  }

  /** A thread calling {@code step} with start, start + stride, ... until {@code stop} is set. */
  private static Thread loop(AtomicBoolean stop, int start, int stride, IntConsumer step) {
    return Thread.ofPlatform()
        .start(
            () -> {
              for (int i = start; !stop.get(); i += stride) {
                step.accept(i);
              }
            });
  }
}
