package kr.kdid.wallet.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A custom-scheme link such as {@code openid-credential-offer://?credential_offer=...} or {@code
 * openid4vp://?client_id=...}: a scheme and query parameters. Parsed by hand, because {@code
 * java.net.URI} refuses the empty authority these links have.
 *
 * @param scheme the scheme, lower-case
 * @param parameters the decoded query parameters, in order; each name appears once
 */
public record DeepLink(String scheme, Map<String, String> parameters) {

  /** Longest link accepted (a by-value offer fits easily; QR codes hold less). */
  public static final int MAX_LENGTH = 16 * 1024;

  public DeepLink {
    Objects.requireNonNull(scheme, "scheme");
    parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /**
   * Parses a link.
   *
   * @throws IllegalArgumentException with a plain explanation, if the text is not a link with a
   *     scheme and a query whose parameters are well-encoded and each given once
   */
  public static DeepLink parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the link is empty");
    }
    String s = text.strip();
    if (s.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("the link is longer than " + MAX_LENGTH + " characters");
    }
    int colon = s.indexOf(':');
    if (colon <= 0 || !s.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      throw new IllegalArgumentException("the link has no scheme");
    }
    String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
    int hash = s.indexOf('#');
    String beforeFragment = hash >= 0 ? s.substring(0, hash) : s;
    int q = beforeFragment.indexOf('?');
    if (q < 0 || q == beforeFragment.length() - 1) {
      throw new IllegalArgumentException("the link has no parameters");
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : beforeFragment.substring(q + 1).split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq >= 0 ? pair.substring(0, eq) : pair);
      String value = eq >= 0 ? decode(pair.substring(eq + 1)) : "";
      if (params.putIfAbsent(name, value) != null) {
        throw new IllegalArgumentException("the link gives the parameter " + name + " twice");
      }
    }
    return new DeepLink(scheme, params);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the link has a badly percent-encoded parameter");
    }
  }

  /** A parameter's value, or null. */
  public String get(String name) {
    return parameters.get(name);
  }
}
