package kr.kdid.node.ordering;

import kr.kdid.ledger.block.TxOutcome;

/**
 * Where a transaction landed and what became of it, as the orderer learns when its block is
 * applied: the caller needs no index lookup to answer with the block's height and position.
 *
 * @param height the block's height
 * @param index the transaction's position in the block
 * @param outcome valid, or the rejection the rules recorded
 */
public record CommittedTx(long height, int index, TxOutcome outcome) {}
