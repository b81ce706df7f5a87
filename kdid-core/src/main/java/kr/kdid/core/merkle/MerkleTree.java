package kr.kdid.core.merkle;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import kr.kdid.core.crypto.Sha256;

/**
 * RFC 9162 §2.1 hashing with SHA-256: leaf = H(0x00 || data), node = H(0x01 || left || right),
 * empty tree = H(""). Stateless, thread-safe.
 *
 * <p>The building methods ({@link #root}, {@link #inclusionProof}, {@link #consistencyProof}) take
 * the whole list of leaf hashes and do O(n) hashing; they are the definition written out, and the
 * reference that {@link MerkleLog} is tested against. The verifying methods take only what a client
 * holds and do one SHA-256 per proof element, rejecting a proof of the wrong length before any
 * hashing.
 *
 * <p>Arrays returned by this class are fresh: the caller may keep or modify them.
 */
public final class MerkleTree {
  /** Length in bytes of every hash in the tree. */
  public static final int HASH_LENGTH = Sha256.LENGTH;

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;
  private static final byte[] EMPTY_ROOT = Sha256.hash(new byte[0]);

  private MerkleTree() {}

  /** The leaf hash H(0x00 || leafData) of §2.1.1. */
  public static byte[] leafHash(byte[] leafData) {
    Objects.requireNonNull(leafData, "leafData");
    return Sha256.hashWithPrefix(LEAF_PREFIX, leafData);
  }

