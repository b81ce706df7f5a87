package kr.kdid.credentials.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A credential type of the catalog: what it is called, which claims it carries, how it is shown and
 * issued. Loaded from data files (see {@link Catalog}); immutable.
 *
 * @param id the identifier used on the ledger (issuer accreditation, relying-party registration)
 * @param vct the SD-JWT VC type
 * @param doctype the ISO/IEC 18013-5 document type
 * @param namespace the default mdoc namespace of its data elements
 * @param display per locale
 * @param rules issuance rules
 * @param claims the claims, in display order
 */
public record CredentialType(
    String id,
    String vct,
    String doctype,
    String namespace,
    Map<String, Display> display,
    IssuanceRules rules,
    List<ClaimDefinition> claims) {

  public CredentialType {
    if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._:/#-]{0,255}")) {
      throw new IllegalArgumentException("invalid credential type id: " + id);
    }
    if (vct == null || vct.isBlank()) {
      throw new IllegalArgumentException(id + " needs a vct");
    }
    display = Map.copyOf(new LinkedHashMap<>(display));
    claims = List.copyOf(claims);
    if (!display.containsKey("en") || !display.containsKey("ko")) {
      throw new IllegalArgumentException(
          id + " needs display names in Korean (ko) and English (en)");
    }
    Set<String> names = new HashSet<>();
    for (ClaimDefinition c : claims) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException(id + " lists claim " + c.name() + " twice");
      }
      if (c.derived() != null) {
        checkDerivation(id, c, claims);
      }
    }
  }

  private static void checkDerivation(String id, ClaimDefinition c, List<ClaimDefinition> claims) {
    if (!c.derived().matches("age_over:[0-9]{1,3}")) {
      throw new IllegalArgumentException(
          id + "." + c.name() + ": unknown derivation \"" + c.derived() + "\"");
    }
    if (c.type() != ClaimType.BOOLEAN) {
      throw new IllegalArgumentException(id + "." + c.name() + ": an age_over claim is boolean");
    }
    if (claims.stream().noneMatch(x -> x.name().equals("birth_date"))) {
      throw new IllegalArgumentException(id + "." + c.name() + " needs a birth_date claim");
    }
  }

  /** The claim named so, if the type has it. */
  public Optional<ClaimDefinition> claim(String name) {
    return claims.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The display in a locale, falling back to English. */
  public Display display(String locale) {
    return display.getOrDefault(locale, display.get("en"));
  }

  /**
   * Checks source claims (from the authentic source) against the type: every mandatory, non-derived
   * claim present, every value of the right type, nothing unknown.
   *
   * @return the problems, empty if none
   */
  public List<String> problemsWith(ObjectNode source) {
    List<String> problems = new ArrayList<>();
    for (ClaimDefinition c : claims) {
      JsonNode v = source.get(c.name());
      if (c.derived() != null) {
        if (v != null) {
          problems.add(c.name() + " is computed by the issuer and must not be given");
        }
        continue;
      }
      if (v == null || v.isNull()) {
        if (c.mandatory()) {
          problems.add(c.name() + " is required");
        }
        continue;
      }
      String p = c.type().problemWith(v);
      if (p != null) {
        problems.add(c.name() + " " + p);
      }
    }
    for (var e : source.properties()) {
      if (claim(e.getKey()).isEmpty()) {
        problems.add(e.getKey() + " is not a claim of " + id);
      }
    }
    return problems;
  }

  /**
   * The claims to issue: the source claims plus the derived ones, computed for {@code today}.
   *
   * @throws IllegalArgumentException if the source claims have problems
   */
  public ObjectNode issuableClaims(ObjectNode source, LocalDate today) {
    List<String> problems = problemsWith(source);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    ObjectNode out = source.deepCopy();
    for (ClaimDefinition c : claims) {
      if (c.derived() != null && source.hasNonNull("birth_date")) {
        int years = Integer.parseInt(c.derived().substring("age_over:".length()));
        out.put(
            c.name(), ageOn(LocalDate.parse(source.get("birth_date").asText()), today) >= years);
      }
    }
    return out;
  }

  /** Age in whole years on a day. */
  public static int ageOn(LocalDate birth, LocalDate day) {
    return Period.between(birth, day).getYears();
  }
}
