package kr.kdid.wallet.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Objects;
import kr.kdid.core.json.Json;
import kr.kdid.core.json.MalformedJsonException;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;

/**
 * JSON exchanges over an {@link HttpTransport}, with the wallet's error mapping: unreachable
 * parties are NETWORK, oversized answers RESPONSE_TOO_LARGE, redirects and non-JSON answers
 * RESPONSE_MALFORMED, and non-2xx answers with an OAuth-style error body ({@code error}, {@code
 * error_description}, K-DID's {@code kdid_error}; or K-DID's {@code error} + {@code message}) the
 * caller's rejection code, carrying the remote code and the description. Thread-safe.
 */
public final class JsonHttp {
  /** Longest remote error description shown to the holder. */
  static final int MAX_DESCRIPTION = 300;

  private final HttpTransport transport;

  public JsonHttp(HttpTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /** The transport, for exchanges that are not JSON. */
  public HttpTransport transport() {
    return transport;
  }

  /**
   * Sends a request and returns the response, mapping transport failures.
   *
   * @param party who is asked ("the issuer"), for messages
   * @throws WalletException NETWORK, RESPONSE_TOO_LARGE, or RESPONSE_MALFORMED for a redirect
   */
  public HttpResponse exchange(HttpRequest request, String party) throws WalletException {
    HttpResponse r;
    try {
      r = transport.send(request);
    } catch (HttpTransport.ResponseTooLargeException e) {
      throw new WalletException(
          WalletError.RESPONSE_TOO_LARGE,
          party + " sent an answer larger than " + request.maxResponseBytes() + " bytes",
          e);
    } catch (IOException e) {
      throw new WalletException(
          WalletError.NETWORK,
          "could not reach "
              + party
              + " at "
              + NetworkPolicy.safe(request.uri())
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
          e);
    }
    if (r.status() >= 300 && r.status() < 400) {
      throw new WalletException(
          WalletError.RESPONSE_MALFORMED,
          party
              + " answered with a redirect (HTTP "
              + r.status()
              + "); the wallet never follows one");
    }
    return r;
  }

  /**
   * Sends a request and returns its 2xx JSON object body.
   *
   * @param rejected the code for a non-2xx answer (ISSUER_REJECTED, VERIFIER_REJECTED...)
   * @throws WalletException as {@link #exchange}; {@code rejected} for a non-2xx answer;
   *     RESPONSE_MALFORMED if a 2xx body is not a JSON object
   */
  public ObjectNode send(HttpRequest request, String party, WalletError rejected)
      throws WalletException {
    HttpResponse r = exchange(request, party);
    if (!r.isSuccess()) {
      throw rejection(r, party, rejected);
    }
    return jsonObject(r, party);
  }

  /**
   * The JSON object of a response body.
   *
   * @throws WalletException RESPONSE_MALFORMED if the content type is not JSON or the body is not a
   *     JSON object
   */
  public static ObjectNode jsonObject(HttpResponse r, String party) throws WalletException {
    String type = r.mediaType();
    if (!type.isEmpty() && !type.equals("application/json") && !type.endsWith("+json")) {
      throw new WalletException(
          WalletError.RESPONSE_MALFORMED,
          party + " answered with " + type + " where JSON was expected");
    }
    try {
      JsonNode n = Json.parse(r.body());
      if (!n.isObject()) {
        throw new WalletException(
            WalletError.RESPONSE_MALFORMED, party + " answered with JSON that is not an object");
      }
      return (ObjectNode) n;
    } catch (MalformedJsonException e) {
      throw new WalletException(
          WalletError.RESPONSE_MALFORMED, party + " answered with malformed JSON", e);
    }
  }

  /**
   * The exception for a non-2xx answer: the remote code is {@code kdid_error}, else {@code error};
   * the message names the party and gives the remote description (sanitised and bounded).
   */
  public static WalletException rejection(HttpResponse r, String party, WalletError code) {
    String error = null;
    String kdid = null;
    String description = null;
    try {
      JsonNode n = Json.parse(r.body());
      error = text(n, "error");
      kdid = text(n, "kdid_error");
      description = text(n, "error_description");
      if (description == null) {
        description = text(n, "message"); // K-DID's non-OAuth error body
      }
    } catch (IllegalArgumentException e) {
      // Not a JSON error body: report the status alone.
    }
    String remote = kdid != null ? kdid : error;
    StringBuilder msg = new StringBuilder(party).append(" refused (HTTP ").append(r.status());
    if (error != null) {
      msg.append(", ").append(sanitise(error));
    }
    msg.append(")");
    if (description != null) {
      msg.append(": ").append(sanitise(description));
    }
    return new WalletException(
        code, msg.toString(), remote == null ? null : sanitise(remote), null);
  }

  private static String text(JsonNode n, String name) {
    JsonNode v = n.get(name);
    return v != null && v.isTextual() && !v.textValue().isBlank() ? v.textValue() : null;
  }

  /** Removes control characters and bounds the length of remote text shown to the holder. */
  public static String sanitise(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints()
        .filter(c -> !Character.isISOControl(c))
        .limit(MAX_DESCRIPTION)
        .forEach(b::appendCodePoint);
    return b.toString();
  }
}
