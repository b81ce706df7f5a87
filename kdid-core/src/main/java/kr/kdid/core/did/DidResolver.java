package kr.kdid.core.did;

/**
 * Resolves DIDs to documents. Implementations are thread-safe.
 *
 * <p>Expected failures (malformed or unknown DIDs, unsupported methods) are reported in the result,
 * never thrown; an exception means an internal fault.
 */
public interface DidResolver {

  /** Resolves the current version of a DID. */
  DidResolutionResult resolve(String did);

  /** True if this resolver handles the method (e.g. "key", "jwk", "kdid"). */
  boolean supports(String method);
}
