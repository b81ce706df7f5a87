package kr.kdid.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Arrays;
import kr.kdid.core.encoding.Base64Url;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeysTest {
  private static final byte[] MSG = "K-DID".getBytes(StandardCharsets.UTF_8);

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void signaturesVerifyAndTamperingIsCaught(SignatureAlgorithm alg) {
    SoftwareKey key = SoftwareKey.generate(alg);
    byte[] sig = key.sign(MSG);
    assertThat(sig).hasSize(64);
    assertThat(key.publicKey().verify(MSG, sig)).isTrue();

    byte[] badSig = sig.clone();
    badSig[10] ^= 1;
    assertThat(key.publicKey().verify(MSG, badSig)).isFalse();
    byte[] badMsg = MSG.clone();
    badMsg[0] ^= 1;
    assertThat(key.publicKey().verify(badMsg, sig)).isFalse();
    assertThat(key.publicKey().verify(MSG, Arrays.copyOf(sig, 63))).isFalse();
    assertThat(key.publicKey().verify(MSG, null)).isFalse();
    assertThat(key.publicKey().verify(MSG, new byte[64])).isFalse();
    SoftwareKey other = SoftwareKey.generate(alg);
    assertThat(other.publicKey().verify(MSG, sig)).isFalse();
  }

  @Test
  void es256SignaturesAreDeterministic() {
    SoftwareKey key = SoftwareKey.generate(SignatureAlgorithm.ES256);
    assertThat(key.sign(MSG)).isEqualTo(key.sign(MSG));
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void jwkAndMultibaseRoundTrip(SignatureAlgorithm alg) {
    SoftwareKey key = SoftwareKey.generate(alg);
    VerificationKey pub = key.publicKey();
    assertThat(VerificationKey.fromJwk(pub.toJwk())).isEqualTo(pub);
    assertThat(VerificationKey.fromMultibase(pub.toMultibase())).isEqualTo(pub);
    assertThat(Jwk.parse(pub.toJwk().toJson().toString())).isEqualTo(pub.toJwk());
    SoftwareKey again = SoftwareKey.fromJwk(key.toPrivateJwk());
    assertThat(again.publicKey()).isEqualTo(pub);
    assertThat(pub.verify(MSG, again.sign(MSG))).isTrue();
    assertThat(key.toPrivateJwk().toString()).doesNotContain(key.toPrivateJwk().d());
  }

  @Test
  void didKeyMultibasePrefixesAreTheSpecOnes() {
    assertThat(SoftwareKey.generate(SignatureAlgorithm.EDDSA).publicKey().toMultibase())
        .startsWith("z6Mk");
    assertThat(SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey().toMultibase())
        .startsWith("zDn");
  }

  @Test
  void rfc7638ThumbprintExample() {
    // RFC 7638 §3.1 computes the thumbprint of an RSA key; for EC the same rules apply. Check
    // against RFC 7638's rule with a fixed P-256 key from RFC 7515 A.3.
    Jwk jwk =
        new Jwk(
            "EC",
            "P-256",
            "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
            "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
            null,
            null);
    assertThat(new String(jwk.thumbprintInput(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\","
                + "\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}");
    assertThat(jwk.thumbprint()).isEqualTo(Base64Url.encode(Sha256.hash(jwk.thumbprintInput())));
  }

  @Test
  void rfc7515AppendixA3SignatureVerifies() {
    // RFC 7515 A.3: ES256 JWS with a published key.
    Jwk jwk =
        new Jwk(
            "EC",
            "P-256",
            "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
            "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
            null,
            null);
    String signingInput =
        "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFt"
            + "cGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
    String sig =
        "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
    VerificationKey key = VerificationKey.fromJwk(jwk);
    assertThat(key.verify(signingInput.getBytes(StandardCharsets.US_ASCII), Base64Url.decode(sig)))
        .isTrue();
  }

  @Test
  void rfc8037AppendixA4Ed25519SignatureVerifies() {
    // RFC 8037 A.4: EdDSA JWS over "Example of Ed25519 signing".
    Jwk priv =
        Jwk.parse(
            "{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
                + "\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\","
                + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}");
    String signingInput = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
    String sig =
        "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
    SoftwareKey key = SoftwareKey.fromJwk(priv);
    byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
    assertThat(Base64Url.encode(key.sign(input))).isEqualTo(sig);
    assertThat(key.publicKey().verify(input, Base64Url.decode(sig))).isTrue();
  }

  @Test
  void invalidKeysAreRefused() {
    // A point not on the curve.
    Jwk off =
        new Jwk(
            "EC",
            "P-256",
            "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
            "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5b0",
            null,
            null);
    assertThatThrownBy(() -> VerificationKey.fromJwk(off))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Jwk("RSA", "x", "x", null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Jwk("EC", "P-384", "x", "y", null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Jwk.parse("{\"kty\":\"EC\"}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> P256Key.fromEncoded(new byte[33]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ed25519Key.fromEncoded(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    Jwk pubOnly = SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey().toJwk();
    assertThatThrownBy(() -> SoftwareKey.fromJwk(pubOnly))
        .isInstanceOf(IllegalArgumentException.class);
    // A private JWK whose public members belong to another key.
    Jwk a = SoftwareKey.generate(SignatureAlgorithm.ES256).toPrivateJwk();
    Jwk b = SoftwareKey.generate(SignatureAlgorithm.ES256).publicKey().toJwk();
    Jwk mixed = new Jwk("EC", "P-256", b.x(), b.y(), a.d(), null);
    assertThatThrownBy(() -> SoftwareKey.fromJwk(mixed)).hasMessageContaining("do not match");
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void jcaInteroperates(SignatureAlgorithm alg) throws Exception {
    SoftwareKey key = SoftwareKey.generate(alg, new SecureRandom());
    Signature jdk =
        Signature.getInstance(
            alg == SignatureAlgorithm.ES256 ? "SHA256withECDSAinP1363Format" : "Ed25519");
    jdk.initVerify(Jca.publicKey(key.publicKey()));
    jdk.update(MSG);
    assertThat(jdk.verify(key.sign(MSG))).isTrue();

    jdk.initSign(Jca.privateKey(key));
    jdk.update(MSG);
    assertThat(key.publicKey().verify(MSG, jdk.sign())).isTrue();
  }
}
