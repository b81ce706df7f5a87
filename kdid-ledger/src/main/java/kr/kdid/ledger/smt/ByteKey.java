package kr.kdid.ledger.smt;

import java.util.Arrays;

/**
 * A byte array with value equality, for use as a map key. The array must not be modified.
 *
 * <p>The keys used here are almost all SHA-256 outputs (state tree nodes, transaction ids, nonce
 * keys, commitments), whose first four bytes are already uniformly spread: the hash code is those
 * bytes, which saves hashing all 32 on every probe of the large maps on the apply path. Keys
 * shorter than four bytes hash all their bytes. Crafted keys that collide are no cheaper to make
 * than with a polynomial hash, and HashMap keeps colliding Comparable keys in a tree.
 */
public record ByteKey(byte[] bytes) implements Comparable<ByteKey> {
  private static final java.lang.invoke.VarHandle INT =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
          int[].class, java.nio.ByteOrder.BIG_ENDIAN);

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteKey k && Arrays.equals(bytes, k.bytes);
  }

  @Override
  public int hashCode() {
    return bytes.length >= 4 ? (int) INT.get(bytes, 0) : Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(ByteKey o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return java.util.HexFormat.of().formatHex(bytes);
  }
}
