package kr.kdid.wallet;

import java.util.Objects;

/**
 * A text in Korean and English, as the catalog and metadata give names and claim labels.
 *
 * @param ko the Korean text
 * @param en the English text
 */
public record Label(String ko, String en) {
  public Label {
    Objects.requireNonNull(ko, "ko");
    Objects.requireNonNull(en, "en");
  }

  /** The same text in both languages (a name without translation). */
  public static Label of(String text) {
    return new Label(text, text);
  }

  /** The text for a language tag ("ko" gives Korean, anything else English). */
  public String in(String language) {
    return language != null && language.startsWith("ko") ? ko : en;
  }

  /** "English (한국어)", or just one if both are the same. */
  @Override
  public String toString() {
    return ko.equals(en) ? en : en + " (" + ko + ")";
  }
}
