package kr.kdid.ledger.smt;

import java.util.Arrays;
import java.util.List;
import kr.kdid.core.crypto.Sha256;

/**
 * A proof about one key in a {@link SparseMerkleTree}: the sibling hashes from the root down to
 * where the key's path ends, and what it ends in: a leaf (with its key hash and value hash) or an
 * empty subtree (both null).
 *
 * <p>It proves inclusion when the leaf's key is the key asked about, and non-inclusion when the
 * path ends in an empty subtree or in a leaf of another key that shares the path so far.
 *
 * @param siblings sibling hashes, root level first
 * @param leafKeyHash the terminal leaf's key hash, or null for an empty terminal
 * @param leafValueHash the terminal leaf's value hash, or null for an empty terminal
 */
public record SmtProof(List<byte[]> siblings, byte[] leafKeyHash, byte[] leafValueHash) {

  public SmtProof {
    siblings = List.copyOf(siblings);
  }

  /**
   * Verifies that under {@code root} the key with path {@code keyHash} holds the value with hash
   * {@code valueHash}, or is absent when {@code valueHash} is null. Never throws for malformed
   * proofs.
   */
  public boolean verify(byte[] root, byte[] keyHash, byte[] valueHash) {
    if (root == null || root.length != 32 || keyHash == null || keyHash.length != 32) {
      return false;
    }
    int depth = siblings.size();
    if (depth > SparseMerkleTree.DEPTH) {
      return false;
    }
    byte[] h;
    if (leafKeyHash == null || leafValueHash == null) {
      if (leafKeyHash != null || leafValueHash != null || valueHash != null) {
        return false;
      }
      h = SparseMerkleTree.EMPTY;
    } else {
      if (leafKeyHash.length != 32 || leafValueHash.length != 32) {
        return false;
      }
      boolean sameKey = Arrays.equals(leafKeyHash, keyHash);
      if (valueHash != null) {
        if (!sameKey || valueHash.length != 32 || !Arrays.equals(leafValueHash, valueHash)) {
          return false;
        }
      } else {
        // Non-inclusion through another leaf: it must sit on our key's path.
        if (sameKey || !samePrefix(leafKeyHash, keyHash, depth)) {
          return false;
        }
      }
      h = Sha256.hash(SparseMerkleTree.leafNode(leafKeyHash, leafValueHash));
    }
    for (int d = depth - 1; d >= 0; d--) {
      byte[] s = siblings.get(d);
      if (s == null || s.length != 32) {
        return false;
      }
      h =
          SparseMerkleTree.bit(keyHash, d)
              ? Sha256.hash(SparseMerkleTree.internalNode(s, h))
              : Sha256.hash(SparseMerkleTree.internalNode(h, s));
    }
    return Arrays.equals(h, root);
  }

  private static boolean samePrefix(byte[] a, byte[] b, int bits) {
    for (int i = 0; i < bits; i++) {
      if (SparseMerkleTree.bit(a, i) != SparseMerkleTree.bit(b, i)) {
        return false;
      }
    }
    return true;
  }
}
