package kr.kdid.core.did;

/**
 * A DID (W3C DID Core §3.1): {@code did:<method>:<method-specific-id>}. Parsing validates the ABNF;
 * a {@code Did} is always well-formed.
 *
 * @param method the method name (lower-case letters and digits)
 * @param methodSpecificId the method-specific identifier
 */
public record Did(String method, String methodSpecificId) {
  /** Longest DID accepted anywhere in K-DID. */
  public static final int MAX_LENGTH = 2048;

  public Did {
    if (method == null || method.isEmpty()) {
      throw new InvalidDidException("DID method is empty");
    }
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        throw new InvalidDidException("DID method may hold only a-z and 0-9: " + method);
      }
    }
    checkMethodSpecificId(methodSpecificId);
    if (4 + method.length() + 1 + methodSpecificId.length() > MAX_LENGTH) {
      throw new InvalidDidException("DID longer than " + MAX_LENGTH + " characters");
    }
  }

  /**
   * Parses a DID (not a DID URL: no path, query or fragment).
   *
   * @throws InvalidDidException if the text is not a DID
   */
  public static Did parse(String text) {
    if (text == null) {
      throw new InvalidDidException("DID is missing");
    }
    if (text.length() > MAX_LENGTH) {
      throw new InvalidDidException("DID longer than " + MAX_LENGTH + " characters");
    }
    if (!text.startsWith("did:")) {
      throw new InvalidDidException("a DID starts with \"did:\"");
    }
    int colon = text.indexOf(':', 4);
    if (colon < 0) {
      throw new InvalidDidException("a DID has a method and a method-specific id");
    }
    return new Did(text.substring(4, colon), text.substring(colon + 1));
  }

  /** True if the text parses as a DID. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (InvalidDidException e) {
      return false;
    }
  }

  private static void checkMethodSpecificId(String id) {
    if (id == null || id.isEmpty()) {
      throw new InvalidDidException("DID method-specific id is empty");
    }
    if (id.endsWith(":")) {
      throw new InvalidDidException("DID method-specific id must not end with ':'");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '%') {
        if (i + 2 >= id.length() || !isHex(id.charAt(i + 1)) || !isHex(id.charAt(i + 2))) {
          throw new InvalidDidException("bad percent-encoding in DID");
        }
        i += 2;
      } else if (!(isAlnum(c) || c == '.' || c == '-' || c == '_' || c == ':')) {
        throw new InvalidDidException("character '" + c + "' is not allowed in a DID");
      }
    }
  }

  private static boolean isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** A DID URL of this DID with a fragment, e.g. {@code did:kdid:abc#key-1}. */
  public String withFragment(String fragment) {
    return this + "#" + fragment;
  }

  @Override
  public String toString() {
    return "did:" + method + ":" + methodSpecificId;
  }
}
