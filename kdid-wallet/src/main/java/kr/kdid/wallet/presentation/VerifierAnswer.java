package kr.kdid.wallet.presentation;

import java.util.List;
import kr.kdid.credentials.events.EventCommitment;

/**
 * What the verifier answered to a presentation.
 *
 * @param verified whether it verified the presentation
 * @param code its error code when not verified ({@code kdid_result.error}, {@code kdid_error} or
 *     {@code error}), else null
 * @param description its explanation when not verified, else null
 * @param checks the checks it reports, as "name: status", in its order
 * @param event its verification event (with the salt), when verified and well-formed, else null
 * @param eventProblem why a handed-over event was not kept, or null
 * @param redirectUri where it asks the holder's browser to go, or null
 */
public record VerifierAnswer(
    boolean verified,
    String code,
    String description,
    List<String> checks,
    EventCommitment event,
    String eventProblem,
    String redirectUri) {
  public VerifierAnswer {
    checks = List.copyOf(checks);
  }
}
