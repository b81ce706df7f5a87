package kr.kdid.credentials.mdoc;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * The MSO's {@code validityInfo} (ISO/IEC 18013-5 §9.1.2.4): when the MSO was signed and the period
 * in which it is valid. Times are whole seconds (fractions are truncated when encoding).
 *
 * @param signed when the MSO was signed
 * @param validFrom the start of validity, not before {@code signed}
 * @param validUntil the end of validity (exclusive), after {@code validFrom}
 * @param expectedUpdate when the issuer expects to re-sign, if given
 */
public record ValidityInfo(
    Instant signed, Instant validFrom, Instant validUntil, Optional<Instant> expectedUpdate) {

  public ValidityInfo {
    Objects.requireNonNull(signed, "signed");
    Objects.requireNonNull(validFrom, "validFrom");
    Objects.requireNonNull(validUntil, "validUntil");
    Objects.requireNonNull(expectedUpdate, "expectedUpdate");
    if (!validUntil.isAfter(validFrom)) {
      throw new IllegalArgumentException("validUntil must be after validFrom");
    }
  }

  /** Validity without expectedUpdate. */
  public ValidityInfo(Instant signed, Instant validFrom, Instant validUntil) {
    this(signed, validFrom, validUntil, Optional.empty());
  }

  /** True if {@code validFrom <= now < validUntil}. */
  public boolean isValidAt(Instant now) {
    return !now.isBefore(validFrom) && now.isBefore(validUntil);
  }

  CBORObject toCbor() {
    CBORObject o = CBORObject.NewOrderedMap();
    o.Add("signed", tdate(signed));
    o.Add("validFrom", tdate(validFrom));
    o.Add("validUntil", tdate(validUntil));
    expectedUpdate.ifPresent(t -> o.Add("expectedUpdate", tdate(t)));
    return o;
  }

  static ValidityInfo fromCbor(CBORObject o) throws MdocException {
    Cbor.map(o, "validityInfo");
    Instant signed = parseTdate(Cbor.req(o, "signed", "validityInfo"), "signed");
    Instant from = parseTdate(Cbor.req(o, "validFrom", "validityInfo"), "validFrom");
    Instant until = parseTdate(Cbor.req(o, "validUntil", "validityInfo"), "validUntil");
    CBORObject eu = Cbor.opt(o, "expectedUpdate");
    Optional<Instant> expected =
        eu == null ? Optional.empty() : Optional.of(parseTdate(eu, "expectedUpdate"));
    try {
      return new ValidityInfo(signed, from, until, expected);
    } catch (IllegalArgumentException e) {
      throw new MdocException(MdocException.Reason.MALFORMED, "validityInfo is inconsistent", e);
    }
  }

  /** {@code tdate}: tag 0 with an RFC 3339 date-time in UTC, without fractional seconds. */
  static CBORObject tdate(Instant t) {
    return CBORObject.FromObject(t.truncatedTo(ChronoUnit.SECONDS).toString())
        .WithTag(Cbor.TAG_TDATE);
  }

  static Instant parseTdate(CBORObject o, String what) throws MdocException {
    if (o == null
        || !o.HasOneTag(Cbor.TAG_TDATE)
        || o.UntagOne().getType() != CBORType.TextString) {
      throw Cbor.malformed(what + " must be a tdate (tag 0)");
    }
    try {
      return OffsetDateTime.parse(o.UntagOne().AsString()).toInstant();
    } catch (DateTimeParseException e) {
      throw new MdocException(MdocException.Reason.MALFORMED, what + " is not RFC 3339", e);
    }
  }
}
