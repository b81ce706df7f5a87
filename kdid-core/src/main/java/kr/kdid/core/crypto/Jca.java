package kr.kdid.core.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * Conversions to the JDK's {@code java.security} key types, for libraries (JOSE, TLS, X.509) that
 * need them. The keys are created by the JDK's own providers.
 */
public final class Jca {
  private Jca() {}

  /** The key as a JDK public key (EC or Ed25519). */
  public static PublicKey publicKey(VerificationKey key) {
    try {
      AsymmetricKeyParameter p =
          switch (key) {
            case P256Key k -> k.params();
            case Ed25519Key k -> k.params();
          };
      SubjectPublicKeyInfo spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(p);
      String alg = key.algorithm() == SignatureAlgorithm.ES256 ? "EC" : "Ed25519";
      return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
    } catch (java.io.IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot convert key to JCA", e);
    }
  }

  /** The private key as a JDK private key (EC or Ed25519). */
  public static PrivateKey privateKey(SoftwareKey key) {
    try {
      PrivateKeyInfo info = PrivateKeyInfoFactory.createPrivateKeyInfo(key.privateParams());
      String alg = key.algorithm() == SignatureAlgorithm.ES256 ? "EC" : "Ed25519";
      return KeyFactory.getInstance(alg)
          .generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    } catch (java.io.IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot convert key to JCA", e);
    }
  }
}
