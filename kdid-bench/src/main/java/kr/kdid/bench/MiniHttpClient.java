package kr.kdid.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 client over one kept-alive socket, for the load generators only: it sends a
 * request and reads a Content-Length response. The JDK's HttpClient costs more CPU per request than
 * the node under test on a two-core machine, which would measure the client instead of the node.
 * Not thread-safe: one per load-generating client.
 */
final class MiniHttpClient implements AutoCloseable {
  private final String host;
  private final int port;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  MiniHttpClient(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** A response: status and body. */
  record Response(int status, byte[] body) {
    /**
     * A refusal's machine-readable code: the first of the JSON body's {@code fields} present, or
     * HTTP_{status} when there is none or the body is not JSON (an error page from something in
     * between).
     */
    String errorCode(String... fields) {
      try {
        com.fasterxml.jackson.databind.JsonNode n = kr.kdid.core.json.Json.parse(body);
        for (String f : fields) {
          if (n.hasNonNull(f)) {
            return n.get(f).asText();
          }
        }
      } catch (RuntimeException e) {
        // not JSON
      }
      return "HTTP_" + status;
    }
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(host, port), 5000);
    socket.setSoTimeout(60_000);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 16384);
  }

  /** POSTs a JSON body; reconnects once if the kept-alive connection was closed. */
  Response post(String path, byte[] json) throws IOException {
    return send("POST", path, "application/json", null, json);
  }

  /**
   * Sends a request; reconnects once if the kept-alive connection was closed.
   *
   * @param contentType the body's type, or null without a body
   * @param authorization the Authorization header, or null
   * @param body the body, or null
   */
  Response send(String method, String path, String contentType, String authorization, byte[] body)
      throws IOException {
    StringBuilder head = new StringBuilder(160);
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ");
    head.append(host).append(':').append(port).append("\r\n");
    if (authorization != null) {
      head.append("Authorization: ").append(authorization).append("\r\n");
    }
    int length = body == null ? 0 : body.length;
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    head.append("Content-Length: ").append(length).append("\r\n\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
    for (int attempt = 0; ; attempt++) {
      try {
        if (socket == null) {
          connect();
        }
        out.write(headBytes);
        if (body != null) {
          out.write(body);
        }
        out.flush();
      } catch (IOException e) {
        // A kept-alive connection the server closed: nothing was processed, send again.
        close();
        if (attempt > 0) {
          throw e;
        }
        continue;
      }
      try {
        return read();
      } catch (StaleConnection e) {
        close();
        if (attempt > 0) {
          throw e;
        }
      } catch (IOException e) {
        // The server may have processed the request: never send it twice.
        close();
        throw e;
      }
    }
  }

  /** The server closed the connection before answering (a kept-alive connection timed out). */
  private static final class StaleConnection extends IOException {
    private static final long serialVersionUID = 1L;

    StaleConnection() {
      super("the server closed the connection");
    }
  }

  private Response read() throws IOException {
    String status = line();
    if (status == null) {
      throw new StaleConnection();
    }
    if (!status.startsWith("HTTP/1.1 ")) {
      throw new IOException("bad status line: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    int length = -1;
    boolean close = false;
    boolean chunked = false;
    String h;
    while ((h = line()) != null && !h.isEmpty()) {
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim();
      String value = h.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Integer.parseInt(value);
      } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
        close = true;
      } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
        chunked = value.equalsIgnoreCase("chunked");
      }
    }
    byte[] body;
    if (chunked) {
      body = readChunked();
    } else {
      if (length < 0) {
        throw new IOException("response without Content-Length");
      }
      body = in.readNBytes(length);
      if (body.length != length) {
        throw new IOException("truncated response");
      }
    }
    if (close) {
      close();
    }
    return new Response(code, body);
  }

  private byte[] readChunked() throws IOException {
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    while (true) {
      String size = line();
      if (size == null) {
        throw new IOException("truncated chunked response");
      }
      int semi = size.indexOf(';');
      int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
      if (n == 0) {
        String trailer;
        while ((trailer = line()) != null && !trailer.isEmpty()) {
          // trailers are ignored
        }
        return body.toByteArray();
      }
      byte[] chunk = in.readNBytes(n);
      if (chunk.length != n) {
        throw new IOException("truncated chunk");
      }
      body.write(chunk);
      line();
    }
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder(64);
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == '\r') {
          sb.setLength(n - 1);
        }
        return sb.toString();
      }
      sb.append((char) c);
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    socket = null;
  }
}
