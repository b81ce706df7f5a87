package kr.kdid.wallet.fakes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.did.DidResolutionResult;
import kr.kdid.core.did.DidResolver;
import kr.kdid.core.did.DocumentMetadata;
import kr.kdid.core.did.KdidMethod;
import kr.kdid.core.did.Relationship;
import kr.kdid.core.did.ResolutionError;
import kr.kdid.core.did.VerificationMethod;
import kr.kdid.wallet.CommitmentLookup;
import kr.kdid.wallet.RelyingPartyRegistry;

/** An in-memory ledger: DID documents, the relying-party registry and anchored commitments. */
public final class TestLedger implements DidResolver, RelyingPartyRegistry, CommitmentLookup {
  private final Map<String, DidDocument> dids = new ConcurrentHashMap<>();
  private final Map<Did, Registration> registry = new ConcurrentHashMap<>();
  private final Map<String, Anchored> anchors = new ConcurrentHashMap<>();
  private volatile boolean down;

  /** Registers a did:kdid for a key, with the key as #key-1 under the given relationships. */
  public Did registerKey(VerificationKey key, Relationship... relationships) {
    Did did = KdidMethod.didFor(key);
    dids.put(
        did.toString(),
        DidDocument.builder(did)
            .method(VerificationMethod.jwk(did.withFragment("key-1"), did, key), relationships)
            .build());
    return did;
  }

  /** Publishes the IACA certificates of an mdoc issuer in its DID document (replacing any). */
  public void publishIaca(Did did, java.util.List<java.security.cert.X509Certificate> iacas) {
    DidDocument d = dids.get(did.toString());
    DidDocument.Builder b = DidDocument.builder(did);
    d.verificationMethod()
        .forEach(
            m ->
                b.method(
                    m,
                    d.relationships().entrySet().stream()
                        .filter(e -> e.getValue().contains(m.id()))
                        .map(java.util.Map.Entry::getKey)
                        .toArray(Relationship[]::new)));
    if (!iacas.isEmpty()) {
      b.service(kr.kdid.credentials.mdoc.IacaPublication.service(did, iacas));
    }
    dids.put(did.toString(), b.build());
  }

  public void register(Did did, Registration r) {
    registry.put(did, r);
  }

  public void unregister(Did did) {
    registry.remove(did);
  }

  public void anchor(String commitmentHex, Anchored a) {
    anchors.put(commitmentHex, a);
  }

  /** Makes every lookup throw, as an unreachable ledger does. */
  public void setDown(boolean down) {
    this.down = down;
  }

  private void check() {
    if (down) {
      throw new IllegalStateException("ledger unreachable");
    }
  }

  @Override
  public DidResolutionResult resolve(String did) {
    check();
    DidDocument d = dids.get(did);
    return d == null
        ? DidResolutionResult.error(ResolutionError.NOT_FOUND, "no such DID")
        : DidResolutionResult.found(d, DocumentMetadata.EMPTY);
  }

  @Override
  public boolean supports(String method) {
    return "kdid".equals(method);
  }

  @Override
  public Optional<Registration> lookup(Did did) {
    check();
    return Optional.ofNullable(registry.get(did));
  }

  @Override
  public Optional<Anchored> find(String commitmentHex) {
    check();
    return Optional.ofNullable(anchors.get(commitmentHex));
  }

  /** A registration for kr.mdl with the given claims. */
  public static Registration mdlRegistration(String name, boolean active, String... claims) {
    return new Registration(
        name, "Age check at the counter", active, Map.of("kr.mdl", List.of(claims)));
  }
}
