package kr.kdid.ledger.machine;

/** Where a transaction sits: block height, index within the block, and whether it was valid. */
public record TxLocation(long height, int index, boolean valid) {}
