package kr.kdid.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The issuance load generator against a fake issuer: every flow is counted, as a credential or as
 * an error, whatever the issuer answers; no client is lost to an answer it cannot read.
 */
class IssuanceLoadTest {
  private HttpServer server;
  private volatile String tokenAnswer = "{\"access_token\":\"a\"}";
  private volatile int tokenStatus = 200;
  private volatile String nonceAnswer = "{\"c_nonce\":\"n\"}";

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/issuers/police/token", x -> answer(x, tokenStatus, tokenAnswer));
    server.createContext("/issuers/police/nonce", x -> answer(x, 200, nonceAnswer));
    server.createContext(
        "/issuers/police/credential",
        x -> answer(x, 200, "{\"credentials\":[{\"credential\":\"c\"}]}"));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void answer(HttpExchange x, int status, String body) throws IOException {
    x.getRequestBody().readAllBytes();
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, b.length);
    x.getResponseBody().write(b);
    x.close();
  }

  private IssuanceLoad.Result run(int flows) throws InterruptedException {
    IssuanceLoad g = new IssuanceLoad();
    g.clients = 3;
    g.batch = 1;
    List<IssuanceLoad.Flow> work = new ArrayList<>();
    SoftwareKey key = SoftwareKey.generate(SignatureAlgorithm.ES256);
    for (int i = 0; i < flows; i++) {
      work.add(new IssuanceLoad.Flow("code-" + i, "1234", List.of(key)));
    }
    return g.run(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), work);
  }

  @Test
  void everyFlowIssuesWhenTheIssuerAnswers() throws Exception {
    IssuanceLoad.Result r = run(20);
    assertThat(r.errors()).isEmpty();
    assertThat(r.flows()).isEqualTo(20);
    assertThat(r.credentials()).isEqualTo(20);
  }

  @Test
  void aRefusalWithoutAJsonBodyIsCountedByItsStatus() throws Exception {
    tokenStatus = 502;
    tokenAnswer = "<html><body>Bad Gateway</body></html>";
    IssuanceLoad.Result r = run(12);
    assertThat(r.errors()).isEqualTo(Map.of("token HTTP_502", 12));
    assertThat(r.flows()).isZero();
  }

  @Test
  void anAnswerThatIsNotJsonCostsItsFlowNotTheClient() throws Exception {
    nonceAnswer = "not json";
    IssuanceLoad.Result r = run(9);
    // Every flow is tried (three clients would have stopped after their first one before) and
    // counted.
    assertThat(r.errors().values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(9);
    assertThat(r.errors().keySet()).allMatch(k -> k.startsWith("unexpected answer: "));
    assertThat(r.flows()).isZero();
  }
}
