package kr.kdid.credentials.sdjwtvc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.sdjwt.SdJwt;
import kr.kdid.credentials.sdjwt.SdJwtIssuer;

/**
 * Issues SD-JWT VCs (draft-ietf-oauth-sd-jwt-vc §2.2): header {@code {"typ":"dc+sd-jwt",
 * "kid":...}}, plaintext {@code iss}, {@code iat}, {@code nbf}, {@code exp} (NumericDate seconds),
 * {@code vct}, {@code cnf.jwk} and {@code status}, and one Disclosure per disclosable claim. The
 * claims that must never be selectively disclosable ({@link SdJwtVc#NEVER_DISCLOSABLE}) are refused
 * in the disclosable set. A credential without disclosable claims has neither {@code _sd} nor
 * Disclosures (§2.2.2.5).
 *
 * <p>Unlinkability across a batch (RFC 9901 §10.1) is the caller's duty: give each credential its
 * own holder key, and randomize or round {@code iat}, {@code nbf} and {@code exp}.
 *
 * <p>Thread-safe if the {@link SecureRandom} is (the JDK's are).
 */
public final class SdJwtVcIssuer {
  /** Claims set from {@link Request} fields, never from the claim objects. */
  private static final Set<String> FROM_FIELDS =
      Set.of(
          SdJwtVc.ISS,
          SdJwtVc.VCT,
          SdJwtVc.IAT,
          SdJwtVc.NBF,
          SdJwtVc.EXP,
          SdJwtVc.CNF,
          SdJwtVc.STATUS);

  private final SecureRandom random;

  /** An issuer drawing salts and decoys from {@link Randomness#secure()}. */
  public SdJwtVcIssuer() {
    this(Randomness.secure());
  }

