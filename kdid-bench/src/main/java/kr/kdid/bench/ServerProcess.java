package kr.kdid.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A K-DID server in a JVM of its own (so that the load generator's CPU is not counted as the
 * server's), on a free loopback port and a temporary data directory that is deleted afterwards.
 */
final class ServerProcess implements AutoCloseable {
  final Process process;
  final URI url;
  final Path dir;

  private ServerProcess(Process process, URI url, Path dir) {
    this.process = process;
    this.url = url;
    this.dir = dir;
  }

  /**
   * Starts {@code kdid <command>} from the launcher jar and waits for its health endpoint.
   *
   * @param command "node" or "up"
   */
  static ServerProcess start(Path appJar, String command, Map<String, String> env)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("kdid-load");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("--enable-native-access=ALL-UNNAMED");
    String linger = System.getProperty("kdid.block.lingerMillis");
    if (linger != null) {
      cmd.add("-Dkdid.block.lingerMillis=" + linger);
    }
    cmd.addAll(
        List.of(
            "-jar",
            appJar.toString(),
            command,
            "--data-dir",
            dir.resolve("data").toString(),
            "--port",
            Integer.toString(port)));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile());
    pb.environment().put("KDID_PASSPHRASE", "load-generator");
    pb.environment().putAll(env);
    Process p = pb.start();
    URI url = URI.create("http://127.0.0.1:" + port);
    System.out.println(
        "started `kdid " + command + "` (pid " + p.pid() + ") at " + url + ", data " + dir);
    ServerProcess s = new ServerProcess(p, url, dir);
    try {
      s.waitForHealth();
    } catch (RuntimeException | InterruptedException e) {
      s.close();
      throw e;
    }
    return s;
  }

  private void waitForHealth() throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.currentTimeMillis() + 120_000;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited; see " + dir.resolve("server.log"));
      }
      try {
        var r =
            http.send(
                HttpRequest.newBuilder(url.resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the server did not come up; see " + dir.resolve("server.log"));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
