package kr.kdid.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class WebServerConnectionTest {

  @Test
  void asksForADeepAcceptQueue() {
    try (WebServer server = WebServer.builder(WebServer.newMetrics()).start("127.0.0.1", 0)) {
      assertThat(server.acceptQueueSize()).isEqualTo(WebServer.ACCEPT_QUEUE);
      assertThat(server.port()).isPositive();
    }
  }

  /**
   * Hundreds of clients connecting at the same moment all get their answer: with Java's default
   * accept queue of 50, a burst like this lost connections to resets.
   */
  @Test
  void answersABurstOfNewConnections() throws Exception {
    int clients = 400;
    try (WebServer server =
            WebServer.builder(WebServer.newMetrics())
                .routes(c -> c.routes.get("/ping", ctx -> ctx.result("{\"ok\":true}")))
                .start("127.0.0.1", 0);
        ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        answers.add(
            ex.submit(
                () -> {
                  go.await();
                  try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
                    s.setSoTimeout(30_000);
                    OutputStream out = s.getOutputStream();
                    out.write(
                        "GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    return new BufferedReader(
                            new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                  }
                }));
      }
      go.countDown();
      for (Future<String> a : answers) {
        assertThat(a.get()).startsWith("HTTP/1.1 200");
      }
    }
  }
}
