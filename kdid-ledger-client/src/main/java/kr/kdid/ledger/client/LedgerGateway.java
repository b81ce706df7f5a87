package kr.kdid.ledger.client;

import java.util.Optional;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidResolutionResult;
import kr.kdid.ledger.state.IssuerRecord;
import kr.kdid.ledger.state.RelyingPartyRecord;
import kr.kdid.ledger.state.StatusListRecord;
import kr.kdid.ledger.tx.Transaction;

/**
 * What services (issuer, verifier, wallet) need from the ledger. Implemented by {@link
 * LedgerClient} (over HTTP, verifying every proof) and, inside one process, by a local adapter of
 * the node. Implementations are thread-safe.
 *
 * <p>Reads return what the ledger holds now; "absent" is an empty Optional or a notFound result.
 * Failures to reach the ledger or to verify an answer throw {@link LedgerClientException}.
 */
public interface LedgerGateway {

  /** The chain id transactions must name. */
  String chainId();

  /**
   * Submits a transaction; with {@code wait}, returns once its block is committed.
   *
   * @throws LedgerClientException.Rejected with the ledger's error code if refused
   */
  LedgerClient.Submission submit(Transaction tx, boolean wait);

  /** Resolves a did:kdid. */
  DidResolutionResult resolve(String did);

  /** An issuer's trust-registry entry. */
  Optional<IssuerRecord> issuer(Did did);

  /** A relying party's trust-registry entry. */
  Optional<RelyingPartyRecord> relyingParty(Did did);

  /** A status list. */
  Optional<StatusListRecord> statusList(Did issuer, String listId);
}
