package kr.kdid.credentials.mdoc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.Sha256;
import kr.kdid.credentials.Vectors;
import org.junit.jupiter.api.Test;

/** OpenID4VP 1.0 Appendix B.2.6 handovers, byte for byte against the spec's examples. */
class SessionTranscriptTest {
  private static final String V = "oid4vp-1.0/mdoc_session_transcript/";
  private static final Jwk KEY = Jwk.parse(Vectors.text(V + "verifier_enc_jwk.json"));

  @Test
  void redirectHandover() {
    byte[] info =
        SessionTranscript.openId4VpHandoverInfo(
            "x509_san_dns:example.com",
            "exc7gBkxjx1rdc9udRrveKvSsJIq80avlXeLHhGwqtA",
            Optional.of(SessionTranscript.thumbprint(KEY)),
            "https://example.com/response");
    assertThat(info).isEqualTo(MdocFixtures.hex(V + "redirects_OpenID4VPHandoverInfo.hex"));
    SessionTranscript t =
        SessionTranscript.openId4VpRedirect(
            "x509_san_dns:example.com",
            "exc7gBkxjx1rdc9udRrveKvSsJIq80avlXeLHhGwqtA",
            KEY,
            "https://example.com/response");
    assertThat(t.encoded()).isEqualTo(MdocFixtures.hex(V + "redirects_SessionTranscript.hex"));
    byte[] handover = MdocFixtures.hex(V + "redirects_OpenID4VPHandover.hex");
    assertThat(t.encoded()).endsWith(handover);
  }

  @Test
  void dcApiHandover() {
    byte[] info =
        SessionTranscript.openId4VpDcApiHandoverInfo(
            "https://example.com",
            "exc7gBkxjx1rdc9udRrveKvSsJIq80avlXeLHhGwqtA",
            Optional.of(SessionTranscript.thumbprint(KEY)));
    assertThat(info).isEqualTo(MdocFixtures.hex(V + "dc_api_OpenID4VPDCAPIHandoverInfo.hex"));
    SessionTranscript t =
        SessionTranscript.openId4VpDcApi(
            "https://example.com", "exc7gBkxjx1rdc9udRrveKvSsJIq80avlXeLHhGwqtA", KEY);
    assertThat(t.encoded()).isEqualTo(MdocFixtures.hex(V + "dc_api_SessionTranscript.hex"));
    assertThat(t.encoded()).endsWith(MdocFixtures.hex(V + "dc_api_OpenID4VPDCAPIHandover.hex"));
  }

  @Test
  void thumbprintIsRfc7638OfThePublicKey() {
    assertThat(SessionTranscript.thumbprint(KEY)).isEqualTo(Sha256.hash(KEY.thumbprintInput()));
    assertThat(kr.kdid.core.encoding.Base64Url.encode(SessionTranscript.thumbprint(KEY)))
        .isEqualTo(KEY.thumbprint());
  }

  @Test
  void withoutEncryptionTheThumbprintIsNull() {
    byte[] info =
        SessionTranscript.openId4VpDcApiHandoverInfo("https://a.example", "n", Optional.empty());
    // [ "https://a.example", "n", null ]
    assertThat(info[0] & 0xff).isEqualTo(0x83);
    assertThat(info[info.length - 1] & 0xff).isEqualTo(0xf6);
  }

  @Test
  void taggedRoundTrip() throws MdocException {
    SessionTranscript t = MdocFixtures.transcript("abc");
    assertThat(SessionTranscript.decodeTagged(t.taggedBytes())).isEqualTo(t);
    assertThat(SessionTranscript.decode(t.encoded())).isEqualTo(t);
  }
}
