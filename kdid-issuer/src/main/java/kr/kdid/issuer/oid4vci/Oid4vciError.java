package kr.kdid.issuer.oid4vci;

/**
 * An OpenID4VCI / OAuth error: the standard {@code error} code, a K-DID code that tells every
 * rejection apart ({@code kdid_error}), and a description. Sent as {@code {"error": ...,
 * "error_description": ..., "kdid_error": ...}} with {@code Cache-Control: no-store}.
 */
public final class Oid4vciError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String error;
  private final String kdidCode;

  public Oid4vciError(int status, String error, String kdidCode, String description) {
    super(description, null, false, false);
    this.status = status;
    this.error = error;
    this.kdidCode = kdidCode;
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  public String kdidCode() {
    return kdidCode;
  }

  static Oid4vciError invalidRequest(String kdid, String description) {
    return new Oid4vciError(400, "invalid_request", kdid, description);
  }

  static Oid4vciError invalidGrant(String kdid, String description) {
    return new Oid4vciError(400, "invalid_grant", kdid, description);
  }

  static Oid4vciError invalidToken(String kdid, String description) {
    return new Oid4vciError(401, "invalid_token", kdid, description);
  }

  static Oid4vciError invalidProof(String kdid, String description) {
    return new Oid4vciError(400, "invalid_proof", kdid, description);
  }

  static Oid4vciError invalidNonce(String kdid, String description) {
    return new Oid4vciError(400, "invalid_nonce", kdid, description);
  }

  static Oid4vciError invalidCredentialRequest(String kdid, String description) {
    return new Oid4vciError(400, "invalid_credential_request", kdid, description);
  }
}
