package kr.kdid.issuer;

import java.util.Optional;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidResolutionResult;
import kr.kdid.ledger.client.LedgerClient;
import kr.kdid.ledger.client.LedgerClientException;
import kr.kdid.ledger.client.LedgerGateway;
import kr.kdid.ledger.state.IssuerRecord;
import kr.kdid.ledger.state.RelyingPartyRecord;
import kr.kdid.ledger.state.StatusListRecord;
import kr.kdid.ledger.tx.Transaction;

/** A ledger gateway whose writes a test can make fail, as when every node is unreachable. */
final class FlakyLedger implements LedgerGateway {
  private final LedgerGateway delegate;
  volatile boolean down;

  FlakyLedger(LedgerGateway delegate) {
    this.delegate = delegate;
  }

  @Override
  public String chainId() {
    return delegate.chainId();
  }

  @Override
  public LedgerClient.Submission submit(Transaction tx, boolean wait) {
    if (down) {
      throw new LedgerClientException("test: no ledger node reachable");
    }
    return delegate.submit(tx, wait);
  }

  @Override
  public DidResolutionResult resolve(String did) {
    return delegate.resolve(did);
  }

  @Override
  public Optional<IssuerRecord> issuer(Did did) {
    return delegate.issuer(did);
  }

  @Override
  public Optional<RelyingPartyRecord> relyingParty(Did did) {
    return delegate.relyingParty(did);
  }

  @Override
  public Optional<StatusListRecord> statusList(Did issuer, String listId) {
    return delegate.statusList(issuer, listId);
  }

  @Override
  public Optional<LedgerGateway.AnchoredCommitment> commitment(String commitmentHex) {
    return delegate.commitment(commitmentHex);
  }
}
