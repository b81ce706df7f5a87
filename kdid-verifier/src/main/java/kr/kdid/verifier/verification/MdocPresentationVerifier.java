package kr.kdid.verifier.verification;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import kr.kdid.core.did.Did;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.catalog.CredentialType;
import kr.kdid.credentials.mdoc.DeviceResponse;
import kr.kdid.credentials.mdoc.Document;
import kr.kdid.credentials.mdoc.IacaPublication;
import kr.kdid.credentials.mdoc.IssuerTrust;
import kr.kdid.credentials.mdoc.MdocException;
import kr.kdid.credentials.mdoc.MdocValues;
import kr.kdid.credentials.mdoc.MdocVerifier;
import kr.kdid.credentials.mdoc.SessionTranscript;
import kr.kdid.credentials.mdoc.VerifiedDocument;
import kr.kdid.verifier.ErrorCode;

/**
 * Verifies one ISO 18013-5 mdoc presentation (an OpenID4VP {@code mso_mdoc} vp_token value:
 * base64url of a DeviceResponse) against what a relying party asked for. Checks, by name, in order:
 *
 * <ol>
 *   <li>{@code parse}: base64url, a DeviceResponse with exactly one document;
 *   <li>{@code issuer_key}: the document signer certificate names its issuer's DID
 *       (issuerAlternativeName), which resolves on the ledger and publishes IACA certificates;
 *   <li>{@code mdoc}: the library's checks ({@link MdocVerifier}): the DS certificate chains to one
 *       of those IACAs and is valid, issuerAuth signature, MSO docType, every value digest over the
 *       original bytes, validity, and deviceSignature over this request's session transcript (so
 *       the presentation is bound to this verifier's client_id, nonce and response_uri);
 *   <li>{@code doctype}: the requested type's doctype;
 *   <li>{@code issuer_accreditation}: an active trust-registry record of that DID for the type;
 *   <li>{@code status}: the MSO's Token Status List entry on the ledger (as for SD-JWT VC);
 *   <li>{@code claims}: every requested element was disclosed in the type's namespace.
 * </ol>
 *
 * <p>Only the requested elements reach the report. Thread-safe.
 */
public final class MdocPresentationVerifier {
  /** Check name: the library's mdoc verification. */
  public static final String MDOC = "mdoc";

  /** Check name: the requested doctype. */
  public static final String DOCTYPE = "doctype";

  private final LedgerIssuerTrust trust;
  private final LedgerStatusLists status;
  private final Clock clock;

