package kr.kdid.wallet.issuance;

import java.util.Objects;
import java.util.Optional;

/**
 * An offer whose issuer the wallet has looked up: what to show the holder before they type the
 * transaction code (who issues, what credential), and what the wallet needs to redeem it.
 *
 * <p>An offer holds one credential in one or two formats: an SD-JWT VC ({@code dc+sd-jwt}), an
 * ISO/IEC 18013-5 mdoc ({@code mso_mdoc}), or both of the same credential type, redeemed with one
 * access token into one card.
 *
 * @param offer the offer
 * @param metadata the issuer's validated metadata
 * @param configuration the offered configuration shown to the holder: the SD-JWT VC one if offered,
 *     else the mdoc one
 * @param mdocConfiguration the offered {@code mso_mdoc} configuration, or null if none is offered
 */
public record PreparedOffer(
    CredentialOffer offer,
    IssuerMetadata metadata,
    CredentialConfiguration configuration,
    CredentialConfiguration mdocConfiguration) {
  public PreparedOffer {
    Objects.requireNonNull(offer, "offer");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(configuration, "configuration");
    if (mdocConfiguration != null && !mdocConfiguration.isMdoc()) {
      throw new IllegalArgumentException("mdocConfiguration must be an mso_mdoc configuration");
    }
    if (configuration.isMdoc() && mdocConfiguration != configuration) {
      throw new IllegalArgumentException("an mdoc-only offer names its configuration twice");
    }
  }

  /** An offer of one configuration (either format). */
  public PreparedOffer(
      CredentialOffer offer, IssuerMetadata metadata, CredentialConfiguration configuration) {
    this(offer, metadata, configuration, configuration.isMdoc() ? configuration : null);
  }

  /** The offered SD-JWT VC configuration, if any. */
  public Optional<CredentialConfiguration> sdJwtConfiguration() {
    return configuration.isMdoc() ? Optional.empty() : Optional.of(configuration);
  }

  /** The offered mdoc configuration, if any. */
  public Optional<CredentialConfiguration> mdoc() {
    return Optional.ofNullable(mdocConfiguration);
  }
}
