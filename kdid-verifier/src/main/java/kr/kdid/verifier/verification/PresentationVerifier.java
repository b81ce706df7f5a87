package kr.kdid.verifier.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.credentials.catalog.CredentialType;
import kr.kdid.credentials.sdjwt.KeyBinding;
import kr.kdid.credentials.sdjwt.SdJwtException;
import kr.kdid.credentials.sdjwtvc.SdJwtVc;
import kr.kdid.credentials.sdjwtvc.SdJwtVcVerifier;
import kr.kdid.verifier.ErrorCode;
import kr.kdid.verifier.verification.LedgerIssuerTrust.KeyResolution;

/**
 * Verifies one SD-JWT VC presentation (SD-JWT+KB) against what a relying party asked for, and
 * reports every check with its own {@link ErrorCode}. The checks, by name, in order:
 *
 * <ol>
 *   <li>{@code parse}, {@code typ}: the compact serialization and {@code typ: dc+sd-jwt};
 *   <li>{@code issuer_key}: {@link LedgerIssuerTrust#credentialKey} (DID URL {@code kid},
 *       assertionMethod, issuer URL bound to the DID);
 *   <li>{@code issuer_signature};
 *   <li>{@code vct}: the plaintext {@code vct} is the requested type's;
 *   <li>{@code issuer_accreditation}: an active trust-registry record of the issuer for that type;
 *   <li>{@code disclosures}, {@code protected_claims}, {@code exp}, {@code nbf}: RFC 9901 §7.1 and
 *       SD-JWT VC §2.4 (by {@link SdJwtVcVerifier});
 *   <li>{@code holder_key} and the KB-JWT checks {@code kb_jwt}, {@code kb_jwt.signature}, {@code
 *       kb_jwt.typ}, {@code kb_jwt.iat}, {@code kb_jwt.aud}, {@code kb_jwt.nonce}, {@code
 *       kb_jwt.sd_hash}: key binding is always required, to this request's {@code client_id}
 *       (audience) and nonce;
 *   <li>{@code status}: only for an otherwise valid presentation (the status list is not read for a
 *       credential that is rejected anyway, draft-ietf-oauth-status-list §8.3);
 *   <li>{@code claims}: every requested claim was disclosed.
 * </ol>
 *
 * <p>A check whose prerequisite failed is SKIPPED. The report carries the requested claims, and
 * only those, when everything passed. This is the verifier SDK's core: no HTTP, no database.
 * Thread-safe; a ledger outage ({@link kr.kdid.ledger.client.LedgerClientException}) propagates.
 */
public final class PresentationVerifier {
  /** Check name: the credential's {@code vct} is the requested one. */
  public static final String VCT = "vct";

  /** Check name: the issuer is accredited for the credential's type. */
  public static final String ACCREDITATION = "issuer_accreditation";

  /** Check name: every requested claim was disclosed. */
  public static final String CLAIMS = "claims";

  /**
   * What the relying party asked for in one transaction.
   *
   * @param type the requested credential type
   * @param claims the requested top-level claims, all required
   * @param audience the expected KB-JWT {@code aud}: the full {@code client_id}
   * @param nonce the request's nonce
   */
  public record Expectation(
      CredentialType type, List<String> claims, String audience, String nonce) {
    public Expectation {
      Objects.requireNonNull(type, "type");
      claims = List.copyOf(claims);
      Objects.requireNonNull(audience, "audience");
      Objects.requireNonNull(nonce, "nonce");
    }
  }

  private final LedgerIssuerTrust trust;
  private final LedgerStatusLists status;
  private final Catalog catalog;
  private final Clock clock;
  private final Duration kbMaxAge;
  private final Duration clockSkew;

