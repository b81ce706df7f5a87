package kr.kdid.ledger.smt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kr.kdid.core.crypto.Sha256;

/**
 * The ledger's state tree: a 256-level sparse Merkle tree over SHA-256, in canonical (compressed)
 * form so that its root depends only on the set of (key, value) pairs.
 *
 * <ul>
 *   <li>A key's path is the 256 bits of {@code k = SHA-256(key)}, most significant bit first; bit 0
 *       goes left.
 *   <li>An empty subtree hashes to 32 zero bytes ({@link #EMPTY}).
 *   <li>A leaf is encoded {@code 0x00 || k || SHA-256(value)}, an internal node {@code 0x01 || left
 *       || right}; a node's hash is the SHA-256 of its 65-byte encoding.
 *   <li>A subtree holding exactly one leaf is that leaf itself, at the shallowest depth where it is
 *       alone (no chains of one-child internal nodes).
 * </ul>
 *
 * <p>Updates are applied in batches, producing new nodes only; old nodes stay, so any earlier root
 * remains provable. Stateless and thread-safe: the caller owns the root and the node store.
 */
public final class SparseMerkleTree {
  /** Hash of the empty tree and of every empty subtree. */
  public static final byte[] EMPTY = new byte[32];

  static final byte LEAF = 0x00;
  static final byte INTERNAL = 0x01;
  static final int NODE_LENGTH = 65;
  static final int DEPTH = 256;

  private final SmtNodeStore store;

  public SparseMerkleTree(SmtNodeStore store) {
    this.store = store;
  }

  /** The path hash of a state key. */
  public static byte[] keyHash(byte[] key) {
    return Sha256.hash(key);
  }

  /** The hash of a leaf holding {@code valueHash} at path {@code keyHash}. */
  public static byte[] leafHash(byte[] keyHash, byte[] valueHash) {
    return Sha256.hash(leafNode(keyHash, valueHash));
  }

  static byte[] leafNode(byte[] keyHash, byte[] valueHash) {
    byte[] n = new byte[NODE_LENGTH];
    n[0] = LEAF;
    System.arraycopy(keyHash, 0, n, 1, 32);
    System.arraycopy(valueHash, 0, n, 33, 32);
    return n;
  }

  static byte[] internalNode(byte[] left, byte[] right) {
    byte[] n = new byte[NODE_LENGTH];
    n[0] = INTERNAL;
    System.arraycopy(left, 0, n, 1, 32);
    System.arraycopy(right, 0, n, 33, 32);
    return n;
  }

  static boolean bit(byte[] keyHash, int depth) {
    return ((keyHash[depth >>> 3] >>> (7 - (depth & 7))) & 1) == 1;
  }

  static boolean isEmpty(byte[] hash) {
    return Arrays.equals(hash, EMPTY);
  }

  /** One change: set {@code keyHash} to {@code valueHash}, or remove it when valueHash is null. */
  public record Update(byte[] keyHash, byte[] valueHash) {
    public Update {
      if (keyHash == null || keyHash.length != 32) {
        throw new IllegalArgumentException("key hash must be 32 bytes");
      }
      if (valueHash != null && valueHash.length != 32) {
        throw new IllegalArgumentException("value hash must be 32 bytes");
      }
    }
  }

  /**
   * The result of a batch: the new root and the nodes created for it (hash hex-free: keyed by
   * {@link ByteKey}), which the caller must store together with the values.
   */
  public record Result(byte[] root, Map<ByteKey, byte[]> newNodes) {}

  /**
   * Applies a batch of updates to the tree with root {@code root}. Later updates of the same key
   * win.
   *
   * @throws IllegalStateException if a node the root refers to is missing from the store
   */
  public Result update(byte[] root, List<Update> updates) {
    // Sort by key hash; keep the last update per key.
    Map<ByteKey, Update> last = new HashMap<>();
    for (Update u : updates) {
      last.put(new ByteKey(u.keyHash()), u);
    }
    List<Update> sorted = new ArrayList<>(last.values());
    sorted.sort((a, b) -> Arrays.compareUnsigned(a.keyHash(), b.keyHash()));
    Batch batch = new Batch();
    byte[] newRoot = batch.update(root, 0, sorted, 0, sorted.size());
    return new Result(newRoot, batch.created);
  }

  /**
   * A proof for {@code keyHash} against {@code root}: inclusion if the key is present, otherwise
   * non-inclusion.
   *
   * @throws IllegalStateException if a node is missing from the store
   */
  public SmtProof prove(byte[] root, byte[] keyHash) {
    List<byte[]> siblings = new ArrayList<>();
    byte[] h = root;
    int depth = 0;
    while (!isEmpty(h)) {
      byte[] node = load(h, null);
      if (node[0] == LEAF) {
        byte[] k = Arrays.copyOfRange(node, 1, 33);
        byte[] vh = Arrays.copyOfRange(node, 33, 65);
        return new SmtProof(siblings, k, vh);
      }
      boolean right = bit(keyHash, depth);
      byte[] l = Arrays.copyOfRange(node, 1, 33);
      byte[] r = Arrays.copyOfRange(node, 33, 65);
      siblings.add(right ? l : r);
      h = right ? r : l;
      depth++;
    }
    return new SmtProof(siblings, null, null);
  }

