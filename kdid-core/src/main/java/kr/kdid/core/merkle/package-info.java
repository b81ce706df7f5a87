/**
 * Merkle trees as defined by RFC 9162 (Certificate Transparency 2.0) §2.1: tree hashes, inclusion
 * and consistency proofs and their verification ({@link kr.kdid.core.merkle.MerkleTree}), and an
 * append-only log over a node store that serves roots and proofs for every size it ever had ({@link
 * kr.kdid.core.merkle.MerkleLog}).
 */
package kr.kdid.core.merkle;
