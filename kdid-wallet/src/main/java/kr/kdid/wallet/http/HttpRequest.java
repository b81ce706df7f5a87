package kr.kdid.wallet.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * An HTTP request the wallet sends. Immutable apart from the body array, which callers must not
 * change after construction. {@link #toString()} shows the method and URI only: bodies and headers
 * carry tokens and presentations.
 *
 * @param method GET or POST
 * @param uri the absolute http(s) URI
 * @param headers request headers (Accept, Content-Type, Authorization)
 * @param body the body, or null for none
 * @param maxResponseBytes the largest response body the caller accepts
 */
public record HttpRequest(
    String method, URI uri, Map<String, String> headers, byte[] body, int maxResponseBytes) {

  /** The default response limit: 1 MiB (metadata, tokens and credentials are far smaller). */
  public static final int DEFAULT_MAX_RESPONSE = 1 << 20;

  public HttpRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    headers = Map.copyOf(headers);
    if (maxResponseBytes <= 0) {
      throw new IllegalArgumentException("maxResponseBytes must be positive");
    }
  }

  /** A GET with an Accept header. */
  public static HttpRequest get(URI uri, String accept) {
    return new HttpRequest("GET", uri, Map.of("Accept", accept), null, DEFAULT_MAX_RESPONSE);
  }

  /** A POST of {@code application/x-www-form-urlencoded} parameters, UTF-8. */
  public static HttpRequest postForm(URI uri, Map<String, String> form, String accept) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
    h.put("Accept", accept);
    return new HttpRequest(
        "POST", uri, h, formEncode(form).getBytes(StandardCharsets.UTF_8), DEFAULT_MAX_RESPONSE);
  }

  /** A POST of a JSON body, with an optional bearer token. */
  public static HttpRequest postJson(URI uri, byte[] json, String bearerToken) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json");
    h.put("Accept", "application/json");
    if (bearerToken != null) {
      h.put("Authorization", "Bearer " + bearerToken);
    }
    return new HttpRequest("POST", uri, h, json, DEFAULT_MAX_RESPONSE);
  }

  /** This request with another response limit. */
  public HttpRequest withMaxResponseBytes(int limit) {
    return new HttpRequest(method, uri, headers, body, limit);
  }

  /** {@code k=v&...}, keys and values percent-encoded as HTML forms do. */
  public static String formEncode(Map<String, String> form) {
    StringJoiner j = new StringJoiner("&");
    form.forEach(
        (k, v) ->
            j.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return j.toString();
  }

  @Override
  public String toString() {
    return "HttpRequest[" + method + " " + uri + "]";
  }
}
