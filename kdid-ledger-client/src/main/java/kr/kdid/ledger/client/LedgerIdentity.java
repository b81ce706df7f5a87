package kr.kdid.ledger.client;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.did.DidResolutionResult;
import kr.kdid.core.did.KdidMethod;
import kr.kdid.core.did.Relationship;
import kr.kdid.core.did.ResolutionError;
import kr.kdid.core.did.Service;
import kr.kdid.core.did.VerificationMethod;
import kr.kdid.core.keys.KeyVault;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.ledger.tx.TxCodec;

/**
 * A service's identity on the ledger (an issuer, a relying party): its key in the key vault, its
 * did:kdid and the DID document, which lists the key under assertionMethod (credentials, status
 * lists, request objects), authentication and capabilityInvocation (ledger transactions), plus the
 * service's endpoints. Immutable and thread-safe.
 */
public final class LedgerIdentity {
  /** How long transactions signed by a service stay valid. */
  public static final Duration TX_VALIDITY = Duration.ofMinutes(10);

  private final Signer key;
  private final Did did;
  private final String keyId;
  private final DidDocument document;

  /** A service endpoint of the DID document: fragment, type, endpoint URL. */
  public record Endpoint(String fragment, String type, String url) {}

  private LedgerIdentity(Signer key, List<Endpoint> endpoints) {
    this(key, endpoints, d -> List.of());
  }

  private LedgerIdentity(
      Signer key,
      List<Endpoint> endpoints,
      java.util.function.Function<Did, List<kr.kdid.core.did.Service>> extraServices) {
    this.key = key;
    this.did = KdidMethod.didFor(key.publicKey());
    this.keyId = did.withFragment("key-1");
    DidDocument.Builder b =
        DidDocument.builder(did)
            .method(
                VerificationMethod.jwk(keyId, did, key.publicKey()),
                Relationship.ASSERTION_METHOD,
                Relationship.AUTHENTICATION,
                Relationship.CAPABILITY_INVOCATION);
    for (Endpoint e : endpoints) {
      b.service(
          new Service(
              did.withFragment(e.fragment()),
              com.fasterxml.jackson.databind.node.TextNode.valueOf(e.type()),
              com.fasterxml.jackson.databind.node.TextNode.valueOf(e.url())));
    }
    extraServices.apply(did).forEach(b::service);
    this.document = b.build();
  }

  /**
   * The identity for a key alias in the vault with further services in its DID document (for
   * example an issuer's ISO 18013-5 IACA certificate), made from the DID.
   */
  public static LedgerIdentity of(
      KeyVault vault,
      String alias,
      List<Endpoint> endpoints,
      java.util.function.Function<Did, List<kr.kdid.core.did.Service>> extraServices) {
    Signer key =
        vault.signer(alias).orElseGet(() -> vault.generate(alias, SignatureAlgorithm.ES256));
    return new LedgerIdentity(key, endpoints, extraServices);
  }

  /** The DID the identity of a key alias has (creating the ES256 key on first use). */
  public static Did didOf(KeyVault vault, String alias) {
    Signer key =
        vault.signer(alias).orElseGet(() -> vault.generate(alias, SignatureAlgorithm.ES256));
    return KdidMethod.didFor(key.publicKey());
  }

  /** The identity for a key alias in the vault, creating an ES256 key on first use. */
  public static LedgerIdentity of(KeyVault vault, String alias, List<Endpoint> endpoints) {
    Signer key =
        vault.signer(alias).orElseGet(() -> vault.generate(alias, SignatureAlgorithm.ES256));
    return new LedgerIdentity(key, endpoints);
  }

  public Signer key() {
    return key;
  }

  public Did did() {
    return did;
  }

  /** The DID URL of the signing key (the JWS {@code kid}). */
  public String keyId() {
    return keyId;
  }

  public DidDocument document() {
    return document;
  }

  /** Signs a ledger transaction that expires {@link #TX_VALIDITY} from now. */
  public Transaction sign(String chainId, TxBody body, Clock clock) {
    return TxCodec.sign(key, keyId, chainId, body, clock.instant().plus(TX_VALIDITY));
  }

  /**
   * Makes sure the ledger holds this DID with the current document: creates it, or updates it when
   * the document differs (for example a new endpoint URL).
   *
   * @return true if a transaction was needed
   * @throws IllegalStateException if the DID is deactivated or cannot be resolved
   */
  public boolean ensureOnLedger(LedgerGateway ledger, Clock clock) {
    DidResolutionResult r = ledger.resolve(did.toString());
    String chain = ledger.chainId();
    if (r.error() == ResolutionError.NOT_FOUND) {
      ledger.submit(sign(chain, new TxBody.DidCreate(document), clock), true);
      return true;
    }
    if (r.error() != null) {
      throw new IllegalStateException("cannot resolve " + did + ": " + r.errorMessage());
    }
    if (r.isDeactivated()) {
      throw new IllegalStateException(did + " is deactivated; the service needs a new key");
    }
    if (!r.document().equals(document)) {
      long version = Long.parseLong(r.metadata().versionId());
      ledger.submit(sign(chain, new TxBody.DidUpdate(did, version, document), clock), true);
      return true;
    }
    return false;
  }
}
