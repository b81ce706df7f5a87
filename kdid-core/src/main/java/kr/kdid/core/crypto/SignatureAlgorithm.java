package kr.kdid.core.crypto;

/**
 * The signature algorithms K-DID signs and verifies with, named as in JOSE (RFC 7518, RFC 8037).
 */
public enum SignatureAlgorithm {
  /** ECDSA on P-256 with SHA-256; signatures are the 64-byte r||s of JWS. */
  ES256("ES256", "P-256"),
  /** Ed25519 (RFC 8032); signatures are 64 bytes. */
  EDDSA("EdDSA", "Ed25519");

  private final String jwsName;
  private final String curve;

  SignatureAlgorithm(String jwsName, String curve) {
    this.jwsName = jwsName;
    this.curve = curve;
  }

  /** The JWS "alg" value. */
  public String jwsName() {
    return jwsName;
  }

  /** The JWK "crv" value. */
  public String curve() {
    return curve;
  }

  /**
   * The algorithm for a JWS "alg" value.
   *
   * @throws IllegalArgumentException for algorithms K-DID does not accept (including "none")
   */
  public static SignatureAlgorithm fromJwsName(String name) {
    for (SignatureAlgorithm a : values()) {
      if (a.jwsName.equals(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unsupported signature algorithm: " + name);
  }
}
