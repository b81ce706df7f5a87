package kr.kdid.node.cluster;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.crypto.VerificationKey;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;

/**
 * Mutual TLS between the nodes of a cluster, anchored on the node keys of the peers file.
 *
 * <p>At each start a node makes a fresh TLS key pair (it never touches the disk) and a certificate
 * for it, subject {@code CN=<node id>}, signed by its node key. A peer is accepted if its
 * certificate's subject names a node of the peers file and the certificate verifies with that
 * node's key: no certificate authority, no files to distribute; the peers file the operators agree
 * on is the trust anchor, and the node key stays the only long-lived secret. The TLS key is
 * separate from the node key, which only ever signs headers and these certificates.
 */
public final class NodeTls {
  private static final char[] STORE_PASS = "kdid".toCharArray();

  private final KeyManager[] keyManagers;
  private final X509ExtendedTrustManager trustManager;
  private final X509Certificate certificate;

  private NodeTls(
      KeyManager[] keyManagers, X509ExtendedTrustManager trustManager, X509Certificate cert) {
    this.keyManagers = keyManagers;
    this.trustManager = trustManager;
    this.certificate = cert;
  }

  /**
   * Makes this node's TLS identity and the trust in its peers.
   *
   * @param cluster the peers; a peer without a key in the file is trusted only if it is this node
   * @param nodeKey this node's header-signing key, which certifies the TLS key
   */
  public static NodeTls create(ClusterConfig cluster, Signer nodeKey) {
    if (nodeKey.algorithm() != SignatureAlgorithm.ES256) {
      throw new IllegalArgumentException("node keys for TLS must be ES256 (P-256)");
    }
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair tls = g.generateKeyPair();
      Peer self = cluster.self();
      X509Certificate cert = certify(self, tls.getPublic(), nodeKey);
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("node", tls.getPrivate(), STORE_PASS, new X509Certificate[] {cert});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, STORE_PASS);
      Map<String, VerificationKey> keys = new HashMap<>();
      for (Peer p : cluster.peers()) {
        if (p.nodeKey() != null) {
          keys.put(p.id(), p.nodeKey());
        }
      }
      keys.put(self.id(), nodeKey.publicKey());
      return new NodeTls(kmf.getKeyManagers(), new PinnedPeers(keys), cert);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot set up TLS between the nodes: " + e.getMessage(), e);
    }
  }

  public KeyManager keyManager() {
    return keyManagers[0];
  }

  public X509ExtendedTrustManager trustManager() {
    return trustManager;
  }

  /** This node's certificate (for tests and diagnostics). */
  public X509Certificate certificate() {
    return certificate;
  }

  private static X509Certificate certify(Peer self, PublicKey tlsKey, Signer nodeKey)
      throws GeneralSecurityException, java.io.IOException {
    long now = System.currentTimeMillis();
    X500Name subject = new X500Name("CN=" + self.id());
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            subject,
            new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE),
            new Date(now - 60_000),
            new Date(now + 3650L * 24 * 3600 * 1000),
            subject,
            tlsKey);
    String host = self.raftHost();
    GeneralName name =
        isAddress(host)
            ? new GeneralName(GeneralName.iPAddress, host)
            : new GeneralName(GeneralName.dNSName, host);
    b.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              name,
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost")
            }));
    X509CertificateHolder holder = b.build(new NodeKeySigner(nodeKey));
    return new JcaX509CertificateConverter().getCertificate(holder);
  }

  private static boolean isAddress(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }

  /** ECDSA-SHA256 by the node key, DER-encoded as X.509 wants it. */
  private static final class NodeKeySigner implements ContentSigner {
    private final Signer key;
    private final ByteArrayOutputStream tbs = new ByteArrayOutputStream();

    NodeKeySigner(Signer key) {
      this.key = key;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
      return new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    }

    @Override
    public OutputStream getOutputStream() {
      return tbs;
    }

    @Override
    public byte[] getSignature() {
      byte[] raw = key.sign(tbs.toByteArray());
      ASN1EncodableVector v = new ASN1EncodableVector();
      v.add(new ASN1Integer(new BigInteger(1, java.util.Arrays.copyOfRange(raw, 0, 32))));
      v.add(new ASN1Integer(new BigInteger(1, java.util.Arrays.copyOfRange(raw, 32, 64))));
      try {
        return new DERSequence(v).getEncoded();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Accepts a peer whose certificate is signed by the node key the peers file gives it. */
  static final class PinnedPeers extends X509ExtendedTrustManager {
    private final Map<String, VerificationKey> keys;

    PinnedPeers(Map<String, VerificationKey> keys) {
      this.keys = Map.copyOf(keys);
    }

    void check(X509Certificate[] chain) throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("the peer sent no certificate");
      }
      X509Certificate leaf = chain[0];
      leaf.checkValidity();
      String id = commonName(leaf.getSubjectX500Principal());
      VerificationKey key = keys.get(id);
      if (key == null) {
        throw new CertificateException("'" + id + "' is not a node of this cluster");
      }
      if (!X9ObjectIdentifiers.ecdsa_with_SHA256.getId().equals(leaf.getSigAlgOID())) {
        throw new CertificateException("the certificate of " + id + " is not ECDSA-SHA256");
      }
      byte[] raw;
      try {
        raw = derToRaw(leaf.getSignature());
      } catch (RuntimeException e) {
        throw new CertificateException("the certificate signature of " + id + " is malformed");
      }
      if (!key.verify(leaf.getTBSCertificate(), raw)) {
        throw new CertificateException(
            "the certificate of " + id + " is not signed by its node key in the peers file");
      }
    }

    private static String commonName(X500Principal p) {
      for (String part : p.getName(X500Principal.RFC2253).split(",")) {
        if (part.startsWith("CN=")) {
          return part.substring(3);
        }
      }
      return "";
    }

    private static byte[] derToRaw(byte[] der) {
      org.bouncycastle.asn1.ASN1Sequence s = org.bouncycastle.asn1.ASN1Sequence.getInstance(der);
      byte[] out = new byte[64];
      put(((ASN1Integer) s.getObjectAt(0)).getPositiveValue(), out, 0);
      put(((ASN1Integer) s.getObjectAt(1)).getPositiveValue(), out, 32);
      return out;
    }

    private static void put(BigInteger v, byte[] out, int off) {
      byte[] b = v.toByteArray();
      int len = Math.min(b.length, 32);
      System.arraycopy(b, b.length - len, out, off + 32 - len, len);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
