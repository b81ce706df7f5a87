package kr.kdid.credentials.sdjwtvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.sdjwt.Disclosure;
import kr.kdid.credentials.sdjwt.KeyBinding;
import kr.kdid.credentials.sdjwt.SdJwt;
import kr.kdid.credentials.sdjwt.SdJwtException;
import kr.kdid.credentials.sdjwt.SdJwtException.Reason;
import kr.kdid.credentials.sdjwt.SdJwtIssuer;
import kr.kdid.credentials.sdjwt.SdJwtProcessor;
import kr.kdid.credentials.sdjwtvc.SdJwtVcIssuer.Request;
import kr.kdid.credentials.sdjwtvc.SdJwtVcVerifier.Options;
import kr.kdid.credentials.sdjwtvc.SdJwtVcVerifier.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue with {@link SdJwtVcIssuer}, present with select and KeyBinding, verify. */
class SdJwtVcRoundTripTest {
  static final String ISS = "did:kdid:ministry";
  static final String KID = "did:kdid:ministry#assert-1";
  static final String VCT = "urn:kdid:resident-card:1";
  static final Instant IAT = Instant.parse("2026-11-01T00:00:00Z");
  static final Instant EXP = Instant.parse("2031-11-01T00:00:00Z");
  static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  static final String AUD = "x509_san_dns:bank.example";
  static final String NONCE = "n-0S6_WzA2Mj";
  static final Duration AGE = Duration.ofMinutes(2);
  static final Duration SKEW = Duration.ofSeconds(30);

  static final ObjectNode DISCLOSABLE =
      (ObjectNode)
          Json.parse(
              """
              {"given_name": "길동", "family_name": "홍", "birthdate": "1990-01-01",
               "age_over_19": true,
               "address": {"region": "서울특별시", "street": "세종대로 209", "postal_code": "03154"},
               "nationalities": ["KR"]}
              """);
  static final ObjectNode PLAIN = (ObjectNode) Json.parse("{\"sub\": \"pairwise-1\"}");
  static final ObjectNode STATUS =
      (ObjectNode)
          Json.parse(
              "{\"status_list\": {\"idx\": 4711, \"uri\": \"https://ledger.kdid.kr/sl/7\"}}");

  static SdJwtVcVerifier verifierFor(VerificationKey key) {
    return new SdJwtVcVerifier((iss, kid) -> ISS.equals(iss) && KID.equals(kid) ? key : null);
  }

  static Request request(SoftwareKey issuer, SoftwareKey holder, boolean recursive) {
    return new Request(
        issuer,
        KID,
        ISS,
        VCT,
        DISCLOSABLE,
        PLAIN,
        holder.publicKey().toJwk(),
        STATUS,
        IAT,
        IAT,
        EXP,
        3,
        recursive);
  }

  static String present(
      SdJwt issued, SoftwareKey holder, java.util.function.Predicate<Disclosure> keep) {
    SdJwt selected = issued.select(keep);
    return selected
        .withKeyBinding(KeyBinding.create(selected, holder, AUD, NONCE, NOW.minusSeconds(5)))
        .serialize();
  }

  /** The tree as a parser reads it (numbers that fit in an int become IntNodes). */
  static JsonNode norm(JsonNode node) {
    return Json.parse(Json.string(node));
  }

