package kr.kdid.bench;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import kr.kdid.core.crypto.Ed25519Key;
import kr.kdid.core.crypto.Jca;
import kr.kdid.core.crypto.NativeP256;
import kr.kdid.core.crypto.P256Key;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.crypto.VerificationKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signature verification, one thread: BouncyCastle, native code (AWS-LC through the Amazon Corretto
 * Crypto Provider, decision 0011) and the JDK's SunEC, for ES256 and Ed25519. K-DID verifies ES256
 * natively where the provider is present (nodes and services) and Ed25519 with BouncyCastle. The
 * BouncyCastle ES256 score is the baseline the ledger and presentation benchmarks are measured
 * against.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {BenchJvm.XMS, BenchJvm.XMX, BenchJvm.PRETOUCH, BenchJvm.NATIVE_ACCESS})
public class SignatureBench {
  private static final int N = 64;

  @Param({"ES256", "EdDSA"})
  public String alg;

  /**
   * "bc": BouncyCastle. "native": for ES256 K-DID's own path ({@link P256Key#verify} with {@link
   * NativeP256} active), for Ed25519 the same provider through the JCA. "jdk": SunEC.
   */
  @Param({"bc", "native", "jdk"})
  public String impl;

  /**
   * "reused": one key verifies everything, as for an issuer or node key that signs many times
   * (BouncyCastle then switches to its faster fixed-point algorithm). "fresh": every verification
   * uses a key never seen before, decoded from its bytes, as for a newly created DID.
   */
  @Param({"reused", "fresh"})
  public String keys;

  private VerificationKey key;
  private final byte[][] encodedKeys = new byte[N][];
  private Signature jdk;
  private final byte[][] messages = new byte[N][];
  private final byte[][] signatures = new byte[N][];
  private int i;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    SignatureAlgorithm a = SignatureAlgorithm.fromJwsName(alg);
    SoftwareKey k = SoftwareKey.generate(a);
    key = k.publicKey();
    for (int j = 0; j < N; j++) {
      messages[j] =
          ("eyJhbGciOiJFUzI1NiIsInR5cCI6ImtkaWQtdHgifQ.payload-" + j + "-" + "x".repeat(200))
              .getBytes(StandardCharsets.US_ASCII);
      SoftwareKey signer = keys.equals("fresh") ? SoftwareKey.generate(a) : k;
      signatures[j] = signer.sign(messages[j]);
      encodedKeys[j] = signer.publicKey().encoded();
    }
    String jcaAlg = a == SignatureAlgorithm.ES256 ? "SHA256withECDSAinP1363Format" : "Ed25519";
    if (impl.equals("native")) {
      if (a == SignatureAlgorithm.ES256 && !NativeP256.active()) {
        throw new IllegalStateException("native verification is off: " + NativeP256.status());
      }
      jdk = Signature.getInstance(jcaAlg, AmazonCorrettoCryptoProvider.INSTANCE);
    } else {
      jdk = Signature.getInstance(jcaAlg, "SunEC");
    }
    jdk.initVerify(Jca.publicKey(key));
  }

  @Benchmark
  public boolean verify() throws Exception {
    int j = i++ & (N - 1);
    boolean fresh = keys.equals("fresh");
    if (impl.equals("bc") || (impl.equals("native") && alg.equals("ES256"))) {
      VerificationKey k = fresh ? decode(encodedKeys[j]) : key;
      if (impl.equals("bc") && k instanceof P256Key p) {
        return p.verifyWithBouncyCastle(messages[j], signatures[j]);
      }
      return k.verify(messages[j], signatures[j]);
    }
    if (fresh) {
      jdk.initVerify(Jca.publicKey(decode(encodedKeys[j])));
    }
    jdk.update(messages[j]);
    return jdk.verify(signatures[j]);
  }

  private VerificationKey decode(byte[] encoded) {
    return alg.equals("ES256") ? P256Key.fromEncoded(encoded) : Ed25519Key.fromEncoded(encoded);
  }
}
