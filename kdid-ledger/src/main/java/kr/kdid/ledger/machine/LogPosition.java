package kr.kdid.ledger.machine;

/**
 * Where the state machine stands: the consensus log index of the last applied entry and the height
 * of the last block. Both are -1 before genesis.
 */
public record LogPosition(long logIndex, long height) {
  public static final LogPosition EMPTY = new LogPosition(-1, -1);
}
