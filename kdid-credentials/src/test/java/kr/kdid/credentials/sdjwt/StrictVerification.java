package kr.kdid.credentials.sdjwt;

import java.time.Duration;
import java.time.Instant;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.jose.JoseException;
import kr.kdid.credentials.sdjwt.SdJwtException.Reason;

/**
 * A plain SD-JWT verifier for tests (no profile): RFC 9901 §7.1 with a fixed issuer key, then §7.3
 * with the {@code cnf.jwk} key when an audience is given.
 */
final class StrictVerification {
  static final Duration MAX_AGE = Duration.ofMinutes(5);
  static final Duration SKEW = Duration.ofSeconds(30);

  private StrictVerification() {}

  /** Verifies without key binding (the serialization must end with "~"). */
  static SdJwtProcessor.Processed verify(String compact, VerificationKey issuerKey)
      throws SdJwtException {
    SdJwt sdJwt = SdJwt.parse(compact);
    if (sdJwt.keyBinding() != null) {
      throw new SdJwtException(Reason.KEY_BINDING_UNEXPECTED, "KB-JWT not expected");
    }
    checkIssuerSignature(sdJwt, issuerKey);
    return SdJwtProcessor.process(sdJwt);
  }

  /** Verifies with key binding required. */
  static SdJwtProcessor.Processed verify(
      String compact, VerificationKey issuerKey, String audience, String nonce, Instant now)
      throws SdJwtException {
    SdJwt sdJwt = SdJwt.parse(compact);
    if (sdJwt.keyBinding() == null) {
      throw new SdJwtException(Reason.KEY_BINDING_MISSING, "KB-JWT required");
    }
    checkIssuerSignature(sdJwt, issuerKey);
    SdJwtProcessor.Processed processed = SdJwtProcessor.process(sdJwt);
    VerificationKey holder =
        VerificationKey.fromJwk(Jwk.fromJson(processed.payload().path("cnf").path("jwk")));
    KeyBinding.verify(sdJwt, holder, audience, nonce, now, MAX_AGE, SKEW);
    return processed;
  }

  static void checkIssuerSignature(SdJwt sdJwt, VerificationKey issuerKey) throws SdJwtException {
    try {
      sdJwt.issuerJwt().algorithm();
    } catch (JoseException e) {
      throw new SdJwtException(Reason.UNSUPPORTED_ALGORITHM, e.getMessage());
    }
    if (!sdJwt.issuerJwt().verify(issuerKey)) {
      throw new SdJwtException(Reason.ISSUER_SIGNATURE, "bad issuer signature");
    }
  }

  /** True if the presentation verifies against the RFC 9901 §5.2 expectations at {@code now}. */
  static boolean verifyQuietly(String compact, Instant now) {
    try {
      verify(compact, TestKeys.ISSUER, RfcVectorsTest.RFC_AUD, RfcVectorsTest.NONCE, now);
      return true;
    } catch (SdJwtException e) {
      return false;
    }
  }
}
