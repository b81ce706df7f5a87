package kr.kdid.wallet.http;

import java.net.URI;
import java.util.Locale;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;

/**
 * Which URLs the wallet fetches or posts to. Always {@code https}; plain {@code http} only to this
 * machine (loopback), unless {@link #allowPlainHttp()} is set for a development network. Every URL
 * from an offer, a metadata document or a request passes through {@link #check} before use.
 *
 * @param allowPlainHttp whether plain http to other hosts is allowed (never in production: offers
 *     and presentations would travel in clear)
 */
public record NetworkPolicy(boolean allowPlainHttp) {

  /** https anywhere, http to loopback only. */
  public static NetworkPolicy standard() {
    return new NetworkPolicy(false);
  }

  /**
   * Parses and checks a URL.
   *
   * @param what what the URL is, for the message ("the credential endpoint")
   * @throws WalletException URL_NOT_ALLOWED if it is not an absolute http(s) URL with a host, has
   *     user info, or is plain http to another machine without {@link #allowPlainHttp()}
   */
  public URI check(String url, String what) throws WalletException {
    if (url == null || url.isBlank()) {
      throw new WalletException(WalletError.URL_NOT_ALLOWED, what + " is missing");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException e) {
      throw new WalletException(WalletError.URL_NOT_ALLOWED, what + " is not a valid URL");
    }
    return check(uri, what);
  }

  /** Checks a parsed URL; see {@link #check(String, String)}. */
  public URI check(URI uri, String what) throws WalletException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new WalletException(
          WalletError.URL_NOT_ALLOWED, what + " must be an https URL: " + safe(uri));
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new WalletException(WalletError.URL_NOT_ALLOWED, what + " has no host: " + safe(uri));
    }
    if (uri.getRawUserInfo() != null) {
      throw new WalletException(
          WalletError.URL_NOT_ALLOWED, what + " must not carry a user name or password");
    }
    if (scheme.equals("http") && !allowPlainHttp && !isLoopback(uri.getHost())) {
      throw new WalletException(
          WalletError.URL_NOT_ALLOWED,
          what + " uses plain http to another machine; only https is allowed: " + safe(uri));
    }
    return uri;
  }

  /** True for localhost, 127.0.0.0/8 and ::1. */
  public static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) {
      return false;
    }
    for (String p : parts) {
      if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  /** The URL without query and fragment, which may carry codes. */
  static String safe(URI uri) {
    String s = uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
