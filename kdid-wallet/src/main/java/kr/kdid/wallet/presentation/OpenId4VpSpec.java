package kr.kdid.wallet.presentation;

/**
 * Constants of OpenID for Verifiable Presentations 1.0 (incorporating errata set 1), as the wallet
 * uses them.
 */
public final class OpenId4VpSpec {
  /** The specification. */
  public static final String SPEC =
      "https://openid.net/specs/openid-4-verifiable-presentations-1_0.html";

  /** The request link scheme (§9, cross-device). */
  public static final String SCHEME = "openid4vp";

  /** The Request Object's {@code typ} (§5). */
  public static final String REQUEST_TYP = "oauth-authz-req+jwt";

  /** The media type a request_uri answers with. */
  public static final String REQUEST_MEDIA_TYPE = "application/oauth-authz-req+jwt";

  /** The Client Identifier Prefix of DID-identified verifiers (§5.9.3). */
  public static final String DID_PREFIX = "decentralized_identifier:";

  /** The Request Object {@code aud} under static discovery (§5.8). */
  public static final String SELF_ISSUED_AUDIENCE = "https://self-issued.me/v2";

  public static final String RESPONSE_TYPE_VP_TOKEN = "vp_token";
  public static final String RESPONSE_MODE_DIRECT_POST = "direct_post";

  /** The SD-JWT VC format identifier in DCQL. */
  public static final String FORMAT_SD_JWT_VC = "dc+sd-jwt";

  /** The ISO/IEC 18013-5 mdoc format identifier in DCQL (Appendix B.2). */
  public static final String FORMAT_MSO_MDOC = "mso_mdoc";

  /** The error a wallet sends when the holder declines (§8.5). */
  public static final String ACCESS_DENIED = "access_denied";

  private OpenId4VpSpec() {}
}
