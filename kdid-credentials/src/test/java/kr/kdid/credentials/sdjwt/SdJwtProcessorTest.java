package kr.kdid.credentials.sdjwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.jose.Jws;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.sdjwt.SdJwtException.Reason;
import org.junit.jupiter.api.Test;

/** RFC 9901 §7.1 steps 3 to 5 on hand-built payloads. */
class SdJwtProcessorTest {
  private static final SoftwareKey KEY = SoftwareKey.generate(SignatureAlgorithm.EDDSA);
  private static final Disclosure GIVEN = Disclosure.ofClaim("s1", "given", TextNode.valueOf("G"));
  private static final Disclosure FAMILY =
      Disclosure.ofClaim("s2", "family", TextNode.valueOf("F"));
  private static final Disclosure KR = Disclosure.ofArrayElement("s3", TextNode.valueOf("KR"));
  private static final String DECOY = Digests.of("decoy");

  /** An SD-JWT over a payload template where {G}, {F}, {KR} and {DECOY} stand for digests. */
  static SdJwt sdJwt(String payloadTemplate, Disclosure... disclosures) {
    String json =
        payloadTemplate
            .replace("{G}", GIVEN.digest())
            .replace("{F}", FAMILY.digest())
            .replace("{KR}", KR.digest())
            .replace("{DECOY}", DECOY)
            .replace('\'', '"');
    Jws jws = Jws.sign(Json.object(), Json.parse(json), KEY);
    return SdJwt.of(jws, Arrays.asList(disclosures), null);
  }

  static Reason reasonOf(SdJwt sdJwt) {
    try {
      SdJwtProcessor.process(sdJwt);
    } catch (SdJwtException e) {
      return e.reason();
    }
    throw new AssertionError("accepted");
  }

  static JsonNode processed(SdJwt sdJwt) throws SdJwtException {
    return SdJwtProcessor.process(sdJwt).payload();
  }

  @Test
  void insertsDisclosedClaimsAndDropsUndisclosedOnes() throws SdJwtException {
    SdJwt s =
        sdJwt(
            "{'_sd':['{G}','{F}','{DECOY}'],'_sd_alg':'sha-256','iss':'i',"
                + "'c':[{'...':'{KR}'},{'...':'another-decoy'}]}",
            GIVEN,
            KR);

    assertThat(processed(s))
        .isEqualTo(Json.parse("{\"iss\":\"i\",\"given\":\"G\",\"c\":[\"KR\"]}"));
    assertThat(SdJwtProcessor.process(s).disclosedPaths()).containsExactly("/c/0", "/given");
  }

  @Test
  void withoutSdAlgTheDefaultIsSha256() throws SdJwtException {
    assertThat(processed(sdJwt("{'_sd':['{G}']}", GIVEN)))
        .isEqualTo(Json.parse("{\"given\":\"G\"}"));
  }

  @Test
  void emptyObjectsStayEmptyObjects() throws SdJwtException {
    assertThat(processed(sdJwt("{'a':{'_sd':['{G}']},'b':{'_sd':[]}}")))
        .isEqualTo(Json.parse("{\"a\":{},\"b\":{}}"));
  }

  @Test
  void unmatchedArrayPlaceholdersAreRemovedNotNulled() throws SdJwtException {
    assertThat(processed(sdJwt("{'n':['DE',{'...':'{DECOY}'},'US']}")))
        .isEqualTo(Json.parse("{\"n\":[\"DE\",\"US\"]}"));
  }

  @Test
  void rejectsUnsupportedHashAlgorithms() {
    for (String alg : List.of("'sha-512'", "'SHA-256'", "'sha-256-32'", "'sha256'", "1", "null")) {
      assertThat(reasonOf(sdJwt("{'_sd_alg':" + alg + ",'_sd':['{G}']}", GIVEN)))
          .as(alg)
          .isEqualTo(Reason.UNSUPPORTED_HASH_ALGORITHM);
    }
  }

  @Test
  void rejectsSdAlgBelowTheTopLevel() {
    assertThat(reasonOf(sdJwt("{'a':{'_sd_alg':'sha-256'}}"))).isEqualTo(Reason.MALFORMED);
    Disclosure nested = Disclosure.ofClaim("s", "a", Json.parse("{\"_sd_alg\":\"sha-256\"}"));
    assertThat(reasonOf(sdJwt("{'_sd':['" + nested.digest() + "']}", nested)))
        .isEqualTo(Reason.MALFORMED);
  }

  @Test
  void rejectsDuplicateDigests() {
    assertThat(reasonOf(sdJwt("{'_sd':['{G}','{G}']}", GIVEN))).isEqualTo(Reason.DUPLICATE_DIGEST);
    assertThat(reasonOf(sdJwt("{'_sd':['{DECOY}','{DECOY}']}"))).isEqualTo(Reason.DUPLICATE_DIGEST);
    assertThat(reasonOf(sdJwt("{'_sd':['{G}'],'a':{'_sd':['{G}']}}", GIVEN)))
        .isEqualTo(Reason.DUPLICATE_DIGEST);
    assertThat(reasonOf(sdJwt("{'_sd':['{KR}'],'a':[{'...':'{KR}'}]}", KR)))
        .isEqualTo(Reason.DUPLICATE_DIGEST);
    // A digest repeated inside a Disclosure's value.
    Disclosure parent =
        Disclosure.ofClaim("p", "parent", Json.parse("{\"_sd\":[\"" + DECOY + "\"]}"));
    assertThat(reasonOf(sdJwt("{'_sd':['" + parent.digest() + "','{DECOY}']}", parent)))
        .isEqualTo(Reason.DUPLICATE_DIGEST);
  }

