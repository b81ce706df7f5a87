package kr.kdid.verifier.oid4vp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import kr.kdid.core.did.Did;
import kr.kdid.core.json.Json;
import kr.kdid.core.json.MalformedJsonException;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.credentials.catalog.CredentialType;
import kr.kdid.credentials.events.EventCommitment;
import kr.kdid.ledger.client.LedgerGateway;
import kr.kdid.verifier.ErrorCode;
import kr.kdid.verifier.VerifierException;
import kr.kdid.verifier.store.VerifierStore;
import kr.kdid.verifier.store.VerifierStore.StoredRequest;
import kr.kdid.verifier.verification.PresentationVerifier;
import kr.kdid.verifier.verification.VerificationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Response URI of a request (OpenID4VP §8.2, {@code direct_post}): takes the wallet's form
 * ({@code vp_token} and {@code state}, or {@code error}, {@code error_description} and {@code
 * state}), checks its shape, verifies the presentation, records the result and, when verified,
 * queues a salted verification commitment for anchoring and returns the event to the holder as a
 * receipt.
 *
 * <p>Requests are single use: a well-formed response answers the request whatever the verdict, and
 * any later response is refused ({@link ErrorCode#RESPONSE_REPLAYED}), which also makes every nonce
 * single use. A malformed response is refused without answering the request. Thread-safe: of two
 * concurrent responses, exactly one answers the request.
 */
public final class AcceptResponse {
  private static final Logger LOG = LoggerFactory.getLogger(AcceptResponse.class);

  /** Longest wallet error description kept. */
  static final int MAX_DESCRIPTION = 500;

  private final VerifierStore store;
  private final PresentationVerifier verifier;
  private final kr.kdid.verifier.verification.MdocPresentationVerifier mdocVerifier;
  private final java.util.function.UnaryOperator<String> responseUri;
  private final Catalog catalog;
  private final Registration registration;
  private final Did did;
  private final Clock clock;
  private final SecureRandom random;

  public AcceptResponse(
      VerifierStore store,
      PresentationVerifier verifier,
      kr.kdid.verifier.verification.MdocPresentationVerifier mdocVerifier,
      java.util.function.UnaryOperator<String> responseUri,
      Catalog catalog,
      LedgerGateway ledger,
      Did did,
      Clock clock,
      SecureRandom random) {
    this.store = store;
    this.verifier = verifier;
    this.mdocVerifier = mdocVerifier;
    this.responseUri = responseUri;
    this.catalog = catalog;
    this.registration = new Registration(ledger, did);
    this.did = did;
    this.clock = clock;
    this.random = random;
  }

  /**
   * What the verifier answers a well-formed response with.
   *
   * @param outcome the result without personal data ({@code kdid_result})
   * @param receipt the verification event, with its salt, when verified; else null
   */
  public record Answer(ObjectNode outcome, EventCommitment receipt) {
    /** {@code {"kdid_result": ..., "kdid_verification_event": ...?}}. */
    public ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.set("kdid_result", outcome);
      if (receipt != null) {
        o.set("kdid_verification_event", receipt.toJson());
      }
      return o;
    }
  }

  /**
   * Processes a response.
   *
   * @param id the request id from the response URI
   * @param form the form parameters (each name with all its values)
   * @throws VerifierException for a response that is refused without answering the request:
   *     REQUEST_NOT_FOUND, RESPONSE_MALFORMED, STATE_MISSING, STATE_MISMATCH, RESPONSE_REPLAYED,
   *     REQUEST_EXPIRED, VP_TOKEN_MISSING, VP_TOKEN_MALFORMED, VP_TOKEN_QUERY_UNKNOWN,
   *     VP_TOKEN_QUERY_MISSING, VP_TOKEN_MULTIPLE_PRESENTATIONS
   * @throws kr.kdid.ledger.client.LedgerClientException if the ledger cannot be read (the request
   *     stays unanswered, so the wallet may retry)
   */
  public Answer accept(String id, Map<String, List<String>> form) {
    Objects.requireNonNull(form, "form");
    StoredRequest r =
        store
            .find(id)
            .orElseThrow(
                () ->
                    new VerifierException(
                        ErrorCode.REQUEST_NOT_FOUND, "no presentation request " + id));
    String state = single(form, "state");
    String vpToken = single(form, "vp_token");
    String error = single(form, "error");
    if (state == null) {
      throw refused(ErrorCode.STATE_MISSING, "the response has no state");
    }
    if (!Secrets.equal(state, r.state())) {
      throw refused(ErrorCode.STATE_MISMATCH, "state does not belong to this request");
    }
    Instant now = clock.instant();
    switch (r.statusAt(now.toEpochMilli())) {
      case ANSWERED, DECLINED ->
          throw refused(
              ErrorCode.RESPONSE_REPLAYED,
              "this request was already answered; requests and their nonces are single use");
      case EXPIRED -> throw refused(ErrorCode.REQUEST_EXPIRED, "the presentation request expired");
      case PENDING -> {}
    }
    if (error != null) {
      if (vpToken != null) {
        throw refused(ErrorCode.RESPONSE_MALFORMED, "a response has vp_token or error, not both");
      }
      return decline(r, error, single(form, "error_description"), now);
    }
    if (vpToken == null) {
      throw refused(ErrorCode.VP_TOKEN_MISSING, "the response has neither vp_token nor error");
    }
    DcqlQuery query = DcqlQuery.fromJson(r.dcqlQuery());
    Map<String, String> presentations = presentations(vpToken, query);
    String unsatisfied = query.unsatisfiedBy(presentations.keySet());
    if (unsatisfied != null) {
      throw refused(
          query.credentialSets().isEmpty()
              ? ErrorCode.VP_TOKEN_QUERY_MISSING
              : ErrorCode.CREDENTIAL_SET_UNSATISFIED,
          "vp_token does not answer the request: " + unsatisfied);
    }
    List<String> types = new java.util.ArrayList<>();
    java.util.LinkedHashMap<String, VerificationReport> reports = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, String> e : presentations.entrySet()) {
      DcqlQuery.CredentialQuery q = query.byId(e.getKey()).orElseThrow();
      CredentialType type = typeOf(q);
      VerificationReport one =
          q.isMdoc()
              ? mdocVerifier.verify(
                  e.getValue(),
                  new kr.kdid.verifier.verification.MdocPresentationVerifier.Expectation(
                      type,
                      q.claims(),
                      kr.kdid.credentials.mdoc.SessionTranscript.openId4VpRedirect(
                          OpenId4Vp.clientId(did),
                          r.nonce(),
                          java.util.Optional.empty(),
                          responseUri.apply(r.id()))))
              : verifier.verify(
                  e.getValue(),
                  new PresentationVerifier.Expectation(
                      type, q.claims(), OpenId4Vp.clientId(did), r.nonce()));
      reports.put(q.id(), one.with(registration.check(type.id(), q.claims())));
      if (!types.contains(type.id())) {
        types.add(type.id());
      }
    }
    VerificationReport report = combine(reports);

    EventCommitment receipt =
        report.verified()
            ? EventCommitment.create(
                EventCommitment.VERIFICATION, did.toString(), String.join(",", types), now, random)
            : null;
    ObjectNode outcome = report.outcomeJson();
    String code = report.error().map(Enum::name).orElse(null);
    if (!store.answer(
        r.id(),
        now.toEpochMilli(),
        report.verified(),
        code,
        outcome,
        report.claims(),
        receipt == null ? null : receipt.commitmentHex())) {
      throw refused(ErrorCode.RESPONSE_REPLAYED, "this request was answered meanwhile");
    }
    LOG.info(
        "request {} answered: {}",
        r.id(),
        report.verified() ? "verified" : "rejected (" + code + ")");
    return new Answer(outcome, receipt);
  }

  private Answer decline(StoredRequest r, String error, String description, Instant now) {
    ObjectNode outcome = Json.object();
    outcome.put("verified", false);
    outcome.put("error", ErrorCode.WALLET_DECLINED.name());
    outcome.putArray("checks");
    outcome.put("wallet_error", truncate(error));
    if (description != null) {
      outcome.put("wallet_error_description", truncate(description));
    }
    if (!store.decline(r.id(), now.toEpochMilli(), ErrorCode.WALLET_DECLINED.name(), outcome)) {
      throw refused(ErrorCode.RESPONSE_REPLAYED, "this request was answered meanwhile");
    }
    LOG.info("request {} declined by the wallet ({})", r.id(), truncate(error));
    return new Answer(outcome, null);
  }

  /** The catalog type a credential query asks for. */
  private CredentialType typeOf(DcqlQuery.CredentialQuery q) {
    return (q.isMdoc() ? catalog.byDoctype(q.typeValue()) : catalog.byVct(q.typeValue()))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "credential type " + q.typeValue() + " left the catalog"));
  }

  /**
   * One report for a response: the presentation's own for a request of one credential; for several,
   * every check named after its credential query ("rrc: issuer signature") and the claims grouped
   * by query id.
   */
  private static VerificationReport combine(Map<String, VerificationReport> reports) {
    if (reports.size() == 1) {
      return reports.values().iterator().next();
    }
    List<kr.kdid.verifier.verification.Check> checks = new java.util.ArrayList<>();
    ObjectNode claims = Json.object();
    boolean all = true;
    for (Map.Entry<String, VerificationReport> e : reports.entrySet()) {
      for (kr.kdid.verifier.verification.Check c : e.getValue().checks()) {
        checks.add(
            new kr.kdid.verifier.verification.Check(
                e.getKey() + ": " + c.check(), c.status(), c.code(), c.detail()));
      }
      if (e.getValue().verified()) {
        claims.set(e.getKey(), e.getValue().claims());
      } else {
        all = false;
      }
    }
    return new VerificationReport(checks, all ? claims : null);
  }

  /**
   * The presentations in {@code vp_token} (OpenID4VP §8.1), by credential query id: every key a
   * query of the request, one presentation each.
   */
  private static Map<String, String> presentations(String vpToken, DcqlQuery query) {
    JsonNode token;
    try {
      token = Json.parse(vpToken);
    } catch (MalformedJsonException e) {
      throw refused(ErrorCode.VP_TOKEN_MALFORMED, "vp_token is not JSON: " + e.getMessage());
    }
    if (!token.isObject()) {
      throw refused(
          ErrorCode.VP_TOKEN_MALFORMED,
          "vp_token must be a JSON object keyed by credential query id");
    }
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : token.properties()) {
      if (query.byId(e.getKey()).isEmpty()) {
        throw refused(
            ErrorCode.VP_TOKEN_QUERY_UNKNOWN,
            "vp_token answers query \"" + e.getKey() + "\", which was not asked");
      }
      JsonNode list = e.getValue();
      if (!list.isArray() || list.isEmpty()) {
        throw refused(
            ErrorCode.VP_TOKEN_MALFORMED,
            "vp_token values must be non-empty arrays of presentations");
      }
      if (list.size() > 1) {
        throw refused(
            ErrorCode.VP_TOKEN_MULTIPLE_PRESENTATIONS,
            "one presentation per query was asked for, got " + list.size());
      }
      if (!list.get(0).isTextual()) {
        throw refused(
            ErrorCode.VP_TOKEN_MALFORMED,
            "a presentation is a string (an SD-JWT, or a base64url mdoc DeviceResponse)");
      }
      out.put(e.getKey(), list.get(0).textValue());
    }
    if (out.isEmpty()) {
      throw refused(ErrorCode.VP_TOKEN_QUERY_MISSING, "vp_token holds no presentation");
    }
    return out;
  }

  private static String single(Map<String, List<String>> form, String name) {
    List<String> values = form.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw refused(ErrorCode.RESPONSE_MALFORMED, "parameter " + name + " is repeated");
    }
    return values.get(0);
  }

  private static String truncate(String s) {
    return s.length() <= MAX_DESCRIPTION ? s : s.substring(0, MAX_DESCRIPTION);
  }

  private static VerifierException refused(ErrorCode code, String message) {
    return new VerifierException(code, message);
  }
}
