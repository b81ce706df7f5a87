package kr.kdid.credentials.sdjwtvc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.jose.JoseException;
import kr.kdid.core.jose.Jws;
import kr.kdid.credentials.sdjwt.JwtClaims;
import kr.kdid.credentials.sdjwt.KeyBinding;
import kr.kdid.credentials.sdjwt.SdJwt;
import kr.kdid.credentials.sdjwt.SdJwtException;
import kr.kdid.credentials.sdjwt.SdJwtException.Reason;
import kr.kdid.credentials.sdjwt.SdJwtProcessor;

/**
 * Verifies an SD-JWT VC presentation (draft-ietf-oauth-sd-jwt-vc §2.4, RFC 9901 §7.1 and §7.3) and
 * reports <em>every</em> check, so a verifier can show all that is wrong rather than the first
 * problem. The checks, by {@link Check#name()}, in order:
 *
 * <ol>
 *   <li>{@value #PARSE}: the RFC 9901 §4 grammar;
 *   <li>{@value #TYP}: header {@code typ} is {@code dc+sd-jwt} ({@code vc+sd-jwt} only if {@link
 *       Options#acceptLegacyVcTyp()});
 *   <li>{@value #ISSUER_KEY}: the {@link IssuerKeyResolver} finds the key for the plaintext {@code
 *       iss} and the header {@code kid};
 *   <li>{@value #ISSUER_SIGNATURE}: accepted algorithm and a valid signature;
 *   <li>{@value #DISCLOSURES}: RFC 9901 §7.1 steps 2.d to 5 ({@link SdJwtProcessor});
 *   <li>{@value #PROTECTED_CLAIMS}: none of {@link SdJwtVc#NEVER_DISCLOSABLE} nor their sub-claims
 *       came from a Disclosure;
 *   <li>{@value #VCT}: {@code vct} is a non-empty string;
 *   <li>{@value #EXP} and {@value #NBF}: if present, NumericDates that hold at {@link
 *       Options#now()} within {@link Options#clockSkew()};
 *   <li>with key binding required: {@value #HOLDER_KEY} ({@code cnf.jwk} is a valid key) and the
 *       {@link KeyBinding} checks ({@code kb_jwt}, {@code kb_jwt.signature}, {@code kb_jwt.typ},
 *       {@code kb_jwt.iat}, {@code kb_jwt.aud}, {@code kb_jwt.nonce}, {@code kb_jwt.sd_hash});
 *       without: {@value #NO_KEY_BINDING} (the presentation ends with "~", RFC 9901 §4).
 * </ol>
 *
 * <p>A check whose prerequisite failed is {@link Status#SKIPPED}. The claims checks need a valid
 * issuer signature and successful Disclosure processing: claims of an unauthenticated or malformed
 * credential are not evaluated.
 *
 * <p>Failures are results, never exceptions. A {@link RuntimeException} from the resolver (for
 * example, the ledger is unreachable) is an internal fault and propagates. Whether key binding is
 * required is the caller's policy and never depends on the presentation (RFC 9901 §7.3 step 1).
 * Status lists and Type Metadata are not checked here.
 *
 * <p>Thread-safe if the resolver is.
 */
public final class SdJwtVcVerifier {
  /** Check name: the compact serialization parses. */
  public static final String PARSE = "parse";

  /** Check name: the Issuer-signed JWT's {@code typ}. */
  public static final String TYP = "typ";

  /** Check name: the issuer's key was resolved. */
  public static final String ISSUER_KEY = "issuer_key";

  /** Check name: the Issuer-signed JWT's algorithm and signature. */
  public static final String ISSUER_SIGNATURE = "issuer_signature";

  /** Check name: RFC 9901 §7.1 Disclosure processing. */
  public static final String DISCLOSURES = "disclosures";

  /** Check name: no never-disclosable claim came from a Disclosure. */
  public static final String PROTECTED_CLAIMS = "protected_claims";

  /** Check name: {@code vct}. */
  public static final String VCT = "vct";

  /** Check name: {@code exp}. */
  public static final String EXP = "exp";

