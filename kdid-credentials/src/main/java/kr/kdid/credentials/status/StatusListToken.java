package kr.kdid.credentials.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.jose.JoseException;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.status.StatusException.Reason;

/**
 * Status List Tokens in JWT form (draft-ietf-oauth-status-list §5.1): signing for the Status
 * Issuer, verification and status lookup for Relying Parties (§8.3). Stateless and thread-safe.
 *
 * <p>A verifier first validates the Referenced Token itself (signature, expiry, ...), and only then
 * reads its {@link StatusReference}, obtains the Status List Token for {@code uri} (see {@link
 * StatusListCache}), {@link #verify verifies} it with a key trusted for the credential's issuer,
 * and calls {@link #statusOf}. Any {@link StatusException} means no statement about the status can
 * be made: reject the Referenced Token.
 */
public final class StatusListToken {
  /** The JWT {@code typ} of a Status List Token. */
  public static final String TYP = "statuslist+jwt";

  /** The media type of a Status List Token in JWT form (HTTP {@code Content-Type}). */
  public static final String MEDIA_TYPE = "application/" + TYP;

  /**
   * Default bound on a decompressed list: 4 MiB, the largest list the K-DID ledger holds (2^22
   * entries of 8 bits).
   */
  public static final int DEFAULT_MAX_BYTES = 1 << 22;

  /**
   * Largest absolute value accepted for a NumericDate or {@code ttl}, in seconds (about 317,000
   * years), so that time arithmetic can never overflow.
   */
  public static final long MAX_SECONDS = 10_000_000_000_000L;

  private StatusListToken() {}

  /**
   * A verified Status List Token.
   *
   * @param list the decoded list, read-only (safe to share between threads)
   * @param issuedAt {@code iat}
   * @param expires {@code exp}, or null if absent
   * @param ttl {@code ttl}, or null if absent (positive; at most {@link #MAX_SECONDS} seconds)
   * @param issuer {@code iss}, or null if absent
   * @param uri {@code sub}, equal to the URI the token was verified against
   */
  public record Verified(
      StatusList list, Instant issuedAt, Instant expires, Duration ttl, String issuer, String uri) {
    public Verified {
      Objects.requireNonNull(list, "list");
      Objects.requireNonNull(issuedAt, "issuedAt");
      Objects.requireNonNull(uri, "uri");
      list = list.readOnlyCopy();
    }

    /** True if the token has an {@code exp} and {@code now} is not before it. */
    public boolean isExpiredAt(Instant now) {
      return expires != null && !now.isBefore(expires);
    }
  }

  /**
   * Signs a Status List Token with header {@code {"typ":"statuslist+jwt","kid":..,"alg":..}} and
   * claims {@code iss} (optional), {@code sub}, {@code iat}, {@code exp} (optional), {@code ttl}
   * (optional) and {@code status_list {bits, lst}}. Times are written as whole seconds (truncated).
   *
   * <p>Both {@code exp} and {@code ttl} are RECOMMENDED (§13.7): {@code exp} bounds how long a
   * verifier may rely on this snapshot, {@code ttl} how long it caches before refetching.
   *
   * @param list the list to publish (not modified)
   * @param uri the Status List Token's URI; becomes {@code sub} and must be exactly the {@code uri}
   *     in the Referenced Tokens
   * @param issuedAt {@code iat}
   * @param expires {@code exp}, or null; must be after {@code issuedAt}
   * @param ttl {@code ttl}, or null; at least one second
   * @param issuer {@code iss}, or null
   * @param key the Status Issuer's signing key
   * @param kid the header {@code kid}, or null
   * @throws IllegalArgumentException if {@code uri} is not absolute, {@code expires} is not after
   *     {@code issuedAt}, or {@code ttl} is shorter than a second
   */
  public static Jws sign(
      StatusList list,
      String uri,
      Instant issuedAt,
      Instant expires,
      Duration ttl,
      String issuer,
      Signer key,
      String kid) {
    Objects.requireNonNull(list, "list");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(key, "key");
    if (!StatusReference.isAbsoluteUri(uri)) {
      throw new IllegalArgumentException("uri must be an absolute URI: " + uri);
    }
    long iat = issuedAt.getEpochSecond();
    if (expires != null && expires.getEpochSecond() <= iat) {
      throw new IllegalArgumentException("exp must be after iat");
    }
    if (ttl != null && ttl.getSeconds() < 1) {
      throw new IllegalArgumentException("ttl must be at least one second");
    }
    ObjectNode header = Json.object();
    header.put("typ", TYP);
    if (kid != null) {
      header.put("kid", kid);
    }
    ObjectNode claims = Json.object();
    if (issuer != null) {
      claims.put("iss", issuer);
    }
    claims.put("sub", uri);
    claims.put("iat", iat);
    if (expires != null) {
      claims.put("exp", expires.getEpochSecond());
    }
    if (ttl != null) {
      claims.put("ttl", ttl.getSeconds());
    }
    ObjectNode statusList = claims.putObject("status_list");
    statusList.put("bits", list.bits());
    statusList.put("lst", list.encodedLst());
    return Jws.sign(header, claims, key);
  }

