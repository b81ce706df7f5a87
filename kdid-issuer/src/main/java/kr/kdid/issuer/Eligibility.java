package kr.kdid.issuer;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import kr.kdid.credentials.catalog.CredentialType;
import kr.kdid.issuer.store.IssuerStore;

/**
 * A credential type's issuance rules applied to one applicant: the minimum age and "one active
 * credential per person". The same check runs when an officer creates an offer (so the officer is
 * told at once) and when the wallet asks for the credential (so no path around it exists). A
 * refusal names its rule and says why, in English and Korean.
 */
public final class Eligibility {
  private Eligibility() {}

  /** Why an applicant gets no credential: a machine-readable code and a sentence to show. */
  public record Refusal(String code, String message) {}

  /**
   * Checks the rules.
   *
   * @param held the applicant's credentials of any type
   * @param replaced the credentials that this issuance replaces (a renewal or re-issue revokes
   *     them), which do not count as "already holding one"
   * @param nowMillis the current time, for expiry
   */
  public static Optional<Refusal> check(
      CredentialType type,
      IssuerStore.Applicant applicant,
      LocalDate today,
      List<IssuerStore.CredentialRow> held,
      Predicate<IssuerStore.CredentialRow> replaced,
      long nowMillis) {
    String name = type.display("en").name();
    int min = type.rules().minimumAge();
    if (min > 0) {
      JsonNode birth = applicant.claims().get("birth_date");
      LocalDate born;
      try {
        born = birth == null ? null : LocalDate.parse(birth.asText());
      } catch (DateTimeParseException e) {
        born = null;
      }
      if (born == null) {
        return Optional.of(
            new Refusal(
                "BIRTH_DATE_UNKNOWN",
                name + " needs the applicant's birth date, which the registry lacks"));
      }
      int age = CredentialType.ageOn(born, today);
      if (age < min) {
        return Optional.of(
            new Refusal(
                "BELOW_MINIMUM_AGE",
                name
                    + " is issued only from age "
                    + min
                    + "; the applicant is "
                    + age
                    + " (만 "
                    + min
                    + "세 이상만 발급됩니다. 신청인은 만 "
                    + age
                    + "세입니다)"));
      }
    }
    if (type.rules().onePerHolder()) {
      boolean active =
          held.stream()
              .anyMatch(
                  c ->
                      c.credentialType().equals(type.id())
                          && IssuerStore.isActive(c.status())
                          && c.expiresAt() > nowMillis
                          && !replaced.test(c));
      if (active) {
        return Optional.of(
            new Refusal(
                "ALREADY_HOLDS_ONE",
                "only one active "
                    + name
                    + " per person; renew or re-issue it instead, or revoke the old one first"
                    + " (1인 1매만 발급됩니다)"));
      }
    }
    return Optional.empty();
  }
}
