package kr.kdid.credentials.sdjwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.List;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.sdjwt.SdJwtException.Reason;
import org.junit.jupiter.api.Test;

/** The RFC 9901 §4 grammar. */
class SdJwtTest {
  private static final SoftwareKey KEY = SoftwareKey.generate(SignatureAlgorithm.ES256);
  private static final Jws JWT =
      Jws.sign(Json.object().put("typ", "example+sd-jwt"), Json.object().put("iss", "x"), KEY);
  private static final Disclosure D1 = Disclosure.ofClaim("s1", "a", TextNode.valueOf("1"));
  private static final Disclosure D2 = Disclosure.ofClaim("s2", "b", TextNode.valueOf("2"));
  private static final Jws KB =
      Jws.sign(Json.object().put("typ", "kb+jwt"), Json.object().put("nonce", "n"), KEY);

  static Reason reasonOf(String compact) {
    try {
      SdJwt.parse(compact);
    } catch (SdJwtException e) {
      return e.reason();
    }
    throw new AssertionError("accepted: " + compact);
  }

  @Test
  void parsesEveryPermutationOfSection4() throws SdJwtException {
    String jwt = JWT.encoded();

    SdJwt bare = SdJwt.parse(jwt + "~");
    SdJwt withDisclosures = SdJwt.parse(jwt + "~" + D1.encoded() + "~" + D2.encoded() + "~");
    SdJwt kbOnly = SdJwt.parse(jwt + "~" + KB.encoded());
    SdJwt full = SdJwt.parse(jwt + "~" + D1.encoded() + "~" + KB.encoded());

    assertThat(bare.disclosures()).isEmpty();
    assertThat(bare.keyBinding()).isNull();
    assertThat(withDisclosures.disclosures()).containsExactly(D1, D2);
    assertThat(withDisclosures.keyBinding()).isNull();
    assertThat(kbOnly.disclosures()).isEmpty();
    assertThat(kbOnly.keyBinding().encoded()).isEqualTo(KB.encoded());
    assertThat(full.disclosures()).containsExactly(D1);
    assertThat(full.withoutKeyBinding()).isEqualTo(jwt + "~" + D1.encoded() + "~");
    assertThat(full.serialize()).isEqualTo(jwt + "~" + D1.encoded() + "~" + KB.encoded());
  }

