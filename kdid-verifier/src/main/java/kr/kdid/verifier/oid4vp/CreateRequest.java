package kr.kdid.verifier.oid4vp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import kr.kdid.core.did.Did;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.credentials.catalog.CredentialType;
import kr.kdid.ledger.client.LedgerGateway;
import kr.kdid.verifier.ErrorCode;
import kr.kdid.verifier.VerifierConfig;
import kr.kdid.verifier.VerifierException;
import kr.kdid.verifier.store.VerifierStore;

/**
 * Creates a presentation request for claims of one credential type (OpenID4VP §5, cross-device
 * flow): checks that the verifier's ledger registration covers every claim, builds the DCQL query,
 * stores the request with a fresh nonce (256 bits), state and read secret (stored hashed), and
 * returns the {@code openid4vp://} URI that a QR code or deep link carries. Thread-safe.
 */
public final class CreateRequest {
  private final VerifierConfig config;
  private final Catalog catalog;
  private final VerifierStore store;
  private final Registration registration;
  private final Did did;
  private final Clock clock;
  private final SecureRandom random;

  public CreateRequest(
      VerifierConfig config,
      Catalog catalog,
      VerifierStore store,
      LedgerGateway ledger,
      Did did,
      Clock clock,
      SecureRandom random) {
    this.config = config;
    this.catalog = catalog;
    this.store = store;
    this.registration = new Registration(ledger, did);
    this.did = did;
    this.clock = clock;
    this.random = random;
  }

  /**
   * A created request and everything to hand to the holder and to the relying party's back end.
   *
   * @param requestId the request id
   * @param clientId the verifier's client_id
   * @param requestUri where the signed request object is served
   * @param authorizationRequestUri the {@code openid4vp://} URI for the QR code or deep link
   * @param qrUrl a PNG QR code of the authorization request URI
   * @param resultUrl where the result is read, with the read secret as a bearer token
   * @param readSecret the result's read secret; returned once, stored hashed
   * @param expiresAt until when the request can be answered
   * @param query the DCQL query
   */
  public record Created(
      String requestId,
      String clientId,
      String requestUri,
      String authorizationRequestUri,
      String qrUrl,
      String resultUrl,
      String readSecret,
      Instant expiresAt,
      DcqlQuery query) {

    @Override
    public String toString() {
      return "Created[" + requestId + ", read secret hidden]";
    }

    public ObjectNode toJson() {
      ObjectNode o = Json.object();
      o.put("requestId", requestId);
      o.put("clientId", clientId);
      o.put("requestUri", requestUri);
      o.put("authorizationRequestUri", authorizationRequestUri);
      o.put("qrUrl", qrUrl);
      o.put("resultUrl", resultUrl);
      o.put("readSecret", readSecret);
      o.put("expiresAt", expiresAt.toString());
      o.set("dcqlQuery", query.toJson());
      return o;
    }
  }

  /**
   * One credential a request asks for.
   *
   * @param id the credential query id (null: derived from the type, e.g. "mdl" or "mdl_mdoc")
   * @param credentialType the catalog type id
   * @param format {@code dc+sd-jwt} (null means this) or {@code mso_mdoc}
   * @param claims the claims asked for
   */
  public record Asked(String id, String credentialType, String format, List<String> claims) {}

  /**
   * Creates a request for claims of one credential type as an SD-JWT VC.
   *
   * @throws VerifierException UNKNOWN_CREDENTIAL_TYPE, INVALID_CLAIMS, UNKNOWN_CLAIM,
   *     RP_NOT_REGISTERED or CLAIMS_NOT_REGISTERED
   * @throws kr.kdid.ledger.client.LedgerClientException if the ledger cannot be read
   */
  public Created create(String credentialType, List<String> claims) {
    Objects.requireNonNull(claims, "claims");
    return create(List.of(new Asked(null, credentialType, null, claims)), List.of());
  }

