package kr.kdid.credentials.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kr.kdid.core.json.Json;

/**
 * The credential catalog: credential types as data. The built-in catalog is the JSON files listed
 * in {@code catalog/index.json} on the classpath; a deployment (or another country) can load its
 * own directory of files in the same format instead. Immutable and thread-safe.
 *
 * <p>File format (one type per file):
 *
 * <pre>{@code
 * {"id": "kr.mdl", "vct": "urn:kdid:kr:mdl:1", "doctype": "org.iso.18013.5.1.mDL",
 *  "namespace": "org.iso.18013.5.1",
 *  "display": {"ko": {"name": "..."}, "en": {"name": "...", "description": "..."}},
 *  "issuance": {"minimumAge": 0, "onePerHolder": false, "validityDays": 365, "batchSize": 3,
 *               "manualApproval": false},
 *  "claims": [{"name": "family_name", "type": "string", "mandatory": true,
 *              "display": {"ko": "성", "en": "Family name"}}, ...]}
 * }</pre>
 */
public final class Catalog {
  private final Map<String, CredentialType> byId;

  private Catalog(List<CredentialType> types) {
    Map<String, CredentialType> m = new LinkedHashMap<>();
    for (CredentialType t : types) {
      if (m.put(t.id(), t) != null) {
        throw new IllegalArgumentException("credential type " + t.id() + " defined twice");
      }
    }
    this.byId = java.util.Collections.unmodifiableMap(m);
  }

  /** A catalog of the given types. */
  public static Catalog of(List<CredentialType> types) {
    return new Catalog(types);
  }

  /**
   * The built-in catalog.
   *
   * @throws IllegalStateException if the built-in files are missing or invalid (a build fault)
   */
  public static Catalog builtIn() {
    try (InputStream idx = Catalog.class.getResourceAsStream("/catalog/index.json")) {
      if (idx == null) {
        throw new IllegalStateException("catalog/index.json is missing from the classpath");
      }
      List<CredentialType> types = new ArrayList<>();
      for (JsonNode f : Json.parse(idx.readAllBytes()).path("types")) {
        try (InputStream in = Catalog.class.getResourceAsStream("/catalog/" + f.asText())) {
          if (in == null) {
            throw new IllegalStateException("catalog file " + f.asText() + " is missing");
          }
          types.add(parse(Json.parse(in.readAllBytes()), f.asText()));
        }
      }
      return new Catalog(types);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every {@code *.json} file of a directory, one type each.
   *
   * @throws IllegalArgumentException naming the file, if one is invalid
   */
  public static Catalog load(Path dir) throws IOException {
    List<CredentialType> types = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
      List<Path> files = new ArrayList<>();
      ds.forEach(files::add);
      files.sort(null);
      for (Path p : files) {
        types.add(parse(Json.parse(Files.readAllBytes(p)), p.getFileName().toString()));
      }
    }
    return new Catalog(types);
  }

  /**
   * Reads one type from its JSON.
   *
   * @throws IllegalArgumentException naming the source and the problem
   */
  public static CredentialType parse(JsonNode n, String source) {
    try {
      Map<String, Display> display = new LinkedHashMap<>();
      for (var e : n.path("display").properties()) {
        JsonNode d = e.getValue();
        display.put(
            e.getKey(),
            new Display(
                text(d, "name"),
                optText(d, "description"),
                optText(d, "backgroundColor"),
                optText(d, "textColor")));
      }
      JsonNode is = n.path("issuance");
      IssuanceRules rules =
          new IssuanceRules(
              is.path("minimumAge").asInt(0),
              is.path("onePerHolder").asBoolean(false),
              Duration.ofDays(is.path("validityDays").asLong(365)),
              is.path("batchSize").asInt(1),
              is.path("manualApproval").asBoolean(false));
      List<ClaimDefinition> claims = new ArrayList<>();
      for (JsonNode c : n.path("claims")) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (var e : c.path("display").properties()) {
          labels.put(e.getKey(), e.getValue().asText());
        }
        claims.add(
            new ClaimDefinition(
                text(c, "name"),
                ClaimType.fromFileName(text(c, "type")),
                c.path("mandatory").asBoolean(false),
                optText(c, "derived"),
                optText(c, "namespace"),
                c.path("sensitive").asBoolean(false),
                labels));
      }
      return new CredentialType(
          text(n, "id"),
          text(n, "vct"),
          optText(n, "doctype"),
          optText(n, "namespace"),
          display,
          rules,
          claims);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("catalog " + source + ": " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException("\"" + name + "\" is required");
    }
    return v.asText();
  }

  private static String optText(JsonNode n, String name) {
    JsonNode v = n.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }

  public List<CredentialType> all() {
    return List.copyOf(byId.values());
  }

  public Optional<CredentialType> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public Optional<CredentialType> byVct(String vct) {
    return byId.values().stream().filter(t -> t.vct().equals(vct)).findFirst();
  }

  public Optional<CredentialType> byDoctype(String doctype) {
    return byId.values().stream().filter(t -> doctype.equals(t.doctype())).findFirst();
  }
}
