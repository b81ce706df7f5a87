package kr.kdid.verifier.verification;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.did.DidResolutionResult;
import kr.kdid.core.did.DidUrl;
import kr.kdid.core.did.InvalidDidException;
import kr.kdid.core.did.KdidMethod;
import kr.kdid.core.did.Relationship;
import kr.kdid.core.did.ResolutionError;
import kr.kdid.core.did.Service;
import kr.kdid.credentials.sdjwt.SdJwtException;
import kr.kdid.credentials.sdjwtvc.SdJwtVcVerifier;
import kr.kdid.ledger.client.LedgerGateway;
import kr.kdid.ledger.state.IssuerRecord;
import kr.kdid.verifier.ErrorCode;

/**
 * Issuer trust from the ledger, the K-DID profile of SD-JWT VC issuer key discovery: the
 * Issuer-signed JWT's {@code kid} is a DID URL of a did:kdid on the ledger, listed under the DID's
 * {@code assertionMethod}; the DID document has a service of type {@value #ISSUER_SERVICE_TYPE}
 * whose endpoint is exactly the credential's {@code iss} (the Credential Issuer URL); and the trust
 * registry holds an active accreditation of that DID for the credential's type. The mechanism is
 * fixed by this class, never chosen by the token (SD-JWT VC §7.3).
 *
 * <p>DID documents and accreditation records are cached for a short TTL, so a verifier under load
 * reads each issuer from the ledger once per TTL; a deactivation, key rotation or suspension takes
 * effect within that TTL. Keys come from {@link kr.kdid.core.crypto.KeyCache} (through the DID
 * document), so verification runs at BouncyCastle's fast fixed-point rate.
 *
 * <p>Thread-safe. {@link kr.kdid.ledger.client.LedgerClientException} (the ledger cannot be read)
 * propagates: it is an outage, not a verdict on the credential.
 */
public final class LedgerIssuerTrust {
  /** The DID document service type naming the issuer's Credential Issuer URL (OpenID4VCI). */
  public static final String ISSUER_SERVICE_TYPE = "OpenID4VCICredentialIssuer";

  /** Most DIDs (and issuer records) cached; beyond it the caches are cleared. */
  static final int MAX_ENTRIES = 4096;

  /** How a key lookup ended. */
  public sealed interface KeyResolution {
    /** A trusted key of the issuer DID. */
    record Trusted(Did issuer, String kid, VerificationKey key) implements KeyResolution {}

    /** No trusted key; {@code code} says why. */
    record Untrusted(ErrorCode code, String detail) implements KeyResolution {}
  }

  private record Cached<T>(T value, Instant expires) {}

  private final LedgerGateway ledger;
  private final Clock clock;
  private final Duration ttl;
  private final Map<Did, Cached<DidResolutionResult>> dids = new ConcurrentHashMap<>();
  private final Map<Did, Cached<Optional<IssuerRecord>>> issuers = new ConcurrentHashMap<>();

