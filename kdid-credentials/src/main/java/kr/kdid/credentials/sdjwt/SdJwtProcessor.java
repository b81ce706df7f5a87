package kr.kdid.credentials.sdjwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import kr.kdid.core.jose.JoseException;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.sdjwt.SdJwtException.Reason;

/**
 * The Disclosure processing of RFC 9901 §7.1, steps 2.d and 3 to 5: it checks {@code _sd_alg},
 * replaces digests by the values of the matching Disclosures (recursively), drops undisclosed array
 * elements, removes {@code _sd} and {@code _sd_alg}, and rejects duplicate digests, duplicate or
 * unreferenced Disclosures, claim name collisions and malformed digest containers.
 *
 * <p>It does <b>not</b> verify the Issuer-signed JWT's signature, the issuer, the KB-JWT or
 * validity claims (step 6): callers do, with keys and a policy they trust. Stateless and
 * thread-safe.
 *
 * <p>Policies beyond the letter of §7.1, each a MUST of RFC 9901 §4: an {@code _sd} that is not an
 * array of strings, an object holding {@code ...} that is not a single-key array element with a
 * string digest, and {@code _sd_alg} below the top level are MALFORMED; processed payloads nested
 * deeper than {@link Json#MAX_DEPTH} are MALFORMED.
 */
public final class SdJwtProcessor {

  private SdJwtProcessor() {}

  /**
   * The Processed SD-JWT Payload.
   *
   * @param payload the processed payload; a fresh tree that the caller owns
   * @param disclosedPaths JSON pointers (RFC 6901) into {@code payload} of every value that came
   *     from a Disclosure, e.g. "/address", "/address/street_address", "/nationalities/0"; array
   *     indexes count the elements left after undisclosed ones were removed. Unmodifiable, in
   *     processing order.
   */
  public record Processed(ObjectNode payload, Set<String> disclosedPaths) {
    public Processed {
      Objects.requireNonNull(payload, "payload");
      disclosedPaths = Collections.unmodifiableSet(new LinkedHashSet<>(disclosedPaths));
    }

