package kr.kdid.credentials.status;

import static kr.kdid.credentials.status.StatusListTest.assertReason;
import static kr.kdid.credentials.status.StatusTestSupport.claims;
import static kr.kdid.credentials.status.StatusTestSupport.header;
import static kr.kdid.credentials.status.StatusTestSupport.signRaw;
import static kr.kdid.credentials.status.StatusTestSupport.zlibZerosLst;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.Vectors;
import kr.kdid.credentials.status.StatusException.Reason;
import kr.kdid.credentials.status.StatusListToken.Verified;
import org.junit.jupiter.api.Test;

class StatusListTokenTest {
  private static final String URI = "https://status.kdid.kr/lists/7";
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final Duration SKEW = Duration.ofSeconds(60);
  private static final int MAX = StatusListToken.DEFAULT_MAX_BYTES;
  private static final SoftwareKey KEY = StatusTestSupport.key(1);
  private static final SoftwareKey OTHER_KEY = StatusTestSupport.key(2);

  private static String lst16() {
    return "eNrbuRgAAhcBXQ"; // b9a3
  }

  // ---- the spec's signed example ----

  @Test
  void specVectorVerifiesWithKid12() throws Exception {
    String jwt = Vectors.compact(StatusTestSupport.DIR + "status_list_jwt_raw.txt");
    VerificationKey key =
        VerificationKey.fromJwk(
            Jwk.parse(
                Vectors.text(StatusTestSupport.DIR + "example_signing_key_kid12.public.jwk.json")));
    Instant now =
        Instant.ofEpochSecond(1_700_000_000L); // between iat 1686920170 and exp 2291720170
    Verified v =
        StatusListToken.verify(jwt, key, "https://example.com/statuslists/1", now, SKEW, MAX);
    assertThat(v.issuedAt()).isEqualTo(Instant.ofEpochSecond(1686920170L));
    assertThat(v.expires()).isEqualTo(Instant.ofEpochSecond(2291720170L));
    assertThat(v.ttl()).isEqualTo(Duration.ofSeconds(43200));
    assertThat(v.issuer()).isEqualTo("https://example.com");
    assertThat(v.uri()).isEqualTo("https://example.com/statuslists/1");
    assertThat(v.list().size()).isEqualTo(16);
    assertThat(v.list().bits()).isEqualTo(1);
    assertThat(v.list().isReadOnly()).isTrue();

    StatusReference ref0 = new StatusReference(0, "https://example.com/statuslists/1");
    assertThat(StatusListToken.statusOf(v, ref0)).isEqualTo(StatusValue.INVALID);
    assertThat(StatusListToken.statusOf(v, new StatusReference(1, ref0.uri())))
        .isEqualTo(StatusValue.VALID);
    assertReason(
        () -> StatusListToken.statusOf(v, new StatusReference(16, ref0.uri())),
        Reason.INDEX_OUT_OF_RANGE);

    // Same token, wrong expectations.
    assertReason(
        () -> StatusListToken.verify(jwt, key, "https://example.com/statuslists/2", now, SKEW, MAX),
        Reason.SUBJECT_MISMATCH);
    assertReason(
        () ->
            StatusListToken.verify(jwt, key, "https://example.com/statuslists/1/", now, SKEW, MAX),
        Reason.SUBJECT_MISMATCH);
    assertReason(
        () ->
            StatusListToken.verify(
                jwt,
                key,
                "https://example.com/statuslists/1",
                Instant.ofEpochSecond(2291720170L),
                SKEW,
                MAX),
        Reason.EXPIRED);
    assertReason(
        () ->
            StatusListToken.verify(
                jwt,
                key,
                "https://example.com/statuslists/1",
                Instant.ofEpochSecond(1686920170L - 61),
                SKEW,
                MAX),
        Reason.ISSUED_IN_FUTURE);
    assertReason(
        () ->
            StatusListToken.verify(
                jwt, KEY.publicKey(), "https://example.com/statuslists/1", now, SKEW, MAX),
        Reason.SIGNATURE);
  }

  // ---- sign / verify ----

