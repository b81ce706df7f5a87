package kr.kdid.wallet.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.Json;
import kr.kdid.core.keys.Argon2Params;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;
import kr.kdid.wallet.WrongPinException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedFileWalletStoreTest {
  static final char[] PIN = "483920".toCharArray();
  static final byte[] SECRET = "{\"name\":\"홍길동\"}".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  EncryptedFileWalletStore store() {
    return new EncryptedFileWalletStore(dir, Argon2Params.TEST_ONLY, new SecureRandom());
  }

  Path file() {
    return dir.resolve(EncryptedFileWalletStore.FILE_NAME);
  }

  static WalletError code(Throwable t) {
    return ((WalletException) t).code();
  }

  @Test
  void roundTripAcrossSessions() throws Exception {
    try (WalletStore.Session s = store().create(PIN, SECRET)) {
      assertThat(s.read()).isEqualTo(SECRET);
      s.write("second".getBytes(StandardCharsets.UTF_8));
    }
    try (WalletStore.Session s = store().open(PIN)) {
      assertThat(new String(s.read(), StandardCharsets.UTF_8)).isEqualTo("second");
    }
  }

  @Test
  void contentsAreEncryptedAtRest() throws Exception {
    store().create(PIN, SECRET).close();
    String onDisk = Files.readString(file());
    assertThat(onDisk).doesNotContain("홍길동").doesNotContain("name");
    ObjectNode root = (ObjectNode) Json.parse(onDisk);
    assertThat(root.path("format").asText()).isEqualTo(EncryptedFileWalletStore.FORMAT);
    assertThat(root.path("kdf").path("alg").asText()).isEqualTo("argon2id");
  }

  @Test
  void wrongPinIsReportedAsSuch() throws Exception {
    store().create(PIN, SECRET).close();
    assertThatThrownBy(() -> store().open("000001".toCharArray()))
        .isInstanceOf(WrongPinException.class)
        .hasMessage("wrong PIN");
    // And the wallet still opens with the right PIN afterwards (the lock was released).
    try (WalletStore.Session s = store().open(PIN)) {
      assertThat(s.read()).isEqualTo(SECRET);
    }
  }

  @Test
  void aDamagedCiphertextIsCorruptNotWrongPin() throws Exception {
    store().create(PIN, SECRET).close();
    ObjectNode root = (ObjectNode) Json.parse(Files.readAllBytes(file()));
    byte[] ct = Base64Url.decode(root.path("data").path("ct").asText());
    ct[3] ^= 1;
    ((ObjectNode) root.get("data")).put("ct", Base64Url.encode(ct));
    Files.write(file(), Json.bytes(root));
    assertThatThrownBy(() -> store().open(PIN))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.WALLET_CORRUPT));
  }

  @Test
  void alteredKdfParametersAreDetected() throws Exception {
    store().create(PIN, SECRET).close();
    ObjectNode root = (ObjectNode) Json.parse(Files.readAllBytes(file()));
    ((ObjectNode) root.get("kdf")).put("iterations", 2);
    Files.write(file(), Json.bytes(root));
    // Another derivation gives another key: the check fails as a wrong PIN would.
    assertThatThrownBy(() -> store().open(PIN)).isInstanceOf(WalletException.class);
  }

  @Test
  void aTruncatedOrGarbledFileIsCorrupt() throws Exception {
    store().create(PIN, SECRET).close();
    byte[] bytes = Files.readAllBytes(file());
    Files.write(file(), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> store().open(PIN))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.WALLET_CORRUPT));
    Files.writeString(file(), "not json at all");
    assertThatThrownBy(() -> store().open(PIN))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.WALLET_CORRUPT));
  }

  @Test
  void aHugeArgon2CostInTheFileIsRefusedBeforeDeriving() throws Exception {
    store().create(PIN, SECRET).close();
    ObjectNode root = (ObjectNode) Json.parse(Files.readAllBytes(file()));
    ((ObjectNode) root.get("kdf")).put("memoryKiB", 4 << 20);
    Files.write(file(), Json.bytes(root));
    assertThatThrownBy(() -> store().open(PIN))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.WALLET_CORRUPT));
  }

  @Test
  void aFailedWriteLeavesThePreviousWalletIntact() throws Exception {
    try (WalletStore.Session s = store().create(PIN, SECRET)) {
      // Make the temporary file impossible to write: a directory stands in its place.
      Files.createDirectory(dir.resolve(EncryptedFileWalletStore.TEMP_NAME));
      assertThatThrownBy(() -> s.write("lost".getBytes(StandardCharsets.UTF_8)))
          .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.STORAGE_FAILED));
      assertThat(s.read()).isEqualTo(SECRET); // the session kept the stored contents
    }
    Files.delete(dir.resolve(EncryptedFileWalletStore.TEMP_NAME));
    try (WalletStore.Session s = store().open(PIN)) {
      assertThat(s.read()).isEqualTo(SECRET);
    }
  }

  @Test
  void aLeftoverTemporaryFileFromACrashIsIgnoredAndReplaced() throws Exception {
    store().create(PIN, SECRET).close();
    Files.writeString(dir.resolve(EncryptedFileWalletStore.TEMP_NAME), "half-written garbage");
    try (WalletStore.Session s = store().open(PIN)) {
      assertThat(s.read()).isEqualTo(SECRET);
      s.write("next".getBytes(StandardCharsets.UTF_8));
    }
    try (WalletStore.Session s = store().open(PIN)) {
      assertThat(new String(s.read(), StandardCharsets.UTF_8)).isEqualTo("next");
    }
    assertThat(dir.resolve(EncryptedFileWalletStore.TEMP_NAME)).doesNotExist();
  }

  @Test
  void createRefusesAnExistingWalletAndOpenAMissingOne() throws Exception {
    assertThatThrownBy(() -> store().open(PIN))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.WALLET_NOT_FOUND));
    store().create(PIN, SECRET).close();
    assertThat(store().exists()).isTrue();
    assertThatThrownBy(() -> store().create(PIN, SECRET))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.WALLET_EXISTS));
  }

  @Test
  void anOpenWalletIsLockedAgainstASecondSession() throws Exception {
    WalletStore.Session first = store().create(PIN, SECRET);
    try {
      assertThatThrownBy(() -> store().open(PIN))
          .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.WALLET_BUSY));
    } finally {
      first.close();
    }
    store().open(PIN).close();
  }

  @Test
  void changingThePinReSealsTheContents() throws Exception {
    try (WalletStore.Session s = store().create(PIN, SECRET)) {
      s.changePin("902718".toCharArray());
    }
    assertThatThrownBy(() -> store().open(PIN)).isInstanceOf(WrongPinException.class);
    try (WalletStore.Session s = store().open("902718".toCharArray())) {
      assertThat(s.read()).isEqualTo(SECRET);
    }
  }

  @Test
  void softwareHolderKeysRoundTripThroughTheirReference() throws Exception {
    SoftwareHolderKeys keys = new SoftwareHolderKeys(new SecureRandom());
    HolderKeys.NewKey k = keys.generate();
    assertThat(keys.signer(k.reference()).publicKey()).isEqualTo(k.signer().publicKey());
    assertThat(k.toString()).doesNotContain(k.reference());
    assertThatThrownBy(() -> keys.signer("hardware:alias"))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.KEY_FAILED));
    assertThatThrownBy(() -> keys.signer("software:AAAA"))
        .satisfies(e -> assertThat(code(e)).isEqualTo(WalletError.KEY_FAILED));
  }
}
