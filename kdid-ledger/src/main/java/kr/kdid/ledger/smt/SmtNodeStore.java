package kr.kdid.ledger.smt;

/**
 * Content-addressed storage of sparse-Merkle-tree nodes: the key is the node's hash, the value its
 * 65-byte encoding (whose SHA-256 is that hash). Nodes are never removed by the tree, so every
 * historical root stays provable.
 */
public interface SmtNodeStore {

  /** The node's encoding, or null if absent. */
  byte[] get(byte[] hash);
}