  /**
   * @param kbMaxAge how old a KB-JWT may be
   * @param clockSkew tolerance for the holder's and issuer's clocks ({@code iat}, {@code exp},
   *     {@code nbf})
   */
  public PresentationVerifier(
      LedgerIssuerTrust trust,
      LedgerStatusLists status,
      Catalog catalog,
      Clock clock,
      Duration kbMaxAge,
      Duration clockSkew) {
    this.trust = Objects.requireNonNull(trust, "trust");
    this.status = Objects.requireNonNull(status, "status");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.kbMaxAge = Objects.requireNonNull(kbMaxAge, "kbMaxAge");
    this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
  }

  /** Verifies a presentation; never throws for a bad presentation, only for internal faults. */
  public VerificationReport verify(String presentation, Expectation expected) {
    Objects.requireNonNull(expected, "expected");
    KeyResolution[] resolution = new KeyResolution[1];
    SdJwtVcVerifier sdJwtVc =
        new SdJwtVcVerifier(
            (iss, kid) -> {
              KeyResolution r = trust.credentialKey(iss, kid);
              resolution[0] = r;
              if (r instanceof KeyResolution.Trusted t) {
                return t.key();
              }
              throw new SdJwtException(
                  SdJwtException.Reason.ISSUER_KEY_UNRESOLVED,
                  ((KeyResolution.Untrusted) r).detail());
            });
    SdJwtVcVerifier.Result result =
        sdJwtVc.verify(
            presentation,
            SdJwtVcVerifier.Options.withKeyBinding(
                expected.audience(), expected.nonce(), clock.instant(), kbMaxAge, clockSkew));

    List<Check> checks = new ArrayList<>();
    ObjectNode plaintext = null;
    for (SdJwtVcVerifier.Check c : result.checks()) {
      if (c.name().equals(SdJwtVcVerifier.VCT)) {
        continue; // replaced by the stricter requested-type check below
      }
      checks.add(convert(c, resolution[0]));
      if (c.name().equals(SdJwtVcVerifier.ISSUER_SIGNATURE)) {
        plaintext = c.passed() ? result.signedClaims() : null;
        checks.addAll(typeChecks(plaintext, expected, resolution[0]));
      }
    }

    boolean allPassed = checks.stream().allMatch(Check::isPassed);
    if (allPassed && plaintext != null && resolution[0] instanceof KeyResolution.Trusted t) {
      checks.add(status.check(plaintext.get(SdJwtVc.STATUS), t.issuer()));
    } else {
      checks.add(Check.skipped(LedgerStatusLists.CHECK, "a valid credential"));
    }

    ObjectNode claims = null;
    if (result.payload() == null) {
      checks.add(Check.skipped(CLAIMS, "a verified presentation"));
    } else {
      List<String> missing = new ArrayList<>();
      claims = Json.object();
      for (String name : expected.claims()) {
        JsonNode v = result.payload().get(name);
        if (v == null) {
          missing.add(name);
        } else {
          claims.set(name, v);
        }
      }
      checks.add(
          missing.isEmpty()
              ? Check.passed(CLAIMS)
              : Check.failed(
                  CLAIMS,
                  ErrorCode.CLAIM_NOT_DISCLOSED,
                  "requested but not disclosed: " + missing));
    }
    boolean verified = checks.stream().allMatch(Check::isPassed);
    return new VerificationReport(checks, verified ? claims : null);
  }

  /** The {@code vct} and accreditation checks, right after the issuer signature. */
  private List<Check> typeChecks(
      ObjectNode plaintext, Expectation expected, KeyResolution resolution) {
    if (plaintext == null || !(resolution instanceof KeyResolution.Trusted t)) {
      return List.of(
          Check.skipped(VCT, SdJwtVcVerifier.ISSUER_SIGNATURE),
          Check.skipped(ACCREDITATION, SdJwtVcVerifier.ISSUER_SIGNATURE));
    }
    JsonNode vct = plaintext.get(SdJwtVc.VCT);
    if (vct == null || !vct.isTextual()) {
      return List.of(
          Check.failed(VCT, ErrorCode.VCT_MISMATCH, "the credential has no plaintext vct"),
          Check.skipped(ACCREDITATION, VCT));
    }
    Check vctCheck =
        vct.textValue().equals(expected.type().vct())
            ? Check.passed(VCT)
            : Check.failed(
                VCT,
                ErrorCode.VCT_MISMATCH,
                "requested " + expected.type().vct() + ", got " + vct.textValue());
    CredentialType type = catalog.byVct(vct.textValue()).orElse(null);
    if (type == null) {
      return List.of(vctCheck, Check.skipped(ACCREDITATION, "a vct of the catalog"));
    }
    Check accreditation =
        trust.accredited(t.issuer(), type.id())
            ? Check.passed(ACCREDITATION)
            : Check.failed(
                ACCREDITATION,
                ErrorCode.ISSUER_NOT_ACCREDITED,
                t.issuer() + " has no active accreditation for " + type.id());
    return List.of(vctCheck, accreditation);
  }