  /** Check name: {@code nbf}. */
  public static final String NBF = "nbf";

  /** Check name: {@code cnf.jwk}, when key binding is required. */
  public static final String HOLDER_KEY = "holder_key";

  /** Check name: no KB-JWT, when key binding is not required. */
  public static final String NO_KEY_BINDING = "no_key_binding";

  /**
   * Finds the issuer's verification key. K-DID resolves {@code iss} as a did:kdid on the ledger and
   * {@code kid} as one of its DID URLs authorized for assertion; the mechanism must be bound to the
   * issuer by configuration, never chosen by the token (SD-JWT VC §7.3).
   */
  @FunctionalInterface
  public interface IssuerKeyResolver {
    /**
     * @param iss the plaintext {@code iss} claim of the Issuer-signed JWT, not null
     * @param kid the header {@code kid}, or null if absent
     * @return the issuer's key; null means none was found (ISSUER_KEY_UNRESOLVED)
     * @throws SdJwtException to reject with a reason of the resolver's choice
     */
    VerificationKey resolve(String iss, String kid) throws SdJwtException;
  }

  /**
   * The verifier's policy for one verification.
   *
   * @param requireKeyBinding whether a KB-JWT is required (the use case's policy)
   * @param audience the expected KB-JWT {@code aud}; required if key binding is
   * @param nonce the expected KB-JWT {@code nonce}; required if key binding is
   * @param now the current time, from the caller's clock
   * @param kbMaxAge how old a KB-JWT's {@code iat} may be
   * @param clockSkew tolerance for {@code exp}, {@code nbf} and a future KB-JWT {@code iat}
   * @param acceptLegacyVcTyp whether to accept {@code typ: vc+sd-jwt} (off by default in K-DID)
   */
  public record Options(
      boolean requireKeyBinding,
      String audience,
      String nonce,
      Instant now,
      Duration kbMaxAge,
      Duration clockSkew,
      boolean acceptLegacyVcTyp) {

    /**
     * @throws NullPointerException if {@code now}, {@code kbMaxAge} or {@code clockSkew} is null,
     *     or key binding is required and {@code audience} or {@code nonce} is null
     * @throws IllegalArgumentException if a duration is negative
     */
    public Options {
      Objects.requireNonNull(now, "now");
      Objects.requireNonNull(kbMaxAge, "kbMaxAge");
      Objects.requireNonNull(clockSkew, "clockSkew");
      if (kbMaxAge.isNegative() || clockSkew.isNegative()) {
        throw new IllegalArgumentException("durations must not be negative");
      }
      if (requireKeyBinding) {
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(nonce, "nonce");
      }
    }

    /** Key binding required, {@code dc+sd-jwt} only. */
    public static Options withKeyBinding(
        String audience, String nonce, Instant now, Duration kbMaxAge, Duration clockSkew) {
      return new Options(true, audience, nonce, now, kbMaxAge, clockSkew, false);
    }

    /** No key binding (the presentation must end with "~"), {@code dc+sd-jwt} only. */
    public static Options withoutKeyBinding(Instant now, Duration clockSkew) {
      return new Options(false, null, null, now, Duration.ZERO, clockSkew, false);
    }
  }

  /** The outcome of a check. */
  public enum Status {
    PASSED,
    FAILED,
    /** Not run because a check it depends on failed. */
    SKIPPED
  }

  /**
   * One check.
   *
   * @param name the check name (a constant of this class or of {@link KeyBinding})
   * @param status the outcome
   * @param reason why it failed; null unless {@code status} is FAILED
   * @param detail a description for logs and reports, never a claim value; null if passed
   */
  public record Check(String name, Status status, Reason reason, String detail) {
    public Check {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(status, "status");
      if ((status == Status.FAILED) != (reason != null)) {
        throw new IllegalArgumentException("a reason is given exactly for failed checks");
      }
    }

    public boolean passed() {
      return status == Status.PASSED;
    }

    static Check pass(String name) {
      return new Check(name, Status.PASSED, null, null);
    }

