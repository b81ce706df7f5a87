package kr.kdid.core.keys;

/**
 * Argon2id cost parameters for deriving a vault key from a passphrase or PIN.
 *
 * @param memoryKiB memory in KiB
 * @param iterations passes over memory
 * @param parallelism lanes
 */
public record Argon2Params(int memoryKiB, int iterations, int parallelism) {
  /** The default: 64 MiB, 3 passes, 1 lane (RFC 9106's second recommended option). */
  public static final Argon2Params DEFAULT = new Argon2Params(64 * 1024, 3, 1);

  /** Cheap parameters for tests only: never use them for real keys. */
  public static final Argon2Params TEST_ONLY = new Argon2Params(1024, 1, 1);

  public Argon2Params {
    if (memoryKiB < 8 * parallelism || iterations < 1 || parallelism < 1 || memoryKiB > 4 << 20) {
      throw new IllegalArgumentException("invalid Argon2 parameters");
    }
  }
}
