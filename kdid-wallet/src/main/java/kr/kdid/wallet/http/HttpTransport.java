package kr.kdid.wallet.http;

import java.io.IOException;

/**
 * The wallet's one way to talk HTTP: a port, so that Android (or a test) supplies its own client.
 * {@link kr.kdid.wallet.jdk.JdkHttpTransport} implements it with {@code java.net.http}.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>never follow redirects: return a 3xx response as it is (OpenID4VP §14.8: a redirect can
 *       leak a presentation);
 *   <li>bound the time of every exchange (connect and response), failing with an {@link
 *       IOException};
 *   <li>read at most {@link HttpRequest#maxResponseBytes()} of a body, failing with {@link
 *       ResponseTooLargeException} beyond;
 *   <li>return non-2xx responses normally (the wallet reads their JSON error bodies);
 *   <li>be thread-safe.
 * </ul>
 */
public interface HttpTransport {

  /**
   * Sends a request and returns the response, whatever its status.
   *
   * @throws ResponseTooLargeException if the body exceeds the request's limit
   * @throws IOException if the exchange fails or times out
   */
  HttpResponse send(HttpRequest request) throws IOException;

  /** The response body exceeded {@link HttpRequest#maxResponseBytes()}. */
  final class ResponseTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    public ResponseTooLargeException(int limit) {
      super("the response is larger than " + limit + " bytes");
    }
  }
}
