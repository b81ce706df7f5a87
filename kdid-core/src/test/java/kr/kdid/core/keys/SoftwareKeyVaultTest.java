package kr.kdid.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoftwareKeyVaultTest {
  private static final char[] PASS = "correct horse".toCharArray();
  private static final byte[] MSG = "hello".getBytes(StandardCharsets.UTF_8);

  private static SoftwareKeyVault open(Path dir, char[] pass) {
    return SoftwareKeyVault.open(dir, pass, Argon2Params.TEST_ONLY, new SecureRandom());
  }

  @Test
  void keysSurviveReopeningAndSign(@TempDir Path dir) {
    SoftwareKeyVault v = open(dir, PASS);
    Signer s = v.generate("governance-1", SignatureAlgorithm.ES256);
    v.generate("node-1", SignatureAlgorithm.EDDSA);
    assertThat(v.aliases()).containsExactly("governance-1", "node-1");

    SoftwareKeyVault again = open(dir, PASS);
    Signer s2 = again.signer("governance-1").orElseThrow();
    assertThat(s2.publicKey()).isEqualTo(s.publicKey());
    assertThat(s.publicKey().verify(MSG, s2.sign(MSG))).isTrue();
    assertThat(again.signer("missing")).isEmpty();
  }

  @Test
  void privateKeysAreNotStoredInClear(@TempDir Path dir) throws Exception {
    SoftwareKeyVault v = open(dir, PASS);
    v.generate("k", SignatureAlgorithm.ES256);
    String file = Files.readString(dir.resolve("k.key.json"));
    assertThat(file).contains("\"ct\"").doesNotContain("\"d\"");
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertThat(Files.getPosixFilePermissions(dir.resolve("k.key.json")))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
  }

  @Test
  void wrongPassphraseIsReportedAsSuch(@TempDir Path dir) {
    open(dir, PASS).generate("k", SignatureAlgorithm.ES256);
    assertThatThrownBy(() -> open(dir, "wrong".toCharArray()))
        .isInstanceOf(WrongPassphraseException.class);
    assertThatThrownBy(() -> open(dir, new char[0])).isInstanceOf(KeyVaultException.class);
  }

  @Test
  void tamperedKeyFilesAreDetected(@TempDir Path dir) throws Exception {
    SoftwareKeyVault v = open(dir, PASS);
    v.generate("a", SignatureAlgorithm.ES256);
    v.generate("b", SignatureAlgorithm.ES256);
    // Swap b's ciphertext into a's file: the associated data binds each to its alias and key.
    String a = Files.readString(dir.resolve("a.key.json"));
    String b = Files.readString(dir.resolve("b.key.json"));
    String ctB = b.replaceAll(".*\"ct\":\"([^\"]+)\".*", "$1");
    String ivB = b.replaceAll(".*\"iv\":\"([^\"]+)\".*", "$1");
    String forged =
        a.replaceAll("\"ct\":\"[^\"]+\"", "\"ct\":\"" + ctB + "\"")
            .replaceAll("\"iv\":\"[^\"]+\"", "\"iv\":\"" + ivB + "\"");
    Files.writeString(dir.resolve("a.key.json"), forged);
    SoftwareKeyVault fresh = open(dir, PASS);
    assertThatThrownBy(() -> fresh.signer("a")).isInstanceOf(KeyVaultException.class);
    assertThat(fresh.signer("b")).isPresent();
  }

  @Test
  void aliasesAreValidatedAndUnique(@TempDir Path dir) {
    SoftwareKeyVault v = open(dir, PASS);
    v.generate("k", SignatureAlgorithm.ES256);
    assertThatThrownBy(() -> v.generate("k", SignatureAlgorithm.ES256))
        .hasMessageContaining("exists");
    assertThatThrownBy(() -> v.generate("../evil", SignatureAlgorithm.ES256))
        .hasMessageContaining("invalid key alias");
    assertThatThrownBy(() -> v.generate("", SignatureAlgorithm.ES256))
        .isInstanceOf(KeyVaultException.class);
    assertThat(v.delete("k")).isTrue();
    assertThat(v.delete("k")).isFalse();
    assertThat(v.aliases()).isEmpty();
  }
}
