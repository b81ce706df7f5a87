package kr.kdid.core.did;

/**
 * A DID URL: a DID with an optional path, query and fragment (W3C DID Core §3.2). K-DID uses
 * fragments to name verification methods ({@code did:kdid:abc#key-1}).
 *
 * @param did the DID
 * @param path the path including its leading '/', or empty
 * @param query the query without '?', or null
 * @param fragment the fragment without '#', or null
 */
public record DidUrl(Did did, String path, String query, String fragment) {

  /**
   * Parses a DID URL.
   *
   * @throws InvalidDidException if it is malformed
   */
  public static DidUrl parse(String text) {
    if (text == null) {
      throw new InvalidDidException("DID URL is missing");
    }
    int hash = text.indexOf('#');
    String fragment = hash >= 0 ? text.substring(hash + 1) : null;
    String rest = hash >= 0 ? text.substring(0, hash) : text;
    int q = rest.indexOf('?');
    String query = q >= 0 ? rest.substring(q + 1) : null;
    rest = q >= 0 ? rest.substring(0, q) : rest;
    int slash = rest.indexOf('/');
    String path = slash >= 0 ? rest.substring(slash) : "";
    rest = slash >= 0 ? rest.substring(0, slash) : rest;
    if (fragment != null) {
      checkFragment(fragment);
    }
    return new DidUrl(Did.parse(rest), path, query, fragment);
  }

  /**
   * Resolves a reference found in a DID document: absolute DID URLs stay as they are, a bare
   * fragment ("#key-1") is taken relative to {@code base}.
   */
  public static DidUrl resolveReference(Did base, String reference) {
    if (reference.startsWith("#")) {
      checkFragment(reference.substring(1));
      return new DidUrl(base, "", null, reference.substring(1));
    }
    return parse(reference);
  }

  private static void checkFragment(String fragment) {
    if (fragment.isEmpty()) {
      throw new InvalidDidException("empty DID URL fragment");
    }
    for (int i = 0; i < fragment.length(); i++) {
      char c = fragment.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~!$&'()*+,;=:@/?%".indexOf(c) >= 0;
      if (!ok) {
        throw new InvalidDidException("character '" + c + "' is not allowed in a fragment");
      }
    }
  }

  /** True if this URL is just the DID plus a fragment. */
  public boolean isFragmentOnly() {
    return path.isEmpty() && query == null && fragment != null;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(did.toString()).append(path);
    if (query != null) {
      sb.append('?').append(query);
    }
    if (fragment != null) {
      sb.append('#').append(fragment);
    }
    return sb.toString();
  }
}
