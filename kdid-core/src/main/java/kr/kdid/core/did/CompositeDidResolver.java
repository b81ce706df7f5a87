package kr.kdid.core.did;

import java.util.List;

/** Dispatches to the first resolver that supports the DID's method. Thread-safe. */
public final class CompositeDidResolver implements DidResolver {
  private final List<DidResolver> resolvers;

  public CompositeDidResolver(List<DidResolver> resolvers) {
    this.resolvers = List.copyOf(resolvers);
  }

  /** did:key and did:jwk, resolved locally. */
  public static CompositeDidResolver local() {
    return new CompositeDidResolver(List.of(new DidKeyResolver(), new DidJwkResolver()));
  }

  /** This resolver followed by another one (for example a ledger resolver for did:kdid). */
  public CompositeDidResolver with(DidResolver next) {
    var list = new java.util.ArrayList<>(resolvers);
    list.add(next);
    return new CompositeDidResolver(list);
  }

  @Override
  public boolean supports(String method) {
    return resolvers.stream().anyMatch(r -> r.supports(method));
  }

  @Override
  public DidResolutionResult resolve(String text) {
    Did did;
    try {
      did = Did.parse(text);
    } catch (InvalidDidException e) {
      return DidResolutionResult.error(ResolutionError.INVALID_DID, e.getMessage());
    }
    for (DidResolver r : resolvers) {
      if (r.supports(did.method())) {
        return r.resolve(text);
      }
    }
    return DidResolutionResult.error(
        ResolutionError.METHOD_NOT_SUPPORTED,
        "DID method \"" + did.method() + "\" is not supported");
  }
}
