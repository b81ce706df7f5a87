package kr.kdid.wallet.http;

import java.util.Locale;

/**
 * An HTTP response as the wallet needs it.
 *
 * @param status the status code
 * @param contentType the Content-Type header, or null
 * @param body the body bytes, never null
 */
public record HttpResponse(int status, String contentType, byte[] body) {
  public HttpResponse {
    body = body == null ? new byte[0] : body;
  }

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  /** The media type without parameters, lower-case, or "" if absent. */
  public String mediaType() {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi >= 0 ? contentType.substring(0, semi) : contentType)
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "HttpResponse[" + status + ", " + contentType + ", " + body.length + " bytes]";
  }
}
