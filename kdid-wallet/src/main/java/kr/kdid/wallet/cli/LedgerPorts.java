package kr.kdid.wallet.cli;

import java.util.Objects;
import kr.kdid.core.did.DidResolver;
import kr.kdid.wallet.CommitmentLookup;
import kr.kdid.wallet.RelyingPartyRegistry;

/**
 * The wallet's ports onto the ledger: DID resolution, the relying-party registry and anchored
 * commitments.
 *
 * @param didResolver resolves issuers' and verifiers' DIDs
 * @param relyingParties the trust registry of verifiers
 * @param commitments finds anchored event commitments
 */
public record LedgerPorts(
    DidResolver didResolver, RelyingPartyRegistry relyingParties, CommitmentLookup commitments) {
  public LedgerPorts {
    Objects.requireNonNull(didResolver, "didResolver");
    Objects.requireNonNull(relyingParties, "relyingParties");
    Objects.requireNonNull(commitments, "commitments");
  }

  /**
   * Makes the ports for a ledger. The launcher implements it over its verifying {@code
   * LedgerClient}; tests supply in-memory fakes. The CLI calls it only when a command first needs
   * the ledger; a {@link RuntimeException} means the ledger cannot be reached (reported as
   * LEDGER_UNAVAILABLE).
   */
  @FunctionalInterface
  public interface Factory {
    /**
     * @param ledgerNodes the ledger nodes' base URLs ({@code --ledger}); clients fail over between
     *     them
     */
    LedgerPorts open(java.util.List<java.net.URI> ledgerNodes);
  }
}
