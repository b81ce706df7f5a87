package kr.kdid.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import kr.kdid.core.json.Json;

/** How claim values are shown to the holder. */
final class ClaimText {
  private ClaimText() {}

  static String of(JsonNode value) {
    if (value == null || value.isNull()) {
      return "(none)";
    }
    if (value.isTextual()) {
      String s = value.textValue();
      if (s.startsWith("data:image/")) {
        int comma = s.indexOf(',');
        String type = s.substring("data:".length(), Math.max(s.indexOf(';'), 5));
        return "["
            + type
            + " image, "
            + (comma < 0 ? 0 : (s.length() - comma - 1) * 3 / 4)
            + " bytes]";
      }
      return s;
    }
    if (value.isBoolean()) {
      return value.booleanValue() ? "yes (예)" : "no (아니오)";
    }
    return Json.string(value);
  }
}
