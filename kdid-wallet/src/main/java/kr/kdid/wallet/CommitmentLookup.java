package kr.kdid.wallet;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds salted event commitments anchored on the ledger, so the holder can see which of their
 * issuance and verification events are on record. A port: the launcher implements it over the
 * verified ledger client (which checks the anchor's proofs). Implementations are thread-safe; a
 * {@link RuntimeException} means the ledger could not be asked.
 */
public interface CommitmentLookup {

  /**
   * Where a commitment is anchored.
   *
   * @param time the anchoring block's time
   * @param author the DID that anchored it (the issuer or verifier)
   * @param kind "issuance" or "verification"
   * @param txId the anchoring transaction's id
   */
  record Anchored(Instant time, String author, String kind, String txId) {
    public Anchored {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(author, "author");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(txId, "txId");
    }
  }

  /**
   * The anchor of a commitment, or empty if it is not (yet) on the ledger.
   *
   * @param commitmentHex the 64 hex characters of {@link
   *     kr.kdid.credentials.events.EventCommitment#commitmentHex()}
   */
  Optional<Anchored> find(String commitmentHex);
}
