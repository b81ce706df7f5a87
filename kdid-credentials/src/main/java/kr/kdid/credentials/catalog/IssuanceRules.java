package kr.kdid.credentials.catalog;

import java.time.Duration;

/**
 * What an issuer enforces before issuing a credential type.
 *
 * @param minimumAge applicants younger than this get no credential (0 for none)
 * @param onePerHolder at most one active credential of the type per person
 * @param validity how long an issued credential is valid (it is renewed before)
 * @param batchSize how many credentials (distinct holder keys) one issuance delivers
 * @param manualApproval whether an officer approves each issuance (deferred issuance)
 */
public record IssuanceRules(
    int minimumAge,
    boolean onePerHolder,
    Duration validity,
    int batchSize,
    boolean manualApproval) {
  public IssuanceRules {
    if (minimumAge < 0 || minimumAge > 150) {
      throw new IllegalArgumentException("minimum age out of range");
    }
    if (validity == null || validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive");
    }
    if (batchSize < 1 || batchSize > 100) {
      throw new IllegalArgumentException("batch size must be 1 to 100");
    }
  }
}
