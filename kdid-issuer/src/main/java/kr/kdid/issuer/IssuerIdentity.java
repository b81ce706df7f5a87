package kr.kdid.issuer;

import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Clock;
import java.time.Duration;
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
import kr.kdid.ledger.client.LedgerGateway;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.ledger.tx.TxBody;
import kr.kdid.ledger.tx.TxCodec;

/**
 * The issuer's identity: its key (in the key vault), its did:kdid and the DID document on the
 * ledger, which lists the key under assertionMethod (credentials, status lists) and
 * capabilityInvocation (ledger transactions) and names the Credential Issuer URL as a service, so
 * that a verifier can tie a credential's {@code iss} URL to the DID that signed it.
 */
public final class IssuerIdentity {
  /** The type of the DID service that names the issuer's OpenID4VCI identifier. */
  public static final String SERVICE_TYPE = "OpenID4VCICredentialIssuer";

  private final Signer key;
  private final Did did;
  private final String keyId;
  private final DidDocument document;

  private IssuerIdentity(Signer key, String credentialIssuer) {
    this.key = key;
    this.did = KdidMethod.didFor(key.publicKey());
    this.keyId = did.withFragment("key-1");
    this.document =
        DidDocument.builder(did)
            .method(
                VerificationMethod.jwk(keyId, did, key.publicKey()),
                Relationship.ASSERTION_METHOD,
                Relationship.CAPABILITY_INVOCATION,
                Relationship.AUTHENTICATION)
            .service(
                new Service(
                    did.withFragment("oid4vci"),
                    TextNode.valueOf(SERVICE_TYPE),
                    TextNode.valueOf(credentialIssuer)))
            .build();
  }

  /** The identity for a key alias in the vault, creating the key on first use. */
  public static IssuerIdentity of(KeyVault vault, String alias, String credentialIssuer) {
    Signer key =
        vault.signer(alias).orElseGet(() -> vault.generate(alias, SignatureAlgorithm.ES256));
    return new IssuerIdentity(key, credentialIssuer);
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

  /** Signs a ledger transaction that expires a few minutes from now. */
  public Transaction sign(String chainId, TxBody body, Clock clock) {
    return TxCodec.sign(key, keyId, chainId, body, clock.instant().plus(Duration.ofMinutes(10)));
  }

  /**
   * Makes sure the ledger holds this DID with the current document: creates it, or updates it when
   * the document differs (for example a new issuer URL).
   *
   * @return true if a transaction was needed
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
      throw new IllegalStateException(did + " is deactivated; the issuer needs a new key");
    }
    if (!r.document().equals(document)) {
      long version = Long.parseLong(r.metadata().versionId());
      ledger.submit(sign(chain, new TxBody.DidUpdate(did, version, document), clock), true);
      return true;
    }
    return false;
  }
}