  /**
   * Verifies a Status List Token in compact JWS form against a key the caller trusts for it. In
   * order: the form, {@code typ} (case-insensitive, with or without the {@code application/}
   * prefix, RFC 7515 §4.1.9), no {@code crit}, {@code alg} and signature, then the claims: {@code
   * sub} equals {@code expectedUri} exactly (no normalisation), {@code iat} present and not after
   * {@code now + clockSkew}, {@code nbf} (if present) not after {@code now + clockSkew}, {@code
   * exp} (if present) after {@code iat} and strictly after {@code now} (no skew: an expired list is
   * never relied on), {@code ttl} (if present) a positive number, {@code iss} (if present) a
   * string, and {@code status_list} with supported {@code bits} and an {@code lst} that decodes
   * within {@code maxBytes}. Other claims are ignored.
   *
   * @param jwt the compact JWS
   * @param key the key trusted to sign Status List Tokens for {@code expectedUri}
   * @param expectedUri the {@code uri} of the Referenced Token's {@code status_list}
   * @param now the current time
   * @param clockSkew tolerance for the Status Issuer's clock running ahead (non-negative)
   * @param maxBytes bound on the decompressed list, e.g. {@link #DEFAULT_MAX_BYTES}
   * @throws StatusException with the first failing check's reason
   * @throws IllegalArgumentException if {@code clockSkew} is negative or {@code maxBytes} is not in
   *     {@code [1, StatusList.MAX_BYTES]}
   */
  public static Verified verify(
      String jwt,
      VerificationKey key,
      String expectedUri,
      Instant now,
      Duration clockSkew,
      int maxBytes)
      throws StatusException {
    return verify(parse(jwt), key, expectedUri, now, clockSkew, maxBytes);
  }

  /** Parses a compact JWS, failing with MALFORMED. */
  static Jws parse(String jwt) throws StatusException {
    try {
      return Jws.parse(jwt);
    } catch (JoseException e) {
      throw new StatusException(Reason.MALFORMED, e.getMessage(), e);
    }
  }

  /** {@link #verify(String, VerificationKey, String, Instant, Duration, int)} of a parsed JWS. */
  static Verified verify(
      Jws jws,
      VerificationKey key,
      String expectedUri,
      Instant now,
      Duration clockSkew,
      int maxBytes)
      throws StatusException {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(expectedUri, "expectedUri");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(clockSkew, "clockSkew");
    if (clockSkew.isNegative()) {
      throw new IllegalArgumentException("clockSkew must not be negative");
    }
    if (maxBytes <= 0 || maxBytes > StatusList.MAX_BYTES) {
      throw new IllegalArgumentException("maxBytes must be 1 to " + StatusList.MAX_BYTES);
    }
    checkHeader(jws);
    SignatureAlgorithm alg;
    try {
      alg = jws.algorithm();
    } catch (JoseException e) {
      throw new StatusException(Reason.UNSUPPORTED_ALGORITHM, e.getMessage(), e);
    }
    if (alg != key.algorithm()) {
      throw new StatusException(
          Reason.SIGNATURE, "alg " + alg.jwsName() + " does not match the key's algorithm");
    }
    if (!jws.verify(key)) {
      throw new StatusException(Reason.SIGNATURE, "the signature does not verify");
    }
    ObjectNode claims;
    try {
      claims = jws.payloadJson();
    } catch (JoseException e) {
      throw new StatusException(Reason.MALFORMED, e.getMessage(), e);
    }

    String sub = requiredText(claims, "sub");
    if (!sub.equals(expectedUri)) {
      throw new StatusException(
          Reason.SUBJECT_MISMATCH, "sub \"" + sub + "\" is not \"" + expectedUri + "\"");
    }
    Instant latest = now.plus(clockSkew);
    Instant iat = numericDate(claims, "iat");
    if (iat == null) {
      throw new StatusException(Reason.MISSING_CLAIM, "the token has no iat");
    }
    if (iat.isAfter(latest)) {
      throw new StatusException(Reason.ISSUED_IN_FUTURE, "iat " + iat + " is in the future");
    }
    Instant nbf = numericDate(claims, "nbf");
    if (nbf != null && nbf.isAfter(latest)) {
      throw new StatusException(Reason.NOT_YET_VALID, "nbf " + nbf + " is in the future");
    }
    Instant exp = numericDate(claims, "exp");
    if (exp != null) {
      if (!exp.isAfter(iat)) {
        throw new StatusException(Reason.MALFORMED, "exp is not after iat");
      }
      if (!now.isBefore(exp)) {
        throw new StatusException(Reason.EXPIRED, "the token expired at " + exp);
      }
    }
    Duration ttl = ttl(claims);
    String iss = optionalText(claims, "iss");

    JsonNode sl = claims.get("status_list");
    if (sl == null || sl.isNull()) {
      throw new StatusException(Reason.MISSING_CLAIM, "the token has no status_list");
    }
    if (!sl.isObject()) {
      throw new StatusException(Reason.MALFORMED, "status_list must be a JSON object");
    }
    JsonNode bits = sl.get("bits");
    if (bits == null || bits.isNull()) {
      throw new StatusException(Reason.MISSING_CLAIM, "status_list has no bits");
    }
    if (!bits.isIntegralNumber()) {
      throw new StatusException(Reason.MALFORMED, "bits must be an integer");
    }
    if (!bits.canConvertToInt() || !StatusList.isSupportedBits(bits.intValue())) {
      throw new StatusException(
          Reason.UNSUPPORTED_BITS, "bits must be 1, 2, 4 or 8, not " + bits.bigIntegerValue());
    }
    String lst = requiredText(sl, "lst");
    JsonNode aggregation = sl.get("aggregation_uri");
    if (aggregation != null && !aggregation.isTextual()) {
      throw new StatusException(Reason.MALFORMED, "aggregation_uri must be a string");
    }
    StatusList list = StatusList.decode(lst, bits.intValue(), maxBytes);
    return new Verified(StatusList.adoptReadOnly(list), iat, exp, ttl, iss, sub);
  }

