package kr.kdid.verifier.oid4vp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;
import kr.kdid.ledger.client.LedgerIdentity;
import kr.kdid.verifier.ErrorCode;
import kr.kdid.verifier.VerifierConfig;
import kr.kdid.verifier.VerifierException;
import kr.kdid.verifier.store.VerifierStore;
import kr.kdid.verifier.store.VerifierStore.StoredRequest;

/**
 * Serves a pending request's signed request object (JAR, RFC 9101; OpenID4VP §5): header {@code
 * {"alg":"ES256","typ":"oauth-authz-req+jwt","kid":"<did>#key-1"}}, payload {@code client_id}
 * ({@code decentralized_identifier:<did>}), {@code response_type}, {@code response_mode} ({@code
 * direct_post}), {@code response_uri}, {@code nonce}, {@code state}, {@code dcql_query}, {@code
 * client_metadata}, {@code aud} ({@code https://self-issued.me/v2}), {@code iat} and {@code exp}
 * (the request's expiry). Wallets verify it with the key the ledger lists for the DID. Answered and
 * expired requests are no longer served. Thread-safe.
 */
public final class ServeRequestObject {
  private final VerifierConfig config;
  private final VerifierStore store;
  private final LedgerIdentity identity;
  private final Clock clock;

  public ServeRequestObject(
      VerifierConfig config, VerifierStore store, LedgerIdentity identity, Clock clock) {
    this.config = config;
    this.store = store;
    this.identity = identity;
    this.clock = clock;
  }

  /**
   * The signed request object of a pending request.
   *
   * @throws VerifierException REQUEST_NOT_FOUND, REQUEST_EXPIRED or REQUEST_ALREADY_ANSWERED
   */
  public Jws requestObject(String id) {
    StoredRequest r = pending(id);
    ObjectNode header = Json.object();
    header.put("typ", OpenId4Vp.REQUEST_OBJECT_TYP);
    header.put("kid", identity.keyId());
    ObjectNode p = Json.object();
    p.put("client_id", OpenId4Vp.clientId(identity.did()));
    p.put("response_type", OpenId4Vp.RESPONSE_TYPE);
    p.put("response_mode", OpenId4Vp.RESPONSE_MODE);
    p.put("response_uri", responseUri(id));
    p.put("nonce", r.nonce());
    p.put("state", r.state());
    p.set("dcql_query", r.dcqlQuery());
    p.set("client_metadata", OpenId4Vp.clientMetadata());
    p.put("aud", OpenId4Vp.SELF_ISSUED_AUDIENCE);
    p.put("iat", clock.instant().getEpochSecond());
    p.put("exp", r.expiresAt() / 1000);
    return Jws.sign(header, p, identity.key());
  }

  /**
   * The {@code openid4vp://} URI of a pending request (for its QR code).
   *
   * @throws VerifierException as {@link #requestObject}
   */
  public String authorizationRequestUri(String id) {
    pending(id);
    return OpenId4Vp.authorizationRequestUri(
        OpenId4Vp.clientId(identity.did()), config.url() + "/requests/" + id + "/object");
  }

  /** Where wallets post the response to a request. */
  public String responseUri(String id) {
    return config.url() + "/responses/" + id;
  }

  private StoredRequest pending(String id) {
    StoredRequest r =
        store
            .find(id)
            .orElseThrow(
                () ->
                    new VerifierException(
                        ErrorCode.REQUEST_NOT_FOUND, "no presentation request " + id));
    return switch (r.statusAt(clock.millis())) {
      case PENDING -> r;
      case EXPIRED ->
          throw new VerifierException(
              ErrorCode.REQUEST_EXPIRED, "the presentation request has expired");
      case ANSWERED, DECLINED ->
          throw new VerifierException(
              ErrorCode.REQUEST_ALREADY_ANSWERED, "the presentation request was already answered");
    };
  }
}