  @Test
  void signAndVerifyRoundTrip() throws Exception {
    StatusList list = StatusList.create(131_072, 2);
    list.set(77_777, StatusValue.SUSPENDED);
    list.set(3, StatusValue.INVALID);
    Jws jws =
        StatusListToken.sign(
            list,
            URI,
            NOW.minusSeconds(10),
            NOW.plus(Duration.ofDays(1)),
            Duration.ofHours(12),
            "did:kdid:issuer",
            KEY,
            "did:kdid:issuer#key-1");
    assertThat(jws.typ()).isEqualTo("statuslist+jwt");
    assertThat(jws.kid()).isEqualTo("did:kdid:issuer#key-1");
    ObjectNode payload = jws.payloadJson();
    assertThat(payload.get("sub").textValue()).isEqualTo(URI);
    assertThat(payload.get("iss").textValue()).isEqualTo("did:kdid:issuer");
    assertThat(payload.get("ttl").longValue()).isEqualTo(43200);
    assertThat(payload.get("status_list").get("bits").intValue()).isEqualTo(2);

    Verified v = StatusListToken.verify(jws.encoded(), KEY.publicKey(), URI, NOW, SKEW, MAX);
    assertThat(v.list().toBytes()).isEqualTo(list.toBytes());
    assertThat(v.issuedAt()).isEqualTo(NOW.minusSeconds(10));
    assertThat(v.expires()).isEqualTo(NOW.plus(Duration.ofDays(1)));
    assertThat(v.ttl()).isEqualTo(Duration.ofHours(12));
    assertThat(StatusListToken.statusOf(v, new StatusReference(77_777, URI)))
        .isEqualTo(StatusValue.SUSPENDED);
    assertThat(StatusListToken.statusOf(v, new StatusReference(3, URI)))
        .isEqualTo(StatusValue.INVALID);
    assertThat(StatusListToken.statusOf(v, new StatusReference(4, URI)))
        .isEqualTo(StatusValue.VALID);
    assertThatThrownBy(() -> v.list().set(4, 1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void optionalClaimsMayBeAbsent() throws Exception {
    Jws jws = StatusListToken.sign(StatusList.create(16, 1), URI, NOW, null, null, null, KEY, null);
    assertThat(jws.payloadJson().has("exp")).isFalse();
    assertThat(jws.payloadJson().has("ttl")).isFalse();
    assertThat(jws.payloadJson().has("iss")).isFalse();
    assertThat(jws.kid()).isNull();
    Verified v = StatusListToken.verify(jws.encoded(), KEY.publicKey(), URI, NOW, SKEW, MAX);
    assertThat(v.expires()).isNull();
    assertThat(v.ttl()).isNull();
    assertThat(v.issuer()).isNull();
  }

  @Test
  void eddsaKeysWork() throws Exception {
    SoftwareKey ed = SoftwareKey.generate(SignatureAlgorithm.EDDSA, StatusTestSupport.seeded(9));
    Jws jws = StatusListToken.sign(StatusList.create(16, 1), URI, NOW, null, null, null, ed, "e");
    assertThat(StatusListToken.verify(jws.encoded(), ed.publicKey(), URI, NOW, SKEW, MAX))
        .isNotNull();
    // alg EdDSA with a P-256 key
    assertReason(
        () -> StatusListToken.verify(jws.encoded(), KEY.publicKey(), URI, NOW, SKEW, MAX),
        Reason.SIGNATURE);
  }

  @Test
  void signRefusesBadArguments() {
    StatusList list = StatusList.create(16, 1);
    assertThatThrownBy(
            () -> StatusListToken.sign(list, "not a uri", NOW, null, null, null, KEY, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatusListToken.sign(list, URI, NOW, NOW, null, null, KEY, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                StatusListToken.sign(list, URI, NOW, null, Duration.ofMillis(500), null, KEY, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- tampering ----

  @Test
  void flippedSignatureByte() {
    String jwt = validToken();
    int dot = jwt.lastIndexOf('.');
    byte[] sig = Base64Url.decode(jwt.substring(dot + 1));
    for (int i : new int[] {0, 31, 32, 63}) {
      byte[] s = sig.clone();
      s[i] ^= 0x01;
      String tampered = jwt.substring(0, dot + 1) + Base64Url.encode(s);
      assertReason(() -> verify(tampered), Reason.SIGNATURE);
    }
    assertReason(() -> verify(jwt.substring(0, dot + 1)), Reason.SIGNATURE);
  }

  @Test
  void tamperedPayload() {
    String jwt = validToken();
    String[] parts = jwt.split("\\.");
    String payload = new String(Base64Url.decode(parts[1]), StandardCharsets.UTF_8);
    String other = payload.replace(lst16(), "eNo76fITAAPfAgc");
    String tampered =
        parts[0] + "." + Base64Url.encode(other.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    assertReason(() -> verify(tampered), Reason.SIGNATURE);
  }

  @Test
  void wrongKey() {
    assertReason(
        () -> StatusListToken.verify(validToken(), OTHER_KEY.publicKey(), URI, NOW, SKEW, MAX),
        Reason.SIGNATURE);
  }

  @Test
  void typ() throws Exception {
    ObjectNode c = claims(URI, NOW, null, 1, lst16());
    assertReason(() -> verify(signRaw(header("JWT"), c, KEY)), Reason.WRONG_TYPE);
    assertReason(() -> verify(signRaw(header("dc+sd-jwt"), c, KEY)), Reason.WRONG_TYPE);
    assertReason(() -> verify(signRaw(header(null), c, KEY)), Reason.WRONG_TYPE);
    assertReason(() -> verify(signRaw(header("statuslist+cwt"), c, KEY)), Reason.WRONG_TYPE);
    ObjectNode numericTyp = header(null);
    numericTyp.put("typ", 1);
    assertReason(() -> verify(signRaw(numericTyp, c, KEY)), Reason.WRONG_TYPE);
    // RFC 7515 §4.1.9: media types are case-insensitive and "application/" may be omitted.
    assertThat(verify(signRaw(header("application/statuslist+jwt"), c, KEY))).isNotNull();
    assertThat(verify(signRaw(header("StatusList+JWT"), c, KEY))).isNotNull();
  }

  @Test
  void critAndAlg() {
    ObjectNode c = claims(URI, NOW, null, 1, lst16());
    ObjectNode crit = header("statuslist+jwt");
    crit.putArray("crit").add("exp");
    assertReason(() -> verify(signRaw(crit, c, KEY)), Reason.CRITICAL_HEADER);

    String good = signRaw(header("statuslist+jwt"), c, KEY);
    for (String alg : new String[] {"none", "HS256", "RS256", "ES384"}) {
      ObjectNode h = header("statuslist+jwt");
      h.put("alg", alg);
      String forged = Base64Url.encode(Json.bytes(h)) + good.substring(good.indexOf('.'));
      assertReason(() -> verify(forged), Reason.UNSUPPORTED_ALGORITHM);
    }
  }

  @Test
  void wrongSub() {
    assertReason(
        () -> StatusListToken.verify(validToken(), KEY.publicKey(), URI + "8", NOW, SKEW, MAX),
        Reason.SUBJECT_MISMATCH);
    assertReason(
        () ->
            StatusListToken.verify(
                validToken(), KEY.publicKey(), "HTTPS://status.kdid.kr/lists/7", NOW, SKEW, MAX),
        Reason.SUBJECT_MISMATCH);
    ObjectNode c = claims(URI, NOW, null, 1, lst16());
    c.remove("sub");
    assertReason(() -> verify(signRaw(header("statuslist+jwt"), c, KEY)), Reason.MISSING_CLAIM);
    c.put("sub", 7);
    assertReason(() -> verify(signRaw(header("statuslist+jwt"), c, KEY)), Reason.MALFORMED);
  }

  @Test
  void expired() {
    String jwt = signedAt(NOW.minus(Duration.ofHours(2)), NOW.minus(Duration.ofHours(1)));
    assertReason(() -> verify(jwt), Reason.EXPIRED);
    // exp is exact, with no skew: at exp the token is expired, a second before it is not.
    String edge = signedAt(NOW.minus(Duration.ofHours(1)), NOW);
    assertReason(() -> verify(edge), Reason.EXPIRED);
    String justValid = signedAt(NOW.minus(Duration.ofHours(1)), NOW.plusSeconds(1));
    assertThat(verifyQuietly(justValid)).isNotNull();
  }

  @Test
  void issuedInTheFuture() {
    String far = signedAt(NOW.plusSeconds(61), NOW.plus(Duration.ofHours(1)));
    assertReason(() -> verify(far), Reason.ISSUED_IN_FUTURE);
    String withinSkew = signedAt(NOW.plusSeconds(60), NOW.plus(Duration.ofHours(1)));
    assertThat(verifyQuietly(withinSkew)).isNotNull();
    assertReason(
        () -> StatusListToken.verify(withinSkew, KEY.publicKey(), URI, NOW, Duration.ZERO, MAX),
        Reason.ISSUED_IN_FUTURE);
  }

  @Test
  void timeClaims() {
    ObjectNode h = header("statuslist+jwt");
    ObjectNode noIat = claims(URI, NOW, null, 1, lst16());
    noIat.remove("iat");
    assertReason(() -> verify(signRaw(h, noIat, KEY)), Reason.MISSING_CLAIM);

    ObjectNode textIat = claims(URI, NOW, null, 1, lst16());
    textIat.put("iat", "1700000000");
    assertReason(() -> verify(signRaw(h, textIat, KEY)), Reason.MALFORMED);

    ObjectNode hugeIat = claims(URI, NOW, null, 1, lst16());
    hugeIat.put("iat", -1e300);
    assertReason(() -> verify(signRaw(h, hugeIat, KEY)), Reason.MALFORMED);

    ObjectNode fractional = claims(URI, NOW, null, 1, lst16());
    fractional.put("iat", NOW.getEpochSecond() - 0.5);
    fractional.put("ttl", 0.25);
    Verified v = verifyQuietly(signRaw(h, fractional, KEY));
    assertThat(v.issuedAt()).isEqualTo(NOW.minusMillis(500));
    assertThat(v.ttl()).isEqualTo(Duration.ofMillis(250));

    ObjectNode nbf = claims(URI, NOW, null, 1, lst16());
    nbf.put("nbf", NOW.plusSeconds(120).getEpochSecond());
    assertReason(() -> verify(signRaw(h, nbf, KEY)), Reason.NOT_YET_VALID);
    nbf.put("nbf", NOW.getEpochSecond());
    assertThat(verifyQuietly(signRaw(h, nbf, KEY))).isNotNull();

    ObjectNode expBeforeIat = claims(URI, NOW, NOW.plusSeconds(100), 1, lst16());
    expBeforeIat.put("iat", NOW.plusSeconds(30).getEpochSecond());
    expBeforeIat.put("exp", NOW.plusSeconds(10).getEpochSecond());
    assertReason(() -> verify(signRaw(h, expBeforeIat, KEY)), Reason.MALFORMED);
  }

  @Test
  void ttlMustBeAPositiveNumber() {
    ObjectNode h = header("statuslist+jwt");
    for (Object bad : new Object[] {0, -5, "3600"}) {
      ObjectNode c = claims(URI, NOW, null, 1, lst16());
      if (bad instanceof Integer i) {
        c.put("ttl", i);
      } else {
        c.put("ttl", (String) bad);
      }
      assertReason(() -> verify(signRaw(h, c, KEY)), Reason.MALFORMED);
    }
  }

  @Test
  void otherClaimTypes() {
    ObjectNode h = header("statuslist+jwt");
    ObjectNode iss = claims(URI, NOW, null, 1, lst16());
    iss.put("iss", 5);
    assertReason(() -> verify(signRaw(h, iss, KEY)), Reason.MALFORMED);

    ObjectNode agg = claims(URI, NOW, null, 1, lst16());
    ((ObjectNode) agg.get("status_list")).put("aggregation_uri", 5);
    assertReason(() -> verify(signRaw(h, agg, KEY)), Reason.MALFORMED);
    ((ObjectNode) agg.get("status_list")).put("aggregation_uri", "https://status.kdid.kr/agg");
    assertThat(verifyQuietly(signRaw(h, agg, KEY))).isNotNull();

    ObjectNode extra = claims(URI, NOW, null, 1, lst16());
    extra.put("jti", "x");
    assertThat(verifyQuietly(signRaw(h, extra, KEY))).isNotNull();

    String notJson = Jws.sign(h, "not json".getBytes(StandardCharsets.UTF_8), KEY).encoded();
    assertReason(() -> verify(notJson), Reason.MALFORMED);
    assertReason(() -> verify("abc"), Reason.MALFORMED);
    assertReason(() -> verify(""), Reason.MALFORMED);
  }

  @Test
  void statusListClaim() {
    ObjectNode h = header("statuslist+jwt");
    ObjectNode none = claims(URI, NOW, null, 1, lst16());
    none.remove("status_list");
    assertReason(() -> verify(signRaw(h, none, KEY)), Reason.MISSING_CLAIM);

    ObjectNode text = claims(URI, NOW, null, 1, lst16());
    text.put("status_list", "x");
    assertReason(() -> verify(signRaw(h, text, KEY)), Reason.MALFORMED);

    ObjectNode noBits = claims(URI, NOW, null, 1, lst16());
    ((ObjectNode) noBits.get("status_list")).remove("bits");
    assertReason(() -> verify(signRaw(h, noBits, KEY)), Reason.MISSING_CLAIM);

    ObjectNode noLst = claims(URI, NOW, null, 1, lst16());
    ((ObjectNode) noLst.get("status_list")).remove("lst");
    assertReason(() -> verify(signRaw(h, noLst, KEY)), Reason.MISSING_CLAIM);

    ObjectNode floatBits = claims(URI, NOW, null, 1, lst16());
    ((ObjectNode) floatBits.get("status_list")).put("bits", 1.5);
    assertReason(() -> verify(signRaw(h, floatBits, KEY)), Reason.MALFORMED);
  }

  @Test
  void bits3() {
    ObjectNode c = claims(URI, NOW, null, 3, lst16());
    assertReason(() -> verify(signRaw(header("statuslist+jwt"), c, KEY)), Reason.UNSUPPORTED_BITS);
    ObjectNode big = claims(URI, NOW, null, 1, lst16());
    ((ObjectNode) big.get("status_list")).put("bits", 1L << 33);
    assertReason(
        () -> verify(signRaw(header("statuslist+jwt"), big, KEY)), Reason.UNSUPPORTED_BITS);
  }

  @Test
  void corruptZlib() {
    byte[] z = Base64Url.decode(lst16());
    z[z.length - 2] ^= 0x40;
    ObjectNode c = claims(URI, NOW, null, 1, Base64Url.encode(z));
    assertReason(() -> verify(signRaw(header("statuslist+jwt"), c, KEY)), Reason.MALFORMED);
  }

  @Test
  void compressionBombIsRefusedQuickly() {
    String bomb = zlibZerosLst(64L << 20);
    String jwt = signRaw(header("statuslist+jwt"), claims(URI, NOW, null, 1, bomb), KEY);
    long start = System.nanoTime();
    assertReason(() -> verify(jwt), Reason.TOO_LARGE);
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
  }

  @Test
  void indexOutOfRange() throws Exception {
    Verified v = verify(validToken());
    assertThat(v.list().size()).isEqualTo(16);
    assertThat(StatusListToken.statusOf(v, new StatusReference(15, URI)))
        .isEqualTo(StatusValue.INVALID);
    for (int idx : new int[] {16, 17, 1 << 20, Integer.MAX_VALUE}) {
      assertReason(
          () -> StatusListToken.statusOf(v, new StatusReference(idx, URI)),
          Reason.INDEX_OUT_OF_RANGE);
      assertReason(
          () -> StatusListToken.rawStatusOf(v, new StatusReference(idx, URI)),
          Reason.INDEX_OUT_OF_RANGE);
    }
  }

  @Test
  void referenceToAnotherList() throws Exception {
    Verified v = verify(validToken());
    assertReason(
        () -> StatusListToken.statusOf(v, new StatusReference(0, URI + "/other")),
        Reason.SUBJECT_MISMATCH);
  }

  @Test
  void rawStatusOfApplicationSpecificValues() throws Exception {
    StatusList list = StatusList.create(16, 8);
    list.set(1, 0x03);
    list.set(2, 0x0D);
    list.set(3, 0x42);
    Jws jws = StatusListToken.sign(list, URI, NOW, null, null, null, KEY, null);
    Verified v = verify(jws.encoded());
    assertThat(StatusListToken.rawStatusOf(v, new StatusReference(2, URI))).isEqualTo(0x0D);
    assertThat(StatusListToken.statusOf(v, new StatusReference(1, URI)))
        .isEqualTo(StatusValue.APPLICATION_SPECIFIC);
    assertThat(StatusListToken.statusOf(v, new StatusReference(2, URI)))
        .isEqualTo(StatusValue.APPLICATION_SPECIFIC);
    assertThat(StatusListToken.statusOf(v, new StatusReference(3, URI)))
        .isEqualTo(StatusValue.RESERVED);
  }

  @Test
  void verifyChecksArguments() {
    assertThatThrownBy(
            () ->
                StatusListToken.verify(
                    validToken(), KEY.publicKey(), URI, NOW, Duration.ofSeconds(-1), MAX))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> StatusListToken.verify(validToken(), KEY.publicKey(), URI, NOW, SKEW, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- helpers ----

  private static String validToken() {
    return StatusListToken.sign(
            StatusList.fromBytes(Base64Url.decode("uaM"), 1), // b9a3
            URI,
            NOW.minusSeconds(30),
            NOW.plus(Duration.ofHours(1)),
            Duration.ofMinutes(10),
            "did:kdid:issuer",
            KEY,
            "k1")
        .encoded();
  }

  private static String signedAt(Instant iat, Instant exp) {
    return signRaw(header("statuslist+jwt"), claims(URI, iat, exp, 1, lst16()), KEY);
  }

  private static Verified verify(String jwt) throws StatusException {
    return StatusListToken.verify(jwt, KEY.publicKey(), URI, NOW, SKEW, MAX);
  }

  private static Verified verifyQuietly(String jwt) {
    try {
      return verify(jwt);
    } catch (StatusException e) {
      throw new AssertionError(e);
    }
  }
}
