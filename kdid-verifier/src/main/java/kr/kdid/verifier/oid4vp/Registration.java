package kr.kdid.verifier.oid4vp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kr.kdid.core.did.Did;
import kr.kdid.ledger.client.LedgerGateway;
import kr.kdid.ledger.state.RelyingPartyRecord;
import kr.kdid.verifier.ErrorCode;
import kr.kdid.verifier.VerifierException;
import kr.kdid.verifier.verification.Check;

/**
 * The verifier's own relying-party registration on the ledger: it may ask only for the claims the
 * governance authority registered it for, and only while active. Read from the ledger on every use,
 * so a suspension or narrowed registration takes effect at once.
 */
final class Registration {
  /** Check name in results. */
  static final String CHECK = "rp_registration";

  private final LedgerGateway ledger;
  private final Did did;

  Registration(LedgerGateway ledger, Did did) {
    this.ledger = ledger;
    this.did = did;
  }

  /**
   * Refuses a request the registration does not cover.
   *
   * @throws VerifierException RP_NOT_REGISTERED or CLAIMS_NOT_REGISTERED
   */
  void requireCovers(String credentialType, List<String> claims) {
    Optional<RelyingPartyRecord> rp = ledger.relyingParty(did);
    if (rp.isEmpty()) {
      throw new VerifierException(
          ErrorCode.RP_NOT_REGISTERED,
          did + " has no relying-party registration on the ledger; ask the governance authority");
    }
    if (!rp.get().isActive()) {
      throw new VerifierException(
          ErrorCode.CLAIMS_NOT_REGISTERED, "the relying-party registration is suspended");
    }
    List<String> uncovered = uncovered(rp.get(), credentialType, claims);
    if (!uncovered.isEmpty()) {
      throw new VerifierException(
          ErrorCode.CLAIMS_NOT_REGISTERED,
          "the registration does not allow requesting " + uncovered + " of " + credentialType);
    }
  }

  /** The answer-time re-check, as a result check. */
  Check check(String credentialType, List<String> claims) {
    Optional<RelyingPartyRecord> rp = ledger.relyingParty(did);
    if (rp.isEmpty()) {
      return Check.failed(
          CHECK, ErrorCode.RP_NOT_REGISTERED_FOR_CLAIM, "the verifier is no longer registered");
    }
    if (!rp.get().isActive()) {
      return Check.failed(
          CHECK, ErrorCode.RP_NOT_REGISTERED_FOR_CLAIM, "the verifier's registration is suspended");
    }
    List<String> uncovered = uncovered(rp.get(), credentialType, claims);
    return uncovered.isEmpty()
        ? Check.passed(CHECK)
        : Check.failed(
            CHECK,
            ErrorCode.RP_NOT_REGISTERED_FOR_CLAIM,
            "the registration no longer allows " + uncovered);
  }

  private static List<String> uncovered(
      RelyingPartyRecord rp, String credentialType, List<String> claims) {
    List<String> out = new ArrayList<>();
    for (String c : claims) {
      if (!rp.mayRequest(credentialType, c)) {
        out.add(c);
      }
    }
    return out;
  }
}