  /**
   * Creates a request for one or more credentials, and optionally the credential sets (OpenID4VP
   * §6.2) that say which combinations satisfy the verifier: for example a veterans card and either
   * a resident card or a driver's licence.
   *
   * @throws VerifierException UNKNOWN_CREDENTIAL_TYPE, UNSUPPORTED_FORMAT, INVALID_CLAIMS,
   *     UNKNOWN_CLAIM, INVALID_QUERY, RP_NOT_REGISTERED or CLAIMS_NOT_REGISTERED
   * @throws kr.kdid.ledger.client.LedgerClientException if the ledger cannot be read
   */
  public Created create(List<Asked> asked, List<DcqlQuery.CredentialSet> sets) {
    if (asked.isEmpty() || asked.size() > DcqlQuery.MAX_CREDENTIALS) {
      throw new VerifierException(
          ErrorCode.INVALID_QUERY,
          "ask for 1 to " + DcqlQuery.MAX_CREDENTIALS + " credentials, not " + asked.size());
    }
    List<DcqlQuery.CredentialQuery> queries = new java.util.ArrayList<>();
    List<String> types = new java.util.ArrayList<>();
    for (Asked a : asked) {
      CredentialType type =
          catalog
              .byId(Objects.requireNonNullElse(a.credentialType(), ""))
              .orElseThrow(
                  () ->
                      new VerifierException(
                          ErrorCode.UNKNOWN_CREDENTIAL_TYPE,
                          "no credential type \"" + a.credentialType() + "\" in the catalog"));
      List<String> claims = a.claims();
      if (claims == null || claims.isEmpty() || new HashSet<>(claims).size() != claims.size()) {
        throw new VerifierException(
            ErrorCode.INVALID_CLAIMS, "name the claims to request, each once");
      }
      for (String c : claims) {
        if (c == null || type.claim(c).isEmpty()) {
          throw new VerifierException(
              ErrorCode.UNKNOWN_CLAIM, "\"" + c + "\" is not a claim of " + type.id());
        }
      }
      String format = a.format() == null ? OpenId4Vp.FORMAT_SD_JWT_VC : a.format();
      if (!format.equals(OpenId4Vp.FORMAT_SD_JWT_VC) && !format.equals(DcqlQuery.FORMAT_MSO_MDOC)) {
        throw new VerifierException(
            ErrorCode.UNSUPPORTED_FORMAT, "format must be dc+sd-jwt or mso_mdoc, not " + format);
      }
      registration.requireCovers(type.id(), claims);
      DcqlQuery.CredentialQuery q;
      try {
        q = DcqlQuery.query(type, format, claims);
        if (a.id() != null || format.equals(DcqlQuery.FORMAT_MSO_MDOC)) {
          String id = a.id() != null ? a.id() : q.id() + "_mdoc";
          q = new DcqlQuery.CredentialQuery(id, q.format(), q.typeValue(), q.namespace(), claims);
        }
      } catch (IllegalArgumentException e) {
        throw new VerifierException(ErrorCode.INVALID_QUERY, e.getMessage());
      }
      queries.add(q);
      if (!types.contains(type.id())) {
        types.add(type.id());
      }
    }
    DcqlQuery query;
    try {
      query = new DcqlQuery(queries, sets);
    } catch (IllegalArgumentException e) {
      throw new VerifierException(ErrorCode.INVALID_QUERY, e.getMessage());
    }
    return store(String.join(",", types), query);
  }

  private Created store(String types, DcqlQuery query) {
    String id = Secrets.random(random, 16);
    String readSecret = Secrets.random(random, 32);
    Instant now = clock.instant();
    Instant expires = now.plus(config.requestTtl());
    store.insert(
        VerifierStore.StoredRequest.pending(
            id,
            Secrets.random(random, 32),
            Secrets.random(random, 16),
            types,
            query.toJson(),
            now.toEpochMilli(),
            expires.toEpochMilli(),
            Secrets.hash(readSecret)));
    String requestsUrl = config.url() + "/requests/" + id;
    String clientId = OpenId4Vp.clientId(did);
    return new Created(
        id,
        clientId,
        requestsUrl + "/object",
        OpenId4Vp.authorizationRequestUri(clientId, requestsUrl + "/object"),
        requestsUrl + "/qr.png",
        requestsUrl + "/result",
        readSecret,
        expires,
        query);
  }
}
