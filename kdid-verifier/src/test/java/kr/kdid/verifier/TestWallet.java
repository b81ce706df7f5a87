package kr.kdid.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.did.DidResolutionResult;
import kr.kdid.core.did.DidUrl;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.sdjwt.Disclosure;
import kr.kdid.credentials.sdjwt.KeyBinding;
import kr.kdid.credentials.sdjwt.SdJwt;
import kr.kdid.ledger.client.LedgerGateway;

/** What a wallet does over HTTP, with checks on what the verifier serves. */
final class TestWallet {
  final HttpClient http = HttpClient.newHttpClient();
  private final LedgerGateway ledger;

  TestWallet(LedgerGateway ledger) {
    this.ledger = ledger;
  }

  /** A fetched and verified request object. */
  record Request(Jws jws, ObjectNode payload) {
    String clientId() {
      return payload.path("client_id").asText();
    }

    String nonce() {
      return payload.path("nonce").asText();
    }

    String state() {
      return payload.path("state").asText();
    }

    String responseUri() {
      return payload.path("response_uri").asText();
    }

    String queryId() {
      return payload.path("dcql_query").path("credentials").path(0).path("id").asText();
    }
  }

  /** Follows an openid4vp:// URI: fetches the request object and verifies it with the DID key. */
  Request fetch(String authorizationRequestUri) throws Exception {
    assertThat(authorizationRequestUri).startsWith("openid4vp://?");
    Map<String, String> q = query(authorizationRequestUri.substring("openid4vp://?".length()));
    HttpResponse<String> r = get(q.get("request_uri"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/oauth-authz-req+jwt");
    assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    Jws jws = Jws.parse(r.body());
    assertThat(jws.typ()).isEqualTo("oauth-authz-req+jwt");
    assertThat(jws.header().path("alg").asText()).isEqualTo("ES256");
    DidUrl kid = DidUrl.parse(jws.kid());
    assertThat(q.get("client_id")).isEqualTo("decentralized_identifier:" + kid.did());
    DidResolutionResult doc = ledger.resolve(kid.did().toString());
    assertThat(jws.verify(doc.document().method(jws.kid()).orElseThrow().key()))
        .as("request object signature verifies with the DID key on the ledger")
        .isTrue();
    ObjectNode payload = jws.payloadJson();
    assertThat(payload.path("client_id").asText()).isEqualTo(q.get("client_id"));
    return new Request(jws, payload);
  }

  /** The issued credential with the disclosures of the named claims, bound to aud and nonce. */
  static String present(
      SdJwt issued, Signer holder, List<String> claims, String aud, String nonce, Instant iat) {
    SdJwt selected = select(issued, d -> claims.contains(d.name()));
    return selected
        .withKeyBinding(KeyBinding.create(selected, holder, aud, nonce, iat))
        .serialize();
  }

  static SdJwt select(SdJwt issued, Predicate<Disclosure> keep) {
    return issued.select(keep);
  }

  static String vpToken(String queryId, String... presentations) {
    ObjectNode o = Json.object();
    ArrayNode a = o.putArray(queryId);
    for (String p : presentations) {
      a.add(p);
    }
    return Json.string(o);
  }

  HttpResponse<String> post(String uri, Map<String, String> form) throws Exception {
    StringBuilder sb = new StringBuilder();
    form.forEach(
        (k, v) -> {
          if (!sb.isEmpty()) {
            sb.append('&');
          }
          sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
    return postRaw(uri, "application/x-www-form-urlencoded", sb.toString());
  }

  HttpResponse<String> postRaw(String uri, String contentType, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(uri))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(uri)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String uri, String bearer) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(uri))
            .header("Authorization", "Bearer " + bearer)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Sends a presentation: {@code vp_token} and {@code state}. */
  HttpResponse<String> respond(Request req, String presentation) throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("vp_token", vpToken(req.queryId(), presentation));
    form.put("state", req.state());
    return post(req.responseUri(), form);
  }

  static Map<String, String> query(String q) {
    Map<String, String> out = new HashMap<>();
    for (String part : q.split("&")) {
      int eq = part.indexOf('=');
      out.put(
          URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }
}