  /**
   * The status of a Referenced Token in a verified list.
   *
   * @throws StatusException SUBJECT_MISMATCH if the reference points to another list;
   *     INDEX_OUT_OF_RANGE if {@code idx} is outside the list (never read as VALID)
   */
  public static StatusValue statusOf(Verified verified, StatusReference ref)
      throws StatusException {
    return StatusValue.of(rawStatusOf(verified, ref));
  }

  /**
   * The raw status value (0-255) of a Referenced Token in a verified list, for applications that
   * define application-specific values.
   *
   * @throws StatusException as {@link #statusOf}
   */
  public static int rawStatusOf(Verified verified, StatusReference ref) throws StatusException {
    if (!verified.uri().equals(ref.uri())) {
      throw new StatusException(
          Reason.SUBJECT_MISMATCH,
          "the reference is to \"" + ref.uri() + "\", the list is \"" + verified.uri() + "\"");
    }
    StatusList list = verified.list();
    if (ref.idx() >= list.size()) {
      throw new StatusException(
          Reason.INDEX_OUT_OF_RANGE,
          "idx " + ref.idx() + " is outside the list of " + list.size() + " entries");
    }
    return list.get(ref.idx());
  }

  private static void checkHeader(Jws jws) throws StatusException {
    JsonNode typ = jws.header().get("typ");
    if (typ == null || !typ.isTextual() || !isStatusListTyp(typ.textValue())) {
      throw new StatusException(
          Reason.WRONG_TYPE, "typ must be \"" + TYP + "\", not " + (typ == null ? "absent" : typ));
    }
    if (jws.header().has("crit")) {
      throw new StatusException(Reason.CRITICAL_HEADER, "no crit header extension is supported");
    }
  }

  private static boolean isStatusListTyp(String typ) {
    String t = typ.toLowerCase(Locale.ROOT);
    return t.equals(TYP) || t.equals(MEDIA_TYPE);
  }

  private static String requiredText(JsonNode object, String name) throws StatusException {
    JsonNode v = object.get(name);
    if (v == null || v.isNull()) {
      throw new StatusException(Reason.MISSING_CLAIM, "no " + name);
    }
    if (!v.isTextual()) {
      throw new StatusException(Reason.MALFORMED, name + " must be a string");
    }
    return v.textValue();
  }

  private static String optionalText(JsonNode object, String name) throws StatusException {
    JsonNode v = object.get(name);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw new StatusException(Reason.MALFORMED, name + " must be a string");
    }
    return v.textValue();
  }

  /** A NumericDate claim (seconds, possibly fractional), or null if absent. */
  private static Instant numericDate(JsonNode claims, String name) throws StatusException {
    JsonNode v = claims.get(name);
    if (v == null) {
      return null;
    }
    BigDecimal seconds = boundedNumber(v, name);
    BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
    int nanos = seconds.subtract(whole).movePointRight(9).intValue();
    return Instant.ofEpochSecond(whole.longValueExact(), nanos);
  }

  private static Duration ttl(JsonNode claims) throws StatusException {
    JsonNode v = claims.get("ttl");
    if (v == null) {
      return null;
    }
    BigDecimal seconds = boundedNumber(v, "ttl");
    if (seconds.signum() <= 0) {
      throw new StatusException(Reason.MALFORMED, "ttl must be positive");
    }
    // Round up to whole nanoseconds so that a tiny positive ttl never becomes zero.
    BigDecimal nanos = seconds.movePointRight(9).setScale(0, RoundingMode.CEILING);
    BigDecimal[] qr = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
    return Duration.ofSeconds(qr[0].longValueExact(), qr[1].longValueExact());
  }

  private static BigDecimal boundedNumber(JsonNode v, String name) throws StatusException {
    if (!v.isNumber()) {
      throw new StatusException(Reason.MALFORMED, name + " must be a number");
    }
    BigDecimal d = v.decimalValue();
    if (d.abs().compareTo(BigDecimal.valueOf(MAX_SECONDS)) > 0) {
      throw new StatusException(Reason.MALFORMED, name + " is out of range");
    }
    return d;
  }
}
