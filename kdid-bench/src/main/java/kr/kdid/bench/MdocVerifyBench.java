package kr.kdid.bench;

import com.upokecenter.cbor.CBORObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import kr.kdid.core.crypto.P256Key;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.credentials.mdoc.Iso18013_5;
import kr.kdid.credentials.mdoc.IssuerSigned;
import kr.kdid.credentials.mdoc.IssuerTrust;
import kr.kdid.credentials.mdoc.MdocCertificates;
import kr.kdid.credentials.mdoc.MdocException;
import kr.kdid.credentials.mdoc.MdocHolder;
import kr.kdid.credentials.mdoc.MdocIssuer;
import kr.kdid.credentials.mdoc.MdocValues;
import kr.kdid.credentials.mdoc.MdocVerifier;
import kr.kdid.credentials.mdoc.SessionTranscript;
import kr.kdid.credentials.mdoc.ValidityInfo;
import kr.kdid.credentials.status.StatusReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifying one ISO/IEC 18013-5 DeviceResponse (an mDL with six disclosed elements, OpenID4VP
 * redirect SessionTranscript), in one thread, measured in the same run as its baselines:
 *
 * <ul>
 *   <li>{@code bcEs256Verify}: one raw BouncyCastle ES256 verification with a reused key (as the
 *       document signer's key is), and {@code bcEs256VerifyFreshKey} with a key decoded for the
 *       first time (as each holder's device key is);
 *   <li>{@code mdocVerify}: {@link MdocVerifier#verify}: CBOR decoding of the whole response, DS
 *       certificate trust against the IACA root (its chain signature cached after the first time,
 *       validity checked every time), issuerAuth signature, MSO parsing, docType, six value digests
 *       over the original item bytes, validityInfo, and the deviceSignature over
 *       DeviceAuthenticationBytes with the MSO's device key.
 * </ul>
 *
 * <p>Each of the 64 rotated responses is a separate credential with its own device key, so the
 * deviceSignature is always verified with a key decoded from the MSO for the first time: one
 * response costs one reused-key plus one fresh-key verification, and the fair per-signature
 * baseline is {@code 2 / (1 / bcEs256Verify + 1 / bcEs256VerifyFreshKey)}, with a ceiling of 0.5
 * responses per baseline signature.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// The verification path (CBOR library, COSE, MSO) takes longer to reach C2 than a bare verify.
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {BenchJvm.XMS, BenchJvm.XMX, BenchJvm.PRETOUCH, BenchJvm.NATIVE_ACCESS})
public class MdocVerifyBench {
  private static final int N = 64;
  private static final String NS = Iso18013_5.MDL_NAMESPACE;

  private final byte[][] responses = new byte[N][];
  private final byte[][] messages = new byte[N][];
  private final byte[][] signatures = new byte[N][];
  private final byte[][] encodedKeys = new byte[N][];
  private byte[][] reusedSignatures;
  private VerificationKey reusedKey;
  private MdocVerifier verifier;
  private SessionTranscript transcript;
  private int i;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    SecureRandom random = new SecureRandom();
    Instant now = Instant.now();
    SoftwareKey iacaKey = SoftwareKey.generate(SignatureAlgorithm.ES256, random);
    X509Certificate iaca =
        MdocCertificates.createIaca(
            iacaKey,
            "K-DID bench IACA",
            "KR",
            "https://kdid.kr/iaca",
            now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(3650)),
            random);
    SoftwareKey dsKey = SoftwareKey.generate(SignatureAlgorithm.ES256, random);
    X509Certificate ds =
        MdocCertificates.createDocumentSigner(
            iacaKey,
            iaca,
            (P256Key) dsKey.publicKey(),
            "K-DID bench DS",
            "https://kdid.kr/iaca",
            now.minus(Duration.ofDays(1)),
            now.plus(Duration.ofDays(365)),
            random);
    MdocIssuer issuer = new MdocIssuer(dsKey, ds, random);
    transcript =
        SessionTranscript.openId4VpRedirect(
            "x509_san_dns:verifier.kdid.kr",
            "bench-nonce-0123456789abcdef",
            Optional.empty(),
            "https://verifier.kdid.kr/response");
    Map<String, CBORObject> elements = new LinkedHashMap<>();
    elements.put("family_name", MdocValues.of("홍"));
    elements.put("given_name", MdocValues.of("길동"));
    elements.put("birth_date", MdocValues.of(LocalDate.of(1990, 3, 1)));
    elements.put("document_number", MdocValues.of("11-22-333333-44"));
    elements.put("age_over_18", MdocValues.of(true));
    elements.put("age_over_19", MdocValues.of(true));
    for (int j = 0; j < N; j++) {
      SoftwareKey device = SoftwareKey.generate(SignatureAlgorithm.ES256, random);
      IssuerSigned credential =
          issuer.issue(
              new MdocIssuer.Request(
                  Iso18013_5.MDL_DOCTYPE,
                  Map.of(NS, elements),
                  (P256Key) device.publicKey(),
                  new ValidityInfo(
                      now.minusSeconds(60), now.minusSeconds(60), now.plus(Duration.ofDays(90))),
                  Optional.of(new StatusReference(1000 + j, "https://issuer.kdid.kr/status/1"))));
      responses[j] =
          MdocHolder.respond(
                  MdocHolder.present(credential, Map.of(NS, elements.keySet()), transcript, device))
              .encode();
      messages[j] = ("message-" + j + "-" + "x".repeat(200)).getBytes(StandardCharsets.US_ASCII);
      SoftwareKey fresh = SoftwareKey.generate(SignatureAlgorithm.ES256, random);
      signatures[j] = fresh.sign(messages[j]);
      encodedKeys[j] = fresh.publicKey().encoded();
    }
    // The reused-key baseline verifies the same messages with one key (its own signatures).
    SoftwareKey reused = SoftwareKey.generate(SignatureAlgorithm.ES256, random);
    reusedKey = reused.publicKey();
    reusedSignatures = new byte[N][];
    for (int j = 0; j < N; j++) {
      reusedSignatures[j] = reused.sign(messages[j]);
    }
    verifier = new MdocVerifier(IssuerTrust.iacaRoots(List.of(iaca)), Clock.systemUTC());
    for (byte[] r : responses) {
      if (verifier.verify(r, transcript).get(0).elements().get(NS).size() != 6) {
        throw new IllegalStateException("a benchmark response does not verify");
      }
    }
  }

  @Benchmark
  public boolean bcEs256Verify() {
    int j = i++ & (N - 1);
    return ((P256Key) reusedKey).verifyWithBouncyCastle(messages[j], reusedSignatures[j]);
  }

  @Benchmark
  public boolean bcEs256VerifyFreshKey() {
    int j = i++ & (N - 1);
    return P256Key.fromEncoded(encodedKeys[j]).verifyWithBouncyCastle(messages[j], signatures[j]);
  }

  @Benchmark
  public int mdocVerify() throws MdocException {
    return verifier.verify(responses[i++ & (N - 1)], transcript).size();
  }
}
