/**
 * Selective Disclosure for JSON Web Tokens, RFC 9901 (built from draft-ietf-oauth-selective-
 * disclosure-jwt-22, which RFC 9901 publishes): parsing the compact serialization ({@link
 * kr.kdid.credentials.sdjwt.SdJwt}, {@link kr.kdid.credentials.sdjwt.Disclosure}), the §7.1
 * processing ({@link kr.kdid.credentials.sdjwt.SdJwtProcessor}), issuance ({@link
 * kr.kdid.credentials.sdjwt.SdJwtIssuer}), holder selection ({@link
 * kr.kdid.credentials.sdjwt.SdJwt#select}) and Key Binding JWTs ({@link
 * kr.kdid.credentials.sdjwt.KeyBinding}).
 *
 * <p>Every rejection is an {@link kr.kdid.credentials.sdjwt.SdJwtException} whose {@link
 * kr.kdid.credentials.sdjwt.SdJwtException.Reason} names the failed check. Only {@code sha-256} is
 * accepted as {@code _sd_alg}, and only ES256 and EdDSA as signature algorithms. The JWS JSON
 * serialization (RFC 9901 §8, optional) is not supported.
 */
package kr.kdid.credentials.sdjwt;
