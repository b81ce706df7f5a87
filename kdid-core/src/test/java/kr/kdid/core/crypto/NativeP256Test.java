package kr.kdid.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyFactorySpi;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SignatureSpi;
import java.security.spec.KeySpec;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The native verifier must give BouncyCastle's answer on every input: valid signatures, every kind
 * of broken one, and r or s at and beyond the group order.
 */
class NativeP256Test {
  private static final BigInteger N = P256.CURVE.getN();
  private static final SoftwareKey KEY = SoftwareKey.generate(SignatureAlgorithm.ES256);
  private static final P256Key PUB = (P256Key) KEY.publicKey();

  private static boolean onLinuxX64() {
    return System.getProperty("os.name").toLowerCase().contains("linux")
        && System.getProperty("os.arch").matches("amd64|x86_64");
  }

  @Test
  void theProviderOnTheTestClassPathIsActiveOnLinuxX64() {
    assumeTrue(onLinuxX64(), "the shipped native library is for linux-x86_64");
    assertThat(NativeP256.active()).as(NativeP256.status()).isTrue();
    assertThat(NativeP256.status()).startsWith("AWS-LC (AmazonCorrettoCryptoProvider ");
  }

  @Property(tries = 200)
  void validSignaturesVerifyInBoth(@ForAll @Size(max = 600) byte[] message) {
    byte[] sig = KEY.sign(message);
    assertThat(PUB.verify(message, sig)).isTrue();
    assertThat(PUB.verifyDigest(Sha256.hash(message), sig)).isTrue();
    assertThat(PUB.bcVerify(Sha256.hash(message), sig)).isTrue();
  }

  @Property(tries = 300)
  void aFlippedBitFailsInBoth(
      @ForAll @Size(max = 200) byte[] message, @ForAll @IntRange(max = 511) int bit) {
    byte[] sig = KEY.sign(message);
    sig[bit / 8] ^= (byte) (1 << (bit % 8));
    bothSay(false, message, sig);
  }

  @Property(tries = 300)
  void anyRAndSGetTheSameAnswerFromBoth(
      @ForAll("scalars") BigInteger r, @ForAll("scalars") BigInteger s) {
    byte[] message = "any r and s".getBytes(StandardCharsets.UTF_8);
    byte[] sig = rs(r, s);
    boolean bc = PUB.bcVerify(Sha256.hash(message), sig);
    assertThat(PUB.verify(message, sig)).isEqualTo(bc);
    assertThat(PUB.verifyDigest(Sha256.hash(message), sig)).isEqualTo(bc);
  }

  @Provide
  Arbitrary<BigInteger> scalars() {
    BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    return Arbitraries.oneOf(
        Arbitraries.bigIntegers().between(BigInteger.ZERO, max),
        Arbitraries.of(
            BigInteger.ZERO,
            BigInteger.ONE,
            N.subtract(BigInteger.ONE),
            N,
            N.add(BigInteger.ONE),
            max,
            BigInteger.ONE.shiftLeft(255),
            BigInteger.valueOf(0x7f)));
  }

