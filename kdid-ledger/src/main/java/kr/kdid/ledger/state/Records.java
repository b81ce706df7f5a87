package kr.kdid.ledger.state;

import com.fasterxml.jackson.databind.JsonNode;
import kr.kdid.core.json.Jcs;
import kr.kdid.core.json.Json;

/** Encoding of state records: canonical JSON, so equal records are equal bytes on every node. */
final class Records {
  private Records() {}

  static byte[] encode(JsonNode node) {
    return Jcs.canonicalize(node);
  }

  static JsonNode decode(byte[] bytes, String what) {
    try {
      return Json.parse(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("stored " + what + " record is corrupt", e);
    }
  }
}
