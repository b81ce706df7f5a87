package kr.kdid.credentials.sdjwt;

import java.util.Objects;

/**
 * An SD-JWT, a Disclosure or a Key Binding JWT was rejected. The {@link #reason()} names the failed
 * check so that services can map it to a protocol error code; the message is for logs and never
 * contains claim values or salts.
 */
public final class SdJwtException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why something was rejected: one constant per distinct check. */
  public enum Reason {
    /**
     * The serialization breaks the RFC 9901 §4 grammar, a JWS is malformed, or a payload is not a
     * JSON object.
     */
    MALFORMED,
    /**
     * A JWS uses {@code none}, a MAC or any algorithm K-DID does not accept (RFC 9901 §7.1 step
     * 2.a).
     */
    UNSUPPORTED_ALGORITHM,
    /** {@code _sd_alg} is not {@code sha-256} (RFC 9901 §4.1.1, §7.1 step 2.d). */
    UNSUPPORTED_HASH_ALGORITHM,
    /**
     * A Disclosure is not base64url JSON of the right shape, or has the wrong arity for where its
     * digest was found.
     */
    INVALID_DISCLOSURE,
    /**
     * The same digest occurs more than once in the payload, directly or through Disclosures (§7.1
     * step 4).
     */
    DUPLICATE_DIGEST,
    /** The same Disclosure was sent more than once (§4). */
    DUPLICATE_DISCLOSURE,
    /**
     * A Disclosure is not referenced by any digest reachable from the Issuer-signed JWT (§7.1 step
     * 5).
     */
    UNREFERENCED_DISCLOSURE,
    /**
     * A disclosed claim name already exists in the object where it would be inserted (§7.1 step
     * 3.3.2.3).
     */
    CLAIM_NAME_COLLISION,
    /** A Disclosure names a claim {@code _sd}, {@code ...} or {@code _sd_alg}. */
    FORBIDDEN_CLAIM_NAME,
    /** Key binding is required but the presentation carries no KB-JWT. */
    KEY_BINDING_MISSING,
    /**
     * A KB-JWT is present where none is expected (an issued SD-JWT, or a verifier that does not
     * require key binding).
     */
    KEY_BINDING_UNEXPECTED,
    /** The KB-JWT {@code typ} is not {@code kb+jwt}. */
    KEY_BINDING_TYPE,
    /** The KB-JWT signature does not verify with the holder key from {@code cnf}. */
    KEY_BINDING_SIGNATURE,
    /** The KB-JWT {@code aud} is missing, not a single string, or not this verifier. */
    KEY_BINDING_AUDIENCE,
    /** The KB-JWT {@code nonce} is missing, not a string, or not this transaction's nonce. */
    KEY_BINDING_NONCE,
    /**
     * The KB-JWT {@code iat} is missing or outside the accepted window, or its {@code exp}/{@code
     * nbf} fail.
     */
    KEY_BINDING_TIME,
    /** The KB-JWT {@code sd_hash} is missing or does not match the presented SD-JWT. */
    KEY_BINDING_SD_HASH,
    /** The Issuer-signed JWT's signature does not verify with the issuer key. */
    ISSUER_SIGNATURE,
    /**
     * The Issuer-signed JWT's {@code typ} is not the one the profile requires (SD-JWT VC: {@code
     * dc+sd-jwt}).
     */
    ISSUER_JWT_TYPE,
    /** No trusted key could be found for the issuer ({@code iss}, {@code kid}). */
    ISSUER_KEY_UNRESOLVED,
    /**
     * A claim that must never be selectively disclosable (e.g. {@code exp}, {@code cnf}, {@code
     * status}) came from a Disclosure.
     */
    PROTECTED_CLAIM_DISCLOSED,
    /** A claim the profile requires (e.g. {@code vct}) is absent from the processed payload. */
    CLAIM_MISSING,
    /**
     * A claim has the wrong type or form (e.g. {@code exp} not a number, {@code vct} not a string).
     */
    CLAIM_INVALID,
    /** {@code exp} has passed (allowing for clock skew). */
    EXPIRED,
    /** {@code nbf} has not been reached yet (allowing for clock skew). */
    NOT_YET_VALID,
    /** Key binding is required but the credential has no {@code cnf.jwk}. */
    HOLDER_KEY_MISSING,
    /** {@code cnf.jwk} is not a supported, valid public key. */
    HOLDER_KEY_INVALID
  }

  private final Reason reason;

  /**
   * @param reason the failed check, not null
   * @param message a description for logs; must not contain claim values or salts
   */
  public SdJwtException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** As {@link #SdJwtException(Reason, String)}, with a cause. */
  public SdJwtException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The failed check; never null. */
  public Reason reason() {
    return reason;
  }

  @Override
  public String toString() {
    return "SdJwtException[" + reason + "]: " + getMessage();
  }
}
