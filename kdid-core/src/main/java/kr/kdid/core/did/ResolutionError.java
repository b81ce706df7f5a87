package kr.kdid.core.did;

/** DID resolution errors (W3C DID Resolution, "DID Resolution Metadata" errors). */
public enum ResolutionError {
  INVALID_DID("invalidDid", 400),
  NOT_FOUND("notFound", 404),
  METHOD_NOT_SUPPORTED("methodNotSupported", 501),
  INVALID_OPTIONS("invalidOptions", 400),
  REPRESENTATION_NOT_SUPPORTED("representationNotSupported", 406),
  INTERNAL_ERROR("internalError", 500);

  private final String code;
  private final int httpStatus;

  ResolutionError(String code, int httpStatus) {
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** The value of {@code didResolutionMetadata.error}. */
  public String code() {
    return code;
  }

  /** The HTTP status of the DID Resolution HTTP(S) binding. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The error for a code, or INTERNAL_ERROR for unknown codes. */
  public static ResolutionError fromCode(String code) {
    for (ResolutionError e : values()) {
      if (e.code.equals(code)) {
        return e;
      }
    }
    return INTERNAL_ERROR;
  }
}
