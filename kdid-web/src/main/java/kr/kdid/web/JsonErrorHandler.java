package kr.kdid.web;

import java.nio.ByteBuffer;
import kr.kdid.core.json.Json;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself, before a request reaches Javalin's routes (a header block or a
 * URI over the size limits, a request line that is not HTTP): the same JSON error body as every
 * other K-DID error, with a machine-readable code, instead of Jetty's HTML page. Never shows a
 * stack trace or the cause.
 */
final class JsonErrorHandler extends ErrorHandler {
  private static final HttpField CONTENT_TYPE = new HttpField(HttpHeader.CONTENT_TYPE, Http.JSON);

  JsonErrorHandler() {
    setShowStacks(false);
    setShowCauses(false);
  }

  @Override
  protected void generateResponse(
      Request request, Response response, int code, String message, Throwable cause, Callback cb) {
    response.getHeaders().put(CONTENT_TYPE);
    response.write(true, ByteBuffer.wrap(body(code, message)), cb);
  }

  static byte[] body(int status, String message) {
    return Json.bytes(Http.error(status, codeFor(status), messageFor(status, message)));
  }

  /** The error code of a status that no K-DID route chose a code for. */
  static String codeFor(int status) {
    return switch (status) {
      case 400 -> "BAD_REQUEST";
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 413 -> "PAYLOAD_TOO_LARGE";
      case 414 -> "URI_TOO_LONG";
      case 415 -> "UNSUPPORTED_MEDIA_TYPE";
      case 431 -> "HEADERS_TOO_LARGE";
      default -> status >= 500 ? "INTERNAL_ERROR" : "HTTP_" + status;
    };
  }

  static String messageFor(int status, String message) {
    return switch (status) {
      case 413 -> "the request body is too large";
      case 414 -> "the request URI is too long";
      case 431 -> "the request's header fields are too large";
      default -> message == null || message.isBlank() ? "HTTP " + status : message;
    };
  }
}
