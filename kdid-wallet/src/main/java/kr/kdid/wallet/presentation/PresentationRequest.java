package kr.kdid.wallet.presentation;

import java.util.Objects;
import kr.kdid.wallet.RelyingPartyRegistry.Registration;

/**
 * A presentation request the wallet has verified, checked against the ledger registry and matched
 * to credentials: ready to show to the holder ({@link #consent()}) and to answer with {@link
 * kr.kdid.wallet.Wallet#respond} or {@link kr.kdid.wallet.Wallet#decline}.
 *
 * @param id the wallet's id for this request
 * @param request the verified request
 * @param registration the verifier's ledger registration
 * @param consent what the holder is asked to agree to
 */
public record PresentationRequest(
    String id, AuthorizationRequest request, Registration registration, ConsentView consent) {
  public PresentationRequest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(registration, "registration");
    Objects.requireNonNull(consent, "consent");
  }
}
