package kr.kdid.wallet.presentation;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import kr.kdid.core.did.Did;

/**
 * A presentation request whose Request Object the wallet has verified (signature by a key of the
 * client's DID, time, client_id, response mode). Only these values are used; the link's other
 * parameters are not (OpenID4VP §5.10.1).
 *
 * @param clientId the full Client Identifier, prefix included (the KB-JWT audience)
 * @param verifier the verifier's DID
 * @param responseUri where the answer is posted
 * @param nonce the request's nonce (the KB-JWT nonce)
 * @param state the state to echo, or null
 * @param query what is asked
 * @param issuedAt the Request Object's {@code iat}
 * @param expiresAt the Request Object's {@code exp}
 */
public record AuthorizationRequest(
    String clientId,
    Did verifier,
    URI responseUri,
    String nonce,
    String state,
    DcqlQuery query,
    Instant issuedAt,
    Instant expiresAt) {
  public AuthorizationRequest {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(responseUri, "responseUri");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(query, "query");
  }

  @Override
  public String toString() {
    return "AuthorizationRequest[" + clientId + " -> " + responseUri.getHost() + "]";
  }
}