  public MdocPresentationVerifier(LedgerIssuerTrust trust, LedgerStatusLists status, Clock clock) {
    this.trust = Objects.requireNonNull(trust, "trust");
    this.status = Objects.requireNonNull(status, "status");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * What a relying party asked for.
   *
   * @param type the requested credential type (with a doctype)
   * @param claims the requested element identifiers, all required
   * @param transcript the request's session transcript (OpenID4VP handover)
   */
  public record Expectation(
      CredentialType type, List<String> claims, SessionTranscript transcript) {
    public Expectation {
      Objects.requireNonNull(type, "type");
      claims = List.copyOf(claims);
      Objects.requireNonNull(transcript, "transcript");
    }
  }

  /** Verifies a presentation; never throws for a bad presentation, only for internal faults. */
  public VerificationReport verify(String presentation, Expectation expected) {
    List<Check> checks = new ArrayList<>();
    byte[] bytes;
    Document doc;
    try {
      bytes = Base64Url.decode(presentation);
      List<Document> docs = DeviceResponse.decode(bytes).documents();
      if (docs.size() != 1) {
        throw new MdocException(
            MdocException.Reason.MALFORMED, "expected one document, got " + docs.size());
      }
      doc = docs.get(0);
    } catch (MdocException | IllegalArgumentException e) {
      checks.add(
          Check.failed(
              "parse",
              ErrorCode.PRESENTATION_MALFORMED,
              "not a base64url mdoc DeviceResponse: " + e.getMessage()));
      return skipRest(checks, "parse");
    }
    checks.add(Check.passed("parse"));

    Optional<Did> issuer =
        doc.issuerSigned().issuerAuth().x5chain().stream()
            .findFirst()
            .flatMap(IacaPublication::issuerUri)
            .filter(Did::isValid)
            .map(Did::parse);
    Optional<IssuerTrust> anchors = issuer.flatMap(trust::mdocTrust);
    if (anchors.isEmpty()) {
      checks.add(
          Check.failed(
              "issuer_key",
              ErrorCode.ISSUER_KEY_UNRESOLVABLE,
              issuer.isEmpty()
                  ? "the document signer certificate names no issuer DID"
                  : issuer.get() + " publishes no IACA certificate on the ledger"));
      return skipRest(checks, "issuer_key");
    }
    checks.add(Check.passed("issuer_key"));

    VerifiedDocument verified;
    try {
      verified =
          new MdocVerifier(anchors.get(), clock)
              .verifyDocument(doc, expected.transcript(), Optional.empty());
    } catch (MdocException e) {
      checks.add(Check.failed(MDOC, codeFor(e.reason()), e.getMessage()));
      return skipRest(checks, MDOC);
    }
    checks.add(Check.passed(MDOC));

    String wanted = expected.type().doctype();
    if (!verified.docType().equals(wanted)) {
      checks.add(
          Check.failed(
              DOCTYPE,
              ErrorCode.DOCTYPE_MISMATCH,
              "requested " + wanted + ", got " + verified.docType()));
      return skipRest(checks, DOCTYPE);
    }
    checks.add(Check.passed(DOCTYPE));

    if (!trust.accredited(issuer.get(), expected.type().id())) {
      checks.add(
          Check.failed(
              PresentationVerifier.ACCREDITATION,
              ErrorCode.ISSUER_NOT_ACCREDITED,
              issuer.get() + " has no active accreditation for " + expected.type().id()));
      return skipRest(checks, PresentationVerifier.ACCREDITATION);
    }
    checks.add(Check.passed(PresentationVerifier.ACCREDITATION));

    checks.add(
        verified
            .status()
            .map(ref -> status.check(ref.toStatusClaim(), issuer.get()))
            .orElseGet(
                () ->
                    Check.failed(
                        LedgerStatusLists.CHECK,
                        ErrorCode.STATUS_UNAVAILABLE,
                        "the mdoc has no status reference")));

    Map<String, com.upokecenter.cbor.CBORObject> elements =
        verified.elements().getOrDefault(expected.type().namespace(), Map.of());
    ObjectNode claims = Json.object();
    List<String> missing = new ArrayList<>();
    for (String name : expected.claims()) {
      var v = elements.get(name);
      if (v == null) {
        missing.add(name);
      } else {
        claims.set(name, MdocValues.toJson(v));
      }
    }
    checks.add(
        missing.isEmpty()
            ? Check.passed(PresentationVerifier.CLAIMS)
            : Check.failed(
                PresentationVerifier.CLAIMS,
                ErrorCode.CLAIM_NOT_DISCLOSED,
                "requested but not disclosed: " + missing));
    boolean ok = checks.stream().allMatch(Check::isPassed);
    return new VerificationReport(checks, ok ? claims : null);
  }

  private static VerificationReport skipRest(List<Check> checks, String failed) {
    List<String> all =
        List.of(
            "parse",
            "issuer_key",
            MDOC,
            DOCTYPE,
            PresentationVerifier.ACCREDITATION,
            LedgerStatusLists.CHECK,
            PresentationVerifier.CLAIMS);
    for (String name : all.subList(all.indexOf(failed) + 1, all.size())) {
      checks.add(Check.skipped(name, failed));
    }
    return new VerificationReport(checks, null);
  }

  private static ErrorCode codeFor(MdocException.Reason r) {
    return switch (r) {
      case MALFORMED,
          NO_DOCUMENT,
          UNSUPPORTED_VERSION,
          UNSUPPORTED_DIGEST_ALGORITHM,
          UNSUPPORTED_ALGORITHM ->
          ErrorCode.CREDENTIAL_MALFORMED;
      case ISSUER_SIGNATURE_INVALID -> ErrorCode.ISSUER_SIGNATURE_INVALID;
      case ISSUER_CERTIFICATE_MISSING,
          ISSUER_CERTIFICATE_INVALID,
          UNTRUSTED_ISSUER,
          ISSUER_CERTIFICATE_EXPIRED,
          ISSUER_CERTIFICATE_NOT_YET_VALID ->
          ErrorCode.ISSUER_CERTIFICATE_UNTRUSTED;
      case DOCTYPE_MISMATCH -> ErrorCode.DOCTYPE_MISMATCH;
      case DIGEST_MISMATCH, UNKNOWN_DIGEST_ID, DUPLICATE_ELEMENT ->
          ErrorCode.DISCLOSURE_DIGEST_MISMATCH;
      case NOT_YET_VALID -> ErrorCode.CREDENTIAL_NOT_YET_VALID;
      case EXPIRED -> ErrorCode.CREDENTIAL_EXPIRED;
      case DEVICE_SIGNATURE_INVALID,
          DEVICE_MAC_INVALID,
          DEVICE_AUTH_UNVERIFIABLE,
          READER_SIGNATURE_INVALID ->
          ErrorCode.DEVICE_AUTH_INVALID;
    };
  }
}
