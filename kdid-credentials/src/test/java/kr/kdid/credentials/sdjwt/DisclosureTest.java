package kr.kdid.credentials.sdjwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.sdjwt.SdJwtException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DisclosureTest {

  private static String b64(String json) {
    return Base64Url.encode(json.getBytes(StandardCharsets.UTF_8));
  }

  private static Reason reasonOf(String encoded) {
    try {
      Disclosure.parse(encoded);
    } catch (SdJwtException e) {
      return e.reason();
    }
    throw new AssertionError("accepted: " + encoded);
  }

  @Test
  void keepsTheEncodingAndHashesTheString() throws SdJwtException {
    // Whitespace and escapes are free; the digest is over the string as sent.
    String a = b64("[\"s\", \"n\", \"\\u00e9\"]");
    String b = b64("[\"s\",\"n\",\"é\"]");

    Disclosure da = Disclosure.parse(a);
    Disclosure db = Disclosure.parse(b);

    assertThat(da.encoded()).isEqualTo(a);
    assertThat(da.value()).isEqualTo(db.value());
    assertThat(da.digest()).isNotEqualTo(db.digest()).isEqualTo(Digests.of(a));
  }

  @Test
  void ofClaimAndOfArrayElementRoundTrip() throws SdJwtException {
    ObjectNode value = Json.object().put("street", "Sejong-daero 209");
    Disclosure claim = Disclosure.ofClaim("salt1", "address", value);
    Disclosure element = Disclosure.ofArrayElement("salt2", TextNode.valueOf("KR"));

    assertThat(Disclosure.parse(claim.encoded())).isEqualTo(claim);
    assertThat(claim.name()).isEqualTo("address");
    assertThat(claim.value()).isEqualTo(value);
    assertThat(claim.isArrayElement()).isFalse();
    assertThat(Disclosure.parse(element.encoded())).isEqualTo(element);
    assertThat(element.name()).isNull();
    assertThat(element.isArrayElement()).isTrue();
  }

  @Test
  void valueIsACopy() {
    Disclosure d = Disclosure.ofClaim("s", "o", Json.object().put("a", 1));
    ((ObjectNode) d.value()).put("a", 2);

    assertThat(d.value().get("a").intValue()).isEqualTo(1);
  }

  @Test
  void toStringShowsNeitherSaltNorValue() {
    Disclosure d = Disclosure.ofClaim("secret-salt", "name", TextNode.valueOf("Hong Gildong"));

    assertThat(d.toString()).contains(d.digest(), "name").doesNotContain("secret-salt", "Hong");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "[\"s\"]",
        "[\"s\", \"n\", 1, 2]",
        "{\"s\": 1}",
        "\"s\"",
        "[1, \"n\", \"v\"]",
        "[\"s\", 2, \"v\"]",
        "[null, \"v\"]",
        "[\"s\", \"n\", \"v\"] x",
        "[\"s\", {\"a\": 1, \"a\": 2}]"
      })
  void rejectsWrongShapes(String json) {
    assertThat(reasonOf(b64(json))).isEqualTo(Reason.INVALID_DISCLOSURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not base64!", "WyJzIiwgInYiXQ==", "a", "WyJzIiwg+nYiXQ"})
  void rejectsBadEncodings(String encoded) {
    assertThat(reasonOf(encoded)).isEqualTo(Reason.INVALID_DISCLOSURE);
  }

  @Test
  void rejectsInvalidUtf8() {
    String encoded = Base64Url.encode(new byte[] {'[', '"', (byte) 0xff, '"', ',', '1', ']'});

    assertThat(reasonOf(encoded)).isEqualTo(Reason.INVALID_DISCLOSURE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"_sd", "...", "_sd_alg"})
  void rejectsReservedClaimNames(String name) {
    assertThat(reasonOf(b64("[\"s\", \"" + name + "\", 1]")))
        .isEqualTo(Reason.FORBIDDEN_CLAIM_NAME);
    assertThatThrownBy(() -> Disclosure.ofClaim("s", name, TextNode.valueOf("v")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void arrayElementsMayDiscloseAnyValue() throws SdJwtException {
    for (String v : new String[] {"null", "true", "1.5", "[1,[2]]", "{\"_sd\":[]}"}) {
      JsonNode value = Disclosure.parse(b64("[\"s\"," + v + "]")).value();
      assertThat(value).isEqualTo(Json.parse(v));
    }
  }

  @Test
  void canonicalConstructorChecksConsistency() throws SdJwtException {
    Disclosure d = Disclosure.ofClaim("s", "n", TextNode.valueOf("v"));

    assertThat(new Disclosure(d.encoded(), "s", "n", TextNode.valueOf("v"), d.digest()))
        .isEqualTo(d);
    assertThatThrownBy(
            () -> new Disclosure(d.encoded(), "s", "n", TextNode.valueOf("forged"), d.digest()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Disclosure(d.encoded(), "s", "other", TextNode.valueOf("v"), d.digest()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Disclosure(d.encoded(), "s", "n", TextNode.valueOf("v"), "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
