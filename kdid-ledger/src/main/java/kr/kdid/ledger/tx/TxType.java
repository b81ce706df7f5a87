package kr.kdid.ledger.tx;

/** The kinds of ledger transaction. The wire name is the payload's {@code type}. */
public enum TxType {
  /** Genesis only: the chain's configuration (governance DID, node keys). */
  CHAIN_GENESIS("chain.genesis"),
  /** Create a did:kdid; signed by the DID's first key. */
  DID_CREATE("did.create"),
  /** Replace a DID document; signed by a capabilityInvocation key of the DID or its controller. */
  DID_UPDATE("did.update"),
  /** Deactivate a DID for good; signed like an update. */
  DID_DEACTIVATE("did.deactivate"),
  /** Governance accredits an issuer for credential types. */
  ISSUER_ACCREDIT("trust.issuer.accredit"),
  /** Governance registers a relying party with its purpose and the claims it may request. */
  RP_REGISTER("trust.rp.register"),
  /** Governance suspends an issuer or relying party. */
  TRUST_SUSPEND("trust.suspend"),
  /** Governance lifts a suspension. */
  TRUST_REINSTATE("trust.reinstate"),
  /** An accredited issuer creates a status list. */
  STATUS_LIST_CREATE("statuslist.create"),
  /** The list's issuer replaces its contents. */
  STATUS_LIST_UPDATE("statuslist.update"),
  /** An issuer or verifier anchors a batch of salted event commitments. */
  EVENT_ANCHOR("anchor.events");

  private final String wireName;

  TxType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The type for a wire name, or null if unknown. */
  public static TxType fromWireName(String name) {
    for (TxType t : values()) {
      if (t.wireName.equals(name)) {
        return t;
      }
    }
    return null;
  }
}
