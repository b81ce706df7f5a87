package kr.kdid.core.crypto;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.ServiceLoader;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;

/**
 * P-256 ECDSA verification in native code, through the Amazon Corretto Crypto Provider (AWS-LC)
 * when it is on the class path (decision 0011). Nodes and services ship it; the wallet SDK does
 * not, and {@link P256Key} falls back to BouncyCastle wherever it is missing or refused.
 *
 * <p>Only verification goes native: it handles public data only. Signing stays on BouncyCastle.
 *
 * <p>The choice is made once, when the class loads, from the system property {@value #PROPERTY}:
 * {@code auto} (the default: native if the provider loads and passes a known-answer check), {@code
 * bc} (BouncyCastle only) or {@code native} (native, and {@link #requireConfigured()} fails if it
 * is not available).
 */
public final class NativeP256 {
  /** The system property that chooses the verifier. */
  public static final String PROPERTY = "kdid.crypto.verifier";

  private static final String PROVIDER_NAME = "AmazonCorrettoCryptoProvider";
  private static final String DIGEST_ALG = "NONEwithECDSA";

  private static final Choice CHOICE =
      choose(System.getProperty(PROPERTY, "auto"), NativeP256::find);
  private static final Provider PROVIDER = CHOICE.provider();
  private static final ECParameterSpec SPEC = CHOICE.spec();

  /** What {@link #choose} decided: the provider (null for BouncyCastle) and why. */
  record Choice(String mode, Provider provider, ECParameterSpec spec, String status) {
    /** See {@link NativeP256#requireConfigured()}. */
    void requireConfigured() {
      if (mode.equals("invalid") || (mode.equals("native") && provider == null)) {
        throw new IllegalStateException("signature verification: " + status);
      }
    }
  }

  /** Decides from the property's value, given a way to find the provider. */
  static Choice choose(String value, java.util.function.Supplier<Provider> finder) {
    String mode = value.trim().toLowerCase(java.util.Locale.ROOT);
    if (!mode.equals("auto") && !mode.equals("bc") && !mode.equals("native")) {
      return new Choice(
          "invalid",
          null,
          null,
          "BouncyCastle (" + PROPERTY + "=" + value + " is not auto, bc or native)");
    }
    if (mode.equals("bc")) {
      return new Choice(mode, null, null, "BouncyCastle (" + PROPERTY + "=bc)");
    }
    Provider found;
    try {
      found = finder.get();
    } catch (java.util.ServiceConfigurationError | LinkageError e) {
      return new Choice(
          mode, null, null, "BouncyCastle (" + PROVIDER_NAME + " unusable: " + e + ")");
    }
    if (found == null) {
      return new Choice(
          mode, null, null, "BouncyCastle (no " + PROVIDER_NAME + " on the class path)");
    }
    try {
      ECParameterSpec spec = p256Spec();
      selfTest(found, spec);
      return new Choice(
          mode, found, spec, "AWS-LC (" + found.getName() + " " + found.getVersionStr() + ")");
    } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
      return new Choice(
          mode, null, null, "BouncyCastle (" + PROVIDER_NAME + " refused: " + e + ")");
    }
  }

  private NativeP256() {}

  /** Whether P-256 verification runs in native code in this JVM. */
  public static boolean active() {
    return PROVIDER != null;
  }

  /** What verifies P-256 signatures here, and why, for start-up output and logs. */
  public static String status() {
    return CHOICE.status();
  }

  /**
   * Fails if the system property asks for something this JVM cannot do: {@code native} without a
   * working provider, or a value that is not one of the three. Services call this at start-up, so
   * that a misconfigured node stops with a clear message instead of running slower than planned.
   *
   * @throws IllegalStateException with the reason
   */
  public static void requireConfigured() {
    CHOICE.requireConfigured();
  }

  /** The key as the provider's public key, for {@link #verifyDigest}. */
  static PublicKey publicKey(BigInteger x, BigInteger y) throws GeneralSecurityException {
    return KeyFactory.getInstance("EC", PROVIDER)
        .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), SPEC));
  }

  /** Verifies a 64-byte r||s signature over a SHA-256 digest. */
  static boolean verifyDigest(PublicKey key, byte[] digest, byte[] rs)
      throws GeneralSecurityException {
    return verifyWith(PROVIDER, DIGEST_ALG, key, digest, der(rs));
  }

  /** A 64-byte r||s signature as the DER SEQUENCE of two INTEGERs that NONEwithECDSA takes. */
  static byte[] der(byte[] rs) {
    try {
      return new DERSequence(
              new ASN1Integer[] {
                new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(rs, 0, 32))),
                new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(rs, 32, 64)))
              })
          .getEncoded();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Provider find() {
    for (Provider p : ServiceLoader.load(Provider.class, NativeP256.class.getClassLoader())) {
      if (PROVIDER_NAME.equals(p.getName())) {
        return p;
      }
    }
    return null;
  }

  private static ECParameterSpec p256Spec() throws GeneralSecurityException {
    AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
    params.init(new ECGenParameterSpec("secp256r1"));
    return params.getParameterSpec(ECParameterSpec.class);
  }

  /**
   * A known-answer check before the provider is trusted: a signature made by the JDK verifies, and
   * the same signature with one bit flipped, or over another digest, does not.
   */
  private static void selfTest(Provider p, ECParameterSpec spec) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(spec);
    KeyPair kp = g.generateKeyPair();
    byte[] message =
        "K-DID native verification self-test".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
    signer.initSign(kp.getPrivate());
    signer.update(message);
    byte[] rs = signer.sign();
    ECPoint w = ((ECPublicKey) kp.getPublic()).getW();
    PublicKey key = KeyFactory.getInstance("EC", p).generatePublic(new ECPublicKeySpec(w, spec));
    byte[] digest = Sha256.hash(message);
    byte[] flipped = rs.clone();
    flipped[17] ^= 0x01;
    boolean ok =
        verifyWith(p, DIGEST_ALG, key, digest, der(rs))
            && !verifyWith(p, DIGEST_ALG, key, digest, der(flipped))
            && !verifyWith(p, DIGEST_ALG, key, Sha256.hash(new byte[] {1}), der(rs));
    if (!ok) {
      throw new GeneralSecurityException("known-answer check failed");
    }
  }

  private static boolean verifyWith(Provider p, String alg, PublicKey key, byte[] data, byte[] sig)
      throws GeneralSecurityException {
    Signature v = Signature.getInstance(alg, p);
    v.initVerify(key);
    v.update(data);
    try {
      return v.verify(sig);
    } catch (SignatureException e) {
      return false;
    }
  }
}
