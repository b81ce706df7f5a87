package kr.kdid.credentials.catalog;

import java.util.Map;

/**
 * One claim of a credential type.
 *
 * @param name the claim name (SD-JWT VC claim, mdoc data element identifier)
 * @param type its value type
 * @param mandatory whether every credential of the type carries it
 * @param derived how the issuer computes it from other claims, or null if it comes from the
 *     authentic source ("age_over:19" means birth_date is at least 19 years ago at issuance)
 * @param namespace the mdoc namespace of the data element, or null for the type's default
 * @param sensitive whether only relying parties registered for this very claim may ask for it
 *     (wallets warn before disclosing it)
 * @param display label per locale ("ko", "en")
 */
public record ClaimDefinition(
    String name,
    ClaimType type,
    boolean mandatory,
    String derived,
    String namespace,
    boolean sensitive,
    Map<String, String> display) {

  public ClaimDefinition {
    if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
      throw new IllegalArgumentException("invalid claim name: " + name);
    }
    if (type == null) {
      throw new IllegalArgumentException("claim " + name + " has no type");
    }
    display = Map.copyOf(display);
  }

  /** The label in a locale, falling back to English, then to the name. */
  public String label(String locale) {
    return display.getOrDefault(locale, display.getOrDefault("en", name));
  }
}
