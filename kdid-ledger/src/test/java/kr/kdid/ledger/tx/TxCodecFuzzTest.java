package kr.kdid.ledger.tx;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import kr.kdid.core.encoding.Base64Url;

/**
 * Fuzz targets for the transaction decoder, the first thing every node runs on bytes from the
 * network (at admission) and from the Raft log (when it prepares a block). Whatever the input,
 * {@link TxCodec#decode} must either return a transaction or refuse it with {@link
 * TxRejectedException}: any other exception would answer a client with a 500 at admission, and
 * would make every node refuse a whole block at apply time.
 *
 * <p>Under {@code ./kdid test} these run in regression mode: once on each committed seed input (in
 * {@code src/test/resources/kr/kdid/ledger/tx/TxCodecFuzzTestInputs/}). To fuzz, see
 * docs/testing.md: {@code JAZZER_FUZZ=1} with a time limit.
 */
class TxCodecFuzzTest {

  /** Checks the decoder's contract on one input. */
  private static void decodeOrRefuse(String jws) {
    Transaction tx;
    try {
      tx = TxCodec.decode(jws);
    } catch (TxRejectedException e) {
      assertThat(e.code()).isNotNull();
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    // Accepted: decoding is a pure function of the string, and keeps it as it came.
    assertThat(tx.encoded()).isEqualTo(jws);
    try {
      assertThat(TxCodec.decode(jws).idHex()).isEqualTo(tx.idHex());
    } catch (TxRejectedException e) {
      throw new AssertionError("decoded once, refused the second time: " + e.getMessage(), e);
    }
  }

  /** Any string at all (each byte taken as one character, non-ASCII included). */
  @FuzzTest(maxDuration = "30s")
  void anyString(byte[] input) {
    decodeOrRefuse(new String(input, StandardCharsets.ISO_8859_1));
  }

  /**
   * A protected header and a payload, given as text separated by a newline, encoded as a compact
   * JWS with a dummy signature: this reaches the JSON, canonical-form and body checks that random
   * strings seldom get past base64url.
   */
  @FuzzTest(maxDuration = "30s")
  void anyHeaderAndPayload(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    int nl = text.indexOf('\n');
    String header = nl < 0 ? text : text.substring(0, nl);
    String payload = nl < 0 ? "" : text.substring(nl + 1);
    decodeOrRefuse(
        Base64Url.encode(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + Base64Url.encode(payload.getBytes(StandardCharsets.UTF_8))
            + "."
            + Base64Url.encode(new byte[64]));
  }
}
