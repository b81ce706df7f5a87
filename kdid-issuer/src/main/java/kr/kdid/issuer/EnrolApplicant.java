package kr.kdid.issuer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.credentials.catalog.CredentialType;
import kr.kdid.issuer.store.IssuerStore;

/**
 * Enrols an applicant in the authentic source stand-in (the police agency's registry of licence
 * holders): the person's reference and the source claims of the credential type, checked against
 * the catalog. A real deployment replaces this registry with the agency's own system behind the
 * same store port.
 */
public final class EnrolApplicant {
  private final IssuerStore store;
  private final Clock clock;
  private final SecureRandom random;

  public EnrolApplicant(IssuerStore store, Clock clock, SecureRandom random) {
    this.store = store;
    this.clock = clock;
    this.random = random;
  }

  /** The outcome of an enrolment. */
  public sealed interface Result {
    record Enrolled(String applicantId) implements Result {}

    record AlreadyEnrolled(String applicantId) implements Result {}

    record Invalid(List<String> problems) implements Result {}
  }

  public Result enrol(String personRef, CredentialType type, ObjectNode claims) {
    if (personRef == null || !personRef.matches("[A-Za-z0-9._:-]{4,128}")) {
      return new Result.Invalid(List.of("personRef must be 4 to 128 of A-Z a-z 0-9 . _ : -"));
    }
    List<String> problems = type.problemsWith(claims);
    if (!problems.isEmpty()) {
      return new Result.Invalid(problems);
    }
    String id = Randomness.id(random, 12);
    boolean inserted =
        store.insertApplicant(new IssuerStore.Applicant(id, personRef, claims, clock.millis()));
    if (!inserted) {
      return new Result.AlreadyEnrolled(
          store.applicantByPersonRef(personRef).map(IssuerStore.Applicant::id).orElse(null));
    }
    return new Result.Enrolled(id);
  }
}
