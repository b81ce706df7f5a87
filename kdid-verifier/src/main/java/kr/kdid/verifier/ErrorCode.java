package kr.kdid.verifier;

/**
 * Every machine-readable code the verifier reports: the codes of failed verification checks (in a
 * result's {@code checks[].code} and {@code error}) and the codes of refused requests (in {@code
 * kdid_error} of OpenID4VP error responses, or {@code error} of K-DID API errors). Codes are
 * stable; their names are the wire values.
 */
public enum ErrorCode {
  // ---- verification of a presentation (one code per check failure) ----

  /** The presentation is not an SD-JWT+KB in compact serialization (RFC 9901 §4). */
  PRESENTATION_MALFORMED,
  /** The Issuer-signed JWT's {@code typ} is not {@code dc+sd-jwt}. */
  CREDENTIAL_TYP_INVALID,
  /** A claim of the credential has the wrong type (e.g. {@code exp} not a NumericDate). */
  CREDENTIAL_MALFORMED,
  /**
   * The issuer key cannot be found: {@code kid} is not a did:kdid DID URL, the DID is unknown or
   * deactivated, or the key is not one of its assertionMethod keys.
   */
  ISSUER_KEY_UNRESOLVABLE,
  /**
   * The issuer DID's {@code OpenID4VCICredentialIssuer} service endpoint is not the credential's
   * {@code iss}.
   */
  ISSUER_URL_MISMATCH,
  /** The Issuer-signed JWT's signature does not verify with the issuer key. */
  ISSUER_SIGNATURE_INVALID,
  /** The issuer has no active trust-registry record for the credential's type. */
  ISSUER_NOT_ACCREDITED,
  /**
   * The credential's digests and the Disclosures do not fit together: the same digest or Disclosure
   * twice, a Disclosure of the wrong form for where its digest sits, a colliding claim name, an
   * unsupported {@code _sd_alg} (RFC 9901 §7.1 steps 2.d to 4).
   */
  DISCLOSURE_DIGEST_MISMATCH,
  /**
   * A Disclosure whose digest the credential does not contain (RFC 9901 §7.1 step 5): it was
   * altered after issuance, or taken from another credential. The two cannot be told apart: both
   * are a digest the issuer never signed.
   */
  DISCLOSURE_UNREFERENCED,
  /** A claim that must never be selectively disclosable ({@code exp}, {@code cnf}, ...) was. */
  PROTECTED_CLAIM_DISCLOSED,
  /** The credential's {@code vct} is not the requested type (or is missing). */
  VCT_MISMATCH,
  /** The credential's {@code exp} has passed. */
  CREDENTIAL_EXPIRED,
  /** The credential's {@code nbf} is in the future. */
  CREDENTIAL_NOT_YET_VALID,
  /** The credential has no usable holder key ({@code cnf.jwk}). */
  HOLDER_KEY_INVALID,
  /** The presentation has no Key Binding JWT. */
  KB_MISSING,
  /** The KB-JWT does not verify with the holder key of the credential. */
  KB_SIGNATURE_INVALID,
  /** The KB-JWT's {@code typ} is not {@code kb+jwt}. */
  KB_TYP_INVALID,
  /** The KB-JWT's {@code iat} is missing, too old or in the future. */
  KB_IAT_OUT_OF_WINDOW,
  /** The KB-JWT's {@code aud} is not this verifier's full {@code client_id}. */
  KB_AUDIENCE_MISMATCH,
  /** The KB-JWT's {@code nonce} is not this request's nonce (e.g. a stale presentation). */
  KB_NONCE_MISMATCH,
  /** The KB-JWT's {@code sd_hash} does not match the presented SD-JWT. */
  KB_SD_HASH_MISMATCH,
  /** The credential is revoked in its status list. */
  CREDENTIAL_REVOKED,
  /** The credential is suspended in its status list. */
  CREDENTIAL_SUSPENDED,
  /**
   * No statement about the credential's status can be made: no status reference, the list is
   * missing, its token does not verify, its {@code sub} is not the referenced URI, it expired, or
   * the index is out of range.
   */
  STATUS_UNAVAILABLE,
  /** A requested claim was not disclosed. */
  CLAIM_NOT_DISCLOSED,
  /** The mdoc's document type is not the requested one (ISO 18013-5). */
  DOCTYPE_MISMATCH,
  /**
   * The mdoc's document signer certificate does not chain to an IACA that its issuer publishes on
   * the ledger, or is outside its validity.
   */
  ISSUER_CERTIFICATE_UNTRUSTED,
  /**
   * The mdoc's device authentication (deviceSignature over this request's OpenID4VP session
   * transcript, with the MSO's device key) does not verify: not the holder's device, or made for
   * another request.
   */
  DEVICE_AUTH_INVALID,
  /**
   * At answer time, the verifier's ledger registration no longer covers every requested claim (or
   * the verifier is suspended).
   */
  RP_NOT_REGISTERED_FOR_CLAIM,

