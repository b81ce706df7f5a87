package kr.kdid.credentials.sdjwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.sdjwt.SdJwtException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyBindingTest {
  private static final SoftwareKey ISSUER = SoftwareKey.generate(SignatureAlgorithm.ES256);
  private static final Instant T = Instant.parse("2026-11-28T09:00:00Z");
  private static final Duration AGE = Duration.ofMinutes(2);
  private static final Duration SKEW = Duration.ofSeconds(10);

  static SdJwt issued() {
    ObjectNode claims = Json.object().put("a", 1).put("b", 2);
    return SdJwtIssuer.forClaims(claims)
        .selectivelyDisclosable(List.of("/a", "/b"))
        .issue(ISSUER, Json.object().put("typ", "example+sd-jwt"));
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void createdKbJwtsVerify(SignatureAlgorithm alg) throws Exception {
    SoftwareKey holder = SoftwareKey.generate(alg);
    SdJwt presented = issued().select(d -> "a".equals(d.name()));

    Jws kb = KeyBinding.create(presented, holder, "https://rp.example", "n-1", T);
    SdJwt withKb = SdJwt.parse(presented.withKeyBinding(kb).serialize());

    KeyBinding.verify(withKb, holder.publicKey(), "https://rp.example", "n-1", T, AGE, SKEW);
    assertThat(kb.typ()).isEqualTo("kb+jwt");
    assertThat(kb.header().get("alg").textValue()).isEqualTo(alg.jwsName());
    assertThat(kb.payloadJson())
        .isEqualTo(
            Json.parse(
                "{\"nonce\":\"n-1\",\"aud\":\"https://rp.example\",\"iat\":"
                    + T.getEpochSecond()
                    + ",\"sd_hash\":\""
                    + Digests.of(presented.serialize())
                    + "\"}"));
  }

  @Test
  void everyFailedClaimIsReported() throws Exception {
    SoftwareKey holder = SoftwareKey.generate(SignatureAlgorithm.EDDSA);
    SdJwt presented = issued().select(d -> true);
    SdJwt withKb =
        presented.withKeyBinding(KeyBinding.create(presented, holder, "aud", "nonce", T));
    SdJwt otherSelection =
        SdJwt.parse(presented.select(d -> false).serialize() + withKb.keyBinding().encoded());

    List<KeyBinding.Outcome> outcomes =
        KeyBinding.evaluate(
            otherSelection, holder.publicKey(), "x", "y", T.plus(AGE).plusSeconds(1), AGE, SKEW);

    assertThat(outcomes)
        .extracting(o -> o.name() + ":" + (o.failure() == null ? "ok" : o.failure().reason()))
        .containsExactly(
            "kb_jwt:ok",
            "kb_jwt.signature:ok",
            "kb_jwt.typ:ok",
            "kb_jwt.iat:KEY_BINDING_TIME",
            "kb_jwt.aud:KEY_BINDING_AUDIENCE",
            "kb_jwt.nonce:KEY_BINDING_NONCE",
            "kb_jwt.sd_hash:KEY_BINDING_SD_HASH");
    // The issuer's payload parsed by the caller changes nothing.
    assertThat(
            KeyBinding.evaluate(
                otherSelection,
                otherSelection.issuerJwt().payloadJson(),
                holder.publicKey(),
                "x",
                "y",
                T.plus(AGE).plusSeconds(1),
                AGE,
                SKEW))
        .extracting(o -> o.name() + ":" + (o.failure() == null ? "ok" : o.failure().reason()))
        .containsExactlyElementsOf(
            outcomes.stream()
                .map(o -> o.name() + ":" + (o.failure() == null ? "ok" : o.failure().reason()))
                .toList());
  }

  @Test
  void checksAfterABadSignatureAreSkipped() throws SdJwtException {
    SoftwareKey holder = SoftwareKey.generate(SignatureAlgorithm.ES256);
    SdJwt presented = issued().select(d -> true);
    SdJwt withKb = presented.withKeyBinding(KeyBinding.create(presented, holder, "aud", "n", T));

    List<KeyBinding.Outcome> outcomes =
        KeyBinding.evaluate(
            withKb,
            SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey(),
            "aud",
            "n",
            T,
            AGE,
            SKEW);

    assertThat(outcomes.get(1).failure().reason()).isEqualTo(Reason.KEY_BINDING_SIGNATURE);
    assertThat(outcomes.subList(2, 7)).allMatch(KeyBinding.Outcome::skipped);
    assertThat(KeyBinding.evaluate(presented, holder.publicKey(), "aud", "n", T, AGE, SKEW))
        .extracting(KeyBinding.Outcome::skipped)
        .containsExactly(false, true, true, true, true, true, true);
  }

  @Test
  void aKeyOfAnotherAlgorithmDoesNotVerify() {
    SoftwareKey holder = SoftwareKey.generate(SignatureAlgorithm.ES256);
    SdJwt presented = issued().select(d -> true);
    SdJwt withKb = presented.withKeyBinding(KeyBinding.create(presented, holder, "aud", "n", T));

    assertThatThrownBy(
            () ->
                KeyBinding.verify(
                    withKb,
                    SoftwareKey.generate(SignatureAlgorithm.EDDSA).publicKey(),
                    "aud",
                    "n",
                    T,
                    AGE,
                    SKEW))
        .isInstanceOfSatisfying(
            SdJwtException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.KEY_BINDING_SIGNATURE));
  }

  @Test
  void createRefusesWhatCannotBeBound() {
    SoftwareKey holder = SoftwareKey.generate(SignatureAlgorithm.ES256);
    SdJwt presented = issued();
    SdJwt withKb = presented.withKeyBinding(KeyBinding.create(presented, holder, "a", "n", T));
    Jws sha512 = Jws.sign(Json.object(), Json.object().put("_sd_alg", "sha-512"), ISSUER);

    assertThatThrownBy(() -> KeyBinding.create(withKb, holder, "a", "n", T))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> KeyBinding.create(SdJwt.of(sha512, List.of(), null), holder, "a", "n", T))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anUnsupportedSdAlgFailsTheSdHashCheck() throws Exception {
    SoftwareKey holder = SoftwareKey.generate(SignatureAlgorithm.ES256);
    Jws sha512 = Jws.sign(Json.object(), Json.object().put("_sd_alg", "sha-512"), ISSUER);
    SdJwt s = SdJwt.of(sha512, List.of(Disclosure.ofClaim("s", "x", TextNode.valueOf("1"))), null);
    ObjectNode claims =
        Json.object()
            .put("nonce", "n")
            .put("aud", "a")
            .put("iat", T.getEpochSecond())
            .put("sd_hash", Digests.of(s.serialize()));
    SdJwt withKb = s.withKeyBinding(Jws.sign(Json.object().put("typ", "kb+jwt"), claims, holder));

    assertThat(
            KeyBinding.evaluate(withKb, holder.publicKey(), "a", "n", T, AGE, SKEW)
                .get(6)
                .failure()
                .reason())
        .isEqualTo(Reason.UNSUPPORTED_HASH_ALGORITHM);
    // The same with the issuer's payload parsed by the caller.
    assertThat(
            KeyBinding.evaluate(
                    withKb, sha512.payloadJson(), holder.publicKey(), "a", "n", T, AGE, SKEW)
                .get(6)
                .failure()
                .reason())
        .isEqualTo(Reason.UNSUPPORTED_HASH_ALGORITHM);
  }

  @Test
  void fractionalIatIsANumericDate() {
    assertThat(JwtClaims.numericDate(Json.parse("1748537243.9")))
        .isEqualTo(Instant.ofEpochSecond(1748537243));
    assertThat(JwtClaims.numericDate(Json.parse("\"1748537243\""))).isNull();
    assertThat(JwtClaims.numericDate(Json.parse("1e300"))).isNull();
    assertThat(JwtClaims.numericDate(null)).isNull();
  }

  @Test
  void typeMatchingFollowsRfc7515() {
    assertThat(JwtClaims.typeMatches("kb+jwt", "kb+jwt")).isTrue();
    assertThat(JwtClaims.typeMatches("KB+JWT", "kb+jwt")).isTrue();
    assertThat(JwtClaims.typeMatches("application/kb+jwt", "kb+jwt")).isTrue();
    assertThat(JwtClaims.typeMatches("text/kb+jwt", "kb+jwt")).isFalse();
    assertThat(JwtClaims.typeMatches("jwt", "kb+jwt")).isFalse();
    assertThat(JwtClaims.typeMatches(null, "kb+jwt")).isFalse();
  }
}
