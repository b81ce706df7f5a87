package kr.kdid.issuer.oid4vci;

/**
 * A refusal at the authorization endpoint or the sign-in page (RFC 6749 §4.1.2.1). If {@link
 * #redirect()} is not null the error is safe to send back to the client at that URI (it already
 * carries {@code error}, {@code error_description}, {@code state} and {@code iss}); otherwise the
 * redirect URI or client cannot be trusted, and the error is shown to the person as a page with
 * {@link #status()}.
 */
public final class AuthorizationError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String error;
  private final String kdidCode;
  private final String redirect;

  AuthorizationError(
      int status, String error, String kdidCode, String description, String redirect) {
    super(description, null, false, false);
    this.status = status;
    this.error = error;
    this.kdidCode = kdidCode;
    this.redirect = redirect;
  }

  /** An error shown as a page, never redirected. */
  static AuthorizationError page(int status, String error, String kdidCode, String description) {
    return new AuthorizationError(status, error, kdidCode, description, null);
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

  /** Where to send the browser with the error, or null to show a page. */
  public String redirect() {
    return redirect;
  }
}
