package kr.kdid.credentials.sdjwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.json.Json;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Issue → select → process over random claim trees, random selectively disclosable members and
 * array elements (nested, so recursive), random decoys and random holder selections.
 */
class SdJwtProperties {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final SoftwareKey ES256 = SoftwareKey.generate(SignatureAlgorithm.ES256);
  private static final SoftwareKey EDDSA = SoftwareKey.generate(SignatureAlgorithm.EDDSA);
  private static final String[] NAMES = {
    "a", "b", "c", "given_name", "주소", "x/y", "t~n", "é", "list", "obj"
  };
  private static final String REPLACEMENTS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~.=+/ ";

  /** A random claims set with its marked (selectively disclosable) pointers. */
  record Scenario(ObjectNode claims, Set<String> marked, SdJwt issued) {}

  static Scenario scenario(Random r, boolean atLeastOneMark) {
    // As a parser reads it, so that number node types compare equal after processing.
    ObjectNode claims = (ObjectNode) Json.parse(Json.string(object(r, 0)));
    List<String> all = new ArrayList<>();
    pointers(claims, "", all);
    Set<String> marked = new HashSet<>();
    for (String p : all) {
      if (r.nextInt(10) < 4) {
        marked.add(p);
      }
    }
    if (atLeastOneMark && marked.isEmpty()) {
      marked.add(all.get(r.nextInt(all.size())));
    }
    SdJwt issued =
        SdJwtIssuer.forClaims(claims)
            .selectivelyDisclosable(marked)
            .decoys(r.nextInt(4))
            .issue(r.nextBoolean() ? ES256 : EDDSA, Json.object().put("typ", "example+sd-jwt"));
    return new Scenario(claims, marked, issued);
  }

  @Property(tries = 300)
  void processedPayloadIsExactlyThePlainAndTheSelectedClaims(@ForAll long seed) throws Exception {
    Random r = new Random(seed);
    Scenario s = scenario(r, false);
    SdJwt issued = SdJwt.parseIssued(s.issued().serialize());

    // The holder's view: every Disclosure, at the pointer it was issued for.
    Map<String, Disclosure> byPath = SdJwtProcessor.disclosuresByPath(issued);
    assertThat(byPath.keySet()).isEqualTo(s.marked());
    assertThat(SdJwtProcessor.process(issued).payload()).isEqualTo(s.claims());

    Set<String> chosen = new HashSet<>();
    for (String p : s.marked()) {
      if (r.nextBoolean()) {
        chosen.add(p);
      }
    }
    Set<Disclosure> chosenDisclosures = new HashSet<>();
    chosen.forEach(p -> chosenDisclosures.add(byPath.get(p)));
    SdJwt presented = issued.select(chosenDisclosures::contains);
    // select adds the marked ancestors of what was chosen.
    Set<String> kept = new HashSet<>();
    for (String p : chosen) {
      for (String a = p; !a.isEmpty(); a = a.substring(0, a.lastIndexOf('/'))) {
        if (s.marked().contains(a)) {
          kept.add(a);
        }
      }
    }

    SdJwt parsed = SdJwt.parse(presented.serialize());
    SdJwtProcessor.Processed processed = SdJwtProcessor.process(parsed);
    // With the payload parsed by the caller: the same result, and the tree passed in is the one
    // processed.
    ObjectNode mine = parsed.issuerJwt().payloadJson();
    SdJwtProcessor.Processed again = SdJwtProcessor.process(parsed, mine);
    assertThat(again.payload()).isEqualTo(processed.payload()).isSameAs(mine);
    assertThat(again.disclosedPaths()).containsExactlyElementsOf(processed.disclosedPaths());

    assertThat(processed.payload()).isEqualTo(prune(s.claims(), "", s.marked(), kept));
    assertThat(presented.disclosures()).hasSize(kept.size());
    assertThat(processed.disclosedPaths()).hasSize(kept.size());
    assertThat(
            presented.issuerJwt().verify(ES256.publicKey())
                || presented.issuerJwt().verify(EDDSA.publicKey()))
        .isTrue();
  }

  @Property(tries = 500)
  void changingOneCharacterOfAnyDisclosureIsRejected(@ForAll long seed) {
    Random r = new Random(seed);
    SdJwt issued = scenario(r, true).issued();
    List<String> parts = new ArrayList<>(List.of(issued.serialize().split("~", -1)));
    int index = 1 + r.nextInt(issued.disclosures().size());
    String disclosure = parts.get(index);
    int at = r.nextInt(disclosure.length());
    char replacement;
    do {
      replacement = REPLACEMENTS.charAt(r.nextInt(REPLACEMENTS.length()));
    } while (replacement == disclosure.charAt(at));
    parts.set(index, disclosure.substring(0, at) + replacement + disclosure.substring(at + 1));
    String tampered = String.join("~", parts);

    assertThatThrownBy(() -> SdJwtProcessor.process(SdJwt.parse(tampered)))
        .isInstanceOf(SdJwtException.class);
  }

  // ------------------------------------------------------------------------------------ model

  /** The claims without the marked values that were not kept. */
  static JsonNode prune(JsonNode node, String path, Set<String> marked, Set<String> kept) {
    if (node.isObject()) {
      ObjectNode out = F.objectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String p = path + "/" + Digests.pointerToken(e.getKey());
        if (!marked.contains(p) || kept.contains(p)) {
          out.set(e.getKey(), prune(e.getValue(), p, marked, kept));
        }
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = F.arrayNode();
      for (int i = 0; i < node.size(); i++) {
        String p = path + "/" + i;
        if (!marked.contains(p) || kept.contains(p)) {
          out.add(prune(node.get(i), p, marked, kept));
        }
      }
      return out;
    }
    return node;
  }

  static void pointers(JsonNode node, String path, List<String> out) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        String p = path + "/" + Digests.pointerToken(e.getKey());
        out.add(p);
        pointers(e.getValue(), p, out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        out.add(path + "/" + i);
        pointers(node.get(i), path + "/" + i, out);
      }
    }
  }

  static ObjectNode object(Random r, int depth) {
    ObjectNode o = F.objectNode();
    int n = 1 + r.nextInt(depth == 0 ? 6 : 4);
    for (int i = 0; i < n; i++) {
      o.set(NAMES[r.nextInt(NAMES.length)], value(r, depth + 1));
    }
    return o;
  }

  static JsonNode value(Random r, int depth) {
    int kind = r.nextInt(depth < 3 ? 7 : 5);
    return switch (kind) {
      case 0 -> F.textNode("v" + r.nextInt(1000) + (r.nextBoolean() ? "ü\"\\" : ""));
      case 1 -> F.numberNode(r.nextInt());
      case 2 -> F.booleanNode(r.nextBoolean());
      case 3 -> F.nullNode();
      case 4 -> F.numberNode(r.nextLong());
      case 5 -> object(r, depth);
      default -> {
        ArrayNode a = F.arrayNode();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          a.add(value(r, depth + 1));
        }
        yield a;
      }
    };
  }
}
