package kr.kdid.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import kr.kdid.core.json.Json;
import kr.kdid.core.json.MalformedJsonException;

/** Small helpers for handlers: strict JSON bodies, JSON responses, typed parameters. */
public final class Http {
  public static final String JSON = "application/json";

  private Http() {}

  /**
   * The request body as a JSON object.
   *
   * @throws ApiException 415 if the content type is not JSON, 400 if the body is not a JSON object
   */
  public static ObjectNode jsonObject(Context ctx) {
    String ct = ctx.contentType();
    if (ct != null && !ct.toLowerCase(java.util.Locale.ROOT).startsWith(JSON)) {
      throw new ApiException(
          415, "UNSUPPORTED_MEDIA_TYPE", "send the body as application/json, not " + ct);
    }
    byte[] body = ctx.bodyAsBytes();
    if (body.length == 0) {
      throw ApiException.badRequest("MALFORMED_JSON", "the request body is empty");
    }
    JsonNode node;
    try {
      node = Json.parse(body);
    } catch (MalformedJsonException e) {
      throw ApiException.badRequest(
          "MALFORMED_JSON", "the body is not valid JSON: " + e.getMessage());
    }
    if (!node.isObject()) {
      throw ApiException.badRequest("MALFORMED_JSON", "the body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  /** A required string member of a JSON body. */
  public static String requiredText(ObjectNode body, String name) {
    JsonNode v = body.get(name);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw ApiException.badRequest(
          "MISSING_FIELD", "the body needs a non-empty string \"" + name + "\"");
    }
    return v.asText();
  }

  /** Sends a JSON response. */
  public static void json(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType(JSON).result(Json.bytes(body));
  }

  /** Sends a binary response (an image) without the charset Javalin would add to its type. */
  public static void binary(Context ctx, String contentType, byte[] body) {
    ctx.result(body);
    ctx.res().setCharacterEncoding(null);
    ctx.res().setContentType(contentType);
  }

  /** Sends a JSON response with status 200. */
  public static void json(Context ctx, JsonNode body) {
    json(ctx, 200, body);
  }

  /** The error body every K-DID service uses. */
  public static ObjectNode error(int status, String code, String message) {
    ObjectNode o = Json.object();
    o.put("error", code);
    o.put("message", message);
    o.put("status", status);
    return o;
  }

  /** A non-negative long path or query parameter. */
  public static long longParam(String value, String name) {
    try {
      long v = Long.parseLong(value);
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "INVALID_PARAMETER", name + " must be a non-negative integer, not \"" + value + "\"");
    }
  }

  /** True for query flags given as "true", "1" or empty ("?proof"). */
  public static boolean flag(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v != null && (v.isEmpty() || v.equals("true") || v.equals("1"));
  }
}
