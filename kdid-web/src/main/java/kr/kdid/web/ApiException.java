package kr.kdid.web;

/**
 * An expected failure of an HTTP request, with its status, a machine-readable code and a message
 * for people. The web edge turns it into {@code {"error": code, "message": ..., "status": ...}}.
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }

  public static ApiException notFound(String code, String message) {
    return new ApiException(404, code, message);
  }
}
