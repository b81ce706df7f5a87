package kr.kdid.wallet.cli;

import java.util.List;
import java.util.Locale;
import kr.kdid.wallet.AnchorStatus;
import kr.kdid.wallet.HistoryEntry;
import kr.kdid.wallet.HistoryStatus;
import kr.kdid.wallet.Wallet;
import kr.kdid.wallet.WalletException;
import picocli.CommandLine.Command;

/** {@code kdid wallet history}: the holder's issuance and presentation history. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = {
      "Your history: credentials received and requests answered, declined or refused, with "
          + "whether each event is anchored on the ledger.",
      "The ledger holds only salted commitments: only your wallet can link them to you."
    })
final class HistoryCommand extends WalletSubcommand {

  @Override
  int execute() throws WalletException {
    try (Wallet w = open()) {
      List<HistoryStatus> all = w.historyWithAnchors();
      if (all.isEmpty()) {
        out().println("No history yet.");
        return WalletCommand.OK;
      }
      for (HistoryStatus s : all) {
        HistoryEntry h = s.entry();
        StringBuilder b = new StringBuilder();
        b.append(time(h.time()))
            .append("  ")
            .append(h.kind().name().toLowerCase(Locale.ROOT))
            .append("  ")
            .append(h.outcome().name().toLowerCase(Locale.ROOT))
            .append("  ")
            .append(h.partyName() != null ? h.partyName() + " (" + h.party() + ")" : h.party());
        if (h.credentialType() != null) {
          b.append("  ").append(h.credentialType());
        }
        if (!h.claims().isEmpty()) {
          b.append("  shared ").append(String.join(", ", h.claims()));
        }
        if (h.code() != null) {
          b.append("  [").append(h.code()).append("]");
        }
        b.append("  ").append(anchor(s.anchor()));
        out().println(b);
      }
      return WalletCommand.OK;
    }
  }

  static String anchor(AnchorStatus a) {
    return switch (a) {
      case AnchorStatus.Anchored x ->
          "anchored on the ledger at "
              + time(x.time())
              + " (tx "
              + (x.txId().length() > 12 ? x.txId().substring(0, 12) + "..." : x.txId())
              + ")";
      case AnchorStatus.NotYetAnchored x -> "not yet anchored";
      case AnchorStatus.NoEvent x -> "no ledger event";
      case AnchorStatus.Mismatch x -> "ANCHOR MISMATCH: " + x.reason();
      case AnchorStatus.Unavailable x -> "ledger unavailable: " + x.reason();
    };
  }
}
