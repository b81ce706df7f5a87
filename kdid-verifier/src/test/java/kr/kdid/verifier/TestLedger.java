package kr.kdid.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.keys.Argon2Params;
import kr.kdid.core.keys.SoftwareKeyVault;
import kr.kdid.ledger.client.LedgerClient;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.ledger.tx.TxCodec;
import kr.kdid.node.LedgerNode;
import kr.kdid.node.LocalLedgerGateway;
import kr.kdid.node.NodeBootstrap;
import kr.kdid.node.NodeOptions;
import kr.kdid.web.WebServer;

/** A real single-node ledger in this process, with the governance authority's key. */
final class TestLedger implements AutoCloseable {
  static final String CHAIN = "kdid-verifier-it";

  final SoftwareKeyVault vault;
  final LedgerNode node;
  final LocalLedgerGateway gateway;
  final Signer governanceKey;
  final String governanceKeyId;

  TestLedger(Path dir) {
    vault =
        SoftwareKeyVault.open(
            dir.resolve("keys"),
            "test-pass".toCharArray(),
            Argon2Params.TEST_ONLY,
            new SecureRandom());
    NodeOptions opts =
        new NodeOptions(dir, "node-1", CHAIN, 2000, 2, 50_000, Clock.systemUTC(), s -> {});
    node = NodeBootstrap.start(opts, vault, WebServer.newMetrics());
    gateway = new LocalLedgerGateway(node);
    governanceKey = vault.signer(NodeBootstrap.GOVERNANCE_KEY).orElseThrow();
    DidDocument doc = NodeBootstrap.governanceDocument(governanceKey);
    governanceKeyId = doc.id().withFragment("key-1");
  }

  /** Submits a governance transaction and waits for it to commit. */
  void governance(TxBody body) {
    submit(governanceKey, governanceKeyId, body);
  }

  /** Submits a transaction signed by a key and waits for it to commit. */
  void submit(Signer key, String keyId, TxBody body) {
    LedgerClient.Submission s = gateway.submit(TxCodec.sign(key, keyId, CHAIN, body), true);
    assertThat(s.committed()).as("transaction committed").isTrue();
  }

  @Override
  public void close() {
    node.close();
  }
}
