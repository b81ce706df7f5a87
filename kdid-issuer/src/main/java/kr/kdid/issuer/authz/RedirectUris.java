package kr.kdid.issuer.authz;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The redirect URI policy for wallets, which are public clients (they cannot keep a secret):
 *
 * <ul>
 *   <li>a <b>loopback</b> URI, {@code http://127.0.0.1}, {@code http://[::1]} or {@code
 *       http://localhost} with any port and path (RFC 8252 §7.3), is accepted for any client id:
 *       only an application on the holder's own device can listen there;
 *   <li>any other URI (a private-use scheme such as {@code kr.kdid.wallet:/cb}, or https) must be
 *       registered for the client id, and is compared as an exact string (RFC 9700 §4.1.3);
 *   <li>never a fragment, userinfo, or a plain-http non-loopback host; at most 2048 characters.
 * </ul>
 *
 * The token request must present the same redirect URI, character for character.
 */
public final class RedirectUris {
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "[::1]", "localhost");

  private final Map<String, List<String>> registered;

  public RedirectUris(Map<String, List<String>> registered) {
    this.registered = Map.copyOf(registered);
  }

  /** True if client ids have this shape (printable, no spaces, at most 128 characters). */
  public static boolean validClientId(String clientId) {
    return clientId != null && clientId.matches("[A-Za-z0-9._:/-]{1,128}");
  }

  /** Why the redirect URI is refused for the client, or null if it is allowed. */
  public String problem(String clientId, String redirectUri) {
    if (redirectUri == null || redirectUri.isEmpty()) {
      return "redirect_uri is required";
    }
    if (redirectUri.length() > 2048) {
      return "redirect_uri is too long";
    }
    URI u;
    try {
      u = new URI(redirectUri);
    } catch (URISyntaxException e) {
      return "redirect_uri is not a URI";
    }
    if (!u.isAbsolute() || u.getFragment() != null || u.getRawUserInfo() != null) {
      return "redirect_uri must be absolute, without fragment or user info";
    }
    if (isLoopback(u)) {
      return null;
    }
    List<String> mine = registered.getOrDefault(clientId, List.of());
    if (mine.contains(redirectUri)) {
      return null;
    }
    return "redirect_uri is neither a loopback http URI nor registered for client " + clientId;
  }

  static boolean isLoopback(URI u) {
    return "http".equals(u.getScheme())
        && u.getHost() != null
        && LOOPBACK.contains(u.getHost().toLowerCase(Locale.ROOT));
  }

  /** The redirect URI with the given query parameters added (values URL-encoded). */
  public static String withParams(String redirectUri, Map<String, String> params) {
    StringBuilder sb = new StringBuilder(redirectUri);
    char sep = redirectUri.contains("?") ? '&' : '?';
    for (Map.Entry<String, String> e : params.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      sb.append(sep)
          .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      sep = '&';
    }
    return sb.toString();
  }
}
