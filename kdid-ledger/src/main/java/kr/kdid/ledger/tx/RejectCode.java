package kr.kdid.ledger.tx;

/**
 * Why a transaction is refused, at admission or at apply time. The names are the machine-readable
 * error codes of the API; {@link #kind()} tells the edge how to map them (HTTP status).
 */
public enum RejectCode {
  MALFORMED_TX(Kind.MALFORMED),
  UNSUPPORTED_ALGORITHM(Kind.MALFORMED),
  NOT_CANONICAL(Kind.MALFORMED),
  UNKNOWN_TX_TYPE(Kind.MALFORMED),
  INVALID_BODY(Kind.MALFORMED),
  INVALID_DID_DOCUMENT(Kind.MALFORMED),
  TX_TOO_LARGE(Kind.MALFORMED),
  WRONG_CHAIN(Kind.INVALID),
  EXPIRED(Kind.INVALID),
  GENESIS_ONLY(Kind.INVALID),
  UNKNOWN_SIGNER(Kind.UNAUTHORIZED),
  SIGNER_KEY_NOT_AUTHORIZED(Kind.UNAUTHORIZED),
  BAD_SIGNATURE(Kind.UNAUTHORIZED),
  ALGORITHM_KEY_MISMATCH(Kind.UNAUTHORIZED),
  NOT_CONTROLLER(Kind.FORBIDDEN),
  NOT_GOVERNANCE(Kind.FORBIDDEN),
  ISSUER_NOT_ACCREDITED(Kind.FORBIDDEN),
  RP_NOT_REGISTERED(Kind.FORBIDDEN),
  NOT_LIST_ISSUER(Kind.FORBIDDEN),
  GOVERNANCE_DID_PROTECTED(Kind.FORBIDDEN),
  COMMITMENT_ALREADY_ANCHORED(Kind.CONFLICT),
  NONCE_REPLAYED(Kind.CONFLICT),
  DUPLICATE_TX(Kind.CONFLICT),
  DID_EXISTS(Kind.CONFLICT),
  DID_NOT_DERIVED_FROM_KEY(Kind.INVALID),
  UNKNOWN_DID(Kind.NOT_FOUND),
  DID_DEACTIVATED(Kind.CONFLICT),
  STALE_VERSION(Kind.CONFLICT),
  STATUS_LIST_EXISTS(Kind.CONFLICT),
  UNKNOWN_STATUS_LIST(Kind.NOT_FOUND),
  INVALID_STATUS_LIST(Kind.INVALID),
  STATUS_LIST_SIGNATURE(Kind.UNAUTHORIZED),
  NOT_SUSPENDED(Kind.CONFLICT),
  ALREADY_SUSPENDED(Kind.CONFLICT),
  UNKNOWN_SUBJECT(Kind.NOT_FOUND);

  /** The class of a rejection; the HTTP edge maps each to a status. */
  public enum Kind {
    /** The bytes are not a well-formed transaction (400). */
    MALFORMED,
    /** Well-formed but breaks a rule (422). */
    INVALID,
    /** The signature does not authenticate the signer (401-like; sent as 422 with the code). */
    UNAUTHORIZED,
    /** The signer is authenticated but not allowed (403). */
    FORBIDDEN,
    /** Conflicts with the ledger's state (409). */
    CONFLICT,
    /** Names something the ledger does not hold (404-like; sent as 422 with the code). */
    NOT_FOUND
  }

  private final Kind kind;

  RejectCode(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