  @Test
  void edgeCasesAgree() {
    byte[] message = "edge".getBytes(StandardCharsets.UTF_8);
    byte[] sig = KEY.sign(message);
    BigInteger r = new BigInteger(1, Arrays.copyOf(sig, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
    // The other s of the pair (ECDSA is malleable): both libraries accept it.
    bothSay(true, message, rs(r, N.subtract(s)));
    // r or s pushed out of [1, n-1] by adding n: same residue, but both must refuse.
    bothSay(false, message, rs(r, s.add(N).mod(BigInteger.ONE.shiftLeft(256))));
    bothSay(false, message, rs(BigInteger.ZERO, s));
    bothSay(false, message, rs(r, BigInteger.ZERO));
    bothSay(false, message, rs(N, s));
    bothSay(false, message, new byte[64]);
    assertThat(PUB.verify(message, Arrays.copyOf(sig, 63))).isFalse();
    assertThat(PUB.verify(message, Arrays.copyOf(sig, 65))).isFalse();
    assertThat(PUB.verify(message, null)).isFalse();
    assertThat(PUB.verifyDigest(Sha256.hash(message), null)).isFalse();
    P256Key other = (P256Key) SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey();
    assertThat(other.verify(message, sig)).isFalse();
    assertThat(other.bcVerify(Sha256.hash(message), sig)).isFalse();
  }

  @Test
  void theModesAreChosenAsDocumented() {
    Provider none = null;
    assertThat(NativeP256.choose("bc", () -> none).provider()).isNull();
    assertThat(NativeP256.choose("bc", () -> none).status())
        .isEqualTo("BouncyCastle (kdid.crypto.verifier=bc)");
    NativeP256.choose("bc", () -> none).requireConfigured();

    NativeP256.Choice missing = NativeP256.choose(" AUTO ", () -> none);
    assertThat(missing.provider()).isNull();
    assertThat(missing.status()).contains("no AmazonCorrettoCryptoProvider on the class path");
    missing.requireConfigured();

    assertThatThrownBy(() -> NativeP256.choose("native", () -> none).requireConfigured())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no AmazonCorrettoCryptoProvider on the class path");
    assertThatThrownBy(() -> NativeP256.choose("fast", () -> none).requireConfigured())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("kdid.crypto.verifier=fast is not auto, bc or native");
    assertThatThrownBy(
            () ->
                NativeP256.choose(
                        "native",
                        () -> {
                          throw new java.util.ServiceConfigurationError("broken jar");
                        })
                    .requireConfigured())
        .hasMessageContaining("unusable")
        .hasMessageContaining("broken jar");
  }

  @Test
  void aProviderThatSaysYesToEverythingIsRefused() {
    NativeP256.Choice c = NativeP256.choose("native", YesProvider::new);
    assertThat(c.provider()).isNull();
    assertThat(c.status()).contains("refused").contains("known-answer check failed");
    assertThatThrownBy(c::requireConfigured).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theRealProviderPassesTheKnownAnswerCheck() {
    assumeTrue(onLinuxX64(), "the shipped native library is for linux-x86_64");
    NativeP256.Choice c =
        NativeP256.choose(
            "native",
            () -> {
              try {
                return (Provider)
                    Class.forName(
                            "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider")
                        .getField("INSTANCE")
                        .get(null);
              } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
              }
            });
    assertThat(c.provider()).as(c.status()).isNotNull();
    c.requireConfigured();
  }

  private static void bothSay(boolean expected, byte[] message, byte[] sig) {
    assertThat(PUB.bcVerify(Sha256.hash(message), sig)).as("BouncyCastle").isEqualTo(expected);
    assertThat(PUB.verify(message, sig)).as("verify").isEqualTo(expected);
    assertThat(PUB.verifyDigest(Sha256.hash(message), sig)).as("verifyDigest").isEqualTo(expected);
  }

  private static byte[] rs(BigInteger r, BigInteger s) {
    byte[] out = new byte[64];
    System.arraycopy(P256.fixed32(r), 0, out, 0, 32);
    System.arraycopy(P256.fixed32(s), 0, out, 32, 32);
    return out;
  }

  /** A provider whose signatures verify whatever they are given. */
  static final class YesProvider extends Provider {
    private static final long serialVersionUID = 1L;

    YesProvider() {
      super("YesProvider", "1", "accepts every signature");
      put("KeyFactory.EC", JdkEcKeyFactory.class.getName());
      put("Signature.SHA256withECDSAinP1363Format", Yes.class.getName());
      put("Signature.NONEwithECDSA", Yes.class.getName());
    }
  }

  /** Delegates to the JDK's EC key factory. */
  public static final class JdkEcKeyFactory extends KeyFactorySpi {
    private final KeyFactory jdk;

    public JdkEcKeyFactory() throws GeneralSecurityException {
      jdk = KeyFactory.getInstance("EC");
    }

    @Override
    protected PublicKey engineGeneratePublic(KeySpec spec)
        throws java.security.spec.InvalidKeySpecException {
      return jdk.generatePublic(spec);
    }

    @Override
    protected PrivateKey engineGeneratePrivate(KeySpec spec)
        throws java.security.spec.InvalidKeySpecException {
      return jdk.generatePrivate(spec);
    }

    @Override
    protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> spec)
        throws java.security.spec.InvalidKeySpecException {
      return jdk.getKeySpec(key, spec);
    }

    @Override
    protected Key engineTranslateKey(Key key) throws InvalidKeyException {
      return jdk.translateKey(key);
    }
  }

  /** Says yes. */
  public static final class Yes extends SignatureSpi {
    @Override
    protected void engineInitVerify(PublicKey publicKey) {}

    @Override
    protected void engineInitSign(PrivateKey privateKey) {}

    @Override
    protected void engineUpdate(byte b) {}

    @Override
    protected void engineUpdate(byte[] b, int off, int len) {}

    @Override
    protected byte[] engineSign() {
      return new byte[0];
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) {
      return true;
    }

    @Override
    @SuppressWarnings("deprecation")
    protected void engineSetParameter(String param, Object value) {}

    @Override
    @SuppressWarnings("deprecation")
    protected Object engineGetParameter(String param) {
      return null;
    }
  }
}
