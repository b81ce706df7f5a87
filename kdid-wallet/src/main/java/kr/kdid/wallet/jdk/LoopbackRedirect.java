package kr.kdid.wallet.jdk;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;

/**
 * Where the holder's browser comes back after signing in at an issuer (RFC 8252 §7.3): a one-shot
 * HTTP listener on the loopback interface, on a port the system chooses, that takes the first
 * request to its path, answers the browser with a short page, and hands the whole redirect URL to
 * the wallet. Only the loopback interface is bound, so nothing outside the machine can reach it.
 */
public final class LoopbackRedirect implements AutoCloseable {
  private static final String PATH = "/kdid-wallet/callback";

  private final HttpServer server;
  private final CompletableFuture<String> redirected = new CompletableFuture<>();

  private LoopbackRedirect(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts listening.
   *
   * @throws WalletException NETWORK if no loopback port can be opened
   */
  public static LoopbackRedirect open() throws WalletException {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new WalletException(
          WalletError.NETWORK, "cannot listen on the loopback interface: " + e.getMessage(), e);
    }
    LoopbackRedirect r = new LoopbackRedirect(server);
    server.createContext(
        PATH,
        exchange -> {
          String query = exchange.getRequestURI().getRawQuery();
          byte[] page =
              ("<!doctype html><meta charset=\"utf-8\"><title>K-DID wallet</title>"
                      + "<p>로그인이 끝났습니다. 이 창을 닫고 지갑으로 돌아가세요.</p>"
                      + "<p>Signed in. You can close this window and return to the wallet.</p>")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.getResponseHeaders().set("Cache-Control", "no-store");
          exchange.sendResponseHeaders(200, page.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(page);
          }
          r.redirected.complete(r.redirectUri() + (query == null ? "" : "?" + query));
        });
    server.start();
    return r;
  }

  /** The redirect URI to register in the authorization request. */
  public String redirectUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  /**
   * Waits for the browser to come back.
   *
   * @return the whole URL it was redirected to
   * @throws WalletException SIGN_IN_FAILED if it does not come back in time
   */
  public String await(Duration timeout) throws WalletException {
    try {
      return redirected.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new WalletException(
          WalletError.SIGN_IN_FAILED,
          "the browser did not come back from the sign-in within " + timeout.toMinutes() + " min");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WalletException(WalletError.SIGN_IN_FAILED, "interrupted while signing in");
    } catch (ExecutionException e) {
      throw new WalletException(WalletError.SIGN_IN_FAILED, "the sign-in redirect failed");
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
