package kr.kdid.verifier.oid4vp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import kr.kdid.core.did.Did;
import kr.kdid.core.json.Json;

/**
 * Constants of OpenID for Verifiable Presentations 1.0 (with errata set 1, editor's draft) as the
 * K-DID verifier uses them: signed request objects by reference, the {@code
 * decentralized_identifier:} client identifier prefix, DCQL, {@code direct_post} responses, SD-JWT
 * VC presentations with key binding.
 */
public final class OpenId4Vp {
  /** The specification implemented. */
  public static final String SPEC =
      "https://openid.net/specs/openid-4-verifiable-presentations-1_0.html (1.0, errata set 1)";

  /** Client Identifier Prefix for a client identified by a DID (§5.9.3). */
  public static final String DID_CLIENT_ID_PREFIX = "decentralized_identifier:";

  /** The {@code typ} of a request object (JAR, RFC 9101). */
  public static final String REQUEST_OBJECT_TYP = "oauth-authz-req+jwt";

  /** The media type a request object is served with. */
  public static final String REQUEST_OBJECT_MEDIA_TYPE = "application/" + REQUEST_OBJECT_TYP;

  /** The {@code aud} of a request object for a wallet without known metadata (§5.8). */
  public static final String SELF_ISSUED_AUDIENCE = "https://self-issued.me/v2";

  /** The only response type: a VP Token. */
  public static final String RESPONSE_TYPE = "vp_token";

  /** The response mode: an HTTP POST of a form to {@code response_uri} (§8.2). */
  public static final String RESPONSE_MODE = "direct_post";

  /** The media type of {@code direct_post} responses. */
  public static final String FORM_MEDIA_TYPE = "application/x-www-form-urlencoded";

  /** The custom URL scheme of authorization requests (§9). */
  public static final String SCHEME = "openid4vp://";

  /** The Credential Format Identifier of SD-JWT VCs (Appendix B.3). */
  public static final String FORMAT_SD_JWT_VC = "dc+sd-jwt";

  /** The error code of malformed requests and responses. */
  public static final String INVALID_REQUEST = "invalid_request";

  private OpenId4Vp() {}

  /** {@code decentralized_identifier:<did>}: the client_id, and the KB-JWT {@code aud}. */
  public static String clientId(Did did) {
    return DID_CLIENT_ID_PREFIX + did;
  }

  /**
   * The authorization request by reference, as a QR code or deep link holds it: {@code
   * openid4vp://?client_id=...&request_uri=...}.
   */
  public static String authorizationRequestUri(String clientId, String requestUri) {
    return SCHEME
        + "?client_id="
        + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
        + "&request_uri="
        + URLEncoder.encode(requestUri, StandardCharsets.UTF_8);
  }

  /**
   * The verifier metadata sent in every request: SD-JWT VCs with ES256 issuer and KB-JWTs, and
   * mdocs with ES256 (COSE -7, or fully specified -9 for P-256) issuerAuth and deviceSignature.
   */
  public static ObjectNode clientMetadata() {
    ObjectNode m = Json.object();
    ObjectNode formats = m.putObject("vp_formats_supported");
    ObjectNode sdJwt = formats.putObject(FORMAT_SD_JWT_VC);
    sdJwt.putArray("sd-jwt_alg_values").add("ES256");
    sdJwt.putArray("kb-jwt_alg_values").add("ES256");
    ObjectNode mdoc = formats.putObject("mso_mdoc");
    mdoc.putArray("issuerauth_alg_values").add(-7).add(-9);
    mdoc.putArray("deviceauth_alg_values").add(-7).add(-9);
    return m;
  }
}
