package kr.kdid.credentials.sdjwtvc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.Vectors;
import kr.kdid.credentials.sdjwt.Expected;
import kr.kdid.credentials.sdjwt.SdJwtException.Reason;
import kr.kdid.credentials.sdjwt.TestKeys;
import kr.kdid.credentials.sdjwtvc.SdJwtVcVerifier.Check;
import kr.kdid.credentials.sdjwtvc.SdJwtVcVerifier.Options;
import kr.kdid.credentials.sdjwtvc.SdJwtVcVerifier.Result;
import kr.kdid.credentials.sdjwtvc.SdJwtVcVerifier.Status;
import org.junit.jupiter.api.Test;

/** {@link SdJwtVcVerifier} on the SD-JWT VC vectors (and the RFC 9901 vectors typed dc+sd-jwt). */
class SdJwtVcVectorsTest {
  static final String VC_AUD = "https://example.com/verifier";
  static final String RFC_AUD = "https://verifier.example.org";
  static final String NONCE = "1234567890";
  static final Duration MAX_AGE = Duration.ofMinutes(5);
  static final Duration SKEW = Duration.ofSeconds(30);
  static final Instant VC_NOW = Instant.ofEpochSecond(1787325881L + 10);
  static final Instant RFC_NOW = Instant.ofEpochSecond(1748537243L + 10);
  static final Instant VCLD_NOW = Instant.ofEpochSecond(1744743394L + 10);

  /** The vectors use one fixed key: the resolver records what it was asked. */
  final List<String> asked = new ArrayList<>();

  final SdJwtVcVerifier verifier =
      new SdJwtVcVerifier(
          (iss, kid) -> {
            asked.add(iss + " " + kid);
            return TestKeys.ISSUER;
          });

  static Options kb(String aud, Instant now) {
    return Options.withKeyBinding(aud, NONCE, now, MAX_AGE, SKEW);
  }

  static Options noKb(Instant now) {
    return Options.withoutKeyBinding(now, SKEW);
  }

  static String v(String path) {
    return Vectors.compact(path);
  }

  static String statuses(Result r) {
    StringBuilder sb = new StringBuilder();
    for (Check c : r.checks()) {
      sb.append(c.name())
          .append('=')
          .append(c.status() == Status.FAILED ? c.reason() : c.status())
          .append(' ');
    }
    return sb.toString().trim();
  }

  @Test
  void section231IssuedCredential() {
    Result r =
        verifier.verify(v("sd-jwt-vc/sdjwtvc-editors-copy_sec2.3.1_sd-jwt.txt"), noKb(VC_NOW));

    assertThat(r.ok()).as(statuses(r)).isTrue();
    assertThat(r.payload()).isEqualTo(Json.parse(Expected.VC_2_3_1_FULL));
    assertThat(asked).containsExactly("https://example.com/issuer doc-signer-05-25-2022");
  }

  @Test
  void section232PresentationWithKeyBinding() {
    Result r =
        verifier.verify(
            v("sd-jwt-vc/sdjwtvc-editors-copy_sec2.3.2_sd-jwt-kb.txt"), kb(VC_AUD, VC_NOW));

    assertThat(r.ok()).as(statuses(r)).isTrue();
    assertThat(r.payload()).isEqualTo(Json.parse(Expected.VC_2_3_2_KB));
    assertThat(r.checks())
        .extracting(Check::name)
        .containsExactly(
            "parse",
            "typ",
            "issuer_key",
            "issuer_signature",
            "disclosures",
            "protected_claims",
            "vct",
            "exp",
            "nbf",
            "holder_key",
            "kb_jwt",
            "kb_jwt.signature",
            "kb_jwt.typ",
            "kb_jwt.iat",
            "kb_jwt.aud",
            "kb_jwt.nonce",
            "kb_jwt.sd_hash");
  }

  @Test
  void section232PresentationWithoutKeyBinding() {
    Result r =
        verifier.verify(v("sd-jwt-vc/sdjwtvc-editors-copy_sec2.3.2_sd-jwt.txt"), noKb(VC_NOW));

    assertThat(r.ok()).as(statuses(r)).isTrue();
    assertThat(r.payload()).isEqualTo(Json.parse(Expected.VC_2_3_2));
    assertThat(asked).containsExactly("https://example.com/issuer null");
    // Without cnf there is no key to bind to.
    Result required =
        verifier.verify(
            v("sd-jwt-vc/sdjwtvc-editors-copy_sec2.3.2_sd-jwt.txt"), kb(VC_AUD, VC_NOW));
    assertThat(required.check("holder_key").orElseThrow().reason())
        .isEqualTo(Reason.HOLDER_KEY_MISSING);
    assertThat(required.check("kb_jwt").orElseThrow().status()).isEqualTo(Status.SKIPPED);
  }

