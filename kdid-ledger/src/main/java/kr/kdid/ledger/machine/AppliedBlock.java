package kr.kdid.ledger.machine;

import kr.kdid.ledger.block.Block;

/**
 * A block the state machine has applied and committed, with its hash (hex), and the conflicting
 * signed headers it recorded (evidence of a fork; normally none).
 */
public record AppliedBlock(Block block, String hash, java.util.List<String> conflicts) {
  public AppliedBlock(Block block, String hash) {
    this(block, hash, java.util.List.of());
  }

  public long height() {
    return block.header().height();
  }
}
