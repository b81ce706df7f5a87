package kr.kdid.ledger.machine;

/**
 * Where an anchored event commitment sits: the anchoring transaction (hex id) and the commitment's
 * index among the anchor's leaves.
 */
public record CommitmentLocation(String anchorTxId, int leafIndex) {}