    static Check fail(String name, SdJwtException e) {
      return new Check(name, Status.FAILED, e.reason(), e.getMessage());
    }

    static Check fail(String name, Reason reason, String detail) {
      return new Check(name, Status.FAILED, reason, detail);
    }

    static Check skip(String name, String prerequisite) {
      return new Check(name, Status.SKIPPED, null, "requires " + prerequisite);
    }
  }

  /**
   * The verification result.
   *
   * @param checks every check in the order run; unmodifiable
   * @param payload the processed payload if {@link #ok()}, else null; a fresh tree the caller owns
   * @param signedClaims the Issuer-signed JWT's payload as the issuer signed it (its plaintext
   *     claims, before any Disclosure) if the issuer's signature verified, whatever the other
   *     checks gave; else null. A tree the caller owns.
   */
  public record Result(List<Check> checks, ObjectNode payload, ObjectNode signedClaims) {
    public Result {
      checks = List.copyOf(checks);
    }

    /** A result without the signed claims. */
    public Result(List<Check> checks, ObjectNode payload) {
      this(checks, payload, null);
    }

    /** True if every check passed. */
    public boolean ok() {
      return !checks.isEmpty() && checks.stream().allMatch(Check::passed);
    }

    /** The first failed check, if any. */
    public Optional<Check> firstFailure() {
      return checks.stream().filter(c -> c.status() == Status.FAILED).findFirst();
    }

    /** The check with that name, if it was reported. */
    public Optional<Check> check(String name) {
      return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }
  }

  private final IssuerKeyResolver resolver;

