package kr.kdid.wallet.jdk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Objects;
import kr.kdid.wallet.http.HttpRequest;
import kr.kdid.wallet.http.HttpResponse;
import kr.kdid.wallet.http.HttpTransport;

/**
 * {@link HttpTransport} over the JDK's {@code java.net.http} client (desktop JVMs and the CLI;
 * Android supplies its own transport). Never follows redirects, bounds connect and response time,
 * and stops reading a body past the request's limit. Thread-safe.
 */
public final class JdkHttpTransport implements HttpTransport {
  private final HttpClient client;
  private final Duration requestTimeout;

  /**
   * @param connectTimeout how long to wait for a connection
   * @param requestTimeout how long to wait for a response's headers (and per read of the body)
   */
  public JdkHttpTransport(Duration connectTimeout, Duration requestTimeout) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Objects.requireNonNull(connectTimeout, "connectTimeout"))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
  }

  /** 5 seconds to connect, 15 seconds for an answer. */
  public JdkHttpTransport() {
    this(Duration.ofSeconds(5), Duration.ofSeconds(15));
  }

  @Override
  public HttpResponse send(HttpRequest request) throws IOException {
    java.net.http.HttpRequest.Builder b =
        java.net.http.HttpRequest.newBuilder(request.uri()).timeout(requestTimeout);
    request.headers().forEach(b::header);
    b.method(
        request.method(),
        request.body() == null
            ? BodyPublishers.noBody()
            : BodyPublishers.ofByteArray(request.body()));
    java.net.http.HttpResponse<InputStream> r;
    try {
      r = client.send(b.build(), BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    byte[] body;
    try (InputStream in = r.body()) {
      body = readAtMost(in, request.maxResponseBytes());
    }
    return new HttpResponse(
        r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), body);
  }

  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 8192));
    byte[] buf = new byte[8192];
    int total = 0;
    for (int n; (n = in.read(buf)) >= 0; ) {
      total += n;
      if (total > limit) {
        throw new ResponseTooLargeException(limit);
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }
}
