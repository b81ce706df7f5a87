package kr.kdid.wallet;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Wallet#acceptOffer} stored, and what of the offer it could not obtain: when an offer
 * holds a credential as an SD-JWT VC and as an mdoc and only the SD-JWT VC was received, the card
 * is stored with it and the mdoc's failure is reported here (and in the history).
 *
 * @param credential the stored credential
 * @param mdocFailure why the offered mdoc was not received, or null
 */
public record Acceptance(WalletCredential credential, WalletException mdocFailure) {
  public Acceptance {
    Objects.requireNonNull(credential, "credential");
  }

  /** Why the offered mdoc was not received, if it was not. */
  public Optional<WalletException> mdocProblem() {
    return Optional.ofNullable(mdocFailure);
  }

  /** True if everything offered was received. */
  public boolean complete() {
    return mdocFailure == null;
  }
}
