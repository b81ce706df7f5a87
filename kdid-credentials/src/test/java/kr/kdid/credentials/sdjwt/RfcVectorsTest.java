package kr.kdid.credentials.sdjwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.Vectors;
import kr.kdid.credentials.sdjwt.SdJwtException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every SD-JWT vector: RFC 9901 §5.1, §5.2, A.1 to A.4, the SD-JWT VC editor's copy §2.3.1, §2.3.2
 * and A.1, and OpenID4VP's sd_jwt_vcld. Signatures are verified, not compared: the RFC may carry
 * other (valid) ECDSA bytes than the -22 text.
 */
class RfcVectorsTest {
  static final String RFC_AUD = "https://verifier.example.org";
  static final String VC_AUD = "https://example.com/verifier";
  static final String NONCE = "1234567890";
  static final long RFC_KB_IAT = 1748537243L;
  static final long VC_KB_IAT = 1787325881L;
  static final long VCLD_KB_IAT = 1744743394L;

  /**
   * @param file the vector
   * @param expected the Processed SD-JWT Payload the specification states
   * @param audience the KB-JWT audience, or null for an SD-JWT without KB-JWT
   * @param kbIat the KB-JWT's iat (the verification time is set just after it)
   */
  record Case(String file, String expected, String audience, long kbIat) {
    String compact() {
      return Vectors.compact(file);
    }

    @Override
    public String toString() {
      return file;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("sd-jwt-rfc9901/rfc9901_sec5.1_sd-jwt.txt", Expected.RFC_5_1_FULL, null, 0),
        new Case(
            "sd-jwt-rfc9901/rfc9901_sec5.2_sd-jwt-kb.txt", Expected.RFC_5_2, RFC_AUD, RFC_KB_IAT),
        new Case("sd-jwt-rfc9901/rfc9901_secA.1_sd-jwt.txt", Expected.RFC_A_1, null, 0),
        new Case("sd-jwt-rfc9901/rfc9901_secA.2_sd-jwt.txt", Expected.RFC_A_2, null, 0),
        new Case("sd-jwt-rfc9901/rfc9901_secA.3_sd-jwt.txt", Expected.RFC_A_3_FULL, null, 0),
        new Case(
            "sd-jwt-rfc9901/rfc9901_secA.3_sd-jwt-kb.txt",
            Expected.RFC_A_3_KB,
            RFC_AUD,
            RFC_KB_IAT),
        new Case("sd-jwt-rfc9901/rfc9901_secA.4_sd-jwt.txt", Expected.RFC_A_4_FULL, null, 0),
        new Case(
            "sd-jwt-rfc9901/rfc9901_secA.4_sd-jwt-kb.txt",
            Expected.RFC_A_4_KB,
            RFC_AUD,
            RFC_KB_IAT),
        new Case(
            "sd-jwt-vc/sdjwtvc-editors-copy_sec2.3.1_sd-jwt.txt", Expected.VC_2_3_1_FULL, null, 0),
        new Case("sd-jwt-vc/sdjwtvc-editors-copy_sec2.3.2_sd-jwt.txt", Expected.VC_2_3_2, null, 0),
        new Case(
            "sd-jwt-vc/sdjwtvc-editors-copy_sec2.3.2_sd-jwt-kb.txt",
            Expected.VC_2_3_2_KB,
            VC_AUD,
            VC_KB_IAT),
        new Case("sd-jwt-vc/sdjwtvc-editors-copy_secA.1_sd-jwt.txt", Expected.VC_A_1_FULL, null, 0),
        new Case(
            "sd-jwt-vc/sdjwtvc-editors-copy_secA.1_sd-jwt-kb.txt",
            Expected.VC_A_1_KB,
            VC_AUD,
            VC_KB_IAT),
        new Case("oid4vp-1.0/sd_jwt_vcld/01/sd_jwt_issuance.txt", vcldIssued(), null, 0),
        new Case(
            "oid4vp-1.0/sd_jwt_vcld/01/sd_jwt_presentation.txt",
            Vectors.text("oid4vp-1.0/sd_jwt_vcld/01/verified_contents.json"),
            RFC_AUD,
            VCLD_KB_IAT));
  }

