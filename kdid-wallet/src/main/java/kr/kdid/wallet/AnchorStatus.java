package kr.kdid.wallet;

import java.time.Instant;

/** Whether a history entry's event is on the ledger. */
public sealed interface AnchorStatus {

  /** The event's commitment is anchored, by the party the event names. */
  record Anchored(Instant time, String author, String txId) implements AnchorStatus {}

  /** Not on the ledger yet (issuers and verifiers anchor in batches, every few seconds). */
  record NotYetAnchored() implements AnchorStatus {}

  /** The entry has no event (declined, refused, failed, or the party gave none). */
  record NoEvent() implements AnchorStatus {}

  /** The commitment is on the ledger, but anchored by another party or as another kind. */
  record Mismatch(String reason) implements AnchorStatus {}

  /** The ledger could not be asked. */
  record Unavailable(String reason) implements AnchorStatus {}
}