  @Test
  void rejectsTheSameDisclosureSentTwice() {
    assertThat(reasonOf(sdJwt("{'_sd':['{G}']}", GIVEN, GIVEN)))
        .isEqualTo(Reason.DUPLICATE_DISCLOSURE);
  }

  @Test
  void rejectsUnreferencedDisclosures() {
    assertThat(reasonOf(sdJwt("{'_sd':['{G}']}", GIVEN, FAMILY)))
        .isEqualTo(Reason.UNREFERENCED_DISCLOSURE);
    // A child whose parent is withheld is unreferenced too.
    Disclosure child = Disclosure.ofClaim("c", "street", TextNode.valueOf("x"));
    Disclosure parent =
        Disclosure.ofClaim("p", "address", Json.parse("{\"_sd\":[\"" + child.digest() + "\"]}"));
    assertThat(reasonOf(sdJwt("{'_sd':['" + parent.digest() + "']}", child)))
        .isEqualTo(Reason.UNREFERENCED_DISCLOSURE);
  }

  @Test
  void rejectsClaimNameCollisions() {
    assertThat(reasonOf(sdJwt("{'_sd':['{G}'],'given':'plain'}", GIVEN)))
        .isEqualTo(Reason.CLAIM_NAME_COLLISION);
    Disclosure again = Disclosure.ofClaim("other-salt", "given", TextNode.valueOf("G2"));
    assertThat(reasonOf(sdJwt("{'_sd':['{G}','" + again.digest() + "']}", GIVEN, again)))
        .isEqualTo(Reason.CLAIM_NAME_COLLISION);
  }

  @Test
  void rejectsDisclosuresOfTheWrongKind() {
    assertThat(reasonOf(sdJwt("{'_sd':['{KR}']}", KR))).isEqualTo(Reason.INVALID_DISCLOSURE);
    assertThat(reasonOf(sdJwt("{'a':[{'...':'{G}'}]}", GIVEN)))
        .isEqualTo(Reason.INVALID_DISCLOSURE);
  }

  @Test
  void rejectsMalformedDigestContainers() {
    assertThat(reasonOf(sdJwt("{'_sd':'{G}'}", GIVEN))).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(sdJwt("{'_sd':['{G}',1]}", GIVEN))).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(sdJwt("{'a':[{'...':'{KR}','b':1}]}", KR))).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(sdJwt("{'a':[{'...':1}]}"))).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(sdJwt("{'...':'{KR}'}", KR))).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(sdJwt("{'a':{'...':'x'}}"))).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void rejectsAPayloadThatIsNotAnObject() {
    Jws jws = Jws.sign(Json.object(), "[1]".getBytes(java.nio.charset.StandardCharsets.UTF_8), KEY);

    assertThat(reasonOf(SdJwt.of(jws, List.of(), null))).isEqualTo(Reason.MALFORMED);
  }

  @Test
  void pointersEscapeSlashAndTilde() throws SdJwtException {
    Disclosure d = Disclosure.ofClaim("s", "a/b~c", TextNode.valueOf("v"));

    assertThat(SdJwtProcessor.process(sdJwt("{'_sd':['" + d.digest() + "']}", d)).disclosedPaths())
        .containsExactly("/a~1b~0c");
  }

  @Test
  void boundsTheDepthOfRecursiveDisclosures() throws SdJwtException {
    // Each level is small, but together they would nest beyond Json.MAX_DEPTH.
    ObjectNode claims = Json.object();
    ObjectNode level = claims;
    List<String> pointers = new ArrayList<>();
    StringBuilder pointer = new StringBuilder();
    for (int i = 0; i < Json.MAX_DEPTH + 5; i++) {
      level = level.putObject("n");
      pointer.append("/n");
      pointers.add(pointer.toString());
    }
    SdJwt deep =
        SdJwtIssuer.forClaims(claims).selectivelyDisclosable(pointers).issue(KEY, Json.object());

    assertThat(reasonOf(deep)).isEqualTo(Reason.MALFORMED);
    assertThat(reasonOf(deep.select(d -> true))).isEqualTo(Reason.MALFORMED);
    assertThat(SdJwtProcessor.process(deep.select(d -> false)).payload()).isEqualTo(Json.object());
  }

  @Test
  void processingDoesNotChangeTheSdJwt() throws SdJwtException {
    SdJwt s = sdJwt("{'_sd':['{G}'],'c':[{'...':'{KR}'}]}", GIVEN, KR);
    String before = s.serialize();
    JsonNode first = processed(s);
    ((ObjectNode) first).put("given", "changed");

    assertThat(processed(s).get("given").textValue()).isEqualTo("G");
    assertThat(s.serialize()).isEqualTo(before);
  }
}
