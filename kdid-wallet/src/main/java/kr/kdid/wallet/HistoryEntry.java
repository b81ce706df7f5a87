package kr.kdid.wallet;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import kr.kdid.credentials.events.EventCommitment;

/**
 * One entry of the holder's own history: a credential received, or a presentation request and what
 * came of it (including those the holder declined and those the wallet refused). Kept only in the
 * sealed wallet. It names parties and claim names, never claim values.
 *
 * @param id the entry's id in this wallet
 * @param kind issuance or presentation
 * @param outcome what happened
 * @param time when (the wallet's clock)
 * @param party the issuer's identifier (URL) or the verifier's DID; "unknown" if the request could
 *     not be read
 * @param partyName the issuer's or verifier's name, or null if unknown
 * @param credentialId the wallet's credential id, or null
 * @param credentialType the credential type, or null
 * @param claims the claim names disclosed (presentations that reached the verifier), else empty
 * @param event the salted event the issuer or verifier gave the holder (its commitment is anchored
 *     on the ledger), or null
 * @param code the error code when it did not succeed (a {@link WalletError} name or the other
 *     party's code), else null
 * @param detail a plain explanation when it did not succeed, else null
 */
public record HistoryEntry(
    String id,
    Kind kind,
    Outcome outcome,
    Instant time,
    String party,
    String partyName,
    String credentialId,
    String credentialType,
    List<String> claims,
    EventCommitment event,
    String code,
    String detail) {

  /** What the entry is about. */
  public enum Kind {
    ISSUANCE,
    PRESENTATION
  }

  /** How it ended. */
  public enum Outcome {
    /** A credential was received and stored. */
    ISSUED,
    /** The verifier verified the presentation. */
    VERIFIED,
    /** The verifier received the presentation and did not accept it. */
    REJECTED,
    /** The holder declined; the verifier was told. */
    DECLINED,
    /** The wallet refused the request before asking the holder. */
    REFUSED,
    /**
     * The presentation could not be delivered; or, for an issuance, part of the offer (the mdoc
     * form) was not received.
     */
    FAILED
  }

  public HistoryEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(party, "party");
    claims = List.copyOf(claims);
  }
}
