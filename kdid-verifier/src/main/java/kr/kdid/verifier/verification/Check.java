package kr.kdid.verifier.verification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import kr.kdid.core.json.Json;
import kr.kdid.verifier.ErrorCode;

/**
 * One check of a verification, as reported to the relying party and the holder. Details describe
 * what was wrong for people and logs; they never contain claim values.
 *
 * @param check the check's name (e.g. {@code issuer_signature}, {@code kb_jwt.nonce}, {@code
 *     status})
 * @param status the outcome
 * @param code the failure's code; non-null exactly when {@code status} is FAILED
 * @param detail what went wrong, or which check a skipped one depended on; null when passed
 */
public record Check(String check, Status status, ErrorCode code, String detail) {

  /** The outcome of a check. */
  public enum Status {
    PASSED,
    FAILED,
    /** Not run because a check it depends on failed. */
    SKIPPED
  }

  /**
   * @throws IllegalArgumentException if a code is given for a check that did not fail, or none for
   *     one that did
   */
  public Check {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(status, "status");
    if ((status == Status.FAILED) != (code != null)) {
      throw new IllegalArgumentException("a code is given exactly for failed checks");
    }
  }

  public static Check passed(String check) {
    return new Check(check, Status.PASSED, null, null);
  }

  public static Check failed(String check, ErrorCode code, String detail) {
    return new Check(check, Status.FAILED, Objects.requireNonNull(code, "code"), detail);
  }

  public static Check skipped(String check, String prerequisite) {
    return new Check(check, Status.SKIPPED, null, "requires " + prerequisite);
  }

  public boolean isPassed() {
    return status == Status.PASSED;
  }

  public boolean isFailed() {
    return status == Status.FAILED;
  }

  /** {@code {"check", "status", "code"?, "detail"?}}. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("check", check);
    o.put("status", status.name());
    if (code != null) {
      o.put("code", code.name());
    }
    if (detail != null) {
      o.put("detail", detail);
    }
    return o;
  }

  /**
   * Reads {@link #toJson()} back.
   *
   * @throws IllegalArgumentException if the JSON is not a check
   */
  public static Check fromJson(JsonNode n) {
    String code = n.path("code").asText(null);
    return new Check(
        n.path("check").asText(),
        Status.valueOf(n.path("status").asText()),
        code == null ? null : ErrorCode.valueOf(code),
        n.path("detail").asText(null));
  }
}
