package kr.kdid.verifier.oid4vp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import kr.kdid.core.json.Json;
import kr.kdid.verifier.ErrorCode;
import kr.kdid.verifier.VerifierException;
import kr.kdid.verifier.store.VerifierStore;
import kr.kdid.verifier.store.VerifierStore.StoredRequest;

/**
 * The relying party reads a request's result with the read secret it got when creating the request
 * (the "internal response-fetch interface" OpenID4VP §13.3 asks verifiers to protect). Shape:
 * {@code {"requestId", "status": PENDING|ANSWERED|DECLINED|EXPIRED, "credentialType", "expiresAt",
 * "answeredAt"?, "result"?: {"verified", "error"?, "checks"}, "claims"?, "claimsPurged"}}; the
 * claims are there only for a verified result within the retention period. Thread-safe.
 */
public final class ReadResult {
  private final VerifierStore store;
  private final Clock clock;

  public ReadResult(VerifierStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * The result of a request.
   *
   * @param readSecret the request's read secret, or null if none was presented
   * @throws VerifierException REQUEST_NOT_FOUND, READ_SECRET_MISSING or READ_SECRET_INVALID
   */
  public ObjectNode read(String id, String readSecret) {
    StoredRequest r =
        store
            .find(id)
            .orElseThrow(
                () ->
                    new VerifierException(
                        ErrorCode.REQUEST_NOT_FOUND, "no presentation request " + id));
    if (readSecret == null || readSecret.isEmpty()) {
      throw new VerifierException(
          ErrorCode.READ_SECRET_MISSING, "send the request's read secret as a bearer token");
    }
    if (!Secrets.equal(Secrets.hash(readSecret), r.readSecretHash())) {
      throw new VerifierException(
          ErrorCode.READ_SECRET_INVALID, "the read secret is not this request's");
    }
    ObjectNode o = Json.object();
    o.put("requestId", r.id());
    o.put("status", r.statusAt(clock.millis()).name());
    o.put("credentialType", r.credentialType());
    o.put("expiresAt", Instant.ofEpochMilli(r.expiresAt()).toString());
    if (r.answeredAt() != null) {
      o.put("answeredAt", Instant.ofEpochMilli(r.answeredAt()).toString());
    }
    if (r.outcome() != null) {
      o.set("result", r.outcome());
    }
    if (r.claims() != null) {
      o.set("claims", r.claims());
    }
    o.put("claimsPurged", r.purged());
    return o;
  }
}
