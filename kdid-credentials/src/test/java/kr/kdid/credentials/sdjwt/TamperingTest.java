package kr.kdid.credentials.sdjwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.Vectors;
import kr.kdid.credentials.sdjwt.SdJwtException.Reason;
import org.junit.jupiter.api.Test;

/** Tampered variants of the RFC 9901 §5 vectors are rejected, each with its own reason. */
class TamperingTest {
  static final String ISSUED = Vectors.compact("sd-jwt-rfc9901/rfc9901_sec5.1_sd-jwt.txt");
  static final String PRESENTED = Vectors.compact("sd-jwt-rfc9901/rfc9901_sec5.2_sd-jwt-kb.txt");
  static final String AUD = RfcVectorsTest.RFC_AUD;
  static final String NONCE = RfcVectorsTest.NONCE;
  static final Instant NOW = Instant.ofEpochSecond(RfcVectorsTest.RFC_KB_IAT + 10);
  static final String FAMILY_NAME =
      "WyJlbHVWNU9nM2dTTklJOEVZbnN4QV9BIiwgImZhbWlseV9uYW1lIiwgIkRvZSJd";

  /** The §5.2 presentation split into its "~" parts; the last is the KB-JWT. */
  static List<String> parts(String compact) {
    return new ArrayList<>(Arrays.asList(compact.split("~", -1)));
  }

  static String join(List<String> parts) {
    return String.join("~", parts);
  }

  static Reason presentationReason(String compact, Instant now) {
    return reason(() -> StrictVerification.verify(compact, TestKeys.ISSUER, AUD, NONCE, now));
  }

  static Reason presentationReason(String compact) {
    return presentationReason(compact, NOW);
  }

  static Reason issuedReason(String compact) {
    return reason(() -> StrictVerification.verify(compact, TestKeys.ISSUER));
  }

  interface Action {
    void run() throws SdJwtException;
  }

  static Reason reason(Action action) {
    try {
      action.run();
    } catch (SdJwtException e) {
      return e.reason();
    }
    throw new AssertionError("accepted");
  }

  /** A KB-JWT over the §5.2 SD-JWT, with the given changes, signed by {@code key}. */
  static String kbJwt(String sdJwtPart, ObjectNode header, ObjectNode claims, Signer key) {
    ObjectNode c = Json.object();
    c.put("nonce", NONCE);
    c.put("aud", AUD);
    c.put("iat", RfcVectorsTest.RFC_KB_IAT);
    c.put("sd_hash", Digests.of(sdJwtPart));
    c.setAll(claims);
    ObjectNode h = Json.object().put("typ", "kb+jwt");
    h.setAll(header);
    return Jws.sign(h, c, key).encoded();
  }

  static String sdJwtPart() {
    return PRESENTED.substring(0, PRESENTED.lastIndexOf('~') + 1);
  }

  @Test
  void theUntamperedVectorsVerify() throws SdJwtException {
    assertThat(StrictVerification.verify(PRESENTED, TestKeys.ISSUER, AUD, NONCE, NOW).payload())
        .isEqualTo(Json.parse(Expected.RFC_5_2));
    assertThat(StrictVerification.verify(ISSUED, TestKeys.ISSUER).payload())
        .isEqualTo(Json.parse(Expected.RFC_5_1_FULL));
    // The holder key from the generator settings re-signs an equivalent KB-JWT that verifies.
    String resigned =
        sdJwtPart() + kbJwt(sdJwtPart(), Json.object(), Json.object(), TestKeys.HOLDER);
    assertThat(StrictVerification.verify(resigned, TestKeys.ISSUER, AUD, NONCE, NOW).payload())
        .isEqualTo(Json.parse(Expected.RFC_5_2));
  }

  // ------------------------------------------------------------------------------- Disclosures

  @Test
  void aModifiedDisclosureIsUnreferenced() {
    String forged =
        Disclosure.ofClaim("eluV5Og3gSNII8EYnsxA_A", "family_name", TextNode.valueOf("Smith"))
            .encoded();

    assertThat(issuedReason(ISSUED.replace(FAMILY_NAME, forged)))
        .isEqualTo(Reason.UNREFERENCED_DISCLOSURE);
    assertThat(presentationReason(PRESENTED.replace(FAMILY_NAME, forged)))
        .isEqualTo(Reason.UNREFERENCED_DISCLOSURE);
  }