    /**
     * True if the value at {@code pointer}, or any value below it, came from a Disclosure (for
     * example {@code "/cnf"} is true when {@code "/cnf/jwk"} was disclosed).
     */
    public boolean isDisclosedAtOrBelow(String pointer) {
      for (String p : disclosedPaths) {
        if (p.equals(pointer) || p.startsWith(pointer + "/")) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Runs RFC 9901 §7.1 steps 2.d, 3, 4 and 5 on an SD-JWT (a KB-JWT, if any, is ignored).
   *
   * @throws SdJwtException MALFORMED, UNSUPPORTED_HASH_ALGORITHM, INVALID_DISCLOSURE,
   *     DUPLICATE_DIGEST, DUPLICATE_DISCLOSURE, UNREFERENCED_DISCLOSURE or CLAIM_NAME_COLLISION
   *     (FORBIDDEN_CLAIM_NAME is found earlier, by {@link Disclosure#parse})
   */
  public static Processed process(SdJwt sdJwt) throws SdJwtException {
    Walk walk = new Walk(sdJwt, issuerPayload(sdJwt));
    return new Processed(walk.payload, walk.paths.keySet());
  }

  /**
   * As {@link #process(SdJwt)}, for a caller that has already parsed the Issuer-signed JWT's
   * payload (a verifier reads {@code iss} from it first): saves parsing it again.
   *
   * @param issuerPayload the payload of {@code sdJwt.issuerJwt()}, parsed; processing changes this
   *     tree and returns it as the processed payload, so pass a copy to keep the original
   */
  public static Processed process(SdJwt sdJwt, ObjectNode issuerPayload) throws SdJwtException {
    Walk walk = new Walk(sdJwt, Objects.requireNonNull(issuerPayload, "issuerPayload"));
    return new Processed(walk.payload, walk.paths.keySet());
  }

  private static ObjectNode issuerPayload(SdJwt sdJwt) throws SdJwtException {
    try {
      return sdJwt.issuerJwt().payloadJson();
    } catch (JoseException e) {
      throw new SdJwtException(Reason.MALFORMED, "Issuer-signed JWT: " + e.getMessage(), e);
    }
  }

  /**
   * For holders: which Disclosure produced which value, as JSON pointers into the payload that
   * processing this SD-JWT gives with all of its Disclosures (array indexes are those of the
   * complete arrays). To present claims by path, collect the Disclosures of the chosen pointers in
   * a set and pass {@code set::contains} to {@link SdJwt#select}, which adds their parents.
   *
   * @return an unmodifiable map from pointer to Disclosure, in processing order
   * @throws SdJwtException as {@link #process}
   */
  public static Map<String, Disclosure> disclosuresByPath(SdJwt sdJwt) throws SdJwtException {
    return Collections.unmodifiableMap(new Walk(sdJwt, issuerPayload(sdJwt)).paths);
  }

  /** One run of the algorithm; all state of §7.1 steps 3 to 5. */
  private static final class Walk {
    private final Map<String, Disclosure> byDigest = new HashMap<>();
    private final Set<String> seenDigests = new HashSet<>();
    private final Set<String> usedDisclosures = new HashSet<>();
    private final Map<String, Disclosure> paths = new LinkedHashMap<>();
    private final ObjectNode payload;

    Walk(SdJwt sdJwt, ObjectNode payload) throws SdJwtException {
      this.payload = payload;
      Digests.requireSha256(payload);
      for (Disclosure d : sdJwt.disclosures()) { // step 3.1
        if (byDigest.putIfAbsent(d.digest(), d) != null) {
          throw new SdJwtException(
              Reason.DUPLICATE_DISCLOSURE, "Disclosure " + d.digest() + " is sent twice");
        }
      }
      payload.remove(Digests.SD_ALG); // step 3.6; its value was checked above
      processObject(payload, "", 1);
      for (Disclosure d : sdJwt.disclosures()) { // step 5
        if (!usedDisclosures.contains(d.digest())) {
          throw new SdJwtException(
              Reason.UNREFERENCED_DISCLOSURE,
              "Disclosure " + d.digest() + " is not referenced by the Issuer-signed JWT");
        }
      }
    }

    /** Steps (*) and (**) for an object; {@code depth} counts objects and arrays from the root. */
    private void processObject(ObjectNode object, String path, int depth) throws SdJwtException {
      checkDepth(depth);
      if (depth > 1 && object.has(Digests.SD_ALG)) {
        throw new SdJwtException(Reason.MALFORMED, "_sd_alg is allowed at the top level only");
      }
      if (object.has(Digests.ELLIPSIS)) {
        throw new SdJwtException(
            Reason.MALFORMED, "\"...\" is allowed only as the one key of an array element");
      }
      JsonNode sd = object.remove(Digests.SD); // step 3.5
      // Plaintext members first; values inserted from Disclosures are processed when inserted.
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        processValue(object.get(name), path + "/" + Digests.pointerToken(name), depth);
      }
      if (sd == null) {
        return;
      }
      if (!sd.isArray()) {
        throw new SdJwtException(Reason.MALFORMED, "_sd must be an array of strings");
      }
      for (JsonNode digestNode : sd) {
        if (!digestNode.isTextual()) {
          throw new SdJwtException(Reason.MALFORMED, "_sd must be an array of strings");
        }
        Disclosure d = match(digestNode.textValue());
        if (d == null) {
          continue; // a decoy, or a withheld claim (step 3.3.1)
        }
        if (d.isArrayElement()) {
          throw new SdJwtException(
              Reason.INVALID_DISCLOSURE,
              "Disclosure " + d.digest() + " is referenced from _sd but has no claim name");
        }
        if (object.has(d.name())) {
          throw new SdJwtException(
              Reason.CLAIM_NAME_COLLISION,
              "claim \"" + d.name() + "\" already exists at " + (path.isEmpty() ? "/" : path));
        }
        JsonNode value = d.value();
        object.set(d.name(), value);
        String childPath = path + "/" + Digests.pointerToken(d.name());
        paths.put(childPath, d);
        processValue(value, childPath, depth);
      }
    }

    private void processArray(ArrayNode array, String path, int depth) throws SdJwtException {
      checkDepth(depth);
      int out = 0;
      for (int i = 0; i < array.size(); ) {
        JsonNode element = array.get(i);
        JsonNode digestNode = element.isObject() ? element.get(Digests.ELLIPSIS) : null;
        if (digestNode == null) {
          processValue(element, path + "/" + out, depth);
          i++;
          out++;
          continue;
        }
        if (element.size() != 1 || !digestNode.isTextual()) {
          throw new SdJwtException(
              Reason.MALFORMED,
              "an array element holding \"...\" must be {\"...\": <digest string>} only");
        }
        Disclosure d = match(digestNode.textValue());
        if (d == null) {
          array.remove(i); // step 3.4: undisclosed or decoy
          continue;
        }
        if (!d.isArrayElement()) {
          throw new SdJwtException(
              Reason.INVALID_DISCLOSURE,
              "Disclosure " + d.digest() + " is referenced from an array but has a claim name");
        }
        JsonNode value = d.value();
        array.set(i, value);
        String childPath = path + "/" + out;
        paths.put(childPath, d);
        processValue(value, childPath, depth);
        i++;
        out++;
      }
    }

    private void processValue(JsonNode value, String path, int depth) throws SdJwtException {
      if (value.isObject()) {
        processObject((ObjectNode) value, path, depth + 1);
      } else if (value.isArray()) {
        processArray((ArrayNode) value, path, depth + 1);
      }
    }

    /** Step 4 (each digest at most once) and the lookup of step 3.3.1. */
    private Disclosure match(String digest) throws SdJwtException {
      if (!seenDigests.add(digest)) {
        throw new SdJwtException(
            Reason.DUPLICATE_DIGEST, "digest " + digest + " occurs more than once");
      }
      Disclosure d = byDigest.get(digest);
      if (d != null) {
        usedDisclosures.add(digest);
      }
      return d;
    }

    private static void checkDepth(int depth) throws SdJwtException {
      if (depth > Json.MAX_DEPTH) {
        throw new SdJwtException(
            Reason.MALFORMED, "processed payload nested deeper than " + Json.MAX_DEPTH);
      }
    }
  }
}
