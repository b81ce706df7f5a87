package kr.kdid.credentials.mdoc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Fuzz targets for the CBOR structures an mdoc verifier or holder receives from the other side: a
 * DeviceResponse (from a wallet) and a DeviceRequest (from a reader). Whatever the bytes, the
 * answer must be a result or an {@link MdocException}: any other exception would surface as a 500
 * at the verifier or crash the holder's app.
 *
 * <p>The DeviceResponse goes through the whole verifier, with ISO/IEC 18013-5 Annex D's document
 * signer pinned and its time, so inputs close to the Annex D seed reach the checks after the
 * issuer's signature. Under {@code ./kdid test} these run in regression mode, once on each seed (in
 * {@code src/test/resources/kr/kdid/credentials/mdoc/MdocFuzzTestInputs/}); docs/testing.md says
 * how to fuzz.
 */
class MdocFuzzTest {
  private static final String D = "iso18013-5-annexD/";
  private static final MdocVerifier VERIFIER = annexDVerifier();

  private static MdocVerifier annexDVerifier() {
    try {
      X509Certificate ds =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(MdocFixtures.hex(D + "ds_cert.hex")));
      return new MdocVerifier(
          IssuerTrust.pinned(List.of(ds)),
          MdocFixtures.clockAt(Instant.parse("2021-03-01T00:00:00Z")));
    } catch (Exception e) {
      throw new IllegalStateException("the Annex D certificate does not load", e);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void deviceResponse(byte[] input) throws Exception {
    SessionTranscript transcript =
        SessionTranscript.decodeTagged(MdocFixtures.hex(D + "session_transcript_bytes.hex"));
    try {
      List<VerifiedDocument> docs = VERIFIER.verify(input, transcript, Optional.empty());
      // Only the Annex D issuer is trusted, and its document authenticates with deviceMac, which
      // needs the reader's key: nothing a fuzzer makes can verify.
      throw new AssertionError("verified what it should not have: " + docs);
    } catch (MdocException e) {
      assertThat(e.reason()).isNotNull();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void deviceRequest(byte[] input) {
    try {
      DeviceRequest.decode(input);
    } catch (MdocException e) {
      assertThat(e.reason()).isNotNull();
    }
  }
}