  /** The value hash stored for {@code keyHash} under {@code root}, or null. */
  public byte[] get(byte[] root, byte[] keyHash) {
    SmtProof p = prove(root, keyHash);
    return p.leafKeyHash() != null && Arrays.equals(p.leafKeyHash(), keyHash)
        ? p.leafValueHash()
        : null;
  }

  private byte[] load(byte[] hash, Map<ByteKey, byte[]> created) {
    byte[] node = created != null ? created.get(new ByteKey(hash)) : null;
    if (node == null) {
      node = store.get(hash);
    }
    if (node == null || node.length != NODE_LENGTH) {
      throw new IllegalStateException("state tree node missing or corrupt");
    }
    return node;
  }

  private final class Batch {
    final Map<ByteKey, byte[]> created = new HashMap<>();

    byte[] put(byte[] node) {
      byte[] h = Sha256.hash(node);
      created.put(new ByteKey(h), node);
      return h;
    }

    boolean isLeaf(byte[] hash) {
      return !isEmpty(hash) && load(hash, created)[0] == LEAF;
    }

    byte[] update(byte[] h, int depth, List<Update> u, int lo, int hi) {
      if (lo == hi) {
        return h;
      }
      if (isEmpty(h)) {
        return build(depth, u, lo, hi, null);
      }
      // A node of the tree being updated is in the store: this batch only adds nodes, and one it
      // created with the same hash has the same bytes, so there is no need to look in `created`.
      byte[] node = load(h, null);
      if (node[0] == LEAF) {
        byte[] k = Arrays.copyOfRange(node, 1, 33);
        byte[] vh = Arrays.copyOfRange(node, 33, 65);
        return build(depth, u, lo, hi, new Update(k, vh));
      }
      int mid = split(u, lo, hi, depth);
      byte[] l = update(Arrays.copyOfRange(node, 1, 33), depth + 1, u, lo, mid);
      byte[] r = update(Arrays.copyOfRange(node, 33, 65), depth + 1, u, mid, hi);
      return combine(l, r);
    }

    /**
     * Builds the subtree at {@code depth} holding the non-deleted updates in [lo, hi), plus {@code
     * existing} (a leaf already there) unless an update names its key.
     */
    byte[] build(int depth, List<Update> u, int lo, int hi, Update existing) {
      if (existing != null) {
        boolean overridden = false;
        for (int i = lo; i < hi; i++) {
          if (Arrays.equals(u.get(i).keyHash(), existing.keyHash())) {
            overridden = true;
            break;
          }
        }
        if (!overridden) {
          List<Update> merged = new ArrayList<>(hi - lo + 1);
          boolean inserted = false;
          for (int i = lo; i < hi; i++) {
            if (!inserted && Arrays.compareUnsigned(existing.keyHash(), u.get(i).keyHash()) < 0) {
              merged.add(existing);
              inserted = true;
            }
            merged.add(u.get(i));
          }
          if (!inserted) {
            merged.add(existing);
          }
          return buildFresh(depth, merged, 0, merged.size());
        }
      }
      return buildFresh(depth, u, lo, hi);
    }

    byte[] buildFresh(int depth, List<Update> u, int lo, int hi) {
      int live = 0;
      Update only = null;
      for (int i = lo; i < hi; i++) {
        if (u.get(i).valueHash() != null) {
          live++;
          only = u.get(i);
        }
      }
      if (live == 0) {
        return EMPTY;
      }
      if (live == 1) {
        return put(leafNode(only.keyHash(), only.valueHash()));
      }
      if (depth >= DEPTH) {
        throw new IllegalStateException("two distinct keys with the same 256-bit path");
      }
      int mid = split(u, lo, hi, depth);
      return combine(buildFresh(depth + 1, u, lo, mid), buildFresh(depth + 1, u, mid, hi));
    }

    byte[] combine(byte[] l, byte[] r) {
      boolean le = isEmpty(l);
      boolean re = isEmpty(r);
      if (le && re) {
        return EMPTY;
      }
      if (le && isLeaf(r)) {
        return r;
      }
      if (re && isLeaf(l)) {
        return l;
      }
      return put(internalNode(l, r));
    }
  }

  /** First index in [lo, hi) whose key has bit {@code depth} set (input sorted by key hash). */
  private static int split(List<Update> u, int lo, int hi, int depth) {
    int i = lo;
    while (i < hi && !bit(u.get(i).keyHash(), depth)) {
      i++;
    }
    return i;
  }
}
