package kr.kdid.wallet;

import java.util.Objects;

/**
 * A history entry with what the ledger says of its event.
 *
 * @param entry the entry
 * @param anchor the event's anchoring
 */
public record HistoryStatus(HistoryEntry entry, AnchorStatus anchor) {
  public HistoryStatus {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(anchor, "anchor");
  }
}
