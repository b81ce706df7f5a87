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
   * Creates a request.
   *
   * @throws VerifierException UNKNOWN_CREDENTIAL_TYPE, INVALID_CLAIMS, UNKNOWN_CLAIM,
   *     RP_NOT_REGISTERED or CLAIMS_NOT_REGISTERED
   * @throws kr.kdid.ledger.client.LedgerClientException if the ledger cannot be read
   */
  public Created create(String credentialType, List<String> claims) {
    Objects.requireNonNull(claims, "claims");
    CredentialType type =
        catalog
            .byId(Objects.requireNonNullElse(credentialType, ""))
            .orElseThrow(
                () ->
                    new VerifierException(
                        ErrorCode.UNKNOWN_CREDENTIAL_TYPE,
                        "no credential type \"" + credentialType + "\" in the catalog"));
    if (claims.isEmpty() || new HashSet<>(claims).size() != claims.size()) {
      throw new VerifierException(
          ErrorCode.INVALID_CLAIMS, "name the claims to request, each once");
    }
    for (String c : claims) {
      if (c == null || type.claim(c).isEmpty()) {
        throw new VerifierException(
            ErrorCode.UNKNOWN_CLAIM, "\"" + c + "\" is not a claim of " + type.id());
      }
    }
    registration.requireCovers(type.id(), claims);

    DcqlQuery query = DcqlQuery.forType(type, claims);
    String id = Secrets.random(random, 16);
    String readSecret = Secrets.random(random, 32);
    Instant now = clock.instant();
    Instant expires = now.plus(config.requestTtl());
    store.insert(
        VerifierStore.StoredRequest.pending(
            id,
            Secrets.random(random, 32),
            Secrets.random(random, 16),
            type.id(),
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
