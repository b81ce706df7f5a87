package kr.kdid.wallet.presentation;

import java.util.List;
import kr.kdid.wallet.HistoryEntry;

/**
 * How a presentation request ended for the holder.
 *
 * @param outcome VERIFIED, REJECTED or DECLINED
 * @param verifierName the verifier's registered name
 * @param code the verifier's error code when rejected, else null
 * @param message a plain sentence for the holder
 * @param checks the verifier's checks as "name: status", if it reported them
 * @param redirectUri where the verifier asks the holder's browser to go, or null
 * @param historyId the history entry recorded for it
 */
public record PresentationResult(
    HistoryEntry.Outcome outcome,
    String verifierName,
    String code,
    String message,
    List<String> checks,
    String redirectUri,
    String historyId) {
  public PresentationResult {
    checks = List.copyOf(checks);
  }

  public boolean verified() {
    return outcome == HistoryEntry.Outcome.VERIFIED;
  }
}
