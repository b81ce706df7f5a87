package kr.kdid.credentials.sdjwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target for what a verifier does first with a presented SD-JWT: parse the serialization and
 * process the disclosures against the issuer-signed payload (digests, recursive disclosures, the
 * reserved claim names). A wallet controls all of it, so whatever the input, the result must be a
 * processed credential or an {@link SdJwtException}: any other exception would surface as a 500 at
 * the verifier.
 *
 * <p>Under {@code ./kdid test} this runs in regression mode, once on each seed (the RFC 9901 and
 * SD-JWT VC examples, in {@code
 * src/test/resources/kr/kdid/credentials/sdjwt/SdJwtFuzzTestInputs/}). docs/testing.md says how to
 * fuzz.
 */
class SdJwtFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void parseAndProcess(byte[] input) {
    String text = new String(input, StandardCharsets.ISO_8859_1);
    SdJwt sdJwt;
    try {
      sdJwt = SdJwt.parse(text);
    } catch (SdJwtException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    try {
      SdJwtProcessor.process(sdJwt);
    } catch (SdJwtException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
