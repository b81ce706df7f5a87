package kr.kdid.wallet.cli;

import java.net.URI;
import java.util.Optional;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidResolutionResult;
import kr.kdid.core.did.DidResolver;
import kr.kdid.wallet.CommitmentLookup;
import kr.kdid.wallet.RelyingPartyRegistry;

/** The ledger ports, made on first use, so commands that never need the ledger never reach it. */
final class LazyLedger implements DidResolver, RelyingPartyRegistry, CommitmentLookup {
  private final LedgerPorts.Factory factory;
  private final java.util.List<URI> ledger;
  private LedgerPorts ports;

  LazyLedger(LedgerPorts.Factory factory, java.util.List<URI> ledger) {
    this.factory = factory;
    this.ledger = ledger;
  }

  private synchronized LedgerPorts ports() {
    if (ports == null) {
      ports = factory.open(ledger);
    }
    return ports;
  }

  @Override
  public DidResolutionResult resolve(String did) {
    return ports().didResolver().resolve(did);
  }

  @Override
  public boolean supports(String method) {
    return ports().didResolver().supports(method);
  }

  @Override
  public Optional<Registration> lookup(Did did) {
    return ports().relyingParties().lookup(did);
  }

  @Override
  public Optional<Anchored> find(String commitmentHex) {
    return ports().commitments().find(commitmentHex);
  }
}
