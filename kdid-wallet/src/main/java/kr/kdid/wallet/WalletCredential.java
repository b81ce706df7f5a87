package kr.kdid.wallet;

import java.time.Instant;
import java.util.Objects;

/**
 * A credential in the wallet, as the holder sees it in a list: one card, backed by a batch of
 * copies that carry the same claims under distinct holder keys (presentations use a different copy
 * each time, least used first). Holds no claim values; see {@link CredentialDetails}.
 *
 * @param id the wallet's id for it (not known to anyone else)
 * @param credentialType the catalog id ("kr.mdl"), or the issuer's configuration id
 * @param vct the SD-JWT VC type
 * @param name the type's name
 * @param issuer the Credential Issuer Identifier (a URL)
 * @param issuerName the issuer's display name
 * @param issuerDid the issuer's DID (from the signing key's id), or null
 * @param receivedAt when the wallet received it
 * @param expiresAt when it expires, or null
 * @param copies how many copies the batch holds
 * @param unusedCopies how many were never presented
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
    int unusedCopies) {
  public WalletCredential {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(issuerName, "issuerName");
  }

  /** True if it has expired at {@code now}. */
  public boolean isExpired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
