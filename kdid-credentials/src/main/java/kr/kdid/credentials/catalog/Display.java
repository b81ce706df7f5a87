package kr.kdid.credentials.catalog;

/**
 * How a credential type is shown in one locale.
 *
 * @param name the credential's name ("모바일 운전면허증", "Mobile driver's licence")
 * @param description a sentence for the holder, or null
 * @param backgroundColor CSS colour for card rendering, or null
 * @param textColor CSS colour for card rendering, or null
 */
public record Display(String name, String description, String backgroundColor, String textColor) {
  public Display {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("display needs a name");
    }
  }
}
