package kr.kdid.ledger.state;

/** Standing of an issuer or relying party in the trust registry. */
public enum TrustStatus {
  ACTIVE("active"),
  SUSPENDED("suspended");

  private final String wireName;

  TrustStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static TrustStatus fromWireName(String s) {
    return "suspended".equals(s) ? SUSPENDED : ACTIVE;
  }
}