  /** sd_jwt_vcld issued: its user_claims.json plus the plaintext claims of sd_jwt_payload.json. */
  static String vcldIssued() {
    ObjectNode payload =
        (ObjectNode) Json.parse(Vectors.text("oid4vp-1.0/sd_jwt_vcld/01/sd_jwt_payload.json"));
    payload.remove("_sd_alg");
    payload.setAll(
        (ObjectNode) Json.parse(Vectors.text("oid4vp-1.0/sd_jwt_vcld/01/user_claims.json")));
    return Json.string(payload);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void issuerSignatureVerifiesWithTheA5Key(Case c) throws SdJwtException {
    SdJwt sdJwt = SdJwt.parse(c.compact());

    assertThat(sdJwt.issuerJwt().verify(TestKeys.ISSUER)).isTrue();
    assertThat(sdJwt.serialize()).isEqualTo(c.compact());
    assertThat(sdJwt.keyBinding() != null).isEqualTo(c.audience() != null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyDisclosureDigestIsEmbedded(Case c) throws Exception {
    SdJwt sdJwt = SdJwt.parse(c.compact());
    Set<String> embedded = new HashSet<>(SdJwt.referencedDigests(sdJwt.issuerJwt().payloadJson()));
    for (Disclosure d : sdJwt.disclosures()) {
      embedded.addAll(SdJwt.referencedDigests(d.value()));
    }

    assertThat(sdJwt.disclosures()).isNotEmpty();
    for (Disclosure d : sdJwt.disclosures()) {
      assertThat(embedded).as(d.toString()).contains(d.digest());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void processedPayloadIsTheOneTheSpecificationStates(Case c) throws SdJwtException {
    SdJwtProcessor.Processed p =
        c.audience() == null
            ? StrictVerification.verify(c.compact(), TestKeys.ISSUER)
            : StrictVerification.verify(
                c.compact(),
                TestKeys.ISSUER,
                c.audience(),
                NONCE,
                Instant.ofEpochSecond(c.kbIat() + 60));

    assertThat(p.payload()).isEqualTo(Json.parse(c.expected()));
    assertThat(p.payload().has("_sd")).isFalse();
    assertThat(p.payload().has("_sd_alg")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void keyBindingChecksPass(Case c) throws Exception {
    if (c.audience() == null) {
      return;
    }
    SdJwt sdJwt = SdJwt.parse(c.compact());
    JsonNode kbClaims = sdJwt.keyBinding().payloadJson();

    assertThat(sdJwt.keyBinding().typ()).isEqualTo("kb+jwt");
    assertThat(kbClaims.get("aud").textValue()).isEqualTo(c.audience());
    assertThat(kbClaims.get("nonce").textValue()).isEqualTo(NONCE);
    assertThat(kbClaims.get("sd_hash").textValue())
        .isEqualTo(Digests.of(sdJwt.withoutKeyBinding()));
    assertThat(
            KeyBinding.evaluate(
                sdJwt,
                TestKeys.HOLDER.publicKey(),
                c.audience(),
                NONCE,
                Instant.ofEpochSecond(c.kbIat()),
                StrictVerification.MAX_AGE,
                StrictVerification.SKEW))
        .allMatch(KeyBinding.Outcome::passed)
        .hasSize(7);
  }

  @Test
  void sdHashOfSection52IsTheStatedValue() throws SdJwtException {
    SdJwt sdJwt = SdJwt.parse(Vectors.compact("sd-jwt-rfc9901/rfc9901_sec5.2_sd-jwt-kb.txt"));

    assertThat(Digests.of(sdJwt.withoutKeyBinding()))
        .isEqualTo("G3I8z-cFMATAK2ep8MXWk-vnjI3X6-aahYeU9Tvzz3E");
  }

  @Test
  void disclosedPathsOfSection52() throws SdJwtException {
    SdJwtProcessor.Processed p =
        SdJwtProcessor.process(
            SdJwt.parse(Vectors.compact("sd-jwt-rfc9901/rfc9901_sec5.2_sd-jwt-kb.txt")));

    assertThat(p.disclosedPaths())
        .containsExactlyInAnyOrder("/family_name", "/address", "/given_name", "/nationalities/0");
    assertThat(p.isDisclosedAtOrBelow("/address")).isTrue();
    assertThat(p.isDisclosedAtOrBelow("/cnf")).isFalse();
  }

  @Test
  void disclosedPathsOfRecursiveVectors() throws SdJwtException {
    SdJwtProcessor.Processed a3 =
        SdJwtProcessor.process(
            SdJwt.parse(Vectors.compact("sd-jwt-rfc9901/rfc9901_secA.3_sd-jwt-kb.txt")));
    SdJwtProcessor.Processed a2 =
        SdJwtProcessor.process(
            SdJwt.parse(Vectors.compact("sd-jwt-rfc9901/rfc9901_secA.2_sd-jwt.txt")));

    assertThat(a3.disclosedPaths())
        .containsExactlyInAnyOrder("/age_equal_or_over", "/age_equal_or_over/18", "/nationalities");
    assertThat(a2.disclosedPaths())
        .containsExactlyInAnyOrder(
            "/verified_claims/verification/time",
            "/verified_claims/verification/evidence/0",
            "/verified_claims/verification/evidence/0/method",
            "/verified_claims/claims/given_name",
            "/verified_claims/claims/family_name",
            "/verified_claims/claims/address");
  }

  @Test
  void section51NationalitiesKeepTheirOrderAndUndisclosedOnesVanish() throws SdJwtException {
    SdJwt issued = SdJwt.parse(Vectors.compact("sd-jwt-rfc9901/rfc9901_sec5.1_sd-jwt.txt"));
    SdJwt onlyDe = issued.select(d -> d.isArrayElement() && d.value().asText().equals("DE"));

    JsonNode nationalities = SdJwtProcessor.process(onlyDe).payload().get("nationalities");

    assertThat(nationalities).isEqualTo(Json.parse("[\"DE\"]"));
    assertThat(SdJwtProcessor.process(onlyDe).disclosedPaths()).containsExactly("/nationalities/0");
  }

  @Test
  void theIssuerSignedJwtAloneIsNotAnSdJwt() throws Exception {
    String jwt = Vectors.compact("sd-jwt-rfc9901/rfc9901_sec5.1_jwt.txt");

    assertThat(Jws.parse(jwt).verify(TestKeys.ISSUER)).isTrue();
    assertThatThrownBy(() -> SdJwt.parse(jwt))
        .isInstanceOfSatisfying(
            SdJwtException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    assertThat(SdJwt.parse(jwt + "~").disclosures()).isEmpty();
  }

  @Test
  void specExampleDigests() throws SdJwtException {
    // RFC 9901 §4.2.1, §4.2.2 and §5.1.
    assertThat(
            Disclosure.parse(
                "WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0"))
        .satisfies(
            d -> {
              assertThat(d.digest()).isEqualTo("X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0");
              assertThat(d.salt()).isEqualTo("_26bc4LT-ac6q2KI6cBW5es");
              assertThat(d.name()).isEqualTo("family_name");
              assertThat(d.value().textValue()).isEqualTo("Möbius");
            });
    assertThat(Disclosure.parse("WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0"))
        .satisfies(
            d -> {
              assertThat(d.digest()).isEqualTo("w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs");
              assertThat(d.isArrayElement()).isTrue();
              assertThat(d.value().textValue()).isEqualTo("FR");
            });
    assertThat(
            Disclosure.parse("WyIyR0xDNDJzS1F2ZUNmR2ZyeU5STjl3IiwgImdpdmVuX25hbWUiLCAiSm9obiJd")
                .digest())
        .isEqualTo("jsu9yVulwQQlhFlM_3JlzMaSFzglhQG0DpfayQwLUK4");
  }

  @Test
  void jsonSerializationVectorsAreNotCompactSdJwts() {
    // RFC 9901 §8 (optional) is not supported: such input is rejected, not misread.
    for (String f :
        List.of(
            "rfc9901_sec8_json_serialization_1.json",
            "rfc9901_sec8_json_serialization_2.json",
            "rfc9901_sec8_json_serialization_3.json")) {
      assertThatThrownBy(() -> SdJwt.parse(Vectors.compact("sd-jwt-rfc9901/" + f)))
          .isInstanceOfSatisfying(
              SdJwtException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED));
    }
  }
}