  @Test
  void aDisclosureWithOneCharacterChangedIsRejected() {
    // "Doe" -> "Dof" in the base64url text: still valid base64url and JSON, but another digest.
    String changed = FAMILY_NAME.substring(0, FAMILY_NAME.length() - 4) + "ZiJd";

    assertThat(issuedReason(ISSUED.replace(FAMILY_NAME, changed)))
        .isEqualTo(Reason.UNREFERENCED_DISCLOSURE);
    assertThat(issuedReason(ISSUED.replace(FAMILY_NAME, "X" + FAMILY_NAME.substring(1))))
        .isEqualTo(Reason.INVALID_DISCLOSURE);
  }

  @Test
  void aDisclosureFromAnotherCredentialIsUnreferenced() {
    // A.1's "region" Disclosure, valid in its own credential.
    String foreign = parts(Vectors.compact("sd-jwt-rfc9901/rfc9901_secA.1_sd-jwt.txt")).get(1);

    assertThat(issuedReason(ISSUED + foreign + "~")).isEqualTo(Reason.UNREFERENCED_DISCLOSURE);
    List<String> p = parts(PRESENTED);
    p.set(1, foreign);
    assertThat(presentationReason(join(p))).isEqualTo(Reason.UNREFERENCED_DISCLOSURE);
  }

  @Test
  void aDuplicatedDisclosureIsRejected() {
    assertThat(issuedReason(ISSUED + FAMILY_NAME + "~")).isEqualTo(Reason.DUPLICATE_DISCLOSURE);
    List<String> p = parts(PRESENTED);
    p.add(2, FAMILY_NAME);
    assertThat(presentationReason(join(p))).isEqualTo(Reason.DUPLICATE_DISCLOSURE);
  }

  // ------------------------------------------------------------------------------- serialization

