package kr.kdid.core.did;

import kr.kdid.core.crypto.VerificationKey;

/**
 * Resolves {@code did:key} DIDs locally (W3C CCG did:key v0.9) for P-256 and Ed25519 keys: the
 * document has one Multikey method, listed under authentication, assertionMethod,
 * capabilityInvocation and capabilityDelegation.
 */
public final class DidKeyResolver implements DidResolver {
  public static final String METHOD = "key";

  /** The did:key of a public key. */
  public static Did didFor(VerificationKey key) {
    return new Did(METHOD, key.toMultibase());
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
          ResolutionError.METHOD_NOT_SUPPORTED, "not a did:key: " + text);
    }
    String mb = did.methodSpecificId();
    if (!mb.startsWith("z") || mb.indexOf(':') >= 0) {
      return DidResolutionResult.error(
          ResolutionError.INVALID_DID, "did:key needs a base58btc multibase key");
    }
    VerificationKey key;
    try {
      key = VerificationKey.fromMultibase(mb);
    } catch (IllegalArgumentException e) {
      return DidResolutionResult.error(ResolutionError.INVALID_DID, e.getMessage());
    }
    String vmId = did.withFragment(mb);
    DidDocument doc =
        DidDocument.builder(did)
            .method(
                VerificationMethod.multikey(vmId, did, key),
                Relationship.AUTHENTICATION,
                Relationship.ASSERTION_METHOD,
                Relationship.CAPABILITY_INVOCATION,
                Relationship.CAPABILITY_DELEGATION)
            .build();
    return DidResolutionResult.found(doc, DocumentMetadata.EMPTY);
  }
}
