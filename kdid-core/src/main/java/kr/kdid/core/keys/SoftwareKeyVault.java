package kr.kdid.core.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import kr.kdid.core.crypto.Jwk;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.Signer;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.Jcs;
import kr.kdid.core.json.Json;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Keys in a directory, each private key encrypted at rest with AES-256-GCM under a key derived from
 * a passphrase (or PIN) with Argon2id and a random salt.
 *
 * <p>Layout: {@code vault.json} holds the KDF parameters, the salt and a check value (so a wrong
 * passphrase is reported as such); {@code <alias>.key.json} holds one key's public JWK in clear and
 * its private JWK encrypted, bound to the alias and public key through the GCM associated data.
 * Files are written atomically with owner-only permissions where the file system supports them.
 *
 * <p>Thread-safe. Unlocked signers are cached in memory for the life of the vault object.
 */
public final class SoftwareKeyVault implements KeyVault {
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final String VAULT_FILE = "vault.json";
  private static final String KEY_SUFFIX = ".key.json";
  private static final byte[] CHECK_PLAINTEXT = "kdid-vault-check".getBytes(StandardCharsets.UTF_8);
  private static final int FORMAT = 1;

  private final Path dir;
  private final SecretKeySpec masterKey;
  private final SecureRandom random;
  private final Map<String, SoftwareKey> cache = new ConcurrentHashMap<>();

  private SoftwareKeyVault(Path dir, SecretKeySpec masterKey, SecureRandom random) {
    this.dir = dir;
    this.masterKey = masterKey;
    this.random = random;
  }

  /**
   * Opens the vault in {@code dir}, creating it (with {@link Argon2Params#DEFAULT}) if absent.
   *
   * @throws WrongPassphraseException if the passphrase does not open an existing vault
   * @throws KeyVaultException if the directory cannot be read or written, or is corrupt
   */
  public static SoftwareKeyVault open(Path dir, char[] passphrase) {
    return open(dir, passphrase, Argon2Params.DEFAULT, Randomness.secure());
  }

