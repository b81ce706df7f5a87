/**
 * ISO/IEC 18013-5 mdoc credentials (format {@code mso_mdoc} in OpenID4VCI and OpenID4VP).
 *
 * <ul>
 *   <li>Issuing: {@link kr.kdid.credentials.mdoc.MdocIssuer} produces an {@link
 *       kr.kdid.credentials.mdoc.IssuerSigned} (items + issuerAuth over the {@link
 *       kr.kdid.credentials.mdoc.MobileSecurityObject}); {@link kr.kdid.credentials.mdoc.MdocTypes}
 *       and {@link kr.kdid.credentials.mdoc.MdocValues} map catalog types and claims; {@link
 *       kr.kdid.credentials.mdoc.MdocCertificates} creates IACA and document signer certificates.
 *   <li>Presenting: {@link kr.kdid.credentials.mdoc.MdocHolder} builds a {@link
 *       kr.kdid.credentials.mdoc.Document} / {@link kr.kdid.credentials.mdoc.DeviceResponse} bound
 *       to a {@link kr.kdid.credentials.mdoc.SessionTranscript}.
 *   <li>Verifying: {@link kr.kdid.credentials.mdoc.MdocVerifier} with {@link
 *       kr.kdid.credentials.mdoc.IssuerTrust}; readerAuth through {@link
 *       kr.kdid.credentials.mdoc.DeviceRequest}.
 * </ul>
 *
 * <p>All CBOR goes through the {@code com.upokecenter.cbor} library; COSE is {@link
 * kr.kdid.credentials.mdoc.CoseSign1} (ES256) and {@link kr.kdid.credentials.mdoc.CoseMac0} (HMAC
 * 256/256). Every failure is an {@link kr.kdid.credentials.mdoc.MdocException} with a reason code.
 */
package kr.kdid.credentials.mdoc;
