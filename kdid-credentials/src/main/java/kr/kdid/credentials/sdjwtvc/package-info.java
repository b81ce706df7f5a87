/**
 * SD-JWT-based Verifiable Digital Credentials (draft-ietf-oauth-sd-jwt-vc, editor's copy of
 * 2026-08-21): the {@code dc+sd-jwt} profile of RFC 9901, with issuance ({@link
 * kr.kdid.credentials.sdjwtvc.SdJwtVcIssuer}) and verification that reports every check ({@link
 * kr.kdid.credentials.sdjwtvc.SdJwtVcVerifier}). Type Metadata and issuer key discovery are left to
 * callers: the verifier asks an {@link
 * kr.kdid.credentials.sdjwtvc.SdJwtVcVerifier.IssuerKeyResolver} for the issuer's key.
 */
package kr.kdid.credentials.sdjwtvc;
