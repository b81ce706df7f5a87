package kr.kdid.wallet.issuance;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import kr.kdid.credentials.events.EventCommitment;

/**
 * Credentials received and verified in one credential request: copies of one credential, each bound
 * to its own fresh holder key. Holds personal data and key references: never log it.
 *
 * @param offer what was redeemed
 * @param issuerDid the DID of the issuer's signing key
 * @param copies the verified credentials, at least one
 * @param event the issuance event the issuer handed over (with its salt), or null
 * @param eventProblem why a handed-over event was not kept, or null
 * @param expiresAt the earliest {@code exp} of the copies, or null
 */
public record IssuedBatch(
    PreparedOffer offer,
    String issuerDid,
    List<Copy> copies,
    EventCommitment event,
    String eventProblem,
    Instant expiresAt) {

  public IssuedBatch {
    Objects.requireNonNull(offer, "offer");
    Objects.requireNonNull(issuerDid, "issuerDid");
    copies = List.copyOf(copies);
    if (copies.isEmpty()) {
      throw new IllegalArgumentException("a batch holds at least one credential");
    }
  }

  /**
   * One credential.
   *
   * @param sdJwt the SD-JWT VC as issued
   * @param keyReference the holder key's reference ({@link kr.kdid.wallet.storage.HolderKeys})
   * @param keyThumbprint the RFC 7638 thumbprint of the holder key ({@code cnf.jwk})
   */
  public record Copy(String sdJwt, String keyReference, String keyThumbprint) {
    @Override
    public String toString() {
      return "Copy[" + keyThumbprint + "]";
    }
  }

  @Override
  public String toString() {
    return "IssuedBatch[" + issuerDid + ", " + copies.size() + " copies]";
  }
}
