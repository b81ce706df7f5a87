package kr.kdid.credentials.status;

/**
 * What a status value in a Status List means (draft-ietf-oauth-status-list §7). The raw value is
 * 0-255; {@link #of(int)} classifies it.
 *
 * <p>{@link #APPLICATION_SPECIFIC} and {@link #RESERVED} stand for several raw values each; a
 * verifier that gives meaning to application-specific values reads the raw value with {@link
 * StatusListToken#rawStatusOf}. Anything but {@link #VALID} means the Referenced Token must not be
 * accepted as valid, unless the application defines otherwise for its own values.
 */
public enum StatusValue {
  /** 0x00: valid, correct or legal. */
  VALID(0),
  /** 0x01: revoked, annulled, taken back, recalled or cancelled. */
  INVALID(1),
  /** 0x02: temporarily invalid (needs {@code bits} of 2 or more). */
  SUSPENDED(2),
  /** 0x03 and 0x0C-0x0F: permanently reserved for application-specific use. */
  APPLICATION_SPECIFIC(-1),
  /** Every other value (0x04-0x0B, 0x10-0xFF): reserved for future registration. */
  RESERVED(-1);

  private final int code;

  StatusValue(int code) {
    this.code = code;
  }

  /**
   * The classification of a raw status value.
   *
   * @throws IllegalArgumentException if {@code value} is not in 0-255
   */
  public static StatusValue of(int value) {
    if (value < 0 || value > 0xFF) {
      throw new IllegalArgumentException("a status value is 0-255, not " + value);
    }
    return switch (value) {
      case 0x00 -> VALID;
      case 0x01 -> INVALID;
      case 0x02 -> SUSPENDED;
      case 0x03, 0x0C, 0x0D, 0x0E, 0x0F -> APPLICATION_SPECIFIC;
      default -> RESERVED;
    };
  }

  /** True for VALID, INVALID and SUSPENDED, which have exactly one code. */
  public boolean hasCode() {
    return code >= 0;
  }

  /**
   * The registered code of VALID (0), INVALID (1) or SUSPENDED (2).
   *
   * @throws IllegalStateException for APPLICATION_SPECIFIC and RESERVED, which cover several codes
   */
  public int code() {
    if (code < 0) {
      throw new IllegalStateException(name() + " covers several status values and has no code");
    }
    return code;
  }
}
