package kr.kdid.credentials.sdjwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import kr.kdid.core.jose.JoseException;
import kr.kdid.core.jose.Jws;
import kr.kdid.credentials.sdjwt.SdJwtException.Reason;

/**
 * An SD-JWT or SD-JWT+KB in compact serialization (RFC 9901 §4): {@code <Issuer-signed
 * JWT>~<Disclosure 1>~...~<Disclosure N>~[<KB-JWT>]}.
 *
 * <p>Parsing checks the grammar and the form of each part only. It verifies no signature and does
 * not run the §7.1 checks: use {@link SdJwtProcessor} (and the profile's verifier) for that.
 *
 * <p>Immutable and thread-safe. {@link #toString()} does not print the token, which holds personal
 * data.
 *
 * @param issuerJwt the Issuer-signed JWT, never null
 * @param disclosures the Disclosures in the order sent, never null (may be empty)
 * @param keyBinding the Key Binding JWT, or null for an SD-JWT without key binding
 * @param encoded the compact serialization, exactly {@code issuerJwt~d1~...~dN~[keyBinding]}
 */
public record SdJwt(Jws issuerJwt, List<Disclosure> disclosures, Jws keyBinding, String encoded) {

  /** Longest serialization {@link #parse} accepts, in characters (4 MiB). */
  public static final int MAX_LENGTH = Jws.MAX_LENGTH;

  /** Most Disclosures {@link #parse} accepts. */
  public static final int MAX_DISCLOSURES = 4096;

  /**
   * @throws IllegalArgumentException if {@code encoded} is not the concatenation of the parts
   * @throws NullPointerException if a non-nullable component is null
   */
  public SdJwt {
    Objects.requireNonNull(issuerJwt, "issuerJwt");
    disclosures = List.copyOf(disclosures);
    Objects.requireNonNull(encoded, "encoded");
    if (!encoded.equals(assemble(issuerJwt, disclosures, keyBinding))) {
      throw new IllegalArgumentException("encoded is not the serialization of the parts");
    }
  }

  /** An SD-JWT from its parts; {@code keyBinding} may be null. */
  public static SdJwt of(Jws issuerJwt, List<Disclosure> disclosures, Jws keyBinding) {
    return new SdJwt(
        issuerJwt, disclosures, keyBinding, assemble(issuerJwt, disclosures, keyBinding));
  }

  /**
   * Parses the compact serialization. A trailing "~" means there is no KB-JWT; otherwise the text
   * after the last "~" is the KB-JWT. Every other part must be non-empty.
   *
   * @param compact the serialization, without whitespace
   * @throws SdJwtException MALFORMED if the text is null, empty, too long, has characters outside
   *     base64url, "." and "~", has no "~", an empty part, too many Disclosures, or a JWS that does
   *     not parse; INVALID_DISCLOSURE or FORBIDDEN_CLAIM_NAME for a bad Disclosure
   */
  public static SdJwt parse(String compact) throws SdJwtException {
    if (compact == null || compact.isEmpty()) {
      throw new SdJwtException(Reason.MALFORMED, "empty SD-JWT");
    }
    if (compact.length() > MAX_LENGTH) {
      throw new SdJwtException(Reason.MALFORMED, "SD-JWT longer than " + MAX_LENGTH);
    }
    for (int i = 0; i < compact.length(); i++) {
      char c = compact.charAt(i);
      if (c >= ALLOWED.length || !ALLOWED[c]) {
        throw new SdJwtException(
            Reason.MALFORMED, "SD-JWT has a character outside base64url, '.' and '~' at " + i);
      }
    }
    int first = compact.indexOf('~');
    if (first < 0) {
      throw new SdJwtException(Reason.MALFORMED, "an SD-JWT has at least one '~'");
    }
    int last = compact.lastIndexOf('~');
    Jws issuerJwt = parseJws(compact.substring(0, first), "Issuer-signed JWT");
    List<Disclosure> disclosures = new ArrayList<>();
    int start = first + 1;
    while (start <= last) {
      int end = compact.indexOf('~', start);
      if (end == start) {
        throw new SdJwtException(Reason.MALFORMED, "empty part between two '~'");
      }
      if (disclosures.size() == MAX_DISCLOSURES) {
        throw new SdJwtException(Reason.MALFORMED, "more than " + MAX_DISCLOSURES + " Disclosures");
      }
      disclosures.add(Disclosure.parse(compact.substring(start, end)));
      start = end + 1;
    }
    Jws keyBinding =
        last == compact.length() - 1 ? null : parseJws(compact.substring(last + 1), "KB-JWT");
    return new SdJwt(issuerJwt, disclosures, keyBinding, compact);
  }

  /**
   * Parses an SD-JWT as a holder receives it from an issuer, which must not carry a KB-JWT (RFC
   * 9901 §7.2).
   *
   * @throws SdJwtException as {@link #parse}, or KEY_BINDING_UNEXPECTED if it ends with a KB-JWT
   */
  public static SdJwt parseIssued(String compact) throws SdJwtException {
    SdJwt sdJwt = parse(compact);
    if (sdJwt.keyBinding != null) {
      throw new SdJwtException(
          Reason.KEY_BINDING_UNEXPECTED, "an issued SD-JWT must not carry a KB-JWT");
    }
    return sdJwt;
  }

