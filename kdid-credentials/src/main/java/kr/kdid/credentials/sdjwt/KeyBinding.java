package kr.kdid.credentials.sdjwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.jose.JoseException;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.sdjwt.SdJwtException.Reason;

/**
 * Key Binding JWTs (RFC 9901 §4.3, §7.3 step 5): creation by the holder and verification by the
 * verifier. Stateless and thread-safe.
 *
 * <p>Time is always passed in; nothing here reads a clock. A KB-JWT is accepted when {@code now -
 * maxAge <= iat <= now + maxFutureSkew}; a present {@code exp} or {@code nbf} must also hold, with
 * {@code maxFutureSkew} as leeway.
 */
public final class KeyBinding {
  /** The {@code typ} of a KB-JWT. */
  public static final String TYP = "kb+jwt";

  /** Check name: a KB-JWT is present. */
  public static final String PRESENT = "kb_jwt";

  /** Check name: accepted algorithm, signature by the holder key, payload a JSON object. */
  public static final String SIGNATURE = "kb_jwt.signature";

  /** Check name: {@code typ} is {@code kb+jwt}. */
  public static final String TYPE = "kb_jwt.typ";

  /** Check name: {@code iat} within the window; {@code exp}/{@code nbf} if present. */
  public static final String TIME = "kb_jwt.iat";

  /** Check name: {@code aud} is one string equal to the expected audience. */
  public static final String AUDIENCE = "kb_jwt.aud";

  /** Check name: {@code nonce} equals the transaction's nonce. */
  public static final String NONCE = "kb_jwt.nonce";

  /** Check name: {@code sd_hash} matches the presented SD-JWT. */
  public static final String SD_HASH = "kb_jwt.sd_hash";

  private static final List<String> ORDER =
      List.of(PRESENT, SIGNATURE, TYPE, TIME, AUDIENCE, NONCE, SD_HASH);

  private KeyBinding() {}

  /**
   * The outcome of one KB-JWT check.
   *
   * @param name one of the check name constants of this class
   * @param skipped true if the check could not run because an earlier one failed
   * @param failure why the check failed, or null if it passed or was skipped
   */
  public record Outcome(String name, boolean skipped, SdJwtException failure) {
    public Outcome {
      Objects.requireNonNull(name, "name");
      if (skipped && failure != null) {
        throw new IllegalArgumentException("a skipped check has no failure");
      }
    }

    public boolean passed() {
      return !skipped && failure == null;
    }
  }

  /**
   * Creates the KB-JWT for a presentation: header {@code {"typ":"kb+jwt","alg":...}}, claims {@code
   * nonce}, {@code aud} (one string), {@code iat} (whole seconds) and {@code sd_hash} over exactly
   * {@link SdJwt#withoutKeyBinding()}. Append it with {@link SdJwt#withKeyBinding}.
   *
   * @param presentedWithoutKb the SD-JWT with the Disclosures being presented, without KB-JWT
   * @param holderKey the key in the credential's {@code cnf}
   * @throws IllegalArgumentException if the SD-JWT already has a KB-JWT, or its payload is not a
   *     JSON object with a supported {@code _sd_alg}
   * @throws NullPointerException if any argument is null
   */
  public static Jws create(
      SdJwt presentedWithoutKb, Signer holderKey, String audience, String nonce, Instant issuedAt) {
    Objects.requireNonNull(presentedWithoutKb, "presentedWithoutKb");
    Objects.requireNonNull(holderKey, "holderKey");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(issuedAt, "issuedAt");
    if (presentedWithoutKb.keyBinding() != null) {
      throw new IllegalArgumentException("the SD-JWT already carries a KB-JWT");
    }
    try {
      Digests.requireSha256(presentedWithoutKb.issuerJwt().payloadJson());
    } catch (JoseException | SdJwtException e) {
      throw new IllegalArgumentException("cannot bind this SD-JWT: " + e.getMessage(), e);
    }
    ObjectNode header = Json.object();
    header.put("typ", TYP);
    ObjectNode claims = Json.object();
    claims.put("nonce", nonce);
    claims.put("aud", audience);
    claims.put("iat", issuedAt.getEpochSecond());
    claims.put("sd_hash", Digests.of(presentedWithoutKb.withoutKeyBinding()));
    return Jws.sign(header, claims, holderKey);
  }

