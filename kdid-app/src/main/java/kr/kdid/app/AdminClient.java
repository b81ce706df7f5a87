package kr.kdid.app;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import kr.kdid.core.json.Json;
import kr.kdid.core.json.MalformedJsonException;

/** A small client of a running K-DID's admin API, for the {@code kdid issuer} commands. */
final class AdminClient {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  AdminClient(String base, String token) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.token = token;
  }

  JsonNode post(String path, JsonNode body) {
    return send("POST", path, Json.bytes(body));
  }

  JsonNode get(String path) {
    return send("GET", path, null);
  }

  /** Bytes of a public resource (a QR image). */
  byte[] bytes(String url) {
    try {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new UserException("GET " + url + " answered HTTP " + r.statusCode());
      }
      return r.body();
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted");
    }
  }

  private JsonNode send(String method, String path, byte[] body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json");
    if (body != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted");
    }
    JsonNode json;
    try {
      json = Json.parse(r.body());
    } catch (MalformedJsonException e) {
      throw new UserException(
          method + " " + path + " answered HTTP " + r.statusCode() + " without JSON");
    }
    if (r.statusCode() >= 400) {
      throw new UserException(
          json.path("error").asText("HTTP_" + r.statusCode())
              + ": "
              + json.path("message").asText(json.path("error_description").asText("")));
    }
    return json;
  }

  private UserException unreachable(IOException e) {
    return new UserException(
        "cannot reach K-DID at "
            + base
            + " ("
            + e.getClass().getSimpleName()
            + "); is `./kdid up` running? Use --url to point elsewhere");
  }
}
