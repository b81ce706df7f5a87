package kr.kdid.wallet.presentation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import kr.kdid.wallet.Label;

/**
 * What the holder is asked to consent to: who asks (name and purpose from the verifier's ledger
 * registration, and its DID), and, for each credential that would be used, each claim with its
 * label and the value that would be shared. Holds personal data: show it to the holder, never log
 * it ({@link #toString()} leaves values out).
 *
 * @param requestId the id of the request this view belongs to
 * @param verifierName the verifier's registered name
 * @param purpose the verifier's registered purpose
 * @param verifierDid the verifier's DID
 * @param responseHost the host the answer would be sent to
 * @param expiresAt when the request expires
 * @param items the credentials and claims that would be shared
 */
public record ConsentView(
    String requestId,
    String verifierName,
    String purpose,
    String verifierDid,
    String responseHost,
    Instant expiresAt,
    List<Item> items) {

  public ConsentView {
    Objects.requireNonNull(requestId, "requestId");
    items = List.copyOf(items);
  }

  /**
   * One credential that would be presented.
   *
   * @param queryId the verifier's credential query id
   * @param credentialId the wallet's id of the credential
   * @param credentialType its type (catalog id)
   * @param credentialName its type's name
   * @param issuerName its issuer's name
   * @param claims the claims that would be disclosed; empty if only the credential's visible parts
   *     (type, issuer, validity) would be
   */
  public record Item(
      String queryId,
      String credentialId,
      String credentialType,
      Label credentialName,
      Label issuerName,
      List<SharedClaim> claims) {
    public Item {
      claims = List.copyOf(claims);
    }
  }

  /**
   * A claim that would be disclosed.
   *
   * @param name the claim name
   * @param label its label
   * @param value the value as shown to the holder
   * @param sensitive whether the catalog marks it sensitive (warn the holder)
   */
  public record SharedClaim(String name, Label label, String value, boolean sensitive) {
    @Override
    public String toString() {
      return "SharedClaim[" + name + "]";
    }
  }

  /** The holder's consent to exactly this view. */
  public Consent approve() {
    return new Consent(requestId);
  }

  /** The names of all claims that would be disclosed. */
  public List<String> claimNames() {
    return items.stream().flatMap(i -> i.claims().stream()).map(SharedClaim::name).toList();
  }

  @Override
  public String toString() {
    return "ConsentView[" + requestId + ", " + verifierDid + ", claims " + claimNames() + "]";
  }
}
