package kr.kdid.credentials.status;

import java.security.SecureRandom;
import java.util.BitSet;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.IntPredicate;
import kr.kdid.core.crypto.Randomness;

/**
 * Chooses Status List indexes for new Referenced Tokens, uniformly at random among the free ones
 * (draft-ietf-oauth-status-list §12.5, §13.3), never sequentially: an index then says nothing about
 * when or in what order a credential was issued, and unused entries (VALID by default) hide how
 * many credentials a list covers.
 *
 * <p>Herd privacy needs a large herd, so the allocator refuses small lists (below {@link
 * #MIN_LIST_SIZE} entries by default) and stops allocating in a list once {@link #capacity} entries
 * are used ({@link #DEFAULT_MAX_FILL} of the list by default): it then returns an empty result and
 * the issuer opens a new list. Below that fill a free index is found in a few random draws; the
 * uniform choice does not depend on how the free entries are spread.
 *
 * <p>The allocator does not remember what it returned: the caller's "taken" set is the single
 * source of truth and must include every index ever handed out for the list, including those of
 * revoked or expired credentials (indexes are never reused, §13.3). Re-issued and batch-issued
 * credentials each need their own call (§13.2).
 *
 * <p>Thread-safe (the {@link SecureRandom} is). {@link #pick} does not reserve anything: the caller
 * records the index atomically with the credential, e.g. under a unique ({@code uri}, {@code idx})
 * constraint, and picks again if another issuance won the race. {@link #allocate(BitSet, int)}
 * marks the index in the {@link BitSet}, which the caller must guard against concurrent use.
 */
public final class IndexAllocator {
  /** Smallest list allocated from by default: 2^17 entries, as the K-DID ledger requires. */
  public static final int MIN_LIST_SIZE = 131_072;

  /** Default largest share of a list that is handed out: 90%. */
  public static final double DEFAULT_MAX_FILL = 0.9;

  /** Random draws before the exact fallback: the chance of needing it is below 2^-40. */
  private static final int MAX_DRAWS = 10_000;

  private final SecureRandom random;
  private final int minListSize;
  private final double maxFill;
  private final int draws;

  /** An allocator with the defaults: lists of at least {@link #MIN_LIST_SIZE}, 90% fill. */
  public IndexAllocator(SecureRandom random) {
    this(random, MIN_LIST_SIZE, DEFAULT_MAX_FILL);
  }

  /** An allocator with the defaults, drawing from the system CSPRNG. */
  public IndexAllocator() {
    this(Randomness.secure());
  }

  /**
   * An allocator with its own policy.
   *
   * @param random the CSPRNG (inject a seeded one in tests only)
   * @param minListSize smallest list to allocate from (positive)
   * @param maxFill largest share of a list to hand out, in (0, 1)
   * @throws IllegalArgumentException if a bound is out of range
   */
  public IndexAllocator(SecureRandom random, int minListSize, double maxFill) {
    this.random = Objects.requireNonNull(random, "random");
    if (minListSize <= 0) {
      throw new IllegalArgumentException("minListSize must be positive");
    }
    if (!(maxFill > 0 && maxFill < 1)) {
      throw new IllegalArgumentException("maxFill must be in (0, 1), not " + maxFill);
    }
    this.minListSize = minListSize;
    this.maxFill = maxFill;
    // With at least (1 - maxFill) of the list free, each draw misses with probability <= maxFill.
    double n = Math.ceil(40 * Math.log(2) / -Math.log(maxFill));
    this.draws = (int) Math.min(MAX_DRAWS, Math.max(1, n));
  }

  /**
   * How many entries of a list of {@code size} may be handed out: {@code floor(size * maxFill)}.
   */
  public int capacity(int size) {
    return (int) Math.floor(size * maxFill);
  }

  /**
   * A free index chosen uniformly at random, without recording it.
   *
   * @param size the list's number of entries
   * @param used how many entries are taken (what {@code taken} accepts)
   * @param taken true for indexes already handed out; called for indexes in {@code [0, size)}
   * @return the index, or empty if {@code used >= capacity(size)} (the list is full for privacy's
   *     sake: open a new one) or, should {@code used} be wrong, no index is free
   * @throws IllegalArgumentException if {@code size} is below the minimum list size or {@code used}
   *     is not in {@code [0, size]}
   */
  public OptionalInt pick(int size, int used, IntPredicate taken) {
    Objects.requireNonNull(taken, "taken");
    if (size < minListSize) {
      throw new IllegalArgumentException(
          "lists of " + size + " entries are too small for herd privacy; at least " + minListSize);
    }
    if (used < 0 || used > size) {
      throw new IllegalArgumentException("used must be in [0, " + size + "], not " + used);
    }
    if (used >= capacity(size)) {
      return OptionalInt.empty();
    }
    for (int i = 0; i < draws; i++) {
      int candidate = random.nextInt(size);
      if (!taken.test(candidate)) {
        return OptionalInt.of(candidate);
      }
    }
    // Practically unreachable unless "used" understates the list: pick the r-th free index exactly.
    int free = 0;
    for (int i = 0; i < size; i++) {
      if (!taken.test(i)) {
        free++;
      }
    }
    if (free == 0 || size - free >= capacity(size)) {
      return OptionalInt.empty();
    }
    int r = random.nextInt(free);
    for (int i = 0; i < size; i++) {
      if (!taken.test(i) && r-- == 0) {
        return OptionalInt.of(i);
      }
    }
    throw new IllegalStateException("the taken predicate changed during allocation");
  }

  /**
   * Picks a free index as {@link #pick} does and sets it in {@code taken}.
   *
   * @param taken the indexes already handed out; updated
   * @param size the list's number of entries
   * @return the index, or empty if the list has reached its capacity
   * @throws IllegalArgumentException if {@code size} is below the minimum list size or {@code
   *     taken} has indexes at or beyond {@code size}
   */
  public OptionalInt allocate(BitSet taken, int size) {
    if (taken.length() > size) {
      throw new IllegalArgumentException("taken has indexes beyond the list's " + size);
    }
    OptionalInt idx = pick(size, taken.cardinality(), taken::get);
    idx.ifPresent(taken::set);
    return idx;
  }
}
