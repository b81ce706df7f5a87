package kr.kdid.app;

import java.time.Instant;
import kr.kdid.core.did.DidResolutionResult;
import kr.kdid.core.did.DidResolver;
import kr.kdid.ledger.client.LedgerClient;
import kr.kdid.ledger.client.LedgerGateway;
import kr.kdid.wallet.CommitmentLookup;
import kr.kdid.wallet.RelyingPartyRegistry;
import kr.kdid.wallet.cli.LedgerPorts;

/**
 * The wallet's ledger ports over a ledger gateway: over HTTP the verifying {@link LedgerClient}
 * (every answer checked against the chain's signed headers), in the demo the local node.
 */
final class WalletLedgerPorts {
  private WalletLedgerPorts() {}

  /** The ports of a ledger. */
  static LedgerPorts over(LedgerGateway ledger) {
    DidResolver dids =
        new DidResolver() {
          @Override
          public DidResolutionResult resolve(String did) {
            return ledger.resolve(did);
          }

          @Override
          public boolean supports(String method) {
            return "kdid".equals(method);
          }
        };
    RelyingPartyRegistry rps =
        did ->
            ledger
                .relyingParty(did)
                .map(
                    r ->
                        new RelyingPartyRegistry.Registration(
                            r.name(), r.purpose(), r.isActive(), r.claims()));
    CommitmentLookup anchors =
        hex ->
            ledger
                .commitment(hex)
                .map(
                    a ->
                        new CommitmentLookup.Anchored(
                            Instant.parse(a.anchor().time()),
                            a.anchor().author().toString(),
                            a.anchor().kind(),
                            a.anchor().txId()));
    return new LedgerPorts(dids, rps, anchors);
  }

  /**
   * The factory the {@code kdid wallet} commands use: a verifying client of the node at the URL,
   * trusting the chain it finds there on first use (the node's signed headers).
   */
  static LedgerPorts.Factory overHttp() {
    return nodes -> {
      LedgerClient c = LedgerClient.create(nodes, LedgerClient.fetchTrustPolicy(nodes, 1));
      return over(c);
    };
  }
}
