package kr.kdid.credentials.mdoc;

/**
 * Constants of ISO/IEC 18013-5:2021 (Personal identification, ISO-compliant driving licence, Part
 * 5: Mobile driving licence application), https://www.iso.org/standard/69084.html, and of the
 * OpenID4VP 1.0 mso_mdoc profile (Appendix B.2).
 */
public final class Iso18013_5 {
  /** The mDL document type. */
  public static final String MDL_DOCTYPE = "org.iso.18013.5.1.mDL";

  /** The mDL namespace. */
  public static final String MDL_NAMESPACE = "org.iso.18013.5.1";

  /** Extended key usage of mdoc document signer certificates (Annex B.1.4). */
  public static final String EKU_DOCUMENT_SIGNER = "1.0.18013.5.1.2";

  /** Extended key usage of mdoc reader authentication certificates (Annex B.1.7). */
  public static final String EKU_READER_AUTH = "1.0.18013.5.1.6";

  /** The OpenID4VP / OpenID4VCI credential format identifier. */
  public static final String FORMAT = "mso_mdoc";

  private Iso18013_5() {}
}