  @Test
  void rejectsBrokenGrammar() {
    String jwt = JWT.encoded();
    String d1 = D1.encoded();

    assertThat(reasonOf(null)).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf("")).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(jwt)).isEqualTo(Reason.MALFORMED); // no "~"
    assertThat(reasonOf("~")).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf("~" + d1 + "~")).isEqualTo(Reason.MALFORMED); // no JWT
    assertThat(reasonOf(jwt + "~~")).isEqualTo(Reason.MALFORMED); // empty Disclosure
    assertThat(reasonOf(jwt + "~" + d1 + "~~")).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(jwt + "~~" + d1 + "~")).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(jwt + "~" + d1)).isEqualTo(Reason.MALFORMED); // trailing "~" dropped
    assertThat(reasonOf(jwt + "~" + d1 + "~ ")).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(jwt + "~\n" + d1 + "~")).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(jwt + "~" + d1 + "=~")).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf("a.b~")).isEqualTo(Reason.MALFORMED); // two-part JWT
    assertThat(reasonOf(jwt + "~" + KB.encoded() + "~")).isEqualTo(Reason.INVALID_DISCLOSURE);
    assertThat(reasonOf(jwt + "~" + "x".repeat(SdJwt.MAX_LENGTH))).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(jwt + "~" + (d1 + "~").repeat(SdJwt.MAX_DISCLOSURES + 1)))
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void parseIssuedRefusesAKbJwt() throws SdJwtException {
    String jwt = JWT.encoded();

    assertThat(SdJwt.parseIssued(jwt + "~" + D1.encoded() + "~").disclosures()).hasSize(1);
    try {
      SdJwt.parseIssued(jwt + "~" + D1.encoded() + "~" + KB.encoded());
      throw new AssertionError("accepted");
    } catch (SdJwtException e) {
      assertThat(e.reason()).isEqualTo(Reason.KEY_BINDING_UNEXPECTED);
    }
  }

  @Test
  void withKeyBindingReplacesAndAppends() {
    SdJwt s = SdJwt.of(JWT, List.of(D1), null);

    assertThat(s.withKeyBinding(KB).serialize()).isEqualTo(s.serialize() + KB.encoded());
    assertThat(s.withKeyBinding(KB).withKeyBinding(KB).serialize())
        .isEqualTo(s.serialize() + KB.encoded());
  }

  @Test
  void canonicalConstructorChecksTheEncoding() {
    try {
      new SdJwt(JWT, List.of(D1), null, JWT.encoded() + "~");
      throw new AssertionError("accepted");
    } catch (IllegalArgumentException expected) {
      // encoded lacks the Disclosure
    }
  }

  @Test
  void toStringDoesNotPrintTheToken() {
    SdJwt s = SdJwt.of(JWT, List.of(D1, D2), KB);

    assertThat(s.toString()).isEqualTo("SdJwt[2 Disclosures, with KB-JWT]");
  }

  @Test
  void selectKeepsParentsOfRecursiveDisclosuresAndDropsOrphans() throws SdJwtException {
    ObjectNode claims =
        (ObjectNode)
            Json.parse(
                "{\"address\":{\"street\":\"Jong-ro 1\",\"city\":\"Seoul\"},\"nick\":\"gd\",\"tags\":[\"a\",\"b\"]}");
    SdJwt issued =
        SdJwtIssuer.forClaims(claims)
            .selectivelyDisclosable(
                List.of("/address", "/address/street", "/address/city", "/nick", "/tags/1"))
            .issue(KEY, Json.object());
    Disclosure orphan = Disclosure.ofClaim("o", "orphan", TextNode.valueOf("x"));
    SdJwt withOrphan =
        SdJwt.of(
            issued.issuerJwt(),
            java.util.stream.Stream.concat(
                    issued.disclosures().stream(), java.util.stream.Stream.of(orphan))
                .toList(),
            null);

    SdJwt street = withOrphan.select(d -> "street".equals(d.name()) || "orphan".equals(d.name()));

    assertThat(street.disclosures())
        .extracting(Disclosure::name)
        .containsExactlyInAnyOrder("street", "address");
    assertThat(SdJwtProcessor.process(street).payload())
        .isEqualTo(Json.parse("{\"address\":{\"street\":\"Jong-ro 1\"},\"tags\":[\"a\"]}"));
    assertThat(withOrphan.select(d -> true).disclosures()).hasSize(5).doesNotContain(orphan);
    assertThat(issued.select(d -> false).serialize()).isEqualTo(issued.issuerJwt().encoded() + "~");
    assertThat(
            SdJwt.of(issued.issuerJwt(), issued.disclosures(), KB).select(d -> true).keyBinding())
        .isNull();
  }

  @Test
  void selectByPathWithDisclosuresByPath() throws SdJwtException {
    ObjectNode claims =
        (ObjectNode) Json.parse("{\"a\":{\"x\":1},\"b\":{\"x\":2},\"list\":[{\"x\":3},{\"x\":4}]}");
    SdJwt issued =
        SdJwtIssuer.forClaims(claims)
            .selectivelyDisclosable(
                List.of("/a", "/a/x", "/b", "/b/x", "/list/0", "/list/1", "/list/1/x"))
            .issue(KEY, Json.object());
    var byPath = SdJwtProcessor.disclosuresByPath(issued);

    SdJwt presented =
        issued.select(d -> d.equals(byPath.get("/b/x")) || d.equals(byPath.get("/list/1/x")));

    assertThat(byPath.keySet())
        .containsExactlyInAnyOrder("/a", "/a/x", "/b", "/b/x", "/list/0", "/list/1", "/list/1/x");
    assertThat(SdJwtProcessor.process(presented).payload())
        .isEqualTo(Json.parse("{\"b\":{\"x\":2},\"list\":[{\"x\":4}]}"));
    assertThat(SdJwtProcessor.process(presented).disclosedPaths())
        .containsExactlyInAnyOrder("/b", "/b/x", "/list/0", "/list/0/x");
  }

  @Test
  void keyBindingRoundTripsThroughParse() throws SdJwtException {
    SdJwt s = SdJwt.of(JWT, List.of(D1), null);
    Jws kb = KeyBinding.create(s, KEY, "aud", "nonce", Instant.ofEpochSecond(1000));

    SdJwt parsed = SdJwt.parse(s.withKeyBinding(kb).serialize());

    assertThat(parsed.keyBinding().encoded()).isEqualTo(kb.encoded());
    assertThat(parsed.withoutKeyBinding()).isEqualTo(s.serialize());
  }
}