  private static Check convert(SdJwtVcVerifier.Check c, KeyResolution resolution) {
    return switch (c.status()) {
      case PASSED -> Check.passed(c.name());
      case SKIPPED -> new Check(c.name(), Check.Status.SKIPPED, null, c.detail());
      case FAILED -> Check.failed(c.name(), codeFor(c, resolution), c.detail());
    };
  }

  private static ErrorCode codeFor(SdJwtVcVerifier.Check c, KeyResolution resolution) {
    SdJwtException.Reason reason = c.reason();
    return switch (c.name()) {
      case SdJwtVcVerifier.PARSE -> ErrorCode.PRESENTATION_MALFORMED;
      case SdJwtVcVerifier.TYP -> ErrorCode.CREDENTIAL_TYP_INVALID;
      case SdJwtVcVerifier.ISSUER_KEY ->
          resolution instanceof KeyResolution.Untrusted u
              ? u.code()
              : reason == SdJwtException.Reason.MALFORMED
                  ? ErrorCode.PRESENTATION_MALFORMED
                  : ErrorCode.ISSUER_KEY_UNRESOLVABLE;
      case SdJwtVcVerifier.ISSUER_SIGNATURE -> ErrorCode.ISSUER_SIGNATURE_INVALID;
      case SdJwtVcVerifier.DISCLOSURES ->
          reason == SdJwtException.Reason.UNREFERENCED_DISCLOSURE
              ? ErrorCode.DISCLOSURE_UNREFERENCED
              : ErrorCode.DISCLOSURE_DIGEST_MISMATCH;
      case SdJwtVcVerifier.PROTECTED_CLAIMS -> ErrorCode.PROTECTED_CLAIM_DISCLOSED;
      case SdJwtVcVerifier.EXP ->
          reason == SdJwtException.Reason.EXPIRED
              ? ErrorCode.CREDENTIAL_EXPIRED
              : ErrorCode.CREDENTIAL_MALFORMED;
      case SdJwtVcVerifier.NBF ->
          reason == SdJwtException.Reason.NOT_YET_VALID
              ? ErrorCode.CREDENTIAL_NOT_YET_VALID
              : ErrorCode.CREDENTIAL_MALFORMED;
      case SdJwtVcVerifier.HOLDER_KEY -> ErrorCode.HOLDER_KEY_INVALID;
      case KeyBinding.PRESENT, SdJwtVcVerifier.NO_KEY_BINDING -> ErrorCode.KB_MISSING;
      case KeyBinding.SIGNATURE -> ErrorCode.KB_SIGNATURE_INVALID;
      case KeyBinding.TYPE -> ErrorCode.KB_TYP_INVALID;
      case KeyBinding.TIME -> ErrorCode.KB_IAT_OUT_OF_WINDOW;
      case KeyBinding.AUDIENCE -> ErrorCode.KB_AUDIENCE_MISMATCH;
      case KeyBinding.NONCE -> ErrorCode.KB_NONCE_MISMATCH;
      case KeyBinding.SD_HASH -> ErrorCode.KB_SD_HASH_MISMATCH;
      default -> ErrorCode.PRESENTATION_MALFORMED;
    };
  }
}
