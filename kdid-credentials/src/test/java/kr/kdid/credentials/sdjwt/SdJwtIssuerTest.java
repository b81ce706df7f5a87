package kr.kdid.credentials.sdjwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SdJwtIssuerTest {
  private static final ObjectNode CLAIMS =
      (ObjectNode)
          Json.parse(
              """
              {"iss": "did:kdid:issuer", "sub": "user_42",
               "name": "홍길동",
               "address": {"street": "세종대로 209", "city": "Seoul", "zip": "03154"},
               "nationalities": ["KR", "US", "FR"],
               "degrees": [{"type": "BSc", "year": 2001}, {"type": "MSc", "year": 2003}]}
              """);

  private static final ObjectNode HEADER = Json.object().put("typ", "example+sd-jwt");

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void recursiveDisclosuresRoundTrip(SignatureAlgorithm alg) throws Exception {
    SoftwareKey issuer = SoftwareKey.generate(alg);
    SdJwt issued =
        SdJwtIssuer.forClaims(CLAIMS)
            .selectivelyDisclosable(
                List.of(
                    "/name",
                    "/address",
                    "/address/street",
                    "/address/zip",
                    "/nationalities/0",
                    "/nationalities/2",
                    "/degrees",
                    "/degrees/1",
                    "/degrees/1/year"))
            .issue(issuer, HEADER);

    SdJwt parsed = SdJwt.parseIssued(issued.serialize());

    assertThat(parsed.issuerJwt().verify(issuer.publicKey())).isTrue();
    assertThat(parsed.issuerJwt().header().get("alg").textValue()).isEqualTo(alg.jwsName());
    assertThat(parsed.issuerJwt().typ()).isEqualTo("example+sd-jwt");
    assertThat(parsed.disclosures()).hasSize(9);
    assertThat(SdJwtProcessor.process(parsed).payload()).isEqualTo(CLAIMS);
    // Only the zip and the second degree's year: parents come along, siblings do not.
    SdJwt some =
        parsed.select(
            d -> "zip".equals(d.name()) || "year".equals(d.name()) && d.value().intValue() == 2003);
    assertThat(some.disclosures())
        .extracting(Disclosure::name)
        .containsOnly("zip", "address", "year", null, "degrees");
    assertThat(SdJwtProcessor.process(some).payload())
        .isEqualTo(
            Json.parse(
                """
                {"iss": "did:kdid:issuer", "sub": "user_42",
                 "address": {"city": "Seoul", "zip": "03154"},
                 "nationalities": ["US"],
                 "degrees": [{"type": "BSc", "year": 2001}, {"type": "MSc", "year": 2003}]}
                """));
  }

  @Test
  void thePayloadHidesWhatIsSelectivelyDisclosable() throws Exception {
    SdJwt issued =
        SdJwtIssuer.forClaims(CLAIMS)
            .selectivelyDisclosable(List.of("/name", "/address/city", "/nationalities/1"))
            .issue(SoftwareKey.generate(SignatureAlgorithm.ES256), HEADER);
    ObjectNode payload = issued.issuerJwt().payloadJson();

    assertThat(payload.get("_sd_alg").textValue()).isEqualTo("sha-256");
    assertThat(payload.has("name")).isFalse();
    assertThat(payload.get("_sd")).hasSize(1);
    assertThat(payload.get("address").has("city")).isFalse();
    assertThat(payload.get("address").get("_sd")).hasSize(1);
    assertThat(payload.get("nationalities").get(1).get("...").textValue())
        .isEqualTo(
            issued.disclosures().stream()
                .filter(Disclosure::isArrayElement)
                .findFirst()
                .orElseThrow()
                .digest());
    assertThat(payload.get("nationalities").get(0).textValue()).isEqualTo("KR");
    assertThat(Json.string(payload)).doesNotContain("홍길동", "Seoul");
  }

  @Test
  void decoysAreAddedToEverySdArrayAndSorted() throws Exception {
    SdJwt issued =
        SdJwtIssuer.forClaims(CLAIMS)
            .selectivelyDisclosable(List.of("/name", "/sub", "/address/city"))
            .decoys(5)
            .issue(SoftwareKey.generate(SignatureAlgorithm.ES256), HEADER);
    ObjectNode payload = issued.issuerJwt().payloadJson();
    List<String> top = texts(payload.get("_sd"));
    List<String> nested = texts(payload.get("address").get("_sd"));

    assertThat(top).hasSize(7).isSorted().doesNotHaveDuplicates();
    assertThat(nested).hasSize(6).isSorted().doesNotHaveDuplicates();
    assertThat(top).allMatch(d -> d.length() == 43);
    // Decoys have no Disclosure and are ignored by processing.
    assertThat(SdJwtProcessor.process(issued).payload()).isEqualTo(CLAIMS);
  }

  @Test
  void withNothingDisclosableThereIsNoSdAndNoSdAlg() throws Exception {
    SdJwt issued =
        SdJwtIssuer.forClaims(CLAIMS)
            .decoys(3)
            .issue(SoftwareKey.generate(SignatureAlgorithm.EDDSA), HEADER);

    assertThat(issued.issuerJwt().payloadJson()).isEqualTo(CLAIMS);
    assertThat(issued.serialize()).isEqualTo(issued.issuerJwt().encoded() + "~");
  }

  @Test
  void saltsAre128BitsAndFreshEveryTime() throws Exception {
    SdJwtIssuer builder =
        SdJwtIssuer.forClaims(CLAIMS)
            .random(new SecureRandom())
            .selectivelyDisclosable(List.of("/name", "/sub", "/address", "/address/city"));
    SoftwareKey key = SoftwareKey.generate(SignatureAlgorithm.ES256);
    Set<String> salts = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      for (Disclosure d : builder.issue(key, HEADER).disclosures()) {
        assertThat(d.salt()).hasSize(22);
        assertThat(salts.add(d.salt())).isTrue();
      }
    }
  }

  @Test
  void theHeaderIsSignedAsGiven() throws Exception {
    ObjectNode header = Json.object().put("typ", "dc+sd-jwt").put("kid", "did:kdid:x#key-1");
    Jws jws =
        SdJwtIssuer.forClaims(CLAIMS)
            .issue(SoftwareKey.generate(SignatureAlgorithm.ES256), header)
            .issuerJwt();

    assertThat(jws.kid()).isEqualTo("did:kdid:x#key-1");
    assertThat(jws.typ()).isEqualTo("dc+sd-jwt");
    assertThat(header.has("alg")).isFalse();
  }

  @Test
  void theBuilderCopiesTheClaims() throws Exception {
    ObjectNode claims = CLAIMS.deepCopy();
    SdJwtIssuer builder = SdJwtIssuer.forClaims(claims).selectivelyDisclosable("/name");
    claims.put("name", "changed");

    SdJwt issued = builder.issue(SoftwareKey.generate(SignatureAlgorithm.ES256), HEADER);

    assertThat(issued.disclosures().get(0).value().textValue()).isEqualTo("홍길동");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/",
        "name",
        "/nope",
        "/address/nope",
        "/nationalities/3",
        "/nationalities/01",
        "/nationalities/-1",
        "/name/x",
        "/a~2"
      })
  void rejectsPointersThatDoNotResolve(String pointer) {
    assertThatThrownBy(() -> SdJwtIssuer.forClaims(CLAIMS).selectivelyDisclosable(pointer))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pointersAreUnescaped() throws Exception {
    ObjectNode claims = Json.object().put("a/b", 1).put("c~d", 2);
    SdJwt issued =
        SdJwtIssuer.forClaims(claims)
            .selectivelyDisclosable(List.of("/a~1b", "/c~0d"))
            .issue(SoftwareKey.generate(SignatureAlgorithm.ES256), HEADER);

    assertThat(issued.disclosures()).extracting(Disclosure::name).containsExactly("a/b", "c~d");
    assertThat(SdJwtProcessor.process(issued).disclosedPaths())
        .containsExactlyInAnyOrder("/a~1b", "/c~0d");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"_sd\": []}", "{\"a\": {\"...\": 1}}", "{\"a\": [{\"_sd_alg\": 1}]}"})
  void rejectsReservedKeysInTheClaims(String claims) {
    assertThatThrownBy(() -> SdJwtIssuer.forClaims((ObjectNode) Json.parse(claims)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsNegativeDecoys() {
    assertThatThrownBy(() -> SdJwtIssuer.forClaims(CLAIMS).decoys(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void endToEndWithKeyBinding() throws Exception {
    SoftwareKey issuer = SoftwareKey.generate(SignatureAlgorithm.EDDSA);
    SoftwareKey holder = SoftwareKey.generate(SignatureAlgorithm.ES256);
    ObjectNode claims = CLAIMS.deepCopy();
    claims.putObject("cnf").set("jwk", holder.publicKey().toJwk().toJson());
    SdJwt issued =
        SdJwtIssuer.forClaims(claims)
            .selectivelyDisclosable(List.of("/name", "/address", "/nationalities/1"))
            .decoys(2)
            .issue(issuer, HEADER);
    Instant t = Instant.parse("2026-11-28T10:00:00Z");

    SdJwt presented = SdJwt.parseIssued(issued.serialize()).select(d -> d.name() == null);
    String wire =
        presented.withKeyBinding(KeyBinding.create(presented, holder, "rp", "n", t)).serialize();

    JsonNode payload = StrictVerification.verify(wire, issuer.publicKey(), "rp", "n", t).payload();
    ObjectNode expected = claims.deepCopy();
    expected.remove("name");
    expected.remove("address");
    assertThat(payload).isEqualTo(expected);
    assertThat(payload.get("nationalities")).hasSize(3);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.textValue()));
    return out;
  }
}
