package kr.kdid.core.did;

/** Verification relationships (W3C DID Core §5.3). */
public enum Relationship {
  /** Proving control of the DID (logins, key-binding proofs). */
  AUTHENTICATION("authentication"),
  /** Issuing claims: credentials, status lists. */
  ASSERTION_METHOD("assertionMethod"),
  /** Key agreement for encryption. */
  KEY_AGREEMENT("keyAgreement"),
  /** Invoking capabilities: in K-DID, signing ledger transactions (including DID updates). */
  CAPABILITY_INVOCATION("capabilityInvocation"),
  /** Delegating capabilities. */
  CAPABILITY_DELEGATION("capabilityDelegation");

  private final String property;

  Relationship(String property) {
    this.property = property;
  }

  /** The DID document property that lists this relationship's methods. */
  public String property() {
    return property;
  }
}
