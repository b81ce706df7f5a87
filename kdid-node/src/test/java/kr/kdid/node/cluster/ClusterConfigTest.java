package kr.kdid.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {
  final String k1 = SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey().toMultibase();
  final String k2 = SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey().toMultibase();

  String file() {
    return "# a comment\n\n"
        + "node-1 10.0.0.1:9871 http://10.0.0.1:8080 "
        + k1
        + "   # the first writes genesis\n"
        + "node-2 10.0.0.2:9871 https://ledger2.example "
        + k2
        + "\n";
  }

  @Test
  void readsPeersAndRoundTrips() {
    ClusterConfig c = ClusterConfig.parse(file(), "node-2", "peers.conf");
    assertThat(c.peers()).hasSize(2);
    assertThat(c.self().id()).isEqualTo("node-2");
    assertThat(c.bootstrap()).isFalse();
    assertThat(c.peers().get(0).raftHost()).isEqualTo("10.0.0.1");
    assertThat(c.peers().get(0).raftPort()).isEqualTo(9871);
    assertThat(c.peers().get(0).nodeKey().toMultibase()).isEqualTo(k1);
    ClusterConfig again = ClusterConfig.parse(c.format(), "node-1", "formatted");
    assertThat(again.peers()).isEqualTo(c.peers());
    assertThat(again.bootstrap()).isTrue();
  }

  @Test
  void aKeylessPeerIsAllowed() {
    ClusterConfig c =
        ClusterConfig.parse("node-1 127.0.0.1:9871 http://127.0.0.1:8081\n", "node-1", "p");
    assertThat(c.self().nodeKey()).isNull();
  }

  @Test
  void badFilesAreRefusedNamingTheLine() {
    assertThatThrownBy(() -> ClusterConfig.parse("node-1 127.0.0.1:9871\n", "node-1", "p"))
        .hasMessageContaining("p line 1")
        .hasMessageContaining("expected 'id raft-host:port http-url [node-key]'");
    assertThatThrownBy(() -> ClusterConfig.parse("\nnode-1 127.0.0.1 http://x:1\n", "node-1", "p"))
        .hasMessageContaining("p line 2")
        .hasMessageContaining("must be host:port");
    assertThatThrownBy(
            () -> ClusterConfig.parse("node-1 127.0.0.1:99999 http://x:1\n", "node-1", "p"))
        .hasMessageContaining("no valid port");
    assertThatThrownBy(
            () -> ClusterConfig.parse("node-1 127.0.0.1:9871 ftp://x:1\n", "node-1", "p"))
        .hasMessageContaining("is not an http(s) URL");
    assertThatThrownBy(
            () -> ClusterConfig.parse("node-1 127.0.0.1:9871 http://x:1 zNotAKey\n", "node-1", "p"))
        .hasMessageContaining("is not a multibase public key");
    assertThatThrownBy(
            () -> ClusterConfig.parse("no de 127.0.0.1:9871 http://x:1 " + k1 + "\n", "x", "p"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> ClusterConfig.parse("bad/id 127.0.0.1:9871 http://x:1\n", "bad/id", "p"))
        .hasMessageContaining("node id 'bad/id'");
  }

  @Test
  void inconsistentClustersAreRefused() {
    assertThatThrownBy(
            () ->
                ClusterConfig.parse(
                    "a 127.0.0.1:1 http://x:1\na 127.0.0.1:2 http://x:2\n", "a", "p"))
        .hasMessageContaining("node a is listed twice");
    assertThatThrownBy(
            () ->
                ClusterConfig.parse(
                    "a 127.0.0.1:1 http://x:1\nb 127.0.0.1:1 http://x:2\n", "a", "p"))
        .hasMessageContaining("raft address 127.0.0.1:1 is given to two nodes");
    assertThatThrownBy(() -> ClusterConfig.parse("a 127.0.0.1:1 http://x:1\n", "z", "p"))
        .hasMessageContaining("'z' is not among the peers");
    assertThatThrownBy(() -> ClusterConfig.parse("# only comments\n", "a", "p"))
        .hasMessageContaining("lists no peers");
  }
}