  @Test
  void appendixA1() {
    Result issued =
        verifier.verify(v("sd-jwt-vc/sdjwtvc-editors-copy_secA.1_sd-jwt.txt"), noKb(VC_NOW));
    Result presented =
        verifier.verify(
            v("sd-jwt-vc/sdjwtvc-editors-copy_secA.1_sd-jwt-kb.txt"), kb(VC_AUD, VC_NOW));

    assertThat(issued.ok()).as(statuses(issued)).isTrue();
    assertThat(issued.payload()).isEqualTo(Json.parse(Expected.VC_A_1_FULL));
    assertThat(presented.ok()).as(statuses(presented)).isTrue();
    assertThat(presented.payload()).isEqualTo(Json.parse(Expected.VC_A_1_KB));
  }

  @Test
  void rfc9901AppendixA3() {
    Result issued = verifier.verify(v("sd-jwt-rfc9901/rfc9901_secA.3_sd-jwt.txt"), noKb(RFC_NOW));
    Result presented =
        verifier.verify(v("sd-jwt-rfc9901/rfc9901_secA.3_sd-jwt-kb.txt"), kb(RFC_AUD, RFC_NOW));

    assertThat(issued.ok()).as(statuses(issued)).isTrue();
    assertThat(issued.payload()).isEqualTo(Json.parse(Expected.RFC_A_3_FULL));
    assertThat(presented.ok()).as(statuses(presented)).isTrue();
    assertThat(presented.payload()).isEqualTo(Json.parse(Expected.RFC_A_3_KB));
  }

  @Test
  void openId4VpSdJwtVcld() {
    Result issued =
        verifier.verify(v("oid4vp-1.0/sd_jwt_vcld/01/sd_jwt_issuance.txt"), noKb(VCLD_NOW));
    Result presented =
        verifier.verify(
            v("oid4vp-1.0/sd_jwt_vcld/01/sd_jwt_presentation.txt"), kb(RFC_AUD, VCLD_NOW));

    assertThat(issued.ok()).as(statuses(issued)).isTrue();
    assertThat(presented.ok()).as(statuses(presented)).isTrue();
    assertThat(presented.payload())
        .isEqualTo(Json.parse(Vectors.text("oid4vp-1.0/sd_jwt_vcld/01/verified_contents.json")));
  }

  @Test
  void everyFailureOfANonVcSdJwtIsReported() {
    // RFC 9901 §5.2 is a valid SD-JWT but no SD-JWT VC: wrong typ and no vct, all else fine.
    Result r =
        verifier.verify(v("sd-jwt-rfc9901/rfc9901_sec5.2_sd-jwt-kb.txt"), kb(RFC_AUD, RFC_NOW));

    assertThat(r.ok()).isFalse();
    assertThat(r.payload()).isNull();
    assertThat(statuses(r))
        .isEqualTo(
            "parse=PASSED typ=ISSUER_JWT_TYPE issuer_key=PASSED issuer_signature=PASSED"
                + " disclosures=PASSED protected_claims=PASSED vct=CLAIM_MISSING exp=PASSED"
                + " nbf=PASSED holder_key=PASSED kb_jwt=PASSED kb_jwt.signature=PASSED"
                + " kb_jwt.typ=PASSED kb_jwt.iat=PASSED kb_jwt.aud=PASSED kb_jwt.nonce=PASSED"
                + " kb_jwt.sd_hash=PASSED");
    assertThat(r.firstFailure().orElseThrow().name()).isEqualTo("typ");
  }

  @Test
  void wrongAudienceAndNonceAreBothReported() {
    Result r =
        verifier.verify(
            v("sd-jwt-vc/sdjwtvc-editors-copy_sec2.3.2_sd-jwt-kb.txt"),
            Options.withKeyBinding("https://rp.example", "other", VC_NOW, MAX_AGE, SKEW));

    assertThat(r.checks())
        .filteredOn(c -> c.status() == Status.FAILED)
        .extracting(Check::reason)
        .containsExactly(Reason.KEY_BINDING_AUDIENCE, Reason.KEY_BINDING_NONCE);
  }