  /** An issuer drawing salts and decoys from {@code random}. */
  public SdJwtVcIssuer(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * What to issue. The claim objects are copied.
   *
   * @param issuerKey the issuer's signing key, not null
   * @param kid the header {@code kid} (K-DID: a DID URL of {@code iss}), or null to omit it
   * @param iss the issuer identifier (K-DID: a did:kdid), not null
   * @param vct the credential type, not null or empty
   * @param disclosableClaims claims that each become a Disclosure (top-level members), or null
   * @param plainClaims claims that stay visible, or null; may hold {@code vct#integrity} and {@code
   *     aka_vcts}, not the claims that have their own field
   * @param holderKey the holder's public key for {@code cnf.jwk}, or null (no key binding then)
   * @param status the {@code status} claim, e.g. {@code {"status_list":{"idx":..,"uri":..}}}, or
   *     null
   * @param issuedAt {@code iat}, or null to omit it
   * @param notBefore {@code nbf}, or null to omit it
   * @param expires {@code exp}, or null to omit it
   * @param decoys decoy digests per {@code _sd} array, at least 0
   * @param recursive if true, the members of objects nested in disclosable claims (at any depth,
   *     not inside arrays) become Disclosures too, so the holder can disclose them one by one
   */
  public record Request(
      Signer issuerKey,
      String kid,
      String iss,
      String vct,
      ObjectNode disclosableClaims,
      ObjectNode plainClaims,
      Jwk holderKey,
      ObjectNode status,
      Instant issuedAt,
      Instant notBefore,
      Instant expires,
      int decoys,
      boolean recursive) {

    /**
     * @throws IllegalArgumentException if a claim appears twice, a never-disclosable claim is
     *     disclosable, a claim with its own field is in a claim object, {@code aka_vcts} is
     *     invalid, the holder key is private, {@code decoys} is negative, or {@code exp} is not
     *     after {@code iat} or {@code nbf}
     * @throws NullPointerException if {@code issuerKey}, {@code iss} or {@code vct} is null
     */
    public Request {
      Objects.requireNonNull(issuerKey, "issuerKey");
      Objects.requireNonNull(iss, "iss");
      Objects.requireNonNull(vct, "vct");
      if (vct.isEmpty()) {
        throw new IllegalArgumentException("vct must not be empty");
      }
      disclosableClaims = disclosableClaims == null ? Json.object() : disclosableClaims.deepCopy();
      plainClaims = plainClaims == null ? Json.object() : plainClaims.deepCopy();
      status = status == null ? null : status.deepCopy();
      for (String name : iterable(disclosableClaims)) {
        if (SdJwtVc.NEVER_DISCLOSABLE.contains(name)) {
          throw new IllegalArgumentException(
              "\"" + name + "\" must never be selectively disclosable (SD-JWT VC §2.2.2.3)");
        }
        if (plainClaims.has(name)) {
          throw new IllegalArgumentException("\"" + name + "\" is both disclosable and plain");
        }
        if (FROM_FIELDS.contains(name)) {
          throw new IllegalArgumentException("\"" + name + "\" is set by its Request field");
        }
      }
      for (String name : iterable(plainClaims)) {
        if (FROM_FIELDS.contains(name)) {
          throw new IllegalArgumentException("\"" + name + "\" is set by its Request field");
        }
      }
      JsonNode aka = plainClaims.get(SdJwtVc.AKA_VCTS);
      if (aka != null) {
        if (!aka.isArray() || aka.isEmpty()) {
          throw new IllegalArgumentException("aka_vcts must be a non-empty array of strings");
        }
        for (JsonNode t : aka) {
          if (!t.isTextual() || t.textValue().equals(vct)) {
            throw new IllegalArgumentException("aka_vcts must be strings other than vct");
          }
        }
      }
      if (holderKey != null && holderKey.isPrivate()) {
        throw new IllegalArgumentException("the holder key must be a public JWK");
      }
      if (decoys < 0) {
        throw new IllegalArgumentException("decoys must not be negative");
      }
      if (expires != null
          && ((issuedAt != null && !expires.isAfter(issuedAt))
              || (notBefore != null && !expires.isAfter(notBefore)))) {
        throw new IllegalArgumentException("exp must be after iat and nbf");
      }
    }

    /** A request whose nested objects are not split into Disclosures ({@code recursive} false). */
    public Request(
        Signer issuerKey,
        String kid,
        String iss,
        String vct,
        ObjectNode disclosableClaims,
        ObjectNode plainClaims,
        Jwk holderKey,
        ObjectNode status,
        Instant issuedAt,
        Instant notBefore,
        Instant expires,
        int decoys) {
      this(
          issuerKey,
          kid,
          iss,
          vct,
          disclosableClaims,
          plainClaims,
          holderKey,
          status,
          issuedAt,
          notBefore,
          expires,
          decoys,
          false);
    }

    /** A copy of the disclosable claims. */
    @Override
    public ObjectNode disclosableClaims() {
      return disclosableClaims.deepCopy();
    }

    /** A copy of the plain claims. */
    @Override
    public ObjectNode plainClaims() {
      return plainClaims.deepCopy();
    }

    /** A copy of the status claim, or null. */
    @Override
    public ObjectNode status() {
      return status == null ? null : status.deepCopy();
    }
  }

  /**
   * Issues the credential: an SD-JWT without KB-JWT, ready for the holder.
   *
   * @throws NullPointerException if {@code request} is null
   */
  public SdJwt issue(Request request) {
    Objects.requireNonNull(request, "request");
    ObjectNode claims = Json.object();
    claims.put(SdJwtVc.ISS, request.iss());
    if (request.issuedAt() != null) {
      claims.put(SdJwtVc.IAT, request.issuedAt().getEpochSecond());
    }
    if (request.notBefore() != null) {
      claims.put(SdJwtVc.NBF, request.notBefore().getEpochSecond());
    }
    if (request.expires() != null) {
      claims.put(SdJwtVc.EXP, request.expires().getEpochSecond());
    }
    claims.put(SdJwtVc.VCT, request.vct());
    claims.setAll(request.plainClaims());
    ObjectNode disclosable = request.disclosableClaims();
    claims.setAll(disclosable);
    if (request.holderKey() != null) {
      claims.putObject(SdJwtVc.CNF).set("jwk", request.holderKey().toPublic().toJson());
    }
    if (request.status() != null) {
      claims.set(SdJwtVc.STATUS, request.status());
    }
    List<String> pointers = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : disclosable.properties()) {
      String pointer = "/" + token(e.getKey());
      pointers.add(pointer);
      if (request.recursive()) {
        addNestedMembers(e.getValue(), pointer, pointers);
      }
    }
    ObjectNode header = Json.object();
    header.put("typ", SdJwtVc.TYP);
    if (request.kid() != null) {
      header.put("kid", request.kid());
    }
    return SdJwtIssuer.forClaims(claims)
        .random(random)
        .selectivelyDisclosable(pointers)
        .decoys(request.decoys())
        .issue(request.issuerKey(), header);
  }

  private static void addNestedMembers(JsonNode node, String path, List<String> out) {
    if (!node.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String pointer = path + "/" + token(e.getKey());
      out.add(pointer);
      addNestedMembers(e.getValue(), pointer, out);
    }
  }

  private static String token(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private static Iterable<String> iterable(ObjectNode node) {
    return node::fieldNames;
  }
}
