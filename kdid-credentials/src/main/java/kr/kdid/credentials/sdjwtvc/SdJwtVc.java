package kr.kdid.credentials.sdjwtvc;

import java.util.Set;

/**
 * Constants of SD-JWT VC, draft-ietf-oauth-sd-jwt-vc (editor's copy of 2026-08-21, between -18 and
 * -19). OpenID4VCI 1.0 pins -11 and OpenID4VP 1.0 pins -09; the differences that matter here are
 * the legacy {@code vc+sd-jwt} type and the DID key resolution the K-DID profile adds.
 */
public final class SdJwtVc {
  /** The specification this package implements. */
  public static final String SPEC =
      "https://datatracker.ietf.org/doc/draft-ietf-oauth-sd-jwt-vc/ (editor's copy 2026-08-21)";

  /** Media type of an SD-JWT VC (§2.1). */
  public static final String MEDIA_TYPE = "application/dc+sd-jwt";

  /** The {@code typ} header the Issuer-signed JWT MUST carry (§2.2.1). */
  public static final String TYP = "dc+sd-jwt";

  /**
   * The {@code typ} of drafts -06 to -18 (and of the -09/-11 versions OpenID4VP and OpenID4VCI
   * pin), accepted only when a verifier opts in; never emitted.
   */
  public static final String LEGACY_TYP = "vc+sd-jwt";

  /** The OpenID4VCI/OpenID4VP Credential Format Identifier. */
  public static final String FORMAT = "dc+sd-jwt";

  /** Claim names. */
  public static final String VCT = "vct";

  public static final String VCT_INTEGRITY = "vct#integrity";
  public static final String AKA_VCTS = "aka_vcts";
  public static final String ISS = "iss";
  public static final String IAT = "iat";
  public static final String NBF = "nbf";
  public static final String EXP = "exp";
  public static final String CNF = "cnf";
  public static final String STATUS = "status";

  /**
   * The top-level claims that, with all their sub-claims, MUST NOT be selectively disclosed
   * (§2.2.2.3): issuers never put them in Disclosures and verifiers reject credentials where they
   * came from one.
   */
  public static final Set<String> NEVER_DISCLOSABLE =
      Set.of(ISS, NBF, EXP, CNF, VCT, VCT_INTEGRITY, AKA_VCTS, STATUS);

  private SdJwtVc() {}
}
