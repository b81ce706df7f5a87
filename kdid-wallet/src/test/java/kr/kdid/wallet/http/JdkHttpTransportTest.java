package kr.kdid.wallet.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;
import kr.kdid.wallet.jdk.JdkHttpTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDK transport and the JSON exchange's error mapping, against a loopback server. */
class JdkHttpTransportTest {
  HttpServer server;
  String base;
  final CountDownLatch release = new CountDownLatch(1);
  final JsonHttp http =
      new JsonHttp(new JdkHttpTransport(Duration.ofSeconds(2), Duration.ofMillis(300)));

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext("/ok", x -> reply(x, 200, "application/json", "{\"a\":1}"));
    server.createContext(
        "/big", x -> reply(x, 200, "application/json", "\"" + "x".repeat(2 << 20) + "\""));
    server.createContext(
        "/redirect",
        x -> {
          x.getResponseHeaders().set("Location", base + "/ok");
          x.sendResponseHeaders(302, -1);
          x.close();
        });
    server.createContext(
        "/error",
        x ->
            reply(
                x,
                400,
                "application/json",
                "{\"error\":\"invalid_grant\",\"error_description\":\"wrong code\\u0007 here\","
                    + "\"kdid_error\":\"TX_CODE_WRONG\"}"));
    server.createContext(
        "/oauth-only", x -> reply(x, 401, "application/json", "{\"error\":\"invalid_token\"}"));
    server.createContext(
        "/kdid-error",
        x ->
            reply(
                x,
                410,
                "application/json",
                "{\"error\":\"OFFER_EXPIRED\",\"message\":\"this credential offer has expired\","
                    + "\"status\":410}"));
    server.createContext("/html", x -> reply(x, 200, "text/html", "<html></html>"));
    server.createContext("/plain-500", x -> reply(x, 500, "text/plain", "boom"));
    server.createContext(
        "/slow",
        x -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          x.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  static void reply(com.sun.net.httpserver.HttpExchange x, int status, String type, String body)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", type);
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
    x.close();
  }

  HttpRequest get(String path) {
    return HttpRequest.get(URI.create(base + path), "application/json");
  }

  static WalletException thrown(ThrowingCall c) {
    try {
      c.call();
    } catch (WalletException e) {
      return e;
    }
    throw new AssertionError("expected a WalletException");
  }

  interface ThrowingCall {
    void call() throws WalletException;
  }

  @Test
  void aJsonAnswerIsParsed() throws Exception {
    assertThat(http.send(get("/ok"), "the issuer", WalletError.ISSUER_REJECTED).path("a").asInt())
        .isEqualTo(1);
  }

  @Test
  void aBodyOverTheLimitIsRefused() {
    WalletException e =
        thrown(() -> http.send(get("/big"), "the issuer", WalletError.ISSUER_REJECTED));
    assertThat(e.code()).isEqualTo(WalletError.RESPONSE_TOO_LARGE);
  }

  @Test
  void redirectsAreNeverFollowed() {
    WalletException e =
        thrown(() -> http.send(get("/redirect"), "the verifier", WalletError.VERIFIER_REJECTED));
    assertThat(e.code()).isEqualTo(WalletError.RESPONSE_MALFORMED);
    assertThat(e.getMessage()).contains("redirect");
  }

  @Test
  void jsonErrorsCarryTheRemoteCodeAndASanitisedDescription() {
    WalletException e =
        thrown(() -> http.send(get("/error"), "the issuer", WalletError.ISSUER_REJECTED));
    assertThat(e.code()).isEqualTo(WalletError.ISSUER_REJECTED);
    assertThat(e.remoteCode()).isEqualTo("TX_CODE_WRONG");
    assertThat(e.getMessage())
        .isEqualTo("the issuer refused (HTTP 400, invalid_grant): wrong code here");
    WalletException oauth =
        thrown(() -> http.send(get("/oauth-only"), "the issuer", WalletError.ISSUER_REJECTED));
    assertThat(oauth.remoteCode()).isEqualTo("invalid_token");
    WalletException kdid =
        thrown(() -> http.send(get("/kdid-error"), "the issuer", WalletError.ISSUER_REJECTED));
    assertThat(kdid.remoteCode()).isEqualTo("OFFER_EXPIRED");
    assertThat(kdid.getMessage())
        .isEqualTo(
            "the issuer refused (HTTP 410, OFFER_EXPIRED): this credential offer has expired");
    WalletException plain =
        thrown(() -> http.send(get("/plain-500"), "the issuer", WalletError.ISSUER_REJECTED));
    assertThat(plain.remoteCode()).isNull();
    assertThat(plain.getMessage()).isEqualTo("the issuer refused (HTTP 500)");
  }

  @Test
  void nonJsonAnswersAreMalformed() {
    WalletException e =
        thrown(() -> http.send(get("/html"), "the issuer", WalletError.ISSUER_REJECTED));
    assertThat(e.code()).isEqualTo(WalletError.RESPONSE_MALFORMED);
  }

  @Test
  void aServerThatNeverAnswersTimesOut() {
    WalletException e =
        thrown(() -> http.send(get("/slow"), "the issuer", WalletError.ISSUER_REJECTED));
    assertThat(e.code()).isEqualTo(WalletError.NETWORK);
  }

  @Test
  void anUnreachableServerIsANetworkError() {
    server.stop(0);
    WalletException e =
        thrown(() -> http.send(get("/ok"), "the issuer", WalletError.ISSUER_REJECTED));
    assertThat(e.code()).isEqualTo(WalletError.NETWORK);
    assertThat(e.getMessage()).startsWith("could not reach the issuer at http://127.0.0.1:");
  }

  @Test
  void theNetworkPolicyAllowsHttpsAndLoopbackHttpOnly() throws Exception {
    NetworkPolicy p = NetworkPolicy.standard();
    p.check("https://issuer.example/x", "u");
    p.check("http://127.0.0.1:8080/x", "u");
    p.check("http://localhost/x", "u");
    p.check("http://[::1]:8080/x", "u");
    for (String bad :
        new String[] {
          "http://issuer.example/x",
          "http://127.0.0.1.evil.example/x",
          "ftp://issuer.example/x",
          "https://user:pw@issuer.example/x",
          "/relative",
          "https:///nohost"
        }) {
      assertThatThrownBy(() -> p.check(bad, "u"))
          .satisfies(
              e -> assertThat(((WalletException) e).code()).isEqualTo(WalletError.URL_NOT_ALLOWED));
    }
    new NetworkPolicy(true).check("http://issuer.example/x", "u");
  }

  @Test
  void deepLinksRefuseDuplicateParameters() {
    assertThatThrownBy(() -> DeepLink.parse("openid4vp://?a=1&a=2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
    assertThat(DeepLink.parse("OpenID4VP://?a=%20b&c").parameters())
        .containsEntry("a", " b")
        .containsEntry("c", "");
    assertThat(DeepLink.parse("openid4vp://?a=1").scheme()).isEqualTo("openid4vp");
  }
}
