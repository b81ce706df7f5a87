package kr.kdid.credentials.sdjwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.crypto.Sha256;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;

/**
 * Builds and signs an SD-JWT (RFC 9901 §4, §5.1). Start from the complete claims set, mark the
 * members and array elements that become selectively disclosable with JSON pointers, and {@link
 * #issue} it:
 *
 * <pre>{@code
 * SdJwt sdJwt = SdJwtIssuer.forClaims(claims)
 *     .selectivelyDisclosable("/given_name")
 *     .selectivelyDisclosable("/address")                 // the whole address ...
 *     .selectivelyDisclosable("/address/street_address")  // ... and, inside it, its street
 *     .selectivelyDisclosable("/nationalities/1")         // one array element
 *     .decoys(2)
 *     .issue(signer, header);
 * }</pre>
 *
 * <p>Unmarked claims stay visible. Marking a value and values below it gives recursive Disclosures
 * (§4.2.6). Each {@code _sd} array gets the configured number of decoy digests (§4.2.5) and is
 * sorted, which hides the claims' order. {@code _sd_alg} is {@code sha-256}, and is omitted, like
 * {@code _sd}, when nothing is selectively disclosable. Salts are 128 bits from the {@link
 * SecureRandom}, fresh for every Disclosure and every {@link #issue} call.
 *
 * <p>Not thread-safe: a builder for one thread. The claims are copied when the builder is created.
 */
public final class SdJwtIssuer {
  private static final int SALT_BYTES = 16;
  private static final int DECOY_SEED_BYTES = 32;

  private final ObjectNode claims;
  private final Set<String> marked = new LinkedHashSet<>();
  private SecureRandom random = Randomness.secure();
  private int decoys;

  private SdJwtIssuer(ObjectNode claims) {
    this.claims = claims;
  }

  /**
   * A builder over a copy of the claims set.
   *
   * @throws IllegalArgumentException if a key anywhere in the claims is {@code _sd}, {@code ...} or
   *     {@code _sd_alg}, which SD-JWT reserves
   * @throws NullPointerException if {@code claims} is null
   */
  public static SdJwtIssuer forClaims(ObjectNode claims) {
    ObjectNode copy = Objects.requireNonNull(claims, "claims").deepCopy();
    rejectReservedKeys(copy);
    return new SdJwtIssuer(copy);
  }

  /** The CSPRNG for salts and decoys (default: {@link Randomness#secure()}). */
  public SdJwtIssuer random(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
    return this;
  }

  /**
   * Marks the value at a JSON pointer (RFC 6901) as selectively disclosable: an object member
   * ("/address/street_address") or an array element ("/nationalities/0").
   *
   * @throws IllegalArgumentException if the pointer is the root or does not resolve in the claims
   */
  public SdJwtIssuer selectivelyDisclosable(String jsonPointer) {
    marked.add(normalize(Objects.requireNonNull(jsonPointer, "jsonPointer")));
    return this;
  }

  /** Marks every pointer, as {@link #selectivelyDisclosable(String)}. */
  public SdJwtIssuer selectivelyDisclosable(Iterable<String> jsonPointers) {
    for (String p : jsonPointers) {
      selectivelyDisclosable(p);
    }
    return this;
  }

  /**
   * The number of decoy digests added to each {@code _sd} array (default 0).
   *
   * @throws IllegalArgumentException if negative or above 1000
   */
  public SdJwtIssuer decoys(int perSdArray) {
    if (perSdArray < 0 || perSdArray > 1000) {
      throw new IllegalArgumentException("decoys must be in [0, 1000]");
    }
    this.decoys = perSdArray;
    return this;
  }

  /**
   * Creates the Disclosures and signs the Issuer-signed JWT.
   *
   * @param signer the issuer's key; its algorithm becomes the header's {@code alg}
   * @param header the other JOSE header members, e.g. {@code {"typ":"dc+sd-jwt","kid":"..."}}
   * @return the issued SD-JWT (no KB-JWT), with the Disclosures children first
   */
  public SdJwt issue(Signer signer, ObjectNode header) {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(header, "header");
    List<Disclosure> disclosures = new ArrayList<>();
    ObjectNode payload = (ObjectNode) encode(claims, "", disclosures);
    if (!disclosures.isEmpty()) {
      payload.put(Digests.SD_ALG, Digests.SHA_256);
    }
    Jws jws = Jws.sign(header, Json.bytes(payload), signer);
    return SdJwt.of(jws, disclosures, null);
  }

