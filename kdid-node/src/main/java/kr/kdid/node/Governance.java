package kr.kdid.node;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.keys.KeyVault;
import kr.kdid.ledger.client.LedgerGateway;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.ledger.tx.TxCodec;

/**
 * The governance authority's trust-registry actions, signed with its key from the node's key vault:
 * accredit issuers, register relying parties, suspend and reinstate them. Used by the launcher's
 * development defaults, the demo and tests; in production the authority signs these on its own
 * (offline) machine and submits them like any transaction.
 */
public final class Governance {
  private final Signer key;
  private final DidDocument document;
  private final LedgerGateway ledger;
  private final Clock clock;

  private Governance(Signer key, LedgerGateway ledger, Clock clock) {
    this.key = key;
    this.document = NodeBootstrap.governanceDocument(key);
    this.ledger = ledger;
    this.clock = clock;
  }

  /**
   * The governance authority whose key is in this vault.
   *
   * @throws IllegalStateException if the vault holds no governance key
   */
  public static Governance of(KeyVault vault, LedgerGateway ledger, Clock clock) {
    Signer key =
        vault
            .signer(NodeBootstrap.GOVERNANCE_KEY)
            .orElseThrow(() -> new IllegalStateException("this key vault holds no governance key"));
    return new Governance(key, ledger, clock);
  }

  public Did did() {
    return document.id();
  }

  /** Accredits an issuer for credential types (replacing an earlier accreditation's types). */
  public void accreditIssuer(Did issuer, String name, List<String> credentialTypes) {
    submit(new TxBody.IssuerAccredit(issuer, name, credentialTypes));
  }

  /** Registers a relying party with its purpose and, per credential type, the claims it may ask. */
  public void registerRelyingParty(
      Did rp, String name, String purpose, Map<String, List<String>> claims) {
    submit(new TxBody.RpRegister(rp, name, purpose, claims));
  }

  /** Suspends an issuer or relying party. */
  public void suspend(Did subject, TxBody.Role role, String reason) {
    submit(new TxBody.TrustSuspend(subject, role, reason));
  }

  /** Lifts a suspension. */
  public void reinstate(Did subject, TxBody.Role role) {
    submit(new TxBody.TrustReinstate(subject, role));
  }

  private void submit(TxBody body) {
    ledger.submit(
        TxCodec.sign(
            key,
            document.id().withFragment("key-1"),
            ledger.chainId(),
            body,
            clock.instant().plus(Duration.ofMinutes(10))),
        true);
  }
}
