package kr.kdid.wallet;

/**
 * Every reason a wallet operation can fail, as a stable machine-readable code. The codes are part
 * of the SDK's contract: apps map them to their own messages, the CLI to exit codes.
 */
public enum WalletError {
  // The holder and the wallet file.
  /** The PIN does not meet the rules (at least 6 digits, not trivially guessable). */
  PIN_INVALID(Category.INPUT),
  /** The PIN does not open the wallet. */
  WRONG_PIN(Category.PIN),
  /** There is no wallet in the given place. */
  WALLET_NOT_FOUND(Category.INPUT),
  /** A wallet already exists in the given place. */
  WALLET_EXISTS(Category.INPUT),
  /** The wallet file is damaged or was tampered with. */
  WALLET_CORRUPT(Category.INTERNAL),
  /** Another process has the wallet open. */
  WALLET_BUSY(Category.INPUT),
  /** Reading or writing the wallet failed (disk full, permissions). */
  STORAGE_FAILED(Category.INTERNAL),
  /** A holder key could not be created or used. */
  KEY_FAILED(Category.INTERNAL),
  /** No credential with that id. */
  CREDENTIAL_NOT_FOUND(Category.INPUT),

  // Network.
  /** A URL is not allowed: not http(s), or plain http to another machine. */
  URL_NOT_ALLOWED(Category.REFUSED),
  /** The other party could not be reached or did not answer in time. */
  NETWORK(Category.NETWORK),
  /** An answer was larger than the wallet accepts. */
  RESPONSE_TOO_LARGE(Category.REMOTE),
  /** An answer was not what the protocol defines (status, content type, JSON shape). */
  RESPONSE_MALFORMED(Category.REMOTE),

  // Credential offers and issuance (OpenID4VCI).
  /** The credential offer (URI, JSON or QR code) is malformed. */
  OFFER_MALFORMED(Category.INPUT),
  /** The image holds no readable QR code. */
  QR_UNREADABLE(Category.INPUT),
  /** The offer needs something this wallet does not do (a grant other than pre-authorized code). */
  OFFER_UNSUPPORTED(Category.REFUSED),
  /** The issuer's metadata is missing, malformed or does not belong to the offer's issuer. */
  ISSUER_METADATA_INVALID(Category.REMOTE),
  /** The offered credential configuration cannot be handled (format, binding, algorithms). */
  CONFIGURATION_UNSUPPORTED(Category.REFUSED),
  /** The offer requires a transaction code and none was given. */
  TX_CODE_REQUIRED(Category.INPUT),
  /** The transaction code does not have the form the offer announces. */
  TX_CODE_INVALID(Category.INPUT),
  /** The issuer refused a request; {@link WalletException#remoteCode()} has its code. */
  ISSUER_REJECTED(Category.REMOTE),
  /**
   * The issuer defers issuance (a manual approval step); the plain {@code redeem} cannot wait for
   * it, {@code redeemOrDefer} and {@code poll} can.
   */
  ISSUANCE_DEFERRED(Category.REMOTE),
  /**
   * The sign-in at the issuer (authorization code flow) failed: the issuer refused, or its answer
   * did not match the request (state, issuer, redirect).
   */
  SIGN_IN_FAILED(Category.REMOTE),
  /** A received credential failed verification and was not stored. */
  CREDENTIAL_INVALID(Category.REMOTE),

  // Presentation requests (OpenID4VP).
  /** The authorization request (URI or Request Object) is malformed. */
  REQUEST_MALFORMED(Category.INPUT),
  /** The request uses something this wallet does not support. */
  REQUEST_UNSUPPORTED(Category.REFUSED),
  /** The Request Object's {@code typ} is not {@code oauth-authz-req+jwt}. */
  REQUEST_TYPE_INVALID(Category.REFUSED),
  /** The Request Object's signature does not verify. */
  REQUEST_SIGNATURE_INVALID(Category.REFUSED),
  /** The signing key is not the client's: kid's DID differs, or the key is not authorised. */
  REQUEST_KEY_INVALID(Category.REFUSED),
  /** The verifier's DID cannot be resolved, or is deactivated. */
  DID_UNRESOLVABLE(Category.REFUSED),
  /** The request has expired or is not valid yet. */
  REQUEST_EXPIRED(Category.REFUSED),
  /** The client_id of the link and of the Request Object differ. */
  CLIENT_ID_MISMATCH(Category.REFUSED),
  /** The DCQL query is malformed or asks for something this wallet cannot answer. */
  QUERY_UNSUPPORTED(Category.REFUSED),
  /** The requested credential type is not in the catalog. */
  CREDENTIAL_TYPE_UNKNOWN(Category.REFUSED),
  /** The verifier is not registered on the ledger, or its registration is suspended. */
  RP_NOT_REGISTERED(Category.REFUSED),
  /** The verifier asks for a claim its registration does not allow. */
  RP_NOT_REGISTERED_FOR_CLAIM(Category.REFUSED),
  /** The wallet holds no credential that answers the request. */
  NO_MATCHING_CREDENTIAL(Category.REFUSED),
  /** The consent does not belong to this request. */
  CONSENT_MISMATCH(Category.INPUT),
  /** The verifier refused the presentation; {@link WalletException#remoteCode()} has its code. */
  VERIFIER_REJECTED(Category.REMOTE),

  // Ports.
  /** The ledger (DID resolution, registry, anchors) could not be asked. */
  LEDGER_UNAVAILABLE(Category.NETWORK),
  /** A fault inside the wallet: a bug, never the holder's doing. */
  INTERNAL(Category.INTERNAL);

  /** Coarse groups of codes, for apps and the CLI's exit codes. */
  public enum Category {
    /** Something the holder typed or chose is wrong. */
    INPUT,
    /** The PIN is wrong. */
    PIN,
    /** The wallet refused, to protect the holder. */
    REFUSED,
    /** The issuer or verifier refused or answered wrongly. */
    REMOTE,
    /** A party could not be reached. */
    NETWORK,
    /** A fault inside the wallet or its storage. */
    INTERNAL
  }

  private final Category category;

  WalletError(Category category) {
    this.category = category;
  }

  public Category category() {
    return category;
  }
}