  /**
   * Verifies the KB-JWT of a presentation (RFC 9901 §7.3 step 5). The caller has already decided
   * that key binding is required and taken {@code holderKey} from the credential's {@code cnf}.
   *
   * @param expectedAudience this verifier's identifier as the protocol defines it
   * @param expectedNonce this transaction's nonce
   * @param now the current time
   * @param maxAge how far in the past {@code iat} may be
   * @param maxFutureSkew how far in the future {@code iat} may be (clock skew)
   * @throws SdJwtException the first failed check: KEY_BINDING_MISSING, UNSUPPORTED_ALGORITHM,
   *     KEY_BINDING_SIGNATURE, MALFORMED, KEY_BINDING_TYPE, KEY_BINDING_TIME, KEY_BINDING_AUDIENCE,
   *     KEY_BINDING_NONCE, UNSUPPORTED_HASH_ALGORITHM or KEY_BINDING_SD_HASH
   * @throws NullPointerException if any argument is null
   */
  public static void verify(
      SdJwt presentation,
      VerificationKey holderKey,
      String expectedAudience,
      String expectedNonce,
      Instant now,
      Duration maxAge,
      Duration maxFutureSkew)
      throws SdJwtException {
    for (Outcome o :
        evaluate(
            presentation, holderKey, expectedAudience, expectedNonce, now, maxAge, maxFutureSkew)) {
      if (o.failure() != null) {
        throw o.failure();
      }
    }
  }

  /**
   * Runs every KB-JWT check of {@link #verify} and reports each one, so a caller can show all
   * failures rather than the first. Checks after a failed {@link #PRESENT} or {@link #SIGNATURE}
   * are skipped: claims of a KB-JWT that does not verify mean nothing.
   *
   * @return one outcome per check name constant, in the order of the constants
   * @throws NullPointerException if any argument is null
   */
  public static List<Outcome> evaluate(
      SdJwt presentation,
      VerificationKey holderKey,
      String expectedAudience,
      String expectedNonce,
      Instant now,
      Duration maxAge,
      Duration maxFutureSkew) {
    return evaluate(
        presentation, null, holderKey, expectedAudience, expectedNonce, now, maxAge, maxFutureSkew);
  }

  /**
   * As {@link #evaluate(SdJwt, VerificationKey, String, String, Instant, Duration, Duration)}, for
   * a caller that has already parsed the Issuer-signed JWT's payload: saves parsing it again.
   *
   * @param issuerPayload the payload of {@code presentation.issuerJwt()}, parsed (only read), or
   *     null to parse it here
   */
  public static List<Outcome> evaluate(
      SdJwt presentation,
      ObjectNode issuerPayload,
      VerificationKey holderKey,
      String expectedAudience,
      String expectedNonce,
      Instant now,
      Duration maxAge,
      Duration maxFutureSkew) {
    Objects.requireNonNull(presentation, "presentation");
    Objects.requireNonNull(holderKey, "holderKey");
    Objects.requireNonNull(expectedAudience, "expectedAudience");
    Objects.requireNonNull(expectedNonce, "expectedNonce");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    List<Outcome> out = new ArrayList<>();
    Jws kb = presentation.keyBinding();
    if (kb == null) {
      out.add(fail(PRESENT, Reason.KEY_BINDING_MISSING, "the presentation has no KB-JWT"));
      skipRest(out, SIGNATURE);
      return out;
    }
    out.add(new Outcome(PRESENT, false, null));
    ObjectNode claims;
    try {
      claims = verifiedClaims(kb, holderKey);
      out.add(new Outcome(SIGNATURE, false, null));
    } catch (SdJwtException e) {
      out.add(new Outcome(SIGNATURE, false, e));
      skipRest(out, TYPE);
      return out;
    }
    out.add(
        JwtClaims.typeMatches(kb.typ(), TYP)
            ? new Outcome(TYPE, false, null)
            : fail(TYPE, Reason.KEY_BINDING_TYPE, "KB-JWT typ must be kb+jwt, got " + kb.typ()));
    out.add(checkTime(claims, now, maxAge, maxFutureSkew));
    JsonNode aud = claims.get("aud");
    out.add(
        aud != null && aud.isTextual() && aud.textValue().equals(expectedAudience)
            ? new Outcome(AUDIENCE, false, null)
            : fail(
                AUDIENCE,
                Reason.KEY_BINDING_AUDIENCE,
                aud == null || !aud.isTextual()
                    ? "KB-JWT aud must be a single string"
                    : "KB-JWT aud is not this verifier"));
    JsonNode nonce = claims.get("nonce");
    out.add(
        nonce != null && nonce.isTextual() && nonce.textValue().equals(expectedNonce)
            ? new Outcome(NONCE, false, null)
            : fail(
                NONCE,
                Reason.KEY_BINDING_NONCE,
                nonce == null || !nonce.isTextual()
                    ? "KB-JWT nonce must be a string"
                    : "KB-JWT nonce is not this transaction's nonce"));
    out.add(checkSdHash(presentation, issuerPayload, claims));
    return out;
  }

