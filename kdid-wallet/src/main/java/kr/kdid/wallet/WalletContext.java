package kr.kdid.wallet;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.did.DidResolver;
import kr.kdid.credentials.catalog.Catalog;
import kr.kdid.wallet.http.HttpTransport;
import kr.kdid.wallet.http.NetworkPolicy;
import kr.kdid.wallet.storage.HolderKeys;
import kr.kdid.wallet.storage.SoftwareHolderKeys;

/**
 * Everything a {@link Wallet} uses from outside: the network, the ledger (DID resolution, the
 * relying-party registry, anchored commitments), the catalog, time, randomness and key custody.
 * Immutable; build it with {@link #builder()}.
 */
public final class WalletContext {
  private final HttpTransport transport;
  private final DidResolver didResolver;
  private final RelyingPartyRegistry relyingParties;
  private final CommitmentLookup commitments;
  private final Catalog catalog;
  private final Clock clock;
  private final SecureRandom random;
  private final HolderKeys holderKeys;
  private final NetworkPolicy networkPolicy;
  private final int maxBatchSize;
  private final Duration clockSkew;

  private WalletContext(Builder b) {
    this.transport = Objects.requireNonNull(b.transport, "transport");
    this.didResolver = Objects.requireNonNull(b.didResolver, "didResolver");
    this.relyingParties = Objects.requireNonNull(b.relyingParties, "relyingParties");
    this.commitments = Objects.requireNonNull(b.commitments, "commitments");
    this.catalog = b.catalog != null ? b.catalog : Catalog.builtIn();
    this.clock = b.clock != null ? b.clock : Clock.systemUTC();
    this.random = b.random != null ? b.random : Randomness.secure();
    this.holderKeys = b.holderKeys != null ? b.holderKeys : new SoftwareHolderKeys(this.random);
    this.networkPolicy = b.networkPolicy != null ? b.networkPolicy : NetworkPolicy.standard();
    this.maxBatchSize = b.maxBatchSize;
    this.clockSkew = b.clockSkew;
  }

  public static Builder builder() {
    return new Builder();
  }

  public HttpTransport transport() {
    return transport;
  }

  public DidResolver didResolver() {
    return didResolver;
  }

  public RelyingPartyRegistry relyingParties() {
    return relyingParties;
  }

  public CommitmentLookup commitments() {
    return commitments;
  }

  public Catalog catalog() {
    return catalog;
  }

  public Clock clock() {
    return clock;
  }

  public SecureRandom random() {
    return random;
  }

  public HolderKeys holderKeys() {
    return holderKeys;
  }

  public NetworkPolicy networkPolicy() {
    return networkPolicy;
  }

  /** The most copies the wallet asks for in one issuance (the issuer's batch size caps it). */
  public int maxBatchSize() {
    return maxBatchSize;
  }

  /** Tolerance for timestamps of credentials and requests. */
  public Duration clockSkew() {
    return clockSkew;
  }

  /**
   * Builds a context. Required: transport, DID resolver, relying-party registry, commitment lookup.
   * Defaults: the built-in catalog, the UTC system clock, the system CSPRNG, software holder keys,
   * {@link NetworkPolicy#standard()}, batches of at most 10, 5 minutes of clock skew.
   */
  public static final class Builder {
    private HttpTransport transport;
    private DidResolver didResolver;
    private RelyingPartyRegistry relyingParties;
    private CommitmentLookup commitments;
    private Catalog catalog;
    private Clock clock;
    private SecureRandom random;
    private HolderKeys holderKeys;
    private NetworkPolicy networkPolicy;
    private int maxBatchSize = 10;
    private Duration clockSkew = Duration.ofMinutes(5);

    private Builder() {}

    public Builder transport(HttpTransport t) {
      this.transport = t;
      return this;
    }

    public Builder didResolver(DidResolver r) {
      this.didResolver = r;
      return this;
    }

    public Builder relyingParties(RelyingPartyRegistry r) {
      this.relyingParties = r;
      return this;
    }

    public Builder commitments(CommitmentLookup c) {
      this.commitments = c;
      return this;
    }

    public Builder catalog(Catalog c) {
      this.catalog = c;
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    public Builder random(SecureRandom r) {
      this.random = r;
      return this;
    }

    public Builder holderKeys(HolderKeys k) {
      this.holderKeys = k;
      return this;
    }

    public Builder networkPolicy(NetworkPolicy p) {
      this.networkPolicy = p;
      return this;
    }

    /**
     * @throws IllegalArgumentException if below 1
     */
    public Builder maxBatchSize(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxBatchSize must be at least 1");
      }
      this.maxBatchSize = n;
      return this;
    }

    public Builder clockSkew(Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("clock skew must not be negative");
      }
      this.clockSkew = d;
      return this;
    }

    /**
     * @throws NullPointerException if a required part is missing
     */
    public WalletContext build() {
      return new WalletContext(this);
    }
  }
}
