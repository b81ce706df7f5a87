package kr.kdid.core.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DidTest {

  @Test
  void parsesDidsAndDidUrls() {
    Did d = Did.parse("did:example:123456789abcdefghi");
    assertThat(d.method()).isEqualTo("example");
    assertThat(d.methodSpecificId()).isEqualTo("123456789abcdefghi");
    assertThat(Did.parse("did:web:example.com%3A8443:user:alice").methodSpecificId())
        .isEqualTo("example.com%3A8443:user:alice");
    DidUrl u = DidUrl.parse("did:example:123/path/x?versionId=2#key-1");
    assertThat(u.did()).isEqualTo(d.method().equals("example") ? Did.parse("did:example:123") : d);
    assertThat(u.path()).isEqualTo("/path/x");
    assertThat(u.query()).isEqualTo("versionId=2");
    assertThat(u.fragment()).isEqualTo("key-1");
    assertThat(u.toString()).isEqualTo("did:example:123/path/x?versionId=2#key-1");
    assertThat(DidUrl.resolveReference(d, "#k").toString()).isEqualTo(d + "#k");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "did:",
        "did:example",
        "did:example:",
        "did:Example:abc",
        "did:ex-ample:abc",
        "did:example:abc:",
        "did:example:a b",
        "did:example:%zz",
        "urn:example:abc",
        "did:example:abc#frag"
      })
  void rejectsInvalidDids(String text) {
    assertThatThrownBy(() -> Did.parse(text)).isInstanceOf(InvalidDidException.class);
    assertThat(Did.isValid(text)).isFalse();
  }

  @Test
  void rejectsOverlongDids() {
    assertThatThrownBy(() -> Did.parse("did:example:" + "a".repeat(Did.MAX_LENGTH)))
        .isInstanceOf(InvalidDidException.class);
  }

  @Test
  void kdidIdentifiersDeriveFromTheFirstKey() {
    VerificationKey k = SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey();
    Did did = KdidMethod.didFor(k);
    assertThat(did.method()).isEqualTo("kdid");
    assertThat(KdidMethod.parse(did.toString())).isEqualTo(did);
    assertThat(KdidMethod.derivesFrom(did, k)).isTrue();
    VerificationKey other = SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey();
    assertThat(KdidMethod.derivesFrom(did, other)).isFalse();
    assertThatThrownBy(() -> KdidMethod.parse("did:kdid:abc"))
        .isInstanceOf(InvalidDidException.class);
    assertThatThrownBy(() -> KdidMethod.parse("did:key:" + k.toMultibase()))
        .isInstanceOf(InvalidDidException.class);
  }

  static DidDocument sampleDocument(VerificationKey k) {
    Did did = KdidMethod.didFor(k);
    return DidDocument.builder(did)
        .method(
            VerificationMethod.jwk(did.withFragment("key-1"), did, k),
            Relationship.CAPABILITY_INVOCATION,
            Relationship.ASSERTION_METHOD,
            Relationship.AUTHENTICATION)
        .service(
            new Service(
                did.withFragment("issuer"),
                Json.mapper().getNodeFactory().textNode("OID4VCI"),
                Json.mapper().getNodeFactory().textNode("https://issuer.example")))
        .build();
  }

  @Test
  void documentsRoundTripThroughJson() {
    VerificationKey k = SoftwareKey.generate(SignatureAlgorithm.EDDSA).publicKey();
    DidDocument doc = sampleDocument(k);
    ObjectNode json = doc.toJson();
    assertThat(json.get("@context").get(0).asText()).isEqualTo(DidDocument.CONTEXT_DID_V1);
    DidDocument back = DidDocument.fromJson(json);
    assertThat(back).isEqualTo(doc);
    assertThat(back.methodsFor(Relationship.ASSERTION_METHOD)).hasSize(1);
    assertThat(back.methodsFor(Relationship.ASSERTION_METHOD).get(0).key()).isEqualTo(k);
    assertThat(back.authorizes(Relationship.KEY_AGREEMENT, doc.id().withFragment("key-1")))
        .isFalse();
  }

  @Test
  void relativeReferencesAreResolved() {
    VerificationKey k = SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey();
    Did did = KdidMethod.didFor(k);
    ObjectNode json = sampleDocument(k).toJson();
    ((ObjectNode) json.get("verificationMethod").get(0)).put("id", "#key-1");
    json.putArray("capabilityInvocation").add("#key-1");
    DidDocument doc = DidDocument.fromJson(json);
    assertThat(doc.authorizes(Relationship.CAPABILITY_INVOCATION, did + "#key-1")).isTrue();
  }

  @Test
  void documentRulesAreEnforced() {
    VerificationKey k = SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey();
    Did did = KdidMethod.didFor(k);
    ObjectNode json = sampleDocument(k).toJson();

    ObjectNode dangling = json.deepCopy();
    dangling.putArray("authentication").add(did + "#nope");
    assertThatThrownBy(() -> DidDocument.fromJson(dangling)).hasMessageContaining("#nope");

    ObjectNode dup = json.deepCopy();
    dup.withArray("verificationMethod").add(dup.get("verificationMethod").get(0).deepCopy());
    assertThatThrownBy(() -> DidDocument.fromJson(dup)).hasMessageContaining("duplicate");

    ObjectNode priv = json.deepCopy();
    ((ObjectNode) priv.get("verificationMethod").get(0).get("publicKeyJwk")).put("d", "AAAA");
    assertThatThrownBy(() -> DidDocument.fromJson(priv)).hasMessageContaining("private");

    ObjectNode embedded = json.deepCopy();
    embedded.putArray("assertionMethod").add(json.get("verificationMethod").get(0).deepCopy());
    assertThatThrownBy(() -> DidDocument.fromJson(embedded)).hasMessageContaining("references");

    ObjectNode noCtx = json.deepCopy();
    noCtx.remove("@context");
    assertThatThrownBy(() -> DidDocument.fromJson(noCtx)).isInstanceOf(InvalidDidException.class);

    ObjectNode badKey = json.deepCopy();
    ((ObjectNode) badKey.get("verificationMethod").get(0).get("publicKeyJwk")).put("x", "AAAA");
    assertThatThrownBy(() -> DidDocument.fromJson(badKey)).hasMessageContaining("invalid key");
  }

  @Test
  void resolvesDidKey() {
    VerificationKey k = SoftwareKey.generate(SignatureAlgorithm.EDDSA).publicKey();
    Did did = DidKeyResolver.didFor(k);
    DidResolutionResult r = CompositeDidResolver.local().resolve(did.toString());
    assertThat(r.isFound()).isTrue();
    VerificationMethod m = r.document().methodsFor(Relationship.ASSERTION_METHOD).get(0);
    assertThat(m.type()).isEqualTo("Multikey");
    assertThat(m.id()).isEqualTo(did + "#" + k.toMultibase());
    assertThat(m.key()).isEqualTo(k);
    assertThat(r.toJson().get("didResolutionMetadata").get("contentType").asText())
        .isEqualTo("application/did+json");
  }

  @Test
  void resolvesAKnownDidKeyVector() {
    // did:key test vector (W3C CCG did:key spec, Ed25519 example).
    String did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    DidResolutionResult r = new DidKeyResolver().resolve(did);
    assertThat(r.isFound()).isTrue();
    assertThat(r.document().verificationMethod().get(0).id())
        .isEqualTo(did + "#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
  }

  @Test
  void resolvesDidJwk() {
    VerificationKey k = SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey();
    Did did = DidJwkResolver.didFor(k);
    DidResolutionResult r = CompositeDidResolver.local().resolve(did.toString());
    assertThat(r.isFound()).isTrue();
    assertThat(r.document().method(did + "#0").orElseThrow().key()).isEqualTo(k);
  }

  @Test
  void resolvesTheDidJwkSpecExample() {
    // did:jwk specification example (P-256, "use":"sig").
    String did =
        "did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVV"
            + "M3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25T"
            + "RSJ9";
    DidResolutionResult r = new DidJwkResolver().resolve(did);
    assertThat(r.isFound()).as(String.valueOf(r.errorMessage())).isTrue();
    assertThat(r.document().verificationMethod()).hasSize(1);
  }

  @Test
  void resolutionErrorsAreResults() {
    CompositeDidResolver r = CompositeDidResolver.local();
    assertThat(r.resolve("not a did").error()).isEqualTo(ResolutionError.INVALID_DID);
    assertThat(r.resolve("did:web:example.com").error())
        .isEqualTo(ResolutionError.METHOD_NOT_SUPPORTED);
    assertThat(r.resolve("did:key:zzzz").error()).isEqualTo(ResolutionError.INVALID_DID);
    assertThat(r.resolve("did:jwk:e30").error()).isEqualTo(ResolutionError.INVALID_DID);
    DidResolutionResult e = r.resolve("did:key:abc");
    assertThat(e.toJson().get("didDocument").isNull()).isTrue();
    assertThat(e.toJson().get("didResolutionMetadata").get("error").asText())
        .isEqualTo("invalidDid");
  }
}