  /**
   * {@code <Issuer-signed JWT>~<d1>~...~<dN>~}: this SD-JWT without its KB-JWT, the exact input of
   * {@code sd_hash} (RFC 9901 §4.3.1).
   */
  public String withoutKeyBinding() {
    return assemble(issuerJwt, disclosures, null);
  }

  /** This SD-JWT with the given KB-JWT appended (replacing any present). */
  public SdJwt withKeyBinding(Jws kbJwt) {
    return of(issuerJwt, disclosures, Objects.requireNonNull(kbJwt, "kbJwt"));
  }

  /** The compact serialization. */
  public String serialize() {
    return encoded;
  }

  /**
   * The presentation a holder sends: the Issuer-signed JWT and the Disclosures {@code keep}
   * accepts, plus every Disclosure needed to connect them to the Issuer-signed JWT (the parents of
   * recursive Disclosures, RFC 9901 §4.2.6 and §7.2), in their original order, without a KB-JWT.
   * Disclosures that no digest reachable from the Issuer-signed JWT references are never included.
   *
   * <p>Call it on an SD-JWT that {@link SdJwtProcessor#process} accepted. Use {@link
   * SdJwtProcessor#disclosuresByPath} to choose Disclosures by claim path.
   *
   * @param keep decides for each Disclosure whether the holder discloses it
   * @throws IllegalStateException if the Issuer-signed JWT's payload is not a JSON object
   */
  public SdJwt select(Predicate<Disclosure> keep) {
    Objects.requireNonNull(keep, "keep");
    ObjectNode payload;
    try {
      payload = issuerJwt.payloadJson();
    } catch (JoseException e) {
      throw new IllegalStateException("the Issuer-signed JWT payload is not a JSON object", e);
    }
    Map<String, Disclosure> byDigest = new HashMap<>();
    for (Disclosure d : disclosures) {
      byDigest.putIfAbsent(d.digest(), d);
    }
    // parent.get(child digest) = parent Disclosure's digest, or "" for the Issuer-signed JWT.
    Map<String, String> parent = new HashMap<>();
    List<String> pending = new ArrayList<>();
    for (String digest : referencedDigests(payload)) {
      if (byDigest.containsKey(digest) && parent.putIfAbsent(digest, "") == null) {
        pending.add(digest);
      }
    }
    for (int i = 0; i < pending.size(); i++) {
      String digest = pending.get(i);
      for (String child : referencedDigests(byDigest.get(digest).value())) {
        if (byDigest.containsKey(child) && parent.putIfAbsent(child, digest) == null) {
          pending.add(child);
        }
      }
    }
    Set<String> chosen = new HashSet<>();
    for (Disclosure d : disclosures) {
      if (parent.containsKey(d.digest()) && keep.test(d)) {
        for (String x = d.digest(); !x.isEmpty() && chosen.add(x); ) {
          x = parent.get(x);
        }
      }
    }
    List<Disclosure> out = new ArrayList<>();
    Set<String> added = new HashSet<>();
    for (Disclosure d : disclosures) {
      if (chosen.contains(d.digest()) && added.add(d.digest())) {
        out.add(d);
      }
    }
    return of(issuerJwt, out, null);
  }

  @Override
  public String toString() {
    return "SdJwt["
        + disclosures.size()
        + " Disclosures"
        + (keyBinding != null ? ", with KB-JWT" : "")
        + "]";
  }

  /** Every digest in {@code _sd} arrays and {@code {"...": d}} elements of a tree. */
  static List<String> referencedDigests(JsonNode node) {
    List<String> out = new ArrayList<>();
    collectDigests(node, out);
    return out;
  }

  private static void collectDigests(JsonNode node, List<String> out) {
    if (node.isObject()) {
      JsonNode sd = node.get(Digests.SD);
      if (sd != null && sd.isArray()) {
        for (JsonNode d : sd) {
          if (d.isTextual()) {
            out.add(d.textValue());
          }
        }
      }
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!Digests.SD.equals(e.getKey())) {
          collectDigests(e.getValue(), out);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        JsonNode d =
            element.isObject() && element.size() == 1 ? element.get(Digests.ELLIPSIS) : null;
        if (d != null && d.isTextual()) {
          out.add(d.textValue());
        } else {
          collectDigests(element, out);
        }
      }
    }
  }

  private static String assemble(Jws issuerJwt, List<Disclosure> disclosures, Jws keyBinding) {
    StringBuilder sb = new StringBuilder(issuerJwt.encoded()).append('~');
    for (Disclosure d : disclosures) {
      sb.append(d.encoded()).append('~');
    }
    if (keyBinding != null) {
      sb.append(keyBinding.encoded());
    }
    return sb.toString();
  }

  private static Jws parseJws(String text, String what) throws SdJwtException {
    try {
      return Jws.parse(text);
    } catch (JoseException e) {
      throw new SdJwtException(Reason.MALFORMED, what + ": " + e.getMessage(), e);
    }
  }

  /**
   * The characters of a compact serialization, by code: base64url, '.' and '~' (one table lookup
   * per character, where the comparisons took a few per cent of a presentation's verification).
   */
  private static final boolean[] ALLOWED = new boolean[128];

  static {
    for (char c = 0; c < ALLOWED.length; c++) {
      ALLOWED[c] = isBase64Url(c) || c == '.' || c == '~';
    }
  }

  private static boolean isBase64Url(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_';
  }
}
