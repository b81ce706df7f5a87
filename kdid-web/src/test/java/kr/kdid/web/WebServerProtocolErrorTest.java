package kr.kdid.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import kr.kdid.core.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests that Jetty refuses before they reach a route get K-DID's JSON error body with a
 * machine-readable code, not Jetty's HTML error page.
 */
class WebServerProtocolErrorTest {
  private static WebServer server;

  @BeforeAll
  static void start() {
    server =
        WebServer.builder(WebServer.newMetrics())
            .routes(c -> c.routes.get("/ping", ctx -> ctx.result("{\"ok\":true}")))
            .start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void oversizedHeaders() throws Exception {
    String big = "x".repeat(20_000);
    Answer a = send("GET /ping HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n");
    assertThat(a.status).isEqualTo(431);
    assertJsonError(a, 431, "HEADERS_TOO_LARGE");
  }

  @Test
  void oversizedUri() throws Exception {
    String big = "x".repeat(20_000);
    Answer a = send("GET /ping/" + big + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(a.status).isEqualTo(414);
    assertJsonError(a, 414, "URI_TOO_LONG");
  }

  @Test
  void notHttp() throws Exception {
    Answer a = send("GARBAGE\r\n\r\n");
    assertThat(a.status).isEqualTo(400);
    assertJsonError(a, 400, "BAD_REQUEST");
  }

  @Test
  void badHeaderLine() throws Exception {
    Answer a = send("GET /ping HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n");
    assertThat(a.status).isEqualTo(400);
    assertJsonError(a, 400, "BAD_REQUEST");
  }

  @Test
  void aGoodRequestStillWorks() throws Exception {
    Answer a = send("GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(a.status).isEqualTo(200);
    assertThat(a.body).isEqualTo("{\"ok\":true}");
  }

  private static void assertJsonError(Answer a, int status, String code) {
    assertThat(a.head.toLowerCase()).contains("content-type: application/json");
    JsonNode body = Json.parse(a.body.getBytes(StandardCharsets.UTF_8));
    assertThat(body.path("status").asInt()).isEqualTo(status);
    assertThat(body.path("error").asText()).isEqualTo(code);
    assertThat(body.path("message").asText()).isNotBlank();
    assertThat(a.body).doesNotContain("<html").doesNotContain("Exception").doesNotContain("\tat ");
  }

  private record Answer(int status, String head, String body) {}

  /** Sends raw bytes and reads the whole answer (the server closes the connection after errors). */
  private static Answer send(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      assertThat(end).as("a complete HTTP answer: %s", text).isPositive();
      String head = text.substring(0, end);
      String body = text.substring(end + 4);
      if (head.toLowerCase().contains("transfer-encoding: chunked")) {
        body = unchunk(body);
      }
      return new Answer(Integer.parseInt(head.substring(9, 12)), head, body);
    }
  }

  private static String unchunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (true) {
      int eol = chunked.indexOf("\r\n", i);
      int size = Integer.parseInt(chunked.substring(i, eol).trim(), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(chunked, eol + 2, eol + 2 + size);
      i = eol + 2 + size + 2;
    }
  }
}