  /**
   * @param ttl how long a DID document or accreditation read from the ledger is reused; zero
   *     disables caching
   */
  public LedgerIssuerTrust(LedgerGateway ledger, Clock clock, Duration ttl) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must not be negative");
    }
  }

  /**
   * The key that signed a credential: {@code kid} must be an assertionMethod of a live did:kdid
   * whose {@value #ISSUER_SERVICE_TYPE} endpoint equals {@code iss}.
   *
   * @param iss the credential's plaintext {@code iss}
   * @param kid the Issuer-signed JWT's header {@code kid}, may be null
   */
  public KeyResolution credentialKey(String iss, String kid) {
    KeyResolution r = assertionKey(kid);
    if (!(r instanceof KeyResolution.Trusted t)) {
      return r;
    }
    DidDocument doc = resolve(t.issuer()).document();
    boolean bound = false;
    boolean declared = false;
    for (Service s : doc.service()) {
      if (hasType(s.type(), ISSUER_SERVICE_TYPE)) {
        declared = true;
        bound |= s.serviceEndpoint().isTextual() && s.serviceEndpoint().textValue().equals(iss);
      }
    }
    if (!bound) {
      return new KeyResolution.Untrusted(
          ErrorCode.ISSUER_URL_MISMATCH,
          declared
              ? "the credential's iss is not the "
                  + ISSUER_SERVICE_TYPE
                  + " endpoint of "
                  + t.issuer()
              : t.issuer() + " declares no " + ISSUER_SERVICE_TYPE + " service");
    }
    return t;
  }

  /**
   * An assertionMethod key of a live did:kdid, by its DID URL (as for Status List Tokens, which the
   * issuer signs with the same key as its credentials).
   */
  public KeyResolution assertionKey(String kid) {
    if (kid == null || kid.isEmpty()) {
      return untrusted("the JWT has no kid naming the issuer's key");
    }
    DidUrl url;
    try {
      url = DidUrl.parse(kid);
    } catch (InvalidDidException e) {
      return untrusted("kid is not a DID URL");
    }
    if (!KdidMethod.METHOD.equals(url.did().method())
        || url.fragment() == null
        || !url.path().isEmpty()
        || url.query() != null) {
      return untrusted("kid must be a did:kdid DID URL with a fragment, like did:kdid:...#key-1");
    }
    DidResolutionResult r = resolve(url.did());
    if (r.error() == ResolutionError.NOT_FOUND) {
      return untrusted(url.did() + " is not on the ledger");
    }
    if (r.error() != null) {
      return untrusted("cannot resolve " + url.did() + ": " + r.errorMessage());
    }
    if (r.isDeactivated()) {
      return untrusted(url.did() + " is deactivated");
    }
    DidDocument doc = r.document();
    if (!doc.authorizes(Relationship.ASSERTION_METHOD, kid)) {
      return untrusted(kid + " is not an assertionMethod key of " + url.did());
    }
    return doc.method(kid)
        .<KeyResolution>map(m -> new KeyResolution.Trusted(url.did(), kid, m.key()))
        .orElseGet(() -> untrusted(kid + " is not a verification method of " + url.did()));
  }

  /**
   * True if the trust registry holds an active accreditation of the issuer for the credential type
   * (a catalog id).
   */
  public boolean accredited(Did issuer, String credentialType) {
    return cached(issuers, issuer, ledger::issuer)
        .map(r -> r.mayIssue(credentialType))
        .orElse(false);
  }

  /**
   * This trust as the {@link SdJwtVcVerifier.IssuerKeyResolver} of the credentials library, for
   * callers that need a yes or no only (the codes of {@link #credentialKey} are lost).
   */
  public SdJwtVcVerifier.IssuerKeyResolver keyResolver() {
    return (iss, kid) -> {
      KeyResolution r = credentialKey(iss, kid);
      if (r instanceof KeyResolution.Trusted t) {
        return t.key();
      }
      KeyResolution.Untrusted u = (KeyResolution.Untrusted) r;
      throw new SdJwtException(
          SdJwtException.Reason.ISSUER_KEY_UNRESOLVED, u.code() + ": " + u.detail());
    };
  }

  /**
   * The ISO 18013-5 trust for an issuer's mdocs: the IACA certificates its DID document on the
   * ledger publishes (see {@link kr.kdid.credentials.mdoc.IacaPublication}), reused while the
   * document is unchanged (so a document signer's chain is checked once).
   *
   * @return empty if the DID does not resolve or publishes no IACA
   */
  public java.util.Optional<kr.kdid.credentials.mdoc.IssuerTrust> mdocTrust(Did issuer) {
    DidResolutionResult r = resolve(issuer);
    if (r.error() != null || r.isDeactivated() || r.document() == null) {
      return java.util.Optional.empty();
    }
    DidDocument doc = r.document();
    MdocAnchors cached = mdoc.get(issuer);
    if (cached != null && cached.document().equals(doc)) {
      return cached.trust();
    }
    var certs = kr.kdid.credentials.mdoc.IacaPublication.certificates(doc);
    java.util.Optional<kr.kdid.credentials.mdoc.IssuerTrust> trust;
    try {
      trust =
          certs.isEmpty()
              ? java.util.Optional.empty()
              : java.util.Optional.of(kr.kdid.credentials.mdoc.IssuerTrust.iacaRoots(certs));
    } catch (IllegalArgumentException e) {
      trust = java.util.Optional.empty(); // a published certificate that is no IACA
    }
    if (mdoc.size() >= MAX_ENTRIES) {
      mdoc.clear();
    }
    mdoc.put(issuer, new MdocAnchors(doc, trust));
    return trust;
  }

  private record MdocAnchors(
      DidDocument document, java.util.Optional<kr.kdid.credentials.mdoc.IssuerTrust> trust) {}

  private final Map<Did, MdocAnchors> mdoc = new java.util.concurrent.ConcurrentHashMap<>();

  /** Forgets everything cached (e.g. after the relying party learns of a key compromise). */
  public void invalidateAll() {
    mdoc.clear();
    dids.clear();
    issuers.clear();
  }

  private DidResolutionResult resolve(Did did) {
    return cached(dids, did, d -> ledger.resolve(d.toString()));
  }

  private <T> T cached(Map<Did, Cached<T>> cache, Did key, Function<Did, T> load) {
    Instant now = clock.instant();
    Cached<T> c = cache.get(key);
    if (c != null && now.isBefore(c.expires())) {
      return c.value();
    }
    T value = load.apply(key);
    if (ttl.isPositive()) {
      if (cache.size() >= MAX_ENTRIES) {
        cache.clear();
      }
      cache.put(key, new Cached<>(value, now.plus(ttl)));
    }
    return value;
  }

  private static boolean hasType(JsonNode type, String wanted) {
    if (type.isTextual()) {
      return type.textValue().equals(wanted);
    }
    for (JsonNode t : type) {
      if (t.isTextual() && t.textValue().equals(wanted)) {
        return true;
      }
    }
    return false;
  }

  private static KeyResolution untrusted(String detail) {
    return new KeyResolution.Untrusted(ErrorCode.ISSUER_KEY_UNRESOLVABLE, detail);
  }
}
