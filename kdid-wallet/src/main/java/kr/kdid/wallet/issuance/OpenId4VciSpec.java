package kr.kdid.wallet.issuance;

/**
 * Constants of OpenID for Verifiable Credential Issuance 1.0 (incorporating errata set 1), as the
 * wallet uses them.
 */
public final class OpenId4VciSpec {
  /** The specification. */
  public static final String SPEC =
      "https://openid.net/specs/openid-4-verifiable-credential-issuance-1_0.html";

  /** The offer link scheme (§12.1.1). */
  public static final String OFFER_SCHEME = "openid-credential-offer";

  public static final String CREDENTIAL_OFFER = "credential_offer";
  public static final String CREDENTIAL_OFFER_URI = "credential_offer_uri";

  /** The pre-authorized code grant type (§4.1.1). */
  public static final String PRE_AUTHORIZED_GRANT =
      "urn:ietf:params:oauth:grant-type:pre-authorized_code";

  /** The authorization code grant type (§3.4, RFC 6749). */
  public static final String AUTHORIZATION_CODE_GRANT = "authorization_code";

  /** The only PKCE method this wallet uses (RFC 7636 §4.2). */
  public static final String PKCE_S256 = "S256";

  /** The authorization details type of OpenID4VCI (§5.1.1). */
  public static final String OPENID_CREDENTIAL = "openid_credential";

  /** Well-known segment of Credential Issuer metadata (§12.2.2). */
  public static final String WELL_KNOWN_ISSUER = "/.well-known/openid-credential-issuer";

  /** Well-known segment of OAuth Authorization Server metadata (RFC 8414 §3). */
  public static final String WELL_KNOWN_AUTHORIZATION_SERVER =
      "/.well-known/oauth-authorization-server";

  /** Well-known segment of JWT VC Issuer metadata (SD-JWT VC §4). */
  public static final String WELL_KNOWN_JWT_VC_ISSUER = "/.well-known/jwt-vc-issuer";

  /** The {@code typ} of a JWT key proof (Appendix F.1). */
  public static final String PROOF_TYP = "openid4vci-proof+jwt";

  /** The SD-JWT VC credential format. */
  public static final String FORMAT_SD_JWT_VC = "dc+sd-jwt";

  /** The holder binding method of SD-JWT VCs. */
  public static final String BINDING_JWK = "jwk";

  /** The ISO/IEC 18013-5 mdoc format identifier (Appendix A.2). */
  public static final String FORMAT_MSO_MDOC = "mso_mdoc";

  /** Binding an mdoc to the device key of the MSO, a COSE_Key (Appendix A.2.2). */
  public static final String BINDING_COSE_KEY = "cose_key";

  /** The issuer's error code telling the wallet to fetch a fresh nonce (§8.3.1). */
  public static final String INVALID_NONCE = "invalid_nonce";

  private OpenId4VciSpec() {}
}