  static ObjectNode fixedClaims(SoftwareKey holder) {
    ObjectNode o = Json.object();
    o.put("iss", ISS);
    o.put("iat", IAT.getEpochSecond());
    o.put("nbf", IAT.getEpochSecond());
    o.put("exp", EXP.getEpochSecond());
    o.put("vct", VCT);
    o.setAll(PLAIN);
    o.putObject("cnf").set("jwk", holder.publicKey().toJwk().toJson());
    o.set("status", STATUS);
    return o;
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void issueSelectPresentVerify(SignatureAlgorithm issuerAlg) throws Exception {
    SoftwareKey issuer = SoftwareKey.generate(issuerAlg);
    for (SignatureAlgorithm holderAlg : SignatureAlgorithm.values()) {
      SoftwareKey holder = SoftwareKey.generate(holderAlg);
      SdJwt issued = new SdJwtVcIssuer(new SecureRandom()).issue(request(issuer, holder, false));

      // The wallet checks what it received.
      SdJwt received = SdJwt.parseIssued(issued.serialize());
      assertThat(SdJwtProcessor.process(received).payload())
          .isEqualTo(norm(fixedClaims(holder).setAll(DISCLOSABLE)));

      String wire =
          present(received, holder, d -> Set.of("age_over_19", "address").contains(d.name()));
      Result r =
          verifierFor(issuer.publicKey())
              .verify(wire, Options.withKeyBinding(AUD, NONCE, NOW, AGE, SKEW));

      ObjectNode expected = fixedClaims(holder);
      expected.put("age_over_19", true);
      expected.set("address", DISCLOSABLE.get("address"));
      assertThat(r.ok()).as(r.checks().toString()).isTrue();
      assertThat(r.payload()).isEqualTo(norm(expected));
      // The signed claims are the issuer's payload as signed: digests, no disclosed values.
      assertThat(r.signedClaims()).isEqualTo(received.issuerJwt().payloadJson());
      assertThat(r.signedClaims().has("_sd")).isTrue();
      assertThat(r.signedClaims().has("age_over_19")).isFalse();
    }
  }

  @Test
  void recursiveOptionLetsTheHolderDiscloseOneNestedMember() throws Exception {
    SoftwareKey issuer = SoftwareKey.generate(SignatureAlgorithm.ES256);
    SoftwareKey holder = SoftwareKey.generate(SignatureAlgorithm.ES256);
    SdJwt issued = new SdJwtVcIssuer().issue(request(issuer, holder, true));
    Map<String, Disclosure> byPath = SdJwtProcessor.disclosuresByPath(issued);

    String wire = present(issued, holder, d -> d.equals(byPath.get("/address/region")));
    Result r =
        verifierFor(issuer.publicKey())
            .verify(wire, Options.withKeyBinding(AUD, NONCE, NOW, AGE, SKEW));

    assertThat(byPath)
        .containsKeys("/address", "/address/region", "/address/street", "/address/postal_code");
    assertThat(r.ok()).as(r.checks().toString()).isTrue();
    assertThat(r.payload().get("address")).isEqualTo(Json.parse("{\"region\":\"서울특별시\"}"));
    assertThat(r.payload().has("given_name")).isFalse();
  }

  @Test
  void theIssuedPayloadHasThePlaintextClaimsAndDecoys() throws Exception {
    SoftwareKey issuer = SoftwareKey.generate(SignatureAlgorithm.EDDSA);
    SoftwareKey holder = SoftwareKey.generate(SignatureAlgorithm.ES256);
    SdJwt issued = new SdJwtVcIssuer().issue(request(issuer, holder, false));
    ObjectNode payload = issued.issuerJwt().payloadJson();

    assertThat(issued.issuerJwt().typ()).isEqualTo("dc+sd-jwt");
    assertThat(issued.issuerJwt().kid()).isEqualTo(KID);
    assertThat(issued.issuerJwt().header().get("alg").textValue()).isEqualTo("EdDSA");
    assertThat(payload.get("iat").longValue()).isEqualTo(IAT.getEpochSecond());
    assertThat(payload.get("exp").longValue()).isEqualTo(EXP.getEpochSecond());
    assertThat(payload.get("cnf").get("jwk").has("d")).isFalse();
    assertThat(payload.get("status")).isEqualTo(STATUS);
    assertThat(payload.get("_sd")).hasSize(DISCLOSABLE.size() + 3);
    assertThat(payload.get("_sd_alg").textValue()).isEqualTo("sha-256");
    for (String name :
        List.of("given_name", "family_name", "birthdate", "address", "nationalities")) {
      assertThat(payload.has(name)).isFalse();
    }
  }

  @Test
  void aCredentialWithoutDisclosableClaimsHasNoSd() throws Exception {
    SoftwareKey issuer = SoftwareKey.generate(SignatureAlgorithm.ES256);
    SdJwt issued =
        new SdJwtVcIssuer()
            .issue(
                new Request(issuer, null, ISS, VCT, null, PLAIN, null, null, null, null, null, 5));

    assertThat(issued.serialize()).endsWith("~").doesNotContain("~~");
    assertThat(issued.disclosures()).isEmpty();
    assertThat(issued.issuerJwt().payloadJson())
        .isEqualTo(
            Json.parse("{\"iss\":\"" + ISS + "\",\"vct\":\"" + VCT + "\",\"sub\":\"pairwise-1\"}"));
    assertThat(issued.issuerJwt().kid()).isNull();
    SdJwtVcVerifier v = new SdJwtVcVerifier((iss, kid) -> issuer.publicKey());
    assertThat(v.verify(issued.serialize(), Options.withoutKeyBinding(NOW, SKEW)).ok()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "aka_vcts", "status"})
  void theIssuerRefusesToMakeProtectedClaimsDisclosable(String name) {
    ObjectNode disclosable = DISCLOSABLE.deepCopy();
    disclosable.put(name, "x");
    SoftwareKey k = SoftwareKey.generate(SignatureAlgorithm.ES256);

    assertThatThrownBy(
            () -> new Request(k, KID, ISS, VCT, disclosable, null, null, null, IAT, null, EXP, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name);
  }

  @Test
  void theIssuerRefusesInconsistentRequests() {
    SoftwareKey k = SoftwareKey.generate(SignatureAlgorithm.ES256);
    ObjectNode plainExp = Json.object().put("exp", 1);
    ObjectNode overlap = Json.object().put("given_name", "x");
    ObjectNode akaWithVct = Json.object();
    akaWithVct.putArray("aka_vcts").add(VCT);

    assertThatThrownBy(
            () -> new Request(k, KID, ISS, VCT, null, plainExp, null, null, IAT, null, EXP, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new Request(k, KID, ISS, VCT, DISCLOSABLE, overlap, null, null, IAT, null, EXP, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Request(k, KID, ISS, VCT, null, akaWithVct, null, null, IAT, null, EXP, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new Request(
                    k, KID, ISS, VCT, null, null, k.toPrivateJwk(), null, IAT, null, EXP, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Request(k, KID, ISS, VCT, null, null, null, null, EXP, null, IAT, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Request(k, KID, ISS, VCT, null, null, null, null, IAT, null, EXP, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Request(k, KID, ISS, "", null, null, null, null, IAT, null, EXP, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ------------------------------------------------------- protected claims from Disclosures

  /**
   * A dc+sd-jwt credential whose claims at {@code sdPointers} are Disclosures, bypassing the VC
   * issuer's guard.
   */
  static String crafted(SoftwareKey issuer, SoftwareKey holder, List<String> sdPointers) {
    ObjectNode claims = fixedClaims(holder);
    claims.put("given_name", "길동");
    SdJwt issued =
        SdJwtIssuer.forClaims(claims)
            .selectivelyDisclosable(sdPointers)
            .issue(issuer, Json.object().put("typ", "dc+sd-jwt").put("kid", KID));
    return present(issued, holder, d -> true);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/exp",
        "/cnf",
        "/status",
        "/cnf/jwk",
        "/status/status_list",
        "/status/status_list/idx",
        "/nbf",
        "/vct"
      })
  void aProtectedClaimFromADisclosureIsRejected(String pointer) {
    SoftwareKey issuer = SoftwareKey.generate(SignatureAlgorithm.ES256);
    SoftwareKey holder = SoftwareKey.generate(SignatureAlgorithm.ES256);

    Result r =
        verifierFor(issuer.publicKey())
            .verify(
                crafted(issuer, holder, List.of("/given_name", pointer)),
                Options.withKeyBinding(AUD, NONCE, NOW, AGE, SKEW));

    assertThat(r.ok()).isFalse();
    assertThat(r.check("protected_claims").orElseThrow().reason())
        .isEqualTo(Reason.PROTECTED_CLAIM_DISCLOSED);
    assertThat(r.payload()).isNull();
    // The same credential with only given_name selectively disclosable is fine.
    assertThat(
            verifierFor(issuer.publicKey())
                .verify(
                    crafted(issuer, holder, List.of("/given_name")),
                    Options.withKeyBinding(AUD, NONCE, NOW, AGE, SKEW))
                .ok())
        .isTrue();
  }

  @Test
  void aDisclosedIssIsNotUsedToFindTheKey() {
    SoftwareKey issuer = SoftwareKey.generate(SignatureAlgorithm.ES256);
    SoftwareKey holder = SoftwareKey.generate(SignatureAlgorithm.ES256);

    Result r =
        verifierFor(issuer.publicKey())
            .verify(
                crafted(issuer, holder, List.of("/iss")),
                Options.withKeyBinding(AUD, NONCE, NOW, AGE, SKEW));

    assertThat(r.check("issuer_key").orElseThrow().reason())
        .isEqualTo(Reason.ISSUER_KEY_UNRESOLVED);
  }

  @Test
  void theResolverDecidesWhichKeysAreTrusted() throws SdJwtException {
    SoftwareKey issuer = SoftwareKey.generate(SignatureAlgorithm.ES256);
    SoftwareKey holder = SoftwareKey.generate(SignatureAlgorithm.ES256);
    String wire =
        present(new SdJwtVcIssuer().issue(request(issuer, holder, false)), holder, d -> false);
    Options o = Options.withKeyBinding(AUD, NONCE, NOW, AGE, SKEW);

    Result unknown = new SdJwtVcVerifier((iss, kid) -> null).verify(wire, o);
    Result refused =
        new SdJwtVcVerifier(
                (iss, kid) -> {
                  throw new SdJwtException(Reason.ISSUER_KEY_UNRESOLVED, "issuer suspended");
                })
            .verify(wire, o);
    Result otherKey =
        verifierFor(SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey()).verify(wire, o);

    assertThat(unknown.check("issuer_key").orElseThrow().reason())
        .isEqualTo(Reason.ISSUER_KEY_UNRESOLVED);
    assertThat(unknown.check("issuer_signature").orElseThrow().status())
        .isEqualTo(SdJwtVcVerifier.Status.SKIPPED);
    assertThat(refused.check("issuer_key").orElseThrow().detail()).isEqualTo("issuer suspended");
    assertThat(otherKey.check("issuer_signature").orElseThrow().reason())
        .isEqualTo(Reason.ISSUER_SIGNATURE);
    assertThat(verifierFor(issuer.publicKey()).verify(wire, o).ok()).isTrue();
    // Signed claims only where the issuer's signature verified.
    assertThat(unknown.signedClaims()).isNull();
    assertThat(refused.signedClaims()).isNull();
    assertThat(otherKey.signedClaims()).isNull();
    // A presentation whose signature verifies but whose KB-JWT is for another nonce: not ok, and
    // the signed claims are still given (a verifier reports the credential's type and status).
    Result wrongNonce =
        verifierFor(issuer.publicKey())
            .verify(wire, Options.withKeyBinding(AUD, "another-nonce", NOW, AGE, SKEW));
    assertThat(wrongNonce.ok()).isFalse();
    assertThat(wrongNonce.payload()).isNull();
    assertThat(wrongNonce.signedClaims().get("iss").textValue()).isNotEmpty();
  }

  @Test
  void notBeforeIsChecked() {
    SoftwareKey issuer = SoftwareKey.generate(SignatureAlgorithm.ES256);
    SoftwareKey holder = SoftwareKey.generate(SignatureAlgorithm.ES256);
    Instant nbf = NOW.plus(Duration.ofHours(1));
    SdJwt issued =
        new SdJwtVcIssuer()
            .issue(
                new Request(
                    issuer,
                    KID,
                    ISS,
                    VCT,
                    DISCLOSABLE,
                    null,
                    holder.publicKey().toJwk(),
                    null,
                    IAT,
                    nbf,
                    EXP,
                    0));

    Result early =
        verifierFor(issuer.publicKey())
            .verify(issued.serialize(), Options.withoutKeyBinding(NOW, SKEW));
    Result inSkew =
        verifierFor(issuer.publicKey())
            .verify(issued.serialize(), Options.withoutKeyBinding(nbf.minus(SKEW), SKEW));

    assertThat(early.check("nbf").orElseThrow().reason()).isEqualTo(Reason.NOT_YET_VALID);
    assertThat(inSkew.ok()).isTrue();
  }

  @Test
  void anInvalidHolderKeyIsReported() throws Exception {
    SoftwareKey issuer = SoftwareKey.generate(SignatureAlgorithm.ES256);
    ObjectNode claims = Json.object().put("iss", ISS).put("vct", VCT);
    claims.putObject("cnf").putObject("jwk").put("kty", "RSA").put("n", "x").put("e", "AQAB");
    SdJwt issued =
        SdJwtIssuer.forClaims(claims)
            .issue(issuer, Json.object().put("typ", "dc+sd-jwt").put("kid", KID));

    Result r =
        verifierFor(issuer.publicKey())
            .verify(issued.serialize(), Options.withKeyBinding(AUD, NONCE, NOW, AGE, SKEW));

    assertThat(r.check("holder_key").orElseThrow().reason()).isEqualTo(Reason.HOLDER_KEY_INVALID);
    JsonNode unused = r.payload();
    assertThat(unused).isNull();
  }
}