  /** A verifier that trusts the keys {@code resolver} returns. */
  public SdJwtVcVerifier(IssuerKeyResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * Verifies a presentation (or an issued credential, with key binding not required).
   *
   * @param serialized the compact SD-JWT or SD-JWT+KB, without whitespace
   * @throws NullPointerException if {@code options} is null
   */
  public Result verify(String serialized, Options options) {
    Objects.requireNonNull(options, "options");
    List<Check> checks = new ArrayList<>();

    SdJwt sdJwt;
    try {
      sdJwt = SdJwt.parse(serialized);
      checks.add(Check.pass(PARSE));
    } catch (SdJwtException e) {
      checks.add(Check.fail(PARSE, e));
      for (String name : laterChecks(options)) {
        checks.add(Check.skip(name, PARSE));
      }
      return new Result(checks, null);
    }
    Jws jwt = sdJwt.issuerJwt();
    // The Issuer-signed JWT's payload, parsed once for every check that reads it.
    ObjectNode signedClaims = null;
    JoseException payloadError = null;
    try {
      signedClaims = jwt.payloadJson();
    } catch (JoseException e) {
      payloadError = e;
    }

    boolean typOk =
        JwtClaims.typeMatches(jwt.typ(), SdJwtVc.TYP)
            || (options.acceptLegacyVcTyp()
                && JwtClaims.typeMatches(jwt.typ(), SdJwtVc.LEGACY_TYP));
    checks.add(
        typOk
            ? Check.pass(TYP)
            : Check.fail(
                TYP, Reason.ISSUER_JWT_TYPE, "typ must be " + SdJwtVc.TYP + ", got " + jwt.typ()));

    VerificationKey issuerKey = null;
    try {
      issuerKey = resolveIssuerKey(jwt, signedClaims, payloadError);
      checks.add(Check.pass(ISSUER_KEY));
    } catch (SdJwtException e) {
      checks.add(Check.fail(ISSUER_KEY, e));
    }

    boolean signatureOk = false;
    if (issuerKey == null) {
      checks.add(Check.skip(ISSUER_SIGNATURE, ISSUER_KEY));
    } else {
      try {
        verifyIssuerSignature(jwt, issuerKey);
        checks.add(Check.pass(ISSUER_SIGNATURE));
        signatureOk = true;
      } catch (SdJwtException e) {
        checks.add(Check.fail(ISSUER_SIGNATURE, e));
      }
    }

    SdJwtProcessor.Processed processed = null;
    try {
      // The processor changes the tree it is given; the signed claims stay as they were.
      processed =
          signedClaims != null
              ? SdJwtProcessor.process(sdJwt, signedClaims.deepCopy())
              : SdJwtProcessor.process(sdJwt);
      checks.add(Check.pass(DISCLOSURES));
    } catch (SdJwtException e) {
      checks.add(Check.fail(DISCLOSURES, e));
    }

    if (!signatureOk || processed == null) {
      String prerequisite = !signatureOk ? ISSUER_SIGNATURE : DISCLOSURES;
      for (String name : claimChecks(options)) {
        checks.add(Check.skip(name, prerequisite));
      }
      return new Result(checks, null, signatureOk ? signedClaims : null);
    }
    ObjectNode payload = processed.payload();

    checks.add(checkProtectedClaims(processed));
    checks.add(checkVct(payload));
    checks.add(checkExp(payload, options));
    checks.add(checkNbf(payload, options));

    if (options.requireKeyBinding()) {
      VerificationKey holderKey = null;
      try {
        holderKey = holderKey(payload);
        checks.add(Check.pass(HOLDER_KEY));
      } catch (SdJwtException e) {
        checks.add(Check.fail(HOLDER_KEY, e));
      }
      if (holderKey == null) {
        for (String name : KEY_BINDING_CHECKS) {
          checks.add(Check.skip(name, HOLDER_KEY));
        }
      } else {
        for (KeyBinding.Outcome o :
            KeyBinding.evaluate(
                sdJwt,
                signedClaims,
                holderKey,
                options.audience(),
                options.nonce(),
                options.now(),
                options.kbMaxAge(),
                options.clockSkew())) {
          checks.add(
              o.skipped()
                  ? new Check(o.name(), Status.SKIPPED, null, "requires the earlier KB-JWT checks")
                  : o.failure() != null ? Check.fail(o.name(), o.failure()) : Check.pass(o.name()));
        }
      }
    } else {
      checks.add(
          sdJwt.keyBinding() == null
              ? Check.pass(NO_KEY_BINDING)
              : Check.fail(
                  NO_KEY_BINDING,
                  Reason.KEY_BINDING_UNEXPECTED,
                  "a KB-JWT is present but this verifier expects an SD-JWT without one"));
    }
    Result result = new Result(checks, payload, signedClaims);
    return result.ok() ? result : new Result(checks, null, signedClaims);
  }

  private static final List<String> KEY_BINDING_CHECKS =
      List.of(
          KeyBinding.PRESENT,
          KeyBinding.SIGNATURE,
          KeyBinding.TYPE,
          KeyBinding.TIME,
          KeyBinding.AUDIENCE,
          KeyBinding.NONCE,
          KeyBinding.SD_HASH);

  private static List<String> claimChecks(Options options) {
    List<String> names = new ArrayList<>(List.of(PROTECTED_CLAIMS, VCT, EXP, NBF));
    if (options.requireKeyBinding()) {
      names.add(HOLDER_KEY);
      names.addAll(KEY_BINDING_CHECKS);
    } else {
      names.add(NO_KEY_BINDING);
    }
    return names;
  }

  private static List<String> laterChecks(Options options) {
    List<String> names = new ArrayList<>(List.of(TYP, ISSUER_KEY, ISSUER_SIGNATURE, DISCLOSURES));
    names.addAll(claimChecks(options));
    return names;
  }

  private VerificationKey resolveIssuerKey(
      Jws jwt, ObjectNode signedClaims, JoseException payloadError) throws SdJwtException {
    if (signedClaims == null) {
      throw new SdJwtException(
          Reason.MALFORMED, "Issuer-signed JWT: " + payloadError.getMessage(), payloadError);
    }
    JsonNode iss = signedClaims.get(SdJwtVc.ISS);
    if (iss == null || !iss.isTextual() || iss.textValue().isEmpty()) {
      throw new SdJwtException(
          Reason.ISSUER_KEY_UNRESOLVED, "no plaintext iss claim to resolve the issuer key from");
    }
    VerificationKey key = resolver.resolve(iss.textValue(), jwt.kid());
    if (key == null) {
      throw new SdJwtException(Reason.ISSUER_KEY_UNRESOLVED, "no key found for the issuer and kid");
    }
    return key;
  }

  private static void verifyIssuerSignature(Jws jwt, VerificationKey key) throws SdJwtException {
    try {
      jwt.algorithm();
    } catch (JoseException e) {
      throw new SdJwtException(Reason.UNSUPPORTED_ALGORITHM, e.getMessage(), e);
    }
    if (jwt.header().has("crit")) {
      throw new SdJwtException(Reason.MALFORMED, "no \"crit\" header extension is supported");
    }
    if (!jwt.verify(key)) {
      throw new SdJwtException(
          Reason.ISSUER_SIGNATURE, "the signature does not verify with the issuer key");
    }
  }

  private static Check checkProtectedClaims(SdJwtProcessor.Processed processed) {
    for (String name : SdJwtVc.NEVER_DISCLOSABLE) {
      String pointer = "/" + name.replace("~", "~0").replace("/", "~1");
      if (processed.isDisclosedAtOrBelow(pointer)) {
        return Check.fail(
            PROTECTED_CLAIMS,
            Reason.PROTECTED_CLAIM_DISCLOSED,
            "\"" + name + "\" (or a sub-claim) came from a Disclosure");
      }
    }
    return Check.pass(PROTECTED_CLAIMS);
  }

  private static Check checkVct(ObjectNode payload) {
    JsonNode vct = payload.get(SdJwtVc.VCT);
    if (vct == null) {
      return Check.fail(VCT, Reason.CLAIM_MISSING, "vct is missing");
    }
    if (!vct.isTextual() || vct.textValue().isEmpty()) {
      return Check.fail(VCT, Reason.CLAIM_INVALID, "vct must be a non-empty string");
    }
    return Check.pass(VCT);
  }

  private static Check checkExp(ObjectNode payload, Options options) {
    if (!payload.has(SdJwtVc.EXP)) {
      return Check.pass(EXP);
    }
    Instant exp = JwtClaims.numericDate(payload.get(SdJwtVc.EXP));
    if (exp == null) {
      return Check.fail(EXP, Reason.CLAIM_INVALID, "exp must be a NumericDate");
    }
    if (!options.now().isBefore(exp.plus(options.clockSkew()))) {
      return Check.fail(EXP, Reason.EXPIRED, "the credential expired at " + exp);
    }
    return Check.pass(EXP);
  }

  private static Check checkNbf(ObjectNode payload, Options options) {
    if (!payload.has(SdJwtVc.NBF)) {
      return Check.pass(NBF);
    }
    Instant nbf = JwtClaims.numericDate(payload.get(SdJwtVc.NBF));
    if (nbf == null) {
      return Check.fail(NBF, Reason.CLAIM_INVALID, "nbf must be a NumericDate");
    }
    if (options.now().isBefore(nbf.minus(options.clockSkew()))) {
      return Check.fail(NBF, Reason.NOT_YET_VALID, "the credential is not valid before " + nbf);
    }
    return Check.pass(NBF);
  }

  private static VerificationKey holderKey(ObjectNode payload) throws SdJwtException {
    JsonNode jwk = payload.path(SdJwtVc.CNF).get("jwk");
    if (jwk == null) {
      throw new SdJwtException(Reason.HOLDER_KEY_MISSING, "the credential has no cnf.jwk");
    }
    try {
      Jwk parsed = Jwk.fromJson(jwk);
      if (parsed.isPrivate()) {
        throw new SdJwtException(Reason.HOLDER_KEY_INVALID, "cnf.jwk holds a private key");
      }
      // Not KeyCache: holder keys are one-off (a fresh key per credential) and would evict the
      // issuer keys that benefit from caching.
      return VerificationKey.fromJwk(parsed);
    } catch (IllegalArgumentException e) {
      throw new SdJwtException(
          Reason.HOLDER_KEY_INVALID, "cnf.jwk is not a supported public key: " + e.getMessage(), e);
    }
  }
}
