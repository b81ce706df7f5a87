package kr.kdid.core.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The recursive proof definitions of RFC 9162: PATH (§2.1.3.1) and PROOF/SUBPROOF (§2.1.4.1),
 * written once over any source of subtree hashes, so that {@link MerkleTree} (which hashes leaves)
 * and {@link MerkleLog} (which reads stored subtrees) build the same proofs.
 *
 * <p>Ranges are absolute leaf positions {@code [lo, hi)}; the RFC's {@code D[k:n]} slicing becomes
 * offsets into the one list of leaves. Every range this class asks for is a node of the tree of the
 * size being proven: either a perfect subtree ({@code hi - lo} a power of two, {@code lo} a
 * multiple of it) or a subtree on the right edge ({@code hi} the tree size, {@code lo} a multiple
 * of a power of two at least {@code hi - lo}).
 */
final class ProofBuilder {

  /** MTH(D[lo:hi]) for a node of the tree being proven. Must return a fresh array. */
  @FunctionalInterface
  interface SubtreeHasher {
    byte[] hash(long lo, long hi);
  }

  private ProofBuilder() {}

  /** The largest power of two smaller than n, for n >= 2 (the RFC's split point k). */
  static long split(long n) {
    return Long.highestOneBit(n - 1);
  }

  /** PATH(m, D[n]) ordered from the leaf upward, for 0 <= m < n. */
  static List<byte[]> path(SubtreeHasher hasher, long m, long n) {
    List<byte[]> out = new ArrayList<>(Long.SIZE - Long.numberOfLeadingZeros(n));
    path(hasher, m, 0, n, out);
    return Collections.unmodifiableList(out);
  }

  /** PATH(m, D[lo:hi]) with m relative to lo; appends the deepest sibling first. */
  private static void path(SubtreeHasher hasher, long m, long lo, long hi, List<byte[]> out) {
    long n = hi - lo;
    if (n == 1) {
      return; // PATH(0, {d(0)}) = {}
    }
    long k = split(n);
    if (m < k) {
      path(hasher, m, lo, lo + k, out);
      out.add(hasher.hash(lo + k, hi));
    } else {
      path(hasher, m - k, lo + k, hi, out);
      out.add(hasher.hash(lo, lo + k));
    }
  }

  /** PROOF(m, D[n]) = SUBPROOF(m, D[n], true), for 0 < m <= n. */
  static List<byte[]> proof(SubtreeHasher hasher, long m, long n) {
    List<byte[]> out = new ArrayList<>(Long.SIZE - Long.numberOfLeadingZeros(n) + 1);
    subproof(hasher, m, 0, n, true, out);
    return Collections.unmodifiableList(out);
  }

  /** SUBPROOF(m, D[lo:hi], b) with m relative to lo. */
  private static void subproof(
      SubtreeHasher hasher, long m, long lo, long hi, boolean b, List<byte[]> out) {
    long n = hi - lo;
    if (m == n) {
      // SUBPROOF(m, D[m], true) = {}; SUBPROOF(m, D[m], false) = {MTH(D[m])}
      if (!b) {
        out.add(hasher.hash(lo, hi));
      }
      return;
    }
    long k = split(n);
    if (m <= k) {
      subproof(hasher, m, lo, lo + k, b, out);
      out.add(hasher.hash(lo + k, hi));
    } else {
      subproof(hasher, m - k, lo + k, hi, false, out);
      out.add(hasher.hash(lo, lo + k));
    }
  }
}