  private JsonNode encode(JsonNode node, String path, List<Disclosure> out) {
    if (node.isObject()) {
      ObjectNode members = Json.object();
      List<String> digests = new ArrayList<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String childPath = path + "/" + Digests.pointerToken(e.getKey());
        JsonNode value = encode(e.getValue(), childPath, out);
        if (marked.contains(childPath)) {
          Disclosure d = Disclosure.ofClaim(salt(), e.getKey(), value);
          out.add(d);
          digests.add(d.digest());
        } else {
          members.set(e.getKey(), value);
        }
      }
      if (digests.isEmpty()) {
        return members;
      }
      for (int i = 0; i < decoys; i++) {
        digests.add(decoy());
      }
      Collections.sort(digests);
      ObjectNode result = Json.object();
      ArrayNode sd = result.putArray(Digests.SD);
      digests.forEach(sd::add);
      result.setAll(members);
      return result;
    }
    if (node.isArray()) {
      ArrayNode result = Json.mapper().createArrayNode();
      for (int i = 0; i < node.size(); i++) {
        String childPath = path + "/" + i;
        JsonNode value = encode(node.get(i), childPath, out);
        if (marked.contains(childPath)) {
          Disclosure d = Disclosure.ofArrayElement(salt(), value);
          out.add(d);
          result.addObject().put(Digests.ELLIPSIS, d.digest());
        } else {
          result.add(value);
        }
      }
      return result;
    }
    return node.deepCopy();
  }

  private String salt() {
    return Base64Url.encode(Randomness.bytes(random, SALT_BYTES));
  }

  private String decoy() {
    return Base64Url.encode(Sha256.hash(Randomness.bytes(random, DECOY_SEED_BYTES)));
  }

  /** Resolves a pointer in the claims and returns it with every token in canonical escaping. */
  private String normalize(String pointer) {
    if (pointer.isEmpty() || pointer.charAt(0) != '/') {
      throw new IllegalArgumentException("not a JSON pointer to a claim: \"" + pointer + "\"");
    }
    StringBuilder out = new StringBuilder();
    JsonNode node = claims;
    for (String raw : pointer.substring(1).split("/", -1)) {
      String token = unescape(raw, pointer);
      if (node.isObject() && node.has(token)) {
        node = node.get(token);
      } else if (node.isArray() && isIndex(token) && Integer.parseInt(token) < node.size()) {
        node = node.get(Integer.parseInt(token));
      } else {
        throw new IllegalArgumentException("JSON pointer does not resolve: \"" + pointer + "\"");
      }
      out.append('/').append(Digests.pointerToken(token));
    }
    return out.toString();
  }

  private static String unescape(String token, String pointer) {
    StringBuilder sb = new StringBuilder(token.length());
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c != '~') {
        sb.append(c);
        continue;
      }
      char next = i + 1 < token.length() ? token.charAt(i + 1) : 0;
      if (next != '0' && next != '1') {
        throw new IllegalArgumentException("bad '~' escape in JSON pointer \"" + pointer + "\"");
      }
      sb.append(next == '0' ? '~' : '/');
      i++;
    }
    return sb.toString();
  }

  private static boolean isIndex(String token) {
    if (token.isEmpty() || token.length() > 9 || (token.length() > 1 && token.charAt(0) == '0')) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      if (token.charAt(i) < '0' || token.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static void rejectReservedKeys(JsonNode node) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (Disclosure.isForbiddenName(e.getKey())) {
          throw new IllegalArgumentException(
              "claims must not use the key \"" + e.getKey() + "\", which SD-JWT reserves");
        }
        rejectReservedKeys(e.getValue());
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        rejectReservedKeys(element);
      }
    }
  }
}
