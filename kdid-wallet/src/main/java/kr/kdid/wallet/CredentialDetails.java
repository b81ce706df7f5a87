package kr.kdid.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * A credential with its claims, for the holder's own eyes ({@link Wallet#show}). Holds personal
 * data: never log it. {@link #toString()} leaves the values out.
 *
 * @param credential the credential
 * @param claims its claims, in the catalog's order, then any others
 */
public record CredentialDetails(WalletCredential credential, List<ClaimValue> claims) {
  public CredentialDetails {
    Objects.requireNonNull(credential, "credential");
    claims = List.copyOf(claims);
  }

  /**
   * One claim.
   *
   * @param name the claim name
   * @param label its label from the catalog (the name if the catalog has none)
   * @param value the value (a copy)
   * @param sensitive whether the catalog marks it sensitive
   */
  public record ClaimValue(String name, Label label, JsonNode value, boolean sensitive) {
    public ClaimValue {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(label, "label");
      value = value == null ? null : value.deepCopy();
    }

    /** The value as text to show: strings as they are, images summarised, others as JSON. */
    public String displayValue() {
      return ClaimText.of(value);
    }

    @Override
    public String toString() {
      return "ClaimValue[" + name + "]";
    }
  }

  @Override
  public String toString() {
    return "CredentialDetails[" + credential.id() + ", " + claims.size() + " claims]";
  }
}
