package kr.kdid.ledger.tx;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.InvalidDidException;

/**
 * Strict reading of a JSON object's members: every member must be read, types are checked, and each
 * failure names the member. Failures are {@link TxRejectedException}s with the given code.
 */
final class Fields {
  private final JsonNode node;
  private final String where;
  private final RejectCode code;
  private final Set<String> read = new HashSet<>();

  Fields(JsonNode node, String where, RejectCode code) throws TxRejectedException {
    if (node == null || !node.isObject()) {
      throw new TxRejectedException(code, where + " must be a JSON object");
    }
    this.node = node;
    this.where = where;
    this.code = code;
  }

  private TxRejectedException fail(String message) {
    return new TxRejectedException(code, where + ": " + message);
  }

  JsonNode raw(String name, boolean required) throws TxRejectedException {
    read.add(name);
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      if (required) {
        throw fail("\"" + name + "\" is required");
      }
      return null;
    }
    return v;
  }

  String text(String name, int maxLength) throws TxRejectedException {
    JsonNode v = raw(name, true);
    if (!v.isTextual()) {
      throw fail("\"" + name + "\" must be a string");
    }
    String s = v.asText();
    if (s.isEmpty() || s.length() > maxLength) {
      throw fail("\"" + name + "\" must be 1 to " + maxLength + " characters");
    }
    return s;
  }

  String optionalText(String name, int maxLength) throws TxRejectedException {
    JsonNode v = raw(name, false);
    if (v == null) {
      return null;
    }
    read.remove(name);
    return text(name, maxLength);
  }

  String matching(String name, Pattern pattern, String description) throws TxRejectedException {
    String s = text(name, 1024);
    if (!pattern.matcher(s).matches()) {
      throw fail("\"" + name + "\" must be " + description);
    }
    return s;
  }

  long integer(String name, long min, long max) throws TxRejectedException {
    JsonNode v = raw(name, true);
    read.add(name);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw fail("\"" + name + "\" must be an integer");
    }
    long x = v.asLong();
    if (x < min || x > max) {
      throw fail("\"" + name + "\" must be between " + min + " and " + max);
    }
    return x;
  }

  Did did(String name) throws TxRejectedException {
    String s = text(name, Did.MAX_LENGTH);
    try {
      return Did.parse(s);
    } catch (InvalidDidException e) {
      throw fail("\"" + name + "\" is not a DID: " + e.getMessage());
    }
  }

  List<String> textList(String name, int maxItems, Pattern item, String description)
      throws TxRejectedException {
    JsonNode v = raw(name, true);
    if (!v.isArray()) {
      throw fail("\"" + name + "\" must be an array");
    }
    if (v.isEmpty() || v.size() > maxItems) {
      throw fail("\"" + name + "\" must hold 1 to " + maxItems + " entries");
    }
    List<String> out = new ArrayList<>(v.size());
    Set<String> seen = new HashSet<>();
    for (JsonNode e : v) {
      if (!e.isTextual() || !item.matcher(e.asText()).matches()) {
        throw fail("each entry of \"" + name + "\" must be " + description);
      }
      if (!seen.add(e.asText())) {
        throw fail("\"" + name + "\" lists " + e.asText() + " twice");
      }
      out.add(e.asText());
    }
    return out;
  }

  /** Checks that no member was left unread. */
  void done() throws TxRejectedException {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!read.contains(n)) {
        throw fail("unknown member \"" + n + "\"");
      }
    }
  }
}
