package kr.kdid.credentials.sdjwtvc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.sdjwt.Disclosure;
import kr.kdid.credentials.sdjwt.KeyBinding;
import kr.kdid.credentials.sdjwt.SdJwt;
import kr.kdid.credentials.sdjwt.SdJwtException;
import kr.kdid.credentials.sdjwt.SdJwtProcessor;
import kr.kdid.credentials.sdjwtvc.SdJwtVcIssuer.Request;
import kr.kdid.credentials.sdjwtvc.SdJwtVcVerifier.Options;
import kr.kdid.credentials.sdjwtvc.SdJwtVcVerifier.Result;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Random SD-JWT VCs through issuer, holder selection, key binding and verifier. */
class SdJwtVcProperties {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<SoftwareKey> ISSUERS =
      List.of(
          SoftwareKey.generate(SignatureAlgorithm.ES256),
          SoftwareKey.generate(SignatureAlgorithm.EDDSA));
  private static final List<SoftwareKey> HOLDERS =
      List.of(
          SoftwareKey.generate(SignatureAlgorithm.ES256),
          SoftwareKey.generate(SignatureAlgorithm.EDDSA));
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final String ISS = "did:kdid:issuer";
  private static final String AUD = "https://rp.example";
  private static final String NONCE = "nonce-1";
  private static final String REPLACEMENTS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~.=+/";

  record Presentation(String wire, ObjectNode expected, SoftwareKey issuer) {}

  static Presentation present(Random r) {
    SoftwareKey issuer = ISSUERS.get(r.nextInt(2));
    SoftwareKey holder = HOLDERS.get(r.nextInt(2));
    ObjectNode disclosable = F.objectNode();
    int n = 1 + r.nextInt(10);
    for (int i = 0; i < n; i++) {
      disclosable.set("c" + r.nextInt(20), value(r, 0));
    }
    ObjectNode plain = F.objectNode();
    for (int i = r.nextInt(4); i > 0; i--) {
      plain.set("p" + r.nextInt(5), value(r, 0));
    }
    Request request =
        new Request(
            issuer,
            "kid-" + r.nextInt(3),
            ISS,
            "urn:kdid:test:" + r.nextInt(3),
            disclosable,
            plain,
            holder.publicKey().toJwk(),
            null,
            NOW.minusSeconds(3600),
            null,
            NOW.plusSeconds(3600),
            r.nextInt(4),
            r.nextBoolean());
    SdJwt issued = new SdJwtVcIssuer().issue(request);
    Set<String> chosen = new HashSet<>();
    disclosable
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (r.nextBoolean()) {
                chosen.add(name);
              }
            });
    // Keep every Disclosure at or below a chosen claim (with the recursive option, nested
    // members are Disclosures of their own).
    Map<String, Disclosure> byPath;
    try {
      byPath = SdJwtProcessor.disclosuresByPath(issued);
    } catch (SdJwtException e) {
      throw new AssertionError(e);
    }
    Set<Disclosure> keep = new HashSet<>();
    byPath.forEach(
        (path, d) -> {
          if (chosen.contains(path.substring(1).split("/")[0])) {
            keep.add(d);
          }
        });
    SdJwt selected = issued.select(keep::contains);
    String wire =
        selected
            .withKeyBinding(KeyBinding.create(selected, holder, AUD, NONCE, NOW.minusSeconds(1)))
            .serialize();
    ObjectNode expected = F.objectNode();
    expected.put("iss", ISS);
    expected.put("iat", request.issuedAt().getEpochSecond());
    expected.put("exp", request.expires().getEpochSecond());
    expected.put("vct", request.vct());
    expected.setAll(plain);
    expected.putObject("cnf").set("jwk", holder.publicKey().toJwk().toJson());
    for (String name : chosen) {
      expected.set(name, disclosable.get(name));
    }
    return new Presentation(wire, (ObjectNode) Json.parse(Json.string(expected)), issuer);
  }

  static Result verify(Presentation p) {
    return new SdJwtVcVerifier((iss, kid) -> p.issuer().publicKey())
        .verify(
            p.wire(),
            Options.withKeyBinding(AUD, NONCE, NOW, Duration.ofMinutes(1), Duration.ofSeconds(5)));
  }

  @Property(tries = 200)
  void verifiedPayloadIsThePlainClaimsPlusTheSelectedOnes(@ForAll long seed) {
    Presentation p = present(new Random(seed));

    Result r = verify(p);

    assertThat(r.ok()).as(r.checks().toString()).isTrue();
    assertThat(r.payload()).isEqualTo(p.expected());
  }

  @Property(tries = 300)
  void anyOneCharacterChangeToAPresentedDisclosureIsRejected(@ForAll long seed) {
    Random r = new Random(seed);
    Presentation p = present(r);
    List<String> parts = new ArrayList<>(List.of(p.wire().split("~", -1)));
    if (parts.size() < 3) {
      return; // nothing disclosed
    }
    int index = 1 + r.nextInt(parts.size() - 2);
    String d = parts.get(index);
    int at = r.nextInt(d.length());
    char c;
    do {
      c = REPLACEMENTS.charAt(r.nextInt(REPLACEMENTS.length()));
    } while (c == d.charAt(at));
    parts.set(index, d.substring(0, at) + c + d.substring(at + 1));

    Result result = verify(new Presentation(String.join("~", parts), p.expected(), p.issuer()));

    assertThat(result.ok()).isFalse();
    assertThat(result.payload()).isNull();
  }

  static JsonNode value(Random r, int depth) {
    return switch (r.nextInt(depth < 2 ? 6 : 4)) {
      case 0 -> F.textNode("값" + r.nextInt(100));
      case 1 -> F.numberNode(r.nextInt(100_000));
      case 2 -> F.booleanNode(r.nextBoolean());
      case 3 -> F.nullNode();
      case 4 -> {
        ObjectNode o = F.objectNode();
        for (int i = 1 + r.nextInt(3); i > 0; i--) {
          o.set("k" + r.nextInt(4), value(r, depth + 1));
        }
        yield o;
      }
      default -> F.arrayNode().add(value(r, depth + 1)).add(value(r, depth + 1));
    };
  }
}