  /**
   * Opens or creates the vault; {@code params} apply only when the vault is created.
   *
   * @throws WrongPassphraseException if the passphrase does not open an existing vault
   * @throws KeyVaultException if the directory cannot be read or written, or is corrupt
   */
  public static SoftwareKeyVault open(
      Path dir, char[] passphrase, Argon2Params params, SecureRandom random) {
    if (passphrase == null || passphrase.length == 0) {
      throw new KeyVaultException("an empty passphrase cannot protect keys");
    }
    try {
      Files.createDirectories(dir);
      restrictDirectory(dir);
      Path vaultFile = dir.resolve(VAULT_FILE);
      if (!Files.exists(vaultFile)) {
        byte[] salt = Randomness.bytes(random, 16);
        SecretKeySpec key = derive(passphrase, salt, params);
        byte[] iv = Randomness.bytes(random, 12);
        ObjectNode v = Json.object();
        v.put("format", FORMAT);
        ObjectNode kdf = v.putObject("kdf");
        kdf.put("alg", "argon2id");
        kdf.put("memoryKiB", params.memoryKiB());
        kdf.put("iterations", params.iterations());
        kdf.put("parallelism", params.parallelism());
        kdf.put("salt", Base64Url.encode(salt));
        ObjectNode check = v.putObject("check");
        check.put("iv", Base64Url.encode(iv));
        check.put("ct", Base64Url.encode(gcm(Cipher.ENCRYPT_MODE, key, iv, CHECK_PLAINTEXT, null)));
        writeAtomically(vaultFile, Json.bytes(v));
        return new SoftwareKeyVault(dir, key, random);
      }
      JsonNode v = Json.parse(Files.readAllBytes(vaultFile));
      if (v.path("format").asInt() != FORMAT
          || !"argon2id".equals(v.path("kdf").path("alg").asText())) {
        throw new KeyVaultException("unsupported vault format in " + vaultFile);
      }
      JsonNode kdf = v.get("kdf");
      Argon2Params stored =
          new Argon2Params(
              kdf.path("memoryKiB").asInt(),
              kdf.path("iterations").asInt(),
              kdf.path("parallelism").asInt());
      SecretKeySpec key = derive(passphrase, Base64Url.decode(kdf.path("salt").asText()), stored);
      try {
        byte[] plain =
            gcm(
                Cipher.DECRYPT_MODE,
                key,
                Base64Url.decode(v.path("check").path("iv").asText()),
                Base64Url.decode(v.path("check").path("ct").asText()),
                null);
        if (!Arrays.equals(plain, CHECK_PLAINTEXT)) {
          throw new WrongPassphraseException("wrong passphrase for the key vault in " + dir);
        }
      } catch (AEADBadTagException e) {
        throw new WrongPassphraseException("wrong passphrase for the key vault in " + dir);
      }
      return new SoftwareKeyVault(dir, key, random);
    } catch (IOException e) {
      throw new KeyVaultException("cannot open key vault in " + dir + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new KeyVaultException("key vault in " + dir + " is corrupt", e);
    } catch (IllegalArgumentException e) {
      throw new KeyVaultException("key vault in " + dir + " is corrupt: " + e.getMessage(), e);
    }
  }

  /** True if {@code dir} holds a vault. */
  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve(VAULT_FILE));
  }

  private static SecretKeySpec derive(char[] passphrase, byte[] salt, Argon2Params p) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withSalt(salt)
            .withMemoryAsKB(p.memoryKiB())
            .withIterations(p.iterations())
            .withParallelism(p.parallelism())
            .build();
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(params);
    byte[] out = new byte[32];
    byte[] pw = new String(passphrase).getBytes(StandardCharsets.UTF_8);
    try {
      gen.generateBytes(pw, out);
      return new SecretKeySpec(out, "AES");
    } finally {
      Arrays.fill(pw, (byte) 0);
      Arrays.fill(out, (byte) 0);
    }
  }

  private static byte[] gcm(int mode, SecretKeySpec key, byte[] iv, byte[] input, byte[] aad)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, key, new GCMParameterSpec(128, iv));
    if (aad != null) {
      c.updateAAD(aad);
    }
    return c.doFinal(input);
  }

  private static byte[] aad(String alias, VerificationKey publicKey) {
    return ("kdid-key:" + alias + ":" + publicKey.thumbprint()).getBytes(StandardCharsets.UTF_8);
  }

  private static void checkAlias(String alias) {
    if (alias == null || !ALIAS.matcher(alias).matches()) {
      throw new KeyVaultException(
          "invalid key alias (1-64 of A-Z a-z 0-9 . _ -, starting alphanumeric): " + alias);
    }
  }

  private Path keyFile(String alias) {
    return dir.resolve(alias + KEY_SUFFIX);
  }

  @Override
  public synchronized Signer generate(String alias, SignatureAlgorithm algorithm) {
    checkAlias(alias);
    if (Files.exists(keyFile(alias))) {
      throw new KeyVaultException("key alias already exists: " + alias);
    }
    SoftwareKey key = SoftwareKey.generate(algorithm, random);
    store(alias, key);
    cache.put(alias, key);
    return key;
  }

  /**
   * Stores an existing key (for import and tests).
   *
   * @throws KeyVaultException if the alias is taken or invalid
   */
  public synchronized void importKey(String alias, SoftwareKey key) {
    checkAlias(alias);
    if (Files.exists(keyFile(alias))) {
      throw new KeyVaultException("key alias already exists: " + alias);
    }
    store(alias, key);
    cache.put(alias, key);
  }

  private void store(String alias, SoftwareKey key) {
    try {
      byte[] iv = Randomness.bytes(random, 12);
      byte[] plain = Jcs.canonicalize(key.toPrivateJwk().toJson());
      byte[] ct = gcm(Cipher.ENCRYPT_MODE, masterKey, iv, plain, aad(alias, key.publicKey()));
      Arrays.fill(plain, (byte) 0);
      ObjectNode o = Json.object();
      o.put("format", FORMAT);
      o.put("alias", alias);
      o.put("alg", key.algorithm().jwsName());
      o.set("publicJwk", key.publicKey().toJwk().toJson());
      o.put("iv", Base64Url.encode(iv));
      o.put("ct", Base64Url.encode(ct));
      writeAtomically(keyFile(alias), Json.bytes(o));
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyVaultException("cannot store key " + alias + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Signer> signer(String alias) {
    checkAlias(alias);
    SoftwareKey cached = cache.get(alias);
    if (cached != null) {
      return Optional.of(cached);
    }
    Path f = keyFile(alias);
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    try {
      JsonNode o = Json.parse(Files.readAllBytes(f));
      VerificationKey pub = VerificationKey.fromJwk(Jwk.fromJson(o.get("publicJwk")));
      byte[] plain =
          gcm(
              Cipher.DECRYPT_MODE,
              masterKey,
              Base64Url.decode(o.path("iv").asText()),
              Base64Url.decode(o.path("ct").asText()),
              aad(alias, pub));
      SoftwareKey key = SoftwareKey.fromJwk(Jwk.fromJson(Json.parse(plain)));
      Arrays.fill(plain, (byte) 0);
      if (!key.publicKey().equals(pub)) {
        throw new KeyVaultException("key file " + f + " is inconsistent");
      }
      cache.put(alias, key);
      return Optional.of(key);
    } catch (IOException e) {
      throw new KeyVaultException("cannot read key " + alias + ": " + e.getMessage(), e);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new KeyVaultException("key file " + f + " is corrupt or was tampered with", e);
    }
  }

  @Override
  public Optional<VerificationKey> publicKey(String alias) {
    return signer(alias).map(Signer::publicKey);
  }

  @Override
  public List<String> aliases() {
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + KEY_SUFFIX)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        out.add(name.substring(0, name.length() - KEY_SUFFIX.length()));
      }
    } catch (IOException e) {
      throw new KeyVaultException("cannot list keys in " + dir + ": " + e.getMessage(), e);
    }
    Collections.sort(out);
    return out;
  }

  @Override
  public synchronized boolean delete(String alias) {
    checkAlias(alias);
    cache.remove(alias);
    try {
      return Files.deleteIfExists(keyFile(alias));
    } catch (IOException e) {
      throw new KeyVaultException("cannot delete key " + alias + ": " + e.getMessage(), e);
    }
  }

  static void writeAtomically(Path target, byte[] data) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.write(tmp, data);
    restrictFile(tmp);
    try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void restrictFile(Path p) {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: rely on the directory's access control.
    }
  }

  private static void restrictDirectory(Path p) {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system.
    }
  }
}
