package kr.kdid.verifier.verification;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import kr.kdid.core.json.Json;
import kr.kdid.verifier.ErrorCode;

/**
 * The outcome of verifying one presentation: every check in the order run, and, only when all of
 * them passed, the requested claims. Claims that were disclosed but not requested are never part of
 * a report.
 *
 * @param checks every check; unmodifiable
 * @param claims the requested claims as disclosed, or null unless {@link #verified()}; the caller
 *     owns the tree
 */
public record VerificationReport(List<Check> checks, ObjectNode claims) {

  public VerificationReport {
    checks = List.copyOf(checks);
    if (claims != null && !allPassed(checks)) {
      throw new IllegalArgumentException("claims are returned only for a verified presentation");
    }
  }

  /** True if there is at least one check and every check passed. */
  public boolean verified() {
    return allPassed(checks);
  }

  /** The code of the first failed check; empty if none failed. */
  public Optional<ErrorCode> error() {
    return checks.stream().filter(Check::isFailed).map(Check::code).findFirst();
  }

  /** The check with this name, if it was reported. */
  public Optional<Check> check(String name) {
    return checks.stream().filter(c -> c.check().equals(name)).findFirst();
  }

  /** This report with one more check appended; claims are dropped if it did not pass. */
  public VerificationReport with(Check extra) {
    List<Check> all = new java.util.ArrayList<>(checks);
    all.add(extra);
    return new VerificationReport(all, allPassed(all) ? claims : null);
  }

  /**
   * The outcome without personal data: {@code {"verified": bool, "error": CODE?, "checks": [...]}}
   * (the {@code kdid_result} of OpenID4VP responses).
   */
  public ObjectNode outcomeJson() {
    ObjectNode o = Json.object();
    o.put("verified", verified());
    error().ifPresent(c -> o.put("error", c.name()));
    ArrayNode a = o.putArray("checks");
    checks.forEach(c -> a.add(c.toJson()));
    return o;
  }

  private static boolean allPassed(List<Check> checks) {
    return !checks.isEmpty() && checks.stream().allMatch(Check::isPassed);
  }
}
