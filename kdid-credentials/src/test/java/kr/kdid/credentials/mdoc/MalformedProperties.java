package kr.kdid.credentials.mdoc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import kr.kdid.core.crypto.P256Key;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.credentials.mdoc.MdocFixtures.Pki;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Damaged DeviceResponses, IssuerSigned and DeviceRequests never escape as anything but an {@link
 * MdocException}: random byte flips, truncations and insertions either still verify (the change hit
 * something unsigned and harmless) or are rejected with a reason.
 */
class MalformedProperties {
  private static byte[] response;
  private static byte[] issued;
  private static MdocVerifier verifier;
  private static SessionTranscript transcript;
  private static final byte[] ANNEX_D_REQUEST =
      MdocFixtures.hex("iso18013-5-annexD/device_request.hex");
  private static final byte[] EUDI =
      MdocFixtures.hex("mdoc-eudi-issuer-sample/eudi_mdl_age_over_18_document.hex");

  @BeforeContainer
  static void setUp() throws Exception {
    Pki pki = Pki.generate("Fuzz");
    SoftwareKey device = SoftwareKey.generate(SignatureAlgorithm.ES256);
    IssuerSigned c = MdocFixtures.issueMdl(pki, (P256Key) device.publicKey(), "길동");
    issued = c.encode();
    transcript = MdocFixtures.transcript(MdocFixtures.NONCE);
    response =
        MdocHolder.respond(
                MdocHolder.present(
                    c,
                    java.util.Map.of(
                        Iso18013_5.MDL_NAMESPACE, java.util.Set.of("given_name", "birth_date")),
                    transcript,
                    device))
            .encode();
    verifier = new MdocVerifier(pki.trust(), MdocFixtures.clockAt(MdocFixtures.T0));
  }

  private static byte[] damage(byte[] good, long seed, int edits) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] b = good.clone();
    for (int i = 0; i < edits; i++) {
      int kind = r.nextInt(4);
      if (kind == 0 && b.length > 1) {
        b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
      } else if (kind == 1) {
        int at = r.nextInt(b.length + 1);
        byte[] n = new byte[b.length + 1];
        System.arraycopy(b, 0, n, 0, at);
        n[at] = (byte) r.nextInt(256);
        System.arraycopy(b, at, n, at + 1, b.length - at);
        b = n;
      } else if (b.length > 0) {
        b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
      }
    }
    return b;
  }

  @Property(tries = 400)
  void damagedResponsesFailOnlyWithMdocException(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int edits) {
    byte[] bad = damage(response, seed, edits);
    try {
      List<VerifiedDocument> docs = verifier.verify(bad, transcript);
      assertThat(docs).isNotEmpty();
    } catch (MdocException e) {
      assertThat(e.reason()).isNotNull();
    }
  }

  @Property(tries = 300)
  void damagedIssuerSignedFailsOnlyWithMdocException(@ForAll long seed) {
    try {
      IssuerSigned s = IssuerSigned.decode(damage(issued, seed, 1));
      s.mso();
    } catch (MdocException e) {
      assertThat(e.reason()).isNotNull();
    }
  }

  @Property(tries = 200)
  void damagedVectorsFailOnlyWithMdocException(@ForAll long seed) {
    try {
      DeviceRequest.decode(damage(ANNEX_D_REQUEST, seed, 1))
          .docRequests()
          .forEach(
              r -> {
                try {
                  r.verifyReaderAuth(transcript);
                } catch (MdocException e) {
                  assertThat(e.reason()).isNotNull();
                }
              });
    } catch (MdocException e) {
      assertThat(e.reason()).isNotNull();
    }
    try {
      Document.decode(damage(EUDI, seed, 1)).issuerSigned().mso();
    } catch (MdocException e) {
      assertThat(e.reason()).isNotNull();
    }
  }
}
