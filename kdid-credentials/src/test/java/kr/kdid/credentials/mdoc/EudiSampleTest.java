package kr.kdid.credentials.mdoc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import kr.kdid.credentials.mdoc.MdocException.Reason;
import kr.kdid.credentials.status.StatusReference;
import org.junit.jupiter.api.Test;

/**
 * A real mDL from the EUDI reference issuer: non-canonical IssuerSignedItem key order, a text
 * "true" for age_over_18, an MSO status, and a deviceSignature over an ISO 18013-7 dcapi
 * transcript.
 */
class EudiSampleTest {
  private static final String E = "mdoc-eudi-issuer-sample/";

  private static Document document() throws MdocException {
    return Document.decode(MdocFixtures.hex(E + "eudi_mdl_age_over_18_document.hex"));
  }

  private static SessionTranscript transcript() throws MdocException {
    return SessionTranscript.decode(MdocFixtures.hex(E + "session_transcript_dcapi.hex"));
  }

  private static MdocVerifier verifier(Instant at) throws MdocException {
    Document d = document();
    IssuerTrust pinned =
        IssuerTrust.pinned(
            List.of(X509Support.jdk(d.issuerSigned().issuerAuth().x5chain().get(0))));
    return new MdocVerifier(pinned, MdocFixtures.clockAt(at));
  }

  @Test
  void verifiesWithDeviceSignature() throws Exception {
    VerifiedDocument v =
        verifier(MdocFixtures.T0).verifyDocument(document(), transcript(), Optional.empty());
    assertThat(v.deviceAuth()).isEqualTo(VerifiedDocument.DeviceAuthMethod.SIGNATURE);
    assertThat(v.element(Iso18013_5.MDL_NAMESPACE, "age_over_18").orElseThrow().AsString())
        .isEqualTo("true");
    assertThat(v.status())
        .contains(
            new StatusReference(
                6225,
                "https://issuer.eudiw.dev/token_status_list/FC/org.iso.18013.5.1.mDL/"
                    + "a801e2ef-fd10-42bd-8b25-b82afb4383f0"));
    assertThat(v.mso().status().orElseThrow().ContainsKey("identifier_list")).isTrue();
    assertThat(v.validity().validFrom()).isEqualTo(Instant.parse("2026-04-22T07:34:51Z"));
  }

  @Test
  void verifiesWrappedInADeviceResponse() throws Exception {
    byte[] response = DeviceResponse.of(List.of(document())).encode();
    assertThat(verifier(MdocFixtures.T0).verify(response, transcript())).hasSize(1);
  }

  @Test
  void digestIsOverTheOriginalNonCanonicalBytes() throws Exception {
    IssuerSignedItem item =
        document().issuerSigned().nameSpaces().get(Iso18013_5.MDL_NAMESPACE).get(0);
    byte[] tagged = item.taggedBytes();
    // d8 18 58 xx, then a map of 4 whose first key is "random" (canonical order would start with
    // "digestID"): a verifier that re-encoded the item would compute another digest.
    assertThat(tagged[4] & 0xff).isEqualTo(0xa4);
    assertThat(new String(tagged, 6, 6, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("random");
    byte[] reordered =
        IssuerSignedItem.create(
                item.digestId(), item.random(), item.elementIdentifier(), item.elementValue())
            .digest();
    MobileSecurityObject mso = document().issuerSigned().mso();
    assertThat(mso.digest(Iso18013_5.MDL_NAMESPACE, item.digestId()).orElseThrow())
        .isEqualTo(item.digest())
        .isNotEqualTo(reordered);
  }

  @Test
  void afterTheDsCertificateExpiredItIsRejected() {
    assertThatThrownBy(
            () ->
                verifier(Instant.parse("2026-07-10T00:00:00Z"))
                    .verifyDocument(document(), transcript(), Optional.empty()))
        .isInstanceOfSatisfying(
            MdocException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.ISSUER_CERTIFICATE_EXPIRED));
  }

  @Test
  void anotherTranscriptBreaksTheDeviceSignature() {
    assertThatThrownBy(
            () ->
                verifier(MdocFixtures.T0)
                    .verifyDocument(document(), MdocFixtures.transcript("n"), Optional.empty()))
        .isInstanceOfSatisfying(
            MdocException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.DEVICE_SIGNATURE_INVALID));
  }
}
