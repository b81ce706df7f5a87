package kr.kdid.wallet.issuance;

import java.util.Objects;

/**
 * An offer whose issuer the wallet has looked up: what to show the holder before they type the
 * transaction code (who issues, what credential), and what the wallet needs to redeem it.
 *
 * @param offer the offer
 * @param metadata the issuer's validated metadata
 * @param configuration the offered configuration, which this wallet can receive
 */
public record PreparedOffer(
    CredentialOffer offer, IssuerMetadata metadata, CredentialConfiguration configuration) {
  public PreparedOffer {
    Objects.requireNonNull(offer, "offer");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(configuration, "configuration");
  }
}
