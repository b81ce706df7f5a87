package kr.kdid.core.did;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.json.Jcs;
import kr.kdid.core.json.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The document's direct canonical writer must give exactly the bytes of canonicalizing its JSON
 * tree: the ledger stores (and hashes into its state root) what the writer gives, and every node
 * must agree byte for byte.
 */
class DidDocumentCanonicalTest {
  private static final List<VerificationKey> KEYS =
      List.of(
          SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey(),
          SoftwareKey.generate(SignatureAlgorithm.EDDSA).publicKey(),
          SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey());

  @Property(tries = 400)
  void writerGivesTheBytesOfCanonicalizingTheTree(
      @ForAll @IntRange(min = 1, max = 3) int methods,
      @ForAll("relationshipMasks") List<Integer> masks,
      @ForAll boolean multikey,
      @ForAll("texts") List<String> alsoKnownAs,
      @ForAll boolean withController,
      @ForAll("endpoints") List<JsonNode> endpoints) {
    Did did = KdidMethod.didFor(KEYS.get(0));
    DidDocument.Builder b = DidDocument.builder(did);
    for (int i = 0; i < methods; i++) {
      String id = did + "#key-" + (i + 1);
      VerificationKey k = KEYS.get(i);
      VerificationMethod m =
          multikey && i % 2 == 1
              ? VerificationMethod.multikey(id, did, k)
              : VerificationMethod.jwk(id, did, k);
      int mask = masks.isEmpty() ? 0 : masks.get(i % masks.size());
      List<Relationship> rels =
          java.util.Arrays.stream(Relationship.values())
              .filter(r -> (mask >> r.ordinal() & 1) == 1)
              .toList();
      b.method(m, rels.toArray(Relationship[]::new));
    }
    alsoKnownAs.forEach(b::alsoKnownAs);
    if (withController) {
      b.controller(KdidMethod.didFor(KEYS.get(1)));
    }
    for (int i = 0; i < endpoints.size(); i++) {
      JsonNode type =
          i % 2 == 0
              ? Json.mapper().getNodeFactory().textNode("LinkedDomains")
              : Json.mapper().createArrayNode().add("DIDCommMessaging").add("Ω-ü");
      b.service(new Service(did + "#svc-" + i, type, endpoints.get(i)));
    }
    DidDocument doc = b.build();

    byte[] direct = doc.canonicalJson();

    assertThat(new String(direct, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            new String(Jcs.canonicalize(doc.toJson()), java.nio.charset.StandardCharsets.UTF_8));
    assertThat(DidDocument.fromJson(Json.parse(direct))).isEqualTo(doc);
  }

  @Provide
  Arbitrary<List<Integer>> relationshipMasks() {
    return Arbitraries.integers().between(0, 31).list().ofMaxSize(3);
  }

  @Provide
  Arbitrary<List<String>> texts() {
    return Arbitraries.strings()
        .withCharRange(' ', '~')
        .withChars('é', '한', '\u2028', '"', '\\', '\u0001')
        .ofMinLength(1)
        .ofMaxLength(12)
        .map(s -> "https://example.kr/" + s)
        .list()
        .ofMaxSize(3);
  }

  @Provide
  Arbitrary<List<JsonNode>> endpoints() {
    Arbitrary<String> names =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withChars('A', '_', 'é')
            .ofMinLength(1)
            .ofMaxLength(6);
    Arbitrary<JsonNode> text =
        names.map(s -> Json.mapper().getNodeFactory().textNode("https://" + s));
    Arbitrary<JsonNode> object =
        Arbitraries.maps(names, Arbitraries.integers().between(-1000, 1000))
            .ofMaxSize(4)
            .map(
                m -> {
                  ObjectNode o = Json.object();
                  m.forEach(o::put);
                  o.put("nested", 1.5);
                  return o;
                });
    Arbitrary<JsonNode> array =
        names
            .list()
            .ofMaxSize(3)
            .map(
                l -> {
                  ArrayNode a = Json.mapper().createArrayNode();
                  l.forEach(a::add);
                  return a;
                });
    return Arbitraries.oneOf(text, object, array).list().ofMaxSize(3);
  }
}