  @Test
  void aRemovedTildeIsRejected() {
    int firstTilde = ISSUED.indexOf('~');
    int secondTilde = ISSUED.indexOf('~', firstTilde + 1);

    // Trailing "~" removed: the last Disclosure is read as a KB-JWT, which it is not.
    assertThat(issuedReason(ISSUED.substring(0, ISSUED.length() - 1))).isEqualTo(Reason.MALFORMED);
    // Between two Disclosures: one Disclosure that is not base64url JSON.
    assertThat(issuedReason(ISSUED.substring(0, secondTilde) + ISSUED.substring(secondTilde + 1)))
        .isEqualTo(Reason.INVALID_DISCLOSURE);
    // After the JWT: the first Disclosure runs into the signature.
    assertThat(issuedReason(ISSUED.substring(0, firstTilde) + ISSUED.substring(firstTilde + 1)))
        .isEqualTo(Reason.ISSUER_SIGNATURE);
    // Before the KB-JWT: the last Disclosure runs into the KB-JWT header.
    int lastTilde = PRESENTED.lastIndexOf('~');
    assertThat(
            presentationReason(
                PRESENTED.substring(0, lastTilde) + PRESENTED.substring(lastTilde + 1)))
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void malformedSerializationsAreRejected() {
    assertThat(issuedReason(ISSUED.replace("~", "~~"))).isEqualTo(Reason.MALFORMED);
    assertThat(issuedReason(ISSUED.replace("~", "~ "))).isEqualTo(Reason.MALFORMED);
    assertThat(issuedReason(ISSUED.substring(0, ISSUED.indexOf('~')))).isEqualTo(Reason.MALFORMED);
    assertThat(issuedReason("~" + ISSUED)).isEqualTo(Reason.MALFORMED);
  }

  // --------------------------------------------------------------------------- issuer signature

  @Test
  void aFlippedSignatureByteIsRejected() {
    String jwt = ISSUED.substring(0, ISSUED.indexOf('~'));
    int dot = jwt.lastIndexOf('.');
    byte[] sig = Base64Url.decode(jwt.substring(dot + 1));
    sig[10] ^= 0x01;
    String tampered =
        jwt.substring(0, dot + 1) + Base64Url.encode(sig) + ISSUED.substring(jwt.length());

    assertThat(issuedReason(tampered)).isEqualTo(Reason.ISSUER_SIGNATURE);
  }

  @Test
  void aChangedPayloadIsRejected() {
    String jwt = ISSUED.substring(0, ISSUED.indexOf('~'));
    String[] jws = jwt.split("\\.");
    String payload = new String(Base64Url.decode(jws[1]), StandardCharsets.UTF_8);
    String changed = payload.replace("user_42", "user_43");
    String tampered =
        jws[0] + "." + Base64Url.encode(changed) + "." + jws[2] + ISSUED.substring(jwt.length());

    assertThat(issuedReason(tampered)).isEqualTo(Reason.ISSUER_SIGNATURE);
  }

  @Test
  void algNoneIsRejectedForTheIssuerJwt() {
    String jwt = ISSUED.substring(0, ISSUED.indexOf('~'));
    String payload = jwt.split("\\.")[1];
    String none =
        Base64Url.encode("{\"alg\":\"none\",\"typ\":\"example+sd-jwt\"}") + "." + payload + ".";

    assertThat(issuedReason(none + ISSUED.substring(jwt.length())))
        .isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    assertThat(
            issuedReason(none.replace("none", "HS256") + "c2ln" + ISSUED.substring(jwt.length())))
        .isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void anIssuerKeyOfAnotherIssuerIsRejected() {
    SoftwareKey other = SoftwareKey.generate(SignatureAlgorithm.ES256);

    assertThat(reason(() -> StrictVerification.verify(ISSUED, other.publicKey())))
        .isEqualTo(Reason.ISSUER_SIGNATURE);
  }

  // ------------------------------------------------------------------------------------ KB-JWT

  @Test
  void wrongAudienceOrNonceIsRejected() {
    assertThat(
            reason(
                () ->
                    StrictVerification.verify(
                        PRESENTED, TestKeys.ISSUER, "https://other.example.org", NONCE, NOW)))
        .isEqualTo(Reason.KEY_BINDING_AUDIENCE);
    assertThat(
            reason(
                () -> StrictVerification.verify(PRESENTED, TestKeys.ISSUER, AUD, "123456789", NOW)))
        .isEqualTo(Reason.KEY_BINDING_NONCE);
    String aud =
        kbJwt(sdJwtPart(), Json.object(), Json.object().put("aud", "https://x"), TestKeys.HOLDER);
    assertThat(presentationReason(sdJwtPart() + aud)).isEqualTo(Reason.KEY_BINDING_AUDIENCE);
    ObjectNode arrayAud = Json.object();
    arrayAud.putArray("aud").add(AUD);
    assertThat(
            presentationReason(
                sdJwtPart() + kbJwt(sdJwtPart(), Json.object(), arrayAud, TestKeys.HOLDER)))
        .isEqualTo(Reason.KEY_BINDING_AUDIENCE);
    ObjectNode numericNonce = Json.object().put("nonce", 1234567890);
    assertThat(
            presentationReason(
                sdJwtPart() + kbJwt(sdJwtPart(), Json.object(), numericNonce, TestKeys.HOLDER)))
        .isEqualTo(Reason.KEY_BINDING_NONCE);
  }

  @Test
  void issuedAtOutsideTheWindowIsRejected() {
    long iat = RfcVectorsTest.RFC_KB_IAT;
    long maxAge = StrictVerification.MAX_AGE.toSeconds();
    long skew = StrictVerification.SKEW.toSeconds();

    assertThat(presentationReason(PRESENTED, Instant.ofEpochSecond(iat + maxAge + 1)))
        .isEqualTo(Reason.KEY_BINDING_TIME);
    assertThat(presentationReason(PRESENTED, Instant.ofEpochSecond(iat - skew - 1)))
        .isEqualTo(Reason.KEY_BINDING_TIME);
    // The edges of the window are inside it.
    assertThat(StrictVerification.verifyQuietly(PRESENTED, Instant.ofEpochSecond(iat + maxAge)))
        .isTrue();
    assertThat(StrictVerification.verifyQuietly(PRESENTED, Instant.ofEpochSecond(iat - skew)))
        .isTrue();
  }

  @Test
  void missingOrMalformedTimeClaimsAreRejected() {
    ObjectNode noIat = Json.object();
    noIat.putNull("iat");
    ObjectNode textIat = Json.object().put("iat", "1748537243");
    ObjectNode expired = Json.object().put("exp", RfcVectorsTest.RFC_KB_IAT - 60);
    ObjectNode notYet = Json.object().put("nbf", RfcVectorsTest.RFC_KB_IAT + 3600);

    for (ObjectNode claims : List.of(noIat, textIat, expired, notYet)) {
      assertThat(
              presentationReason(
                  sdJwtPart() + kbJwt(sdJwtPart(), Json.object(), claims, TestKeys.HOLDER)))
          .as(claims.toString())
          .isEqualTo(Reason.KEY_BINDING_TIME);
    }
  }

  @Test
  void aWrongTypIsRejected() {
    for (String typ : List.of("JWT", "kb+jwt+x", "application/jwt", "example+sd-jwt")) {
      String kb = kbJwt(sdJwtPart(), Json.object().put("typ", typ), Json.object(), TestKeys.HOLDER);
      assertThat(presentationReason(sdJwtPart() + kb)).as(typ).isEqualTo(Reason.KEY_BINDING_TYPE);
    }
    ObjectNode noTyp = Json.object();
    noTyp.putNull("typ");
    assertThat(
            presentationReason(
                sdJwtPart() + kbJwt(sdJwtPart(), noTyp, Json.object(), TestKeys.HOLDER)))
        .isEqualTo(Reason.KEY_BINDING_TYPE);
    // RFC 7515 §4.1.9: case-insensitive, "application/" may be present.
    String appTyp =
        kbJwt(
            sdJwtPart(),
            Json.object().put("typ", "application/KB+JWT"),
            Json.object(),
            TestKeys.HOLDER);
    assertThat(StrictVerification.verifyQuietly(sdJwtPart() + appTyp, NOW)).isTrue();
  }

  @Test
  void anSdHashOverAnotherSelectionIsRejected() {
    String kb = PRESENTED.substring(PRESENTED.lastIndexOf('~') + 1);
    List<String> p = parts(PRESENTED);
    p.remove(2); // withhold address

    assertThat(presentationReason(join(p))).isEqualTo(Reason.KEY_BINDING_SD_HASH);
    // sd_hash over the issued SD-JWT (all Disclosures) instead of the presented one.
    String overIssued = kbJwt(ISSUED, Json.object(), Json.object(), TestKeys.HOLDER);
    assertThat(presentationReason(sdJwtPart() + overIssued)).isEqualTo(Reason.KEY_BINDING_SD_HASH);
    // sd_hash without the trailing "~".
    String noTilde =
        kbJwt(
            sdJwtPart(),
            Json.object(),
            Json.object()
                .put("sd_hash", Digests.of(sdJwtPart().substring(0, sdJwtPart().length() - 1))),
            TestKeys.HOLDER);
    assertThat(presentationReason(sdJwtPart() + noTilde)).isEqualTo(Reason.KEY_BINDING_SD_HASH);
    assertThat(kb).isNotEmpty();
  }

  @Test
  void aKbJwtSignedByAnotherKeyIsRejected() {
    for (SignatureAlgorithm alg : SignatureAlgorithm.values()) {
      SoftwareKey other = SoftwareKey.generate(alg);
      String kb = kbJwt(sdJwtPart(), Json.object(), Json.object(), other);
      assertThat(presentationReason(sdJwtPart() + kb))
          .as(alg.name())
          .isEqualTo(Reason.KEY_BINDING_SIGNATURE);
    }
  }

  @Test
  void aMissingKbJwtIsRejectedWhenRequired() {
    assertThat(presentationReason(sdJwtPart())).isEqualTo(Reason.KEY_BINDING_MISSING);
    assertThat(presentationReason(ISSUED)).isEqualTo(Reason.KEY_BINDING_MISSING);
  }

  @Test
  void aKbJwtIsRejectedWhereNoneIsExpected() {
    assertThat(issuedReason(PRESENTED)).isEqualTo(Reason.KEY_BINDING_UNEXPECTED);
    assertThat(reason(() -> SdJwt.parseIssued(PRESENTED))).isEqualTo(Reason.KEY_BINDING_UNEXPECTED);
  }

  @Test
  void algNoneIsRejectedForTheKbJwt() {
    String kb = PRESENTED.substring(PRESENTED.lastIndexOf('~') + 1);
    String none =
        Base64Url.encode("{\"alg\":\"none\",\"typ\":\"kb+jwt\"}") + "." + kb.split("\\.")[1] + ".";

    assertThat(presentationReason(sdJwtPart() + none)).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void aCritHeaderIsRejected() {
    ObjectNode crit = Json.object();
    crit.putArray("crit").add("exp");
    String kb = kbJwt(sdJwtPart(), crit, Json.object(), TestKeys.HOLDER);

    assertThat(presentationReason(sdJwtPart() + kb)).isEqualTo(Reason.MALFORMED);
  }
}