  @Test
  void aFlippedSignatureSkipsTheClaimsChecks() {
    String s = v("sd-jwt-vc/sdjwtvc-editors-copy_sec2.3.2_sd-jwt-kb.txt");
    String jwt = s.substring(0, s.indexOf('~'));
    byte[] sig = Base64Url.decode(jwt.substring(jwt.lastIndexOf('.') + 1));
    sig[0] ^= 0x40;
    String tampered =
        jwt.substring(0, jwt.lastIndexOf('.') + 1)
            + Base64Url.encode(sig)
            + s.substring(jwt.length());

    Result r = verifier.verify(tampered, kb(VC_AUD, VC_NOW));

    assertThat(r.check("issuer_signature").orElseThrow().reason())
        .isEqualTo(Reason.ISSUER_SIGNATURE);
    assertThat(r.check("disclosures").orElseThrow().passed()).isTrue();
    assertThat(r.checks().subList(5, r.checks().size()))
        .allMatch(c -> c.status() == Status.SKIPPED);
    assertThat(r.payload()).isNull();
  }

  @Test
  void algNoneIsRejected() {
    String s = v("sd-jwt-vc/sdjwtvc-editors-copy_sec2.3.1_sd-jwt.txt");
    String jwt = s.substring(0, s.indexOf('~'));
    String none =
        Base64Url.encode("{\"alg\":\"none\",\"typ\":\"dc+sd-jwt\"}")
            + "."
            + jwt.split("\\.")[1]
            + ".";

    Result r = verifier.verify(none + s.substring(jwt.length()), noKb(VC_NOW));

    assertThat(r.check("issuer_signature").orElseThrow().reason())
        .isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void keyBindingPolicyIsTheVerifiers() {
    String withKb = v("sd-jwt-vc/sdjwtvc-editors-copy_sec2.3.2_sd-jwt-kb.txt");
    String withoutKb = withKb.substring(0, withKb.lastIndexOf('~') + 1);

    assertThat(
            verifier.verify(withoutKb, kb(VC_AUD, VC_NOW)).check("kb_jwt").orElseThrow().reason())
        .isEqualTo(Reason.KEY_BINDING_MISSING);
    assertThat(verifier.verify(withKb, noKb(VC_NOW)).check("no_key_binding").orElseThrow().reason())
        .isEqualTo(Reason.KEY_BINDING_UNEXPECTED);
    assertThat(verifier.verify(withoutKb, noKb(VC_NOW)).ok()).isTrue();
  }

  @Test
  void expiryAndKbAgeUseTheGivenClock() {
    String s = v("sd-jwt-vc/sdjwtvc-editors-copy_sec2.3.1_sd-jwt.txt");
    Instant exp = Instant.ofEpochSecond(1883000000L);

    assertThat(verifier.verify(s, noKb(exp.plus(SKEW))).check("exp").orElseThrow().reason())
        .isEqualTo(Reason.EXPIRED);
    assertThat(verifier.verify(s, noKb(exp.plus(SKEW).minusSeconds(1))).ok()).isTrue();
    Result old =
        verifier.verify(
            v("sd-jwt-vc/sdjwtvc-editors-copy_sec2.3.2_sd-jwt-kb.txt"),
            kb(VC_AUD, VC_NOW.plus(MAX_AGE)));
    assertThat(old.check("kb_jwt.iat").orElseThrow().reason()).isEqualTo(Reason.KEY_BINDING_TIME);
  }

  @Test
  void legacyTypIsAcceptedOnlyOnRequest() throws Exception {
    // The §2.3.1 payload re-signed with the A.5 test key under typ vc+sd-jwt.
    String s = v("sd-jwt-vc/sdjwtvc-editors-copy_sec2.3.1_sd-jwt.txt");
    Jws original = Jws.parse(s.substring(0, s.indexOf('~')));
    ObjectNode header = Json.object().put("typ", "vc+sd-jwt");
    String legacy =
        Jws.sign(header, original.payload(), TestKeys.ISSUER_PRIVATE).encoded()
            + s.substring(s.indexOf('~'));

    Result strict = verifier.verify(legacy, noKb(VC_NOW));
    Result lenient =
        verifier.verify(legacy, new Options(false, null, null, VC_NOW, MAX_AGE, SKEW, true));

    assertThat(strict.check("typ").orElseThrow().reason()).isEqualTo(Reason.ISSUER_JWT_TYPE);
    assertThat(lenient.ok()).as(statuses(lenient)).isTrue();
  }

  @Test
  void unparseableInputSkipsEverythingElse() {
    Result r = verifier.verify("not an sd-jwt", kb(VC_AUD, VC_NOW));

    assertThat(r.checks().get(0).reason()).isEqualTo(Reason.MALFORMED);
    assertThat(r.checks()).hasSize(17);
    assertThat(r.checks().subList(1, 17)).allMatch(c -> c.status() == Status.SKIPPED);
    assertThat(verifier.verify(null, noKb(VC_NOW)).checks().get(0).reason())
        .isEqualTo(Reason.MALFORMED);
  }
}
