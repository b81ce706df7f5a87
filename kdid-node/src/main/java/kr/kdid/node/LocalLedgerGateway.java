package kr.kdid.node;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidResolutionResult;
import kr.kdid.ledger.block.TxOutcome;
import kr.kdid.ledger.client.LedgerClient;
import kr.kdid.ledger.client.LedgerClientException;
import kr.kdid.ledger.client.LedgerGateway;
import kr.kdid.ledger.state.AnchorRecord;
import kr.kdid.ledger.state.IssuerRecord;
import kr.kdid.ledger.state.RelyingPartyRecord;
import kr.kdid.ledger.state.StateKeys;
import kr.kdid.ledger.state.StatusListRecord;
import kr.kdid.ledger.tx.RejectCode;
import kr.kdid.ledger.tx.Transaction;
import kr.kdid.ledger.tx.TxRejectedException;
import kr.kdid.node.http.LedgerApi;
import kr.kdid.node.ordering.CommittedTx;

/**
 * The ledger as seen by services running in the same process as a node: direct calls, no HTTP, no
 * proofs to check (the answers come from this process's own verified store). Thread-safe.
 */
public final class LocalLedgerGateway implements LedgerGateway {
  private final LedgerNode node;

  public LocalLedgerGateway(LedgerNode node) {
    this.node = node;
  }

  @Override
  public String chainId() {
    return node.config().chainId();
  }

  @Override
  public LedgerClient.Submission submit(Transaction tx, boolean wait) {
    LedgerNode.Submitted s;
    try {
      s = node.submit(tx.encoded());
    } catch (TxRejectedException e) {
      throw new LedgerClientException.Rejected(
          LedgerApi.statusFor(e.code()), e.code().name(), e.reason());
    }
    if (!wait) {
      return new LedgerClient.Submission(tx.idHex(), "pending", null);
    }
    CommittedTx c;
    try {
      c = s.outcome().get(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      return new LedgerClient.Submission(tx.idHex(), "pending", null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerClientException("interrupted");
    } catch (ExecutionException e) {
      throw new LedgerClientException("the ledger stopped", e.getCause());
    }
    TxOutcome o = c.outcome();
    if (!o.valid()) {
      RejectCode code = RejectCode.valueOf(o.code());
      throw new LedgerClientException.Rejected(LedgerApi.statusFor(code), code.name(), o.reason());
    }
    return new LedgerClient.Submission(tx.idHex(), "committed", c.height());
  }

  @Override
  public DidResolutionResult resolve(String did) {
    return node.reader().resolve(did, null);
  }

  @Override
  public Optional<IssuerRecord> issuer(Did did) {
    return Optional.ofNullable(node.reader().get(StateKeys.issuer(did))).map(IssuerRecord::decode);
  }

  @Override
  public Optional<RelyingPartyRecord> relyingParty(Did did) {
    return Optional.ofNullable(node.reader().get(StateKeys.relyingParty(did)))
        .map(RelyingPartyRecord::decode);
  }

  @Override
  public Optional<StatusListRecord> statusList(Did issuer, String listId) {
    return Optional.ofNullable(node.reader().get(StateKeys.statusList(issuer, listId)))
        .map(StatusListRecord::decode);
  }

  @Override
  public Optional<AnchoredCommitment> commitment(String commitmentHex) {
    byte[] c = kr.kdid.core.encoding.Hex.decode(commitmentHex);
    if (c.length != 32) {
      throw new IllegalArgumentException("a commitment is 32 bytes (64 hex characters)");
    }
    var loc = node.store().commitment(c);
    if (loc == null) {
      return Optional.empty();
    }
    byte[] v = node.reader().get(StateKeys.anchor(loc.anchorTxId()));
    return Optional.of(
        new AnchoredCommitment(
            kr.kdid.core.encoding.Hex.encode(c), AnchorRecord.decode(v), loc.leafIndex()));
  }
}