  /**
   * The interior node hash H(0x01 || left || right) of §2.1.1.
   *
   * @throws IllegalArgumentException if either child is not a 32-byte hash
   */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    requireHash(left, "left");
    requireHash(right, "right");
    return hashChildren(left, right);
  }

  /** The hash of the empty tree, MTH({}) = SHA-256(""). */
  public static byte[] emptyRoot() {
    return EMPTY_ROOT.clone();
  }

  /**
   * MTH over leaf hashes (already hashed with leafHash).
   *
   * @throws NullPointerException if the list or an element is null
   * @throws IllegalArgumentException if an element is not a 32-byte hash
   */
  public static byte[] root(List<byte[]> leafHashes) {
    requireLeafHashes(leafHashes);
    int n = leafHashes.size();
    if (n == 0) {
      return emptyRoot();
    }
    return subtree(leafHashes, 0, n);
  }

  /**
   * PATH(m, D[n]) as in RFC 9162 §2.1.3.1, ordered from the leaf upward.
   *
   * @return an unmodifiable list; empty for a tree of one leaf
   * @throws IndexOutOfBoundsException unless {@code 0 <= index < leafHashes.size()}
   * @throws NullPointerException if the list or an element is null
   * @throws IllegalArgumentException if an element is not a 32-byte hash
   */
  public static List<byte[]> inclusionProof(List<byte[]> leafHashes, int index) {
    requireLeafHashes(leafHashes);
    int n = leafHashes.size();
    Objects.checkIndex(index, n);
    return ProofBuilder.path((lo, hi) -> subtree(leafHashes, (int) lo, (int) hi), index, n);
  }

  /**
   * PROOF(m, D[n]) of §2.1.4.1 for 0 < oldSize <= n. Empty when oldSize == n.
   *
   * @return an unmodifiable list
   * @throws IllegalArgumentException unless {@code 0 < oldSize <= leafHashes.size()}, or if an
   *     element is not a 32-byte hash
   * @throws NullPointerException if the list or an element is null
   */
  public static List<byte[]> consistencyProof(List<byte[]> leafHashes, int oldSize) {
    requireLeafHashes(leafHashes);
    int n = leafHashes.size();
    if (oldSize <= 0 || oldSize > n) {
      throw new IllegalArgumentException(
          "need 0 < oldSize <= tree size, got oldSize " + oldSize + " for tree size " + n);
    }
    return ProofBuilder.proof((lo, hi) -> subtree(leafHashes, (int) lo, (int) hi), oldSize, n);
  }

  /**
   * Verifies an inclusion proof by the algorithm of §2.1.3.2.
   *
   * <p>Returns false (never throws) for any malformed proof, index >= size, wrong lengths, etc.
   * Note that, as in the RFC, the proof binds the leaf's position only through the shape of its
   * path: the tree size must itself be authenticated together with the root (a signed tree head).
   */
  public static boolean verifyInclusion(
      byte[] leafHash, long index, long treeSize, List<byte[]> proof, byte[] root) {
    if (!isHash(leafHash) || !isHash(root) || proof == null) {
      return false;
    }
    // 1. leaf_index must be below tree_size.
    if (index < 0 || index >= treeSize) {
      return false;
    }
    // The algorithm consumes exactly this many elements; reject other lengths before hashing.
    int length = proof.size();
    if (length != inclusionProofLength(index, treeSize)) {
      return false;
    }
    // 2. fn = leaf_index, sn = tree_size - 1. 3. r = hash.
    long fn = index;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    // 4. For each p in the inclusion path:
    for (int i = 0; i < length; i++) {
      byte[] p = proof.get(i);
      // a. If sn is 0, fail.
      if (!isHash(p) || sn == 0) {
        return false;
      }
      // b. If LSB(fn) is set, or fn == sn: r = H(0x01 || p || r), and if LSB(fn) is not set,
      //    shift fn and sn right until LSB(fn) is set or fn is 0.
      if ((fn & 1) == 1 || fn == sn) {
        r = hashChildren(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        //  Otherwise r = H(0x01 || r || p).
        r = hashChildren(r, p);
      }
      // c. Shift fn and sn right once.
      fn >>>= 1;
      sn >>>= 1;
    }
    // 5. Succeed iff sn == 0 and r equals the root.
    return sn == 0 && MessageDigest.isEqual(r, root);
  }

  /**
   * Verifies a consistency proof by the algorithm of §2.1.4.2.
   *
   * <p>Returns false (never throws) for malformed input. oldSize == newSize requires equal roots
   * and an empty proof; oldSize == 0 is accepted only with an empty proof (any tree extends the
   * empty tree), and only if oldRoot is the empty tree's root (and, when newSize is 0 too, so is
   * newRoot). As with inclusion, the sizes are bound only through the proof's shape: they must be
   * authenticated together with the roots.
   */
  public static boolean verifyConsistency(
      long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
    if (!isHash(oldRoot) || !isHash(newRoot) || proof == null) {
      return false;
    }
    if (oldSize < 0 || newSize < oldSize) {
      return false;
    }
    if (oldSize == 0) {
      return proof.isEmpty()
          && MessageDigest.isEqual(oldRoot, EMPTY_ROOT)
          && (newSize > 0 || MessageDigest.isEqual(newRoot, EMPTY_ROOT));
    }
    if (oldSize == newSize) {
      return proof.isEmpty() && MessageDigest.isEqual(oldRoot, newRoot);
    }
    // Now 0 < oldSize < newSize. The algorithm consumes exactly this many elements (so the RFC's
    // step 1, "fail on an empty path", is covered too); reject other lengths before hashing.
    int length = proof.size();
    if (length != consistencyProofLength(oldSize, newSize)) {
      return false;
    }
    // 2. If first is an exact power of 2, prepend first_hash to the path. Rather than copy the
    //    list, start from oldRoot and read the proof from its first element.
    boolean oldIsPowerOfTwo = (oldSize & (oldSize - 1)) == 0;
    int next;
    byte[] seed;
    if (oldIsPowerOfTwo) {
      seed = oldRoot;
      next = 0;
    } else {
      seed = proof.get(0);
      next = 1;
      if (!isHash(seed)) {
        return false;
      }
    }
    // 3. fn = first - 1, sn = second - 1.
    long fn = oldSize - 1;
    long sn = newSize - 1;
    // 4. While LSB(fn) is set, shift fn and sn right.
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    // 5. fr = sr = the first value of the path.
    byte[] fr = seed;
    byte[] sr = seed;
    // 6. For each subsequent value c:
    for (int i = next; i < length; i++) {
      byte[] c = proof.get(i);
      // a. If sn is 0, fail.
      if (!isHash(c) || sn == 0) {
        return false;
      }
      // b. If LSB(fn) is set or fn == sn: fr = H(0x01 || c || fr), sr = H(0x01 || c || sr), and
      //    if LSB(fn) is not set, shift fn and sn right until LSB(fn) is set or fn is 0.
      if ((fn & 1) == 1 || fn == sn) {
        fr = hashChildren(c, fr);
        sr = hashChildren(c, sr);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>>= 1;
          sn >>>= 1;
        }
      } else {
        //  Otherwise sr = H(0x01 || sr || c).
        sr = hashChildren(sr, c);
      }
      // c. Shift fn and sn right once.
      fn >>>= 1;
      sn >>>= 1;
    }
    // 7. Succeed iff fr == first_hash, sr == second_hash and sn == 0.
    return sn == 0 && MessageDigest.isEqual(fr, oldRoot) && MessageDigest.isEqual(sr, newRoot);
  }

  /**
   * The number of elements in PATH(index, D[size]), for 0 <= index < size: one sibling for each
   * level below the highest bit where index and size - 1 differ, then one left sibling for each set
   * bit of index above it (on the tree's right edge, a node with no right sibling is promoted).
   */
  static int inclusionProofLength(long index, long size) {
    int inner = Long.SIZE - Long.numberOfLeadingZeros(index ^ (size - 1));
    return inner + Long.bitCount(index >>> inner);
  }

  /**
   * The number of elements in PROOF(oldSize, D[newSize]), for 0 < oldSize < newSize: the path of
   * the last complete subtree of the old tree up to the new root, plus that subtree's own hash
   * unless it is the whole old tree (oldSize a power of two).
   */
  static int consistencyProofLength(long oldSize, long newSize) {
    int shift = Long.numberOfTrailingZeros(oldSize);
    long fn = (oldSize - 1) >>> shift;
    long sn = (newSize - 1) >>> shift;
    int seed = (oldSize & (oldSize - 1)) == 0 ? 0 : 1;
    return seed + inclusionProofLength(fn, sn + 1);
  }

  /** H(0x01 || left || right) without argument checks. */
  static byte[] hashChildren(byte[] left, byte[] right) {
    return Sha256.hashWithPrefix(NODE_PREFIX, left, right);
  }

  static boolean isHash(byte[] hash) {
    return hash != null && hash.length == HASH_LENGTH;
  }

  static void requireHash(byte[] hash, String name) {
    Objects.requireNonNull(hash, name);
    if (hash.length != HASH_LENGTH) {
      throw new IllegalArgumentException(
          name + " must be " + HASH_LENGTH + " bytes, got " + hash.length);
    }
  }

  private static void requireLeafHashes(List<byte[]> leafHashes) {
    Objects.requireNonNull(leafHashes, "leafHashes");
    int i = 0;
    for (byte[] leafHash : leafHashes) {
      if (!isHash(leafHash)) {
        requireHash(leafHash, "leafHashes[" + i + "]"); // throws with the reason
      }
      i++;
    }
  }

  /** MTH(D[lo:hi]) for 0 <= lo < hi <= size, as a fresh array. */
  private static byte[] subtree(List<byte[]> leafHashes, int lo, int hi) {
    if (hi - lo == 1) {
      return leafHashes.get(lo).clone();
    }
    return mth(leafHashes, lo, hi);
  }

  /** MTH(D[lo:hi]) by the recursive definition; may return an element of the list itself. */
  private static byte[] mth(List<byte[]> leafHashes, int lo, int hi) {
    if (hi - lo == 1) {
      return leafHashes.get(lo);
    }
    int k = (int) ProofBuilder.split(hi - lo);
    return hashChildren(mth(leafHashes, lo, lo + k), mth(leafHashes, lo + k, hi));
  }
}
