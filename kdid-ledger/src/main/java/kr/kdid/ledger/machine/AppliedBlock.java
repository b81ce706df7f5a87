package kr.kdid.ledger.machine;

import kr.kdid.ledger.block.Block;

/** A block the state machine has applied and committed, with its hash (hex). */
public record AppliedBlock(Block block, String hash) {
  public long height() {
    return block.header().height();
  }
}
