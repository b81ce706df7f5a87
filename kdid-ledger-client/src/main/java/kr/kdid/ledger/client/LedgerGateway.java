package kr.kdid.ledger.client;

import java.util.Optional;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidResolutionResult;
import kr.kdid.ledger.state.AnchorRecord;
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

  /**
   * Where a salted event commitment was anchored: the anchor (author, kind, Merkle root, block
   * time) and the commitment's place under its root.
   *
   * @param commitment the commitment, 64 hex characters
   * @param anchor the anchoring batch
   * @param leafIndex the commitment's index in the batch
   */
  record AnchoredCommitment(String commitment, AnchorRecord anchor, int leafIndex) {}

  /**
   * Finds an anchored commitment. Implementations over HTTP verify the anchor's state proof and the
   * commitment's Merkle path to the anchored root. A commitment that is not (yet) anchored is
   * empty; that absence is the node's word, not a proof.
   *
   * @param commitmentHex 64 hex characters
   * @throws IllegalArgumentException if the commitment is not 64 hex characters
   */
  Optional<AnchoredCommitment> commitment(String commitmentHex);
}
