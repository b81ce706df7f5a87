package kr.kdid.wallet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A credential in the wallet, as the holder sees it in a list: one card, backed by a batch of
 * copies that carry the same claims under distinct holder keys (presentations use a different copy
 * each time, least used first), in one or both formats: SD-JWT VC and ISO/IEC 18013-5 mdoc. Holds
 * no claim values; see {@link CredentialDetails}.
 *
 * @param id the wallet's id for it (not known to anyone else)
 * @param credentialType the catalog id ("kr.mdl"), or the issuer's configuration id
 * @param vct the SD-JWT VC type, or null if the wallet holds it as an mdoc only
 * @param name the type's name
 * @param issuer the Credential Issuer Identifier (a URL)
 * @param issuerName the issuer's display name
 * @param issuerDid the issuer's DID (from the signing key's id), or null
 * @param receivedAt when the wallet received it
 * @param expiresAt when it expires (the SD-JWT VC's {@code exp}, else the mdoc's validUntil), or
 *     null
 * @param copies how many SD-JWT VC copies the batch holds
 * @param unusedCopies how many SD-JWT VC copies were never presented
 * @param doctype the mdoc document type, or null if the wallet holds no mdoc of it
 * @param mdocCopies how many mdoc copies the batch holds
 * @param unusedMdocCopies how many mdoc copies were never presented
 */
public record WalletCredential(
    String id,
    String credentialType,
    String vct,
    Label name,
    String issuer,
    Label issuerName,
    String issuerDid,
    Instant receivedAt,
    Instant expiresAt,
    int copies,
    int unusedCopies,
    String doctype,
    int mdocCopies,
    int unusedMdocCopies) {
  public WalletCredential {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(issuerName, "issuerName");
  }

  /** The SD-JWT VC format identifier. */
  public static final String FORMAT_SD_JWT_VC = "dc+sd-jwt";

  /** The mdoc format identifier. */
  public static final String FORMAT_MSO_MDOC = "mso_mdoc";

  /** The formats it is held in: {@code dc+sd-jwt} and/or {@code mso_mdoc}. */
  public List<String> formats() {
    List<String> out = new ArrayList<>(2);
    if (copies > 0) {
      out.add(FORMAT_SD_JWT_VC);
    }
    if (mdocCopies > 0) {
      out.add(FORMAT_MSO_MDOC);
    }
    return List.copyOf(out);
  }

  /** True if it has expired at {@code now}. */
  public boolean isExpired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