  private static ObjectNode verifiedClaims(Jws kb, VerificationKey holderKey)
      throws SdJwtException {
    try {
      kb.algorithm();
    } catch (JoseException e) {
      throw new SdJwtException(Reason.UNSUPPORTED_ALGORITHM, "KB-JWT: " + e.getMessage(), e);
    }
    if (kb.header().has("crit")) {
      throw new SdJwtException(Reason.MALFORMED, "KB-JWT: no \"crit\" extension is supported");
    }
    if (!kb.verify(holderKey)) {
      throw new SdJwtException(
          Reason.KEY_BINDING_SIGNATURE, "KB-JWT signature does not verify with the holder key");
    }
    try {
      return kb.payloadJson();
    } catch (JoseException e) {
      throw new SdJwtException(Reason.MALFORMED, "KB-JWT: " + e.getMessage(), e);
    }
  }

  private static Outcome checkTime(
      ObjectNode claims, Instant now, Duration maxAge, Duration maxFutureSkew) {
    Instant iat = JwtClaims.numericDate(claims.get("iat"));
    if (iat == null) {
      return fail(TIME, Reason.KEY_BINDING_TIME, "KB-JWT iat must be a NumericDate");
    }
    if (iat.isAfter(now.plus(maxFutureSkew))) {
      return fail(TIME, Reason.KEY_BINDING_TIME, "KB-JWT iat is in the future");
    }
    if (iat.isBefore(now.minus(maxAge))) {
      return fail(TIME, Reason.KEY_BINDING_TIME, "KB-JWT iat is older than " + maxAge);
    }
    if (claims.has("exp")) {
      Instant exp = JwtClaims.numericDate(claims.get("exp"));
      if (exp == null || !now.isBefore(exp.plus(maxFutureSkew))) {
        return fail(TIME, Reason.KEY_BINDING_TIME, "KB-JWT exp is invalid or has passed");
      }
    }
    if (claims.has("nbf")) {
      Instant nbf = JwtClaims.numericDate(claims.get("nbf"));
      if (nbf == null || now.isBefore(nbf.minus(maxFutureSkew))) {
        return fail(TIME, Reason.KEY_BINDING_TIME, "KB-JWT nbf is invalid or not reached");
      }
    }
    return new Outcome(TIME, false, null);
  }

  private static Outcome checkSdHash(
      SdJwt presentation, ObjectNode issuerPayload, ObjectNode claims) {
    try {
      Digests.requireSha256(
          issuerPayload != null ? issuerPayload : presentation.issuerJwt().payloadJson());
    } catch (JoseException e) {
      return fail(SD_HASH, Reason.MALFORMED, "Issuer-signed JWT: " + e.getMessage());
    } catch (SdJwtException e) {
      return new Outcome(SD_HASH, false, e);
    }
    JsonNode sdHash = claims.get("sd_hash");
    if (sdHash == null || !sdHash.isTextual()) {
      return fail(SD_HASH, Reason.KEY_BINDING_SD_HASH, "KB-JWT sd_hash must be a string");
    }
    if (!Digests.of(presentation.withoutKeyBinding()).equals(sdHash.textValue())) {
      return fail(
          SD_HASH,
          Reason.KEY_BINDING_SD_HASH,
          "KB-JWT sd_hash does not match the presented SD-JWT");
    }
    return new Outcome(SD_HASH, false, null);
  }

  private static Outcome fail(String name, Reason reason, String message) {
    return new Outcome(name, false, new SdJwtException(reason, message));
  }

  private static void skipRest(List<Outcome> out, String from) {
    boolean on = false;
    for (String name : ORDER) {
      on |= name.equals(from);
      if (on) {
        out.add(new Outcome(name, true, null));
      }
    }
  }
}
