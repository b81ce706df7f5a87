package kr.kdid.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import org.junit.jupiter.api.Test;

class NodeTlsTest {
  final SoftwareKey k1 = SoftwareKey.generate(SignatureAlgorithm.ES256);
  final SoftwareKey k2 = SoftwareKey.generate(SignatureAlgorithm.ES256);
  final SoftwareKey stranger = SoftwareKey.generate(SignatureAlgorithm.ES256);

  ClusterConfig config(String self) {
    return new ClusterConfig(
        self,
        List.of(
            new Peer("node-1", "10.0.0.1:9871", URI.create("http://10.0.0.1:8080"), k1.publicKey()),
            new Peer(
                "node-2",
                "node2.example:9871",
                URI.create("http://10.0.0.2:8080"),
                k2.publicKey())));
  }

  @Test
  void peersWhoseCertificatesTheirNodeKeysSignedAreAccepted() {
    NodeTls one = NodeTls.create(config("node-1"), k1);
    NodeTls two = NodeTls.create(config("node-2"), k2);
    X509Certificate[] chain1 = {one.certificate()};
    X509Certificate[] chain2 = {two.certificate()};
    assertThatCode(() -> two.trustManager().checkClientTrusted(chain1, "ECDHE_ECDSA"))
        .doesNotThrowAnyException();
    assertThatCode(() -> one.trustManager().checkServerTrusted(chain2, "ECDHE_ECDSA"))
        .doesNotThrowAnyException();
    assertThat(one.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=node-1");
  }

  @Test
  void aCertificateNotSignedByThePeersFileKeyIsRefused() {
    // A stranger claims to be node-2 with a certificate its own key signed.
    NodeTls impostor = NodeTls.create(config("node-2"), stranger);
    NodeTls one = NodeTls.create(config("node-1"), k1);
    assertThatThrownBy(
            () ->
                one.trustManager()
                    .checkClientTrusted(new X509Certificate[] {impostor.certificate()}, "EC"))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("not signed by its node key");
  }

  @Test
  void aNodeOutsideThePeersFileIsRefused() {
    ClusterConfig other =
        new ClusterConfig(
            "node-9",
            List.of(
                new Peer(
                    "node-9",
                    "10.0.0.9:9871",
                    URI.create("http://10.0.0.9:8080"),
                    stranger.publicKey())));
    NodeTls outsider = NodeTls.create(other, stranger);
    NodeTls one = NodeTls.create(config("node-1"), k1);
    assertThatThrownBy(
            () ->
                one.trustManager()
                    .checkServerTrusted(new X509Certificate[] {outsider.certificate()}, "EC"))
        .isInstanceOf(CertificateException.class)
        .hasMessageContaining("not a node of this cluster");
    assertThatThrownBy(() -> one.trustManager().checkServerTrusted(new X509Certificate[0], "EC"))
        .isInstanceOf(CertificateException.class);
  }
}
