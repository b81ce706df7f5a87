package kr.kdid.credentials.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.status.StatusException.Reason;

/**
 * The {@code status_list} reference of a Referenced Token (draft-ietf-oauth-status-list §6.2): the
 * entry {@code idx} of the Status List Token identified by {@code uri}. Immutable.
 *
 * <p>In JSON it sits in the Referenced Token's {@code status} claim: {@code
 * {"status_list":{"idx":0,"uri":"https://example.com/statuslists/1"}}}. In an SD-JWT VC the {@code
 * status} claim must not be selectively disclosable.
 *
 * @param idx the index, non-negative
 * @param uri the Status List Token's URI (absolute); the token's {@code sub} must equal it exactly
 */
public record StatusReference(int idx, String uri) {

  public StatusReference {
    if (idx < 0) {
      throw new IllegalArgumentException("idx must be non-negative, not " + idx);
    }
    Objects.requireNonNull(uri, "uri");
    if (!isAbsoluteUri(uri)) {
      throw new IllegalArgumentException("uri must be an absolute URI: " + uri);
    }
  }

  /**
   * Reads the value of a Referenced Token's {@code status} claim (not the whole payload). Members
   * other than {@code status_list}, and members of {@code status_list} other than {@code idx} and
   * {@code uri}, are ignored.
   *
   * @param statusClaim the {@code status} claim's value; null or missing means the claim is absent
   * @throws StatusException MISSING_CLAIM if {@code status}, {@code status_list}, {@code idx} or
   *     {@code uri} is absent; MALFORMED if one has the wrong type, {@code idx} is negative or not
   *     an integer, or {@code uri} is not an absolute URI; INDEX_OUT_OF_RANGE if {@code idx} is an
   *     integer beyond any list K-DID accepts (more than {@code 2^31 - 1})
   */
  public static StatusReference fromStatusClaim(JsonNode statusClaim) throws StatusException {
    if (statusClaim == null || statusClaim.isMissingNode() || statusClaim.isNull()) {
      throw new StatusException(Reason.MISSING_CLAIM, "the Referenced Token has no status claim");
    }
    if (!statusClaim.isObject()) {
      throw new StatusException(Reason.MALFORMED, "status must be a JSON object");
    }
    JsonNode ref = statusClaim.get("status_list");
    if (ref == null || ref.isNull()) {
      throw new StatusException(Reason.MISSING_CLAIM, "status has no status_list");
    }
    if (!ref.isObject()) {
      throw new StatusException(Reason.MALFORMED, "status_list must be a JSON object");
    }
    JsonNode idx = ref.get("idx");
    if (idx == null || idx.isNull()) {
      throw new StatusException(Reason.MISSING_CLAIM, "status_list has no idx");
    }
    if (!idx.isIntegralNumber()) {
      throw new StatusException(Reason.MALFORMED, "idx must be an integer");
    }
    if (idx.bigIntegerValue().signum() < 0) {
      throw new StatusException(Reason.MALFORMED, "idx must be non-negative");
    }
    if (!idx.canConvertToInt()) {
      throw new StatusException(
          Reason.INDEX_OUT_OF_RANGE, "idx " + idx.bigIntegerValue() + " is beyond any status list");
    }
    JsonNode uri = ref.get("uri");
    if (uri == null || uri.isNull()) {
      throw new StatusException(Reason.MISSING_CLAIM, "status_list has no uri");
    }
    if (!uri.isTextual()) {
      throw new StatusException(Reason.MALFORMED, "uri must be a string");
    }
    if (!isAbsoluteUri(uri.textValue())) {
      throw new StatusException(Reason.MALFORMED, "uri must be an absolute URI");
    }
    return new StatusReference(idx.intValue(), uri.textValue());
  }

  /** The value of the {@code status} claim: {@code {"status_list":{"idx":..,"uri":..}}}. */
  public ObjectNode toStatusClaim() {
    ObjectNode status = Json.object();
    ObjectNode ref = status.putObject("status_list");
    ref.put("idx", idx);
    ref.put("uri", uri);
    return status;
  }

  static boolean isAbsoluteUri(String s) {
    if (s.isEmpty()) {
      return false;
    }
    try {
      return new URI(s).isAbsolute();
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
