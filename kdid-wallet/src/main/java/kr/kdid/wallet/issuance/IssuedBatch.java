package kr.kdid.wallet.issuance;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import kr.kdid.credentials.events.EventCommitment;
import kr.kdid.wallet.WalletException;

/**
 * Credentials received and verified for one offer: copies of one credential, each bound to its own
 * fresh holder key, as SD-JWT VCs, as mdocs, or both (one card). Holds personal data and key
 * references: never log it.
 *
 * @param offer what was redeemed
 * @param issuerDid the DID of the issuer's SD-JWT signing key; null if no SD-JWT VC was issued
 * @param copies the verified SD-JWT VCs; empty if only an mdoc was offered
 * @param event the issuance event the issuer handed over with the SD-JWT VCs (with its salt), or
 *     null
 * @param eventProblem why a handed-over event was not kept, or null
 * @param expiresAt the earliest {@code exp} of the SD-JWT VCs, or null
 * @param mdoc the verified mdocs, or null if none was offered or their request failed
 * @param mdocFailure why the offered mdocs were not received although the SD-JWT VCs were, or null
 */
public record IssuedBatch(
    PreparedOffer offer,
    String issuerDid,
    List<Copy> copies,
    EventCommitment event,
    String eventProblem,
    Instant expiresAt,
    MdocBatch mdoc,
    WalletException mdocFailure) {

  public IssuedBatch {
    Objects.requireNonNull(offer, "offer");
    copies = List.copyOf(copies);
    if (copies.isEmpty() && mdoc == null) {
      throw new IllegalArgumentException("a batch holds at least one credential");
    }
    if (!copies.isEmpty()) {
      Objects.requireNonNull(issuerDid, "issuerDid");
    }
    if (mdoc != null && mdocFailure != null) {
      throw new IllegalArgumentException("the mdocs were either received or not");
    }
  }

  /** SD-JWT VCs only. */
  public IssuedBatch(
      PreparedOffer offer,
      String issuerDid,
      List<Copy> copies,
      EventCommitment event,
      String eventProblem,
      Instant expiresAt) {
    this(offer, issuerDid, copies, event, eventProblem, expiresAt, null, null);
  }

  /** Mdocs only. */
  static IssuedBatch ofMdoc(PreparedOffer offer, MdocBatch mdoc) {
    return new IssuedBatch(offer, null, List.of(), null, null, null, mdoc, null);
  }

  /** This batch with the mdocs received after the SD-JWT VCs. */
  IssuedBatch withMdoc(MdocBatch m) {
    return new IssuedBatch(offer, issuerDid, copies, event, eventProblem, expiresAt, m, null);
  }

  /** This batch with the reason the offered mdocs were not received. */
  IssuedBatch withMdocFailure(WalletException e) {
    return new IssuedBatch(offer, issuerDid, copies, event, eventProblem, expiresAt, null, e);
  }

  /** The mdocs, if received. */
  public Optional<MdocBatch> mdocBatch() {
    return Optional.ofNullable(mdoc);
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
    return "IssuedBatch["
        + issuerDid
        + ", "
        + copies.size()
        + " copies"
        + (mdoc != null ? ", " + mdoc : "")
        + (mdocFailure != null ? ", mdoc failed: " + mdocFailure.code() : "")
        + "]";
  }
}
