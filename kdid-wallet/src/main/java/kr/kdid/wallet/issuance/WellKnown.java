package kr.kdid.wallet.issuance;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Builds well-known metadata URLs the way OpenID4VCI §12.2.2, RFC 8414 §3.1 and SD-JWT VC §4.1
 * define them: the well-known segment goes <em>between</em> the host and the path, after a
 * terminating "/" of the path is removed. {@code https://example.com/issuers/police} gives {@code
 * https://example.com/.well-known/openid-credential-issuer/issuers/police}.
 */
public final class WellKnown {
  private WellKnown() {}

  /**
   * The well-known URL of an identifier.
   *
   * @param identifier an absolute http(s) URL without query or fragment
   * @param segment the well-known segment, e.g. {@code /.well-known/openid-credential-issuer}
   * @throws IllegalArgumentException if the identifier is not such a URL
   */
  public static URI insert(String identifier, String segment) {
    URI u;
    try {
      u = new URI(identifier);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + identifier, e);
    }
    if (u.getScheme() == null
        || u.getRawAuthority() == null
        || u.getRawQuery() != null
        || u.getRawFragment() != null) {
      throw new IllegalArgumentException("not an identifier URL: " + identifier);
    }
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return URI.create(u.getScheme() + "://" + u.getRawAuthority() + segment + path);
  }
}
