package kr.kdid.core.did;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.Jcs;
import kr.kdid.core.json.Json;

/**
 * Resolves {@code did:jwk} DIDs locally (did:jwk method specification): the method-specific id is
 * the base64url of the public JWK's UTF-8 JSON; the one method is {@code #0}. A JWK with {@code
 * "use":"sig"} gets every relationship except keyAgreement; without {@code use}, every
 * relationship; {@code "use":"enc"} is refused because K-DID keys are signing keys.
 */
public final class DidJwkResolver implements DidResolver {
  public static final String METHOD = "jwk";

  /** The did:jwk of a public key (its JWK in canonical form). */
  public static Did didFor(VerificationKey key) {
    return new Did(METHOD, Base64Url.encode(Jcs.canonicalize(key.toJwk().toJson())));
  }

  @Override
  public boolean supports(String method) {
    return METHOD.equals(method);
  }

  @Override
  public DidResolutionResult resolve(String text) {
    Did did;
    try {
      did = Did.parse(text);
    } catch (InvalidDidException e) {
      return DidResolutionResult.error(ResolutionError.INVALID_DID, e.getMessage());
    }
    if (!METHOD.equals(did.method())) {
      return DidResolutionResult.error(
          ResolutionError.METHOD_NOT_SUPPORTED, "not a did:jwk: " + text);
    }
    Jwk jwk;
    String use;
    try {
      JsonNode node =
          Json.parse(new String(Base64Url.decode(did.methodSpecificId()), StandardCharsets.UTF_8));
      jwk = Jwk.fromJson(node);
      use = node.hasNonNull("use") ? node.get("use").asText() : null;
      if (jwk.isPrivate()) {
        return DidResolutionResult.error(
            ResolutionError.INVALID_DID, "did:jwk must not carry a private key");
      }
      VerificationKey.fromJwk(jwk);
    } catch (IllegalArgumentException e) {
      return DidResolutionResult.error(
          ResolutionError.INVALID_DID, "did:jwk does not hold a valid JWK: " + e.getMessage());
    }
    if ("enc".equals(use)) {
      return DidResolutionResult.error(
          ResolutionError.INVALID_DID, "did:jwk with use=enc is not supported");
    }
    String vmId = did.withFragment("0");
    DidDocument doc =
        DidDocument.builder(did)
            .method(
                new VerificationMethod(vmId, VerificationMethod.TYPE_JWK_2020, did, jwk, null),
                Relationship.AUTHENTICATION,
                Relationship.ASSERTION_METHOD,
                Relationship.CAPABILITY_INVOCATION,
                Relationship.CAPABILITY_DELEGATION)
            .build();
    return DidResolutionResult.found(doc, DocumentMetadata.EMPTY);
  }
}
