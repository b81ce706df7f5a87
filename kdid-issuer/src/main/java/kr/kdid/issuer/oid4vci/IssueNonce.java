package kr.kdid.issuer.oid4vci;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import kr.kdid.core.json.Json;
import kr.kdid.issuer.IssuerConfig;
import kr.kdid.issuer.store.IssuerStore;

/**
 * The Nonce Endpoint (OpenID4VCI §7): a fresh, unpredictable, single-use c_nonce that key proofs
 * must carry, so that a proof cannot be replayed.
 */
public final class IssueNonce {
  private final IssuerConfig config;
  private final IssuerStore store;
  private final Clock clock;
  private final SecureRandom random;

  public IssueNonce(IssuerConfig config, IssuerStore store, Clock clock, SecureRandom random) {
    this.config = config;
    this.store = store;
    this.clock = clock;
    this.random = random;
  }

  public ObjectNode issue() {
    String nonce = Secrets.token(random);
    store.insertNonce(Secrets.hash(nonce), clock.millis() + config.nonceTtl().toMillis());
    ObjectNode o = Json.object();
    o.put("c_nonce", nonce);
    return o;
  }
}
