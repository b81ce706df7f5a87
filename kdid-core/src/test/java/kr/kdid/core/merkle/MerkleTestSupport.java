package kr.kdid.core.merkle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import kr.kdid.core.encoding.Hex;

/** Helpers shared by the Merkle tests. */
final class MerkleTestSupport {
  private MerkleTestSupport() {}

  /** SHA-256 of the concatenated parts, straight from the JDK (independent of the code tested). */
  static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        md.update(part);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** RFC 9162 §2.1.1 leaf hash, from the definition. */
  static byte[] leaf(byte[] data) {
    return sha256(new byte[] {0x00}, data);
  }

  static byte[] leaf(String data) {
    return leaf(data.getBytes(StandardCharsets.UTF_8));
  }

  /** RFC 9162 §2.1.1 interior node hash, from the definition. */
  static byte[] node(byte[] left, byte[] right) {
    return sha256(new byte[] {0x01}, left, right);
  }

  /** n distinct leaf hashes determined by the seed. */
  static List<byte[]> randomLeaves(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<byte[]> leaves = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] data = new byte[1 + random.nextInt(40)];
      random.nextBytes(data);
      // The index makes the leaves distinct even if two random data happen to be equal.
      leaves.add(leaf(sha256(data, Integer.toString(i).getBytes(StandardCharsets.UTF_8))));
    }
    return leaves;
  }

  static byte[] randomHash(SplittableRandom random) {
    byte[] hash = new byte[32];
    random.nextBytes(hash);
    return hash;
  }

  static byte[] flipBit(byte[] bytes, int bit) {
    byte[] copy = bytes.clone();
    copy[bit / 8] ^= (byte) (1 << (bit % 8));
    return copy;
  }

  static List<byte[]> with(List<byte[]> list, int index, byte[] replacement) {
    List<byte[]> copy = new ArrayList<>(list);
    copy.set(index, replacement);
    return copy;
  }

  static List<String> hex(List<byte[]> hashes) {
    return hashes.stream().map(Hex::encode).toList();
  }

  /**
   * The shape of PATH(m, D[n]) from its recursive definition: for each sibling, leaf upward, 'R' if
   * it is the right child (the path went left) and 'L' if it is the left child. Verification
   * computes the root from nothing but this shape, so a proof for (m, n) is accepted for (m', n')
   * exactly when both have the same shape.
   */
  static String inclusionShape(long m, long n) {
    if (n == 1) {
      return "";
    }
    long k = Long.highestOneBit(n - 1);
    return m < k ? inclusionShape(m, k) + "R" : inclusionShape(m - k, n - k) + "L";
  }

  /**
   * The shape of PROOF(m, D[n]) from the definition of SUBPROOF: 'S' if the walk ends at a node
   * that is the old tree itself (b true, nothing emitted) or 'P' if it ends at a node whose hash
   * the proof carries, then per step upward 'R' (a right sibling, only in the new tree) or 'L' (a
   * left sibling, in both trees).
   */
  static String consistencyShape(long m, long n) {
    return subproofShape(m, n, true);
  }

  private static String subproofShape(long m, long n, boolean b) {
    if (m == n) {
      return b ? "S" : "P";
    }
    long k = Long.highestOneBit(n - 1);
    return m <= k ? subproofShape(m, k, b) + "R" : subproofShape(m - k, n - k, false) + "L";
  }

  /**
   * The hash reached from the leaf after the first {@code count} elements of an inclusion proof of
   * this shape (the root when count is the whole proof), folded as PATH's definition implies.
   */
  static byte[] foldInclusion(String shape, byte[] leaf, List<byte[]> proof, int count) {
    byte[] hash = leaf;
    for (int i = 0; i < count; i++) {
      hash = shape.charAt(i) == 'R' ? node(hash, proof.get(i)) : node(proof.get(i), hash);
    }
    return hash;
  }

  /**
   * The old and new subtree hashes reached after the first {@code count} elements of a consistency
   * proof of this shape, folded as SUBPROOF's definition implies: {old, new}, which are the two
   * roots when count is the whole proof. For an 'S' shape the old root is the starting point.
   */
  static byte[][] foldConsistency(String shape, byte[] oldRoot, List<byte[]> proof, int count) {
    int next = 0;
    byte[] seed = oldRoot;
    if (shape.charAt(0) == 'P') {
      seed = proof.get(0);
      next = 1;
    }
    byte[] older = seed;
    byte[] newer = seed;
    for (int i = next; i < count; i++) {
      byte[] sibling = proof.get(i);
      if (shape.charAt(i - next + 1) == 'R') {
        newer = node(newer, sibling);
      } else {
        older = node(sibling, older);
        newer = node(sibling, newer);
      }
    }
    return new byte[][] {older, newer};
  }

  /** The number of elements a consistency proof of this shape carries. */
  static int consistencyLength(String shape) {
    return shape.length() - 1 + (shape.charAt(0) == 'P' ? 1 : 0);
  }
}
