package kr.kdid.wallet.presentation;

import java.util.Objects;

/**
 * The holder's consent to share what a {@link ConsentView} shows; obtain it with {@link
 * ConsentView#approve()} once the holder has agreed.
 *
 * @param requestId the request the consent is for
 */
public record Consent(String requestId) {
  public Consent {
    Objects.requireNonNull(requestId, "requestId");
  }
}