  // ---- creating requests ----

  /** The verifier has no relying-party registration on the ledger. */
  RP_NOT_REGISTERED,
  /** The verifier's registration does not allow a requested claim, or it is suspended. */
  CLAIMS_NOT_REGISTERED,
  /** The credential type is not in the catalog. */
  UNKNOWN_CREDENTIAL_TYPE,
  /** A requested claim is not a claim of the credential type. */
  UNKNOWN_CLAIM,
  /** A credential is asked for in a format other than dc+sd-jwt or mso_mdoc. */
  UNSUPPORTED_FORMAT,
  /**
   * The credentials or credential sets asked for do not make a valid DCQL query (repeated ids, a
   * set naming an unknown query, too many credentials).
   */
  INVALID_QUERY,
  /** The request names no claims, or one twice. */
  INVALID_CLAIMS,

  // ---- the OpenID4VP endpoints ----

  /** No presentation request has this id. */
  REQUEST_NOT_FOUND,
  /** The presentation request expired. */
  REQUEST_EXPIRED,
  /** The presentation request was already answered (its request object is no longer served). */
  REQUEST_ALREADY_ANSWERED,
  /** A response for an already answered request (requests are single use). */
  RESPONSE_REPLAYED,
  /** The response is not {@code application/x-www-form-urlencoded}. */
  RESPONSE_CONTENT_TYPE,
  /** The response repeats a parameter, or carries both {@code vp_token} and {@code error}. */
  RESPONSE_MALFORMED,
  /** The response has no {@code state}. */
  STATE_MISSING,
  /** The response's {@code state} is not the request's. */
  STATE_MISMATCH,
  /** The response has neither {@code vp_token} nor {@code error}. */
  VP_TOKEN_MISSING,
  /** {@code vp_token} is not a JSON object of arrays of presentation strings. */
  VP_TOKEN_MALFORMED,
  /** {@code vp_token} holds a credential query id the request did not ask for. */
  VP_TOKEN_QUERY_UNKNOWN,
  /** {@code vp_token} lacks the requested credential query id. */
  VP_TOKEN_QUERY_MISSING,
  /** {@code vp_token} holds more than one presentation for a query ({@code multiple} is false). */
  VP_TOKEN_MULTIPLE_PRESENTATIONS,
  /** The presentations do not satisfy a required credential set of the request. */
  CREDENTIAL_SET_UNSATISFIED,
  /** The wallet answered with an error response (the holder declined, or had no credential). */
  WALLET_DECLINED,

  // ---- the result and admin endpoints, and the service ----

  /** The result endpoint needs the request's read secret as a bearer token. */
  READ_SECRET_MISSING,
  /** The bearer token is not the request's read secret. */
  READ_SECRET_INVALID,
  /** No verifier of this name runs in this process. */
  VERIFIER_NOT_FOUND,
  /** The verifier is configured but not started yet. */
  SERVICE_STARTING,
  /** The ledger could not be reached or its answer could not be verified; try again. */
  LEDGER_UNAVAILABLE
}
