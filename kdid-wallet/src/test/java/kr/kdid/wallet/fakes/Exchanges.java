package kr.kdid.wallet.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import kr.kdid.core.json.Json;

/** Small helpers for the fake servers' handlers. */
final class Exchanges {
  private Exchanges() {}

  static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
    if (type != null) {
      x.getResponseHeaders().set("Content-Type", type);
    }
    x.getResponseHeaders().set("Cache-Control", "no-store");
    x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      x.getResponseBody().write(body);
    }
    x.close();
  }

  static void json(HttpExchange x, int status, JsonNode body) throws IOException {
    send(x, status, "application/json", Json.bytes(body));
  }

  static void error(HttpExchange x, int status, String error, String kdid, String description)
      throws IOException {
    var o = Json.object();
    o.put("error", error);
    o.put("error_description", description);
    o.put("kdid_error", kdid);
    json(x, status, o);
  }

  static byte[] body(HttpExchange x) throws IOException {
    return x.getRequestBody().readAllBytes();
  }

  static Map<String, String> form(HttpExchange x) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    String s = new String(body(x), StandardCharsets.UTF_8);
    for (String pair : s.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
