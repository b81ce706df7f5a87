package kr.kdid.wallet.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.Jcs;
import kr.kdid.core.json.Json;
import kr.kdid.core.keys.Argon2Params;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;
import kr.kdid.wallet.WrongPinException;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The wallet in one file, {@code wallet.kdid} in a directory, sealed with AES-256-GCM under a key
 * derived from the PIN with Argon2id and a random salt (the primitives of {@link
 * kr.kdid.core.keys.SoftwareKeyVault}, but one derivation per open for the whole wallet rather than
 * a vault plus a second sealed file).
 *
 * <p>File format ({@value #FORMAT}), JSON: {@code {"format", "kdf": {"alg": "argon2id",
 * "memoryKiB", "iterations", "parallelism", "salt"}, "check": {"iv", "ct"}, "data": {"iv", "ct"}}}.
 * {@code check} seals a constant, so a wrong PIN (check fails) is told apart from a damaged file
 * (check opens, data does not). Both are bound through the GCM associated data to the format and
 * KDF parameters, so those cannot be altered either.
 *
 * <p>Writes go to {@code wallet.kdid.tmp}, are forced to disk, then atomically renamed over the
 * wallet file: a crash leaves the old or the new wallet, never a mix. An open session holds an
 * exclusive lock on {@code wallet.lock}, so two processes cannot lose each other's changes. Files
 * are owner-only where the file system has POSIX permissions.
 *
 * <p>Thread-safe as a factory; each {@link Session} is for one thread.
 */
public final class EncryptedFileWalletStore implements WalletStore {
  /** The file format identifier. */
  public static final String FORMAT = "kdid-wallet/1";

  /** The wallet file's name. */
  public static final String FILE_NAME = "wallet.kdid";

  static final String TEMP_NAME = FILE_NAME + ".tmp";
  static final String LOCK_NAME = "wallet.lock";

  /** The largest Argon2 memory a wallet file may ask for (a tampered file must not exhaust RAM). */
  static final int MAX_MEMORY_KIB = 1 << 20;

  static final int MAX_ITERATIONS = 16;

  private static final byte[] CHECK = "kdid-wallet-pin-check".getBytes(StandardCharsets.UTF_8);

  private final Path dir;
  private final Argon2Params params;
  private final SecureRandom random;

  /**
   * A store in {@code dir}.
   *
   * @param params the Argon2id cost for wallets created here (existing files keep theirs); {@link
   *     Argon2Params#DEFAULT} in production, {@link Argon2Params#TEST_ONLY} in tests only
   * @param random the source of salts and IVs
   */
  public EncryptedFileWalletStore(Path dir, Argon2Params params, SecureRandom random) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.params = Objects.requireNonNull(params, "params");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** A store in {@code dir} with the default cost and the system CSPRNG. */
  public static EncryptedFileWalletStore at(Path dir) {
    return new EncryptedFileWalletStore(dir, Argon2Params.DEFAULT, Randomness.secure());
  }

  /** The wallet directory. */
  public Path directory() {
    return dir;
  }

  @Override
  public boolean exists() {
    return Files.isRegularFile(dir.resolve(FILE_NAME));
  }

  @Override
  public Session create(char[] pin, byte[] contents) throws WalletException {
    Objects.requireNonNull(contents, "contents");
    requirePin(pin);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw storage("cannot create the wallet directory " + dir, e);
    }
    restrict(dir, "rwx------");
    FileLock lock = lock();
    boolean ok = false;
    try {
      if (exists()) {
        throw new WalletException(WalletError.WALLET_EXISTS, "a wallet already exists in " + dir);
      }
      byte[] salt = Randomness.bytes(random, 16);
      ObjectNode kdf = kdfJson(params, salt);
      byte[] key = derive(pin, salt, params);
      FileSession s = new FileSession(lock, kdf, key, seal(key, kdf, CHECK), contents.clone());
      s.persist();
      ok = true;
      return s;
    } finally {
      if (!ok) {
        release(lock);
      }
    }
  }

  @Override
  public Session open(char[] pin) throws WalletException {
    requirePin(pin);
    if (!exists()) {
      throw new WalletException(WalletError.WALLET_NOT_FOUND, "there is no wallet in " + dir);
    }
    FileLock lock = lock();
    boolean ok = false;
    try {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(dir.resolve(FILE_NAME));
      } catch (NoSuchFileException e) {
        throw new WalletException(WalletError.WALLET_NOT_FOUND, "there is no wallet in " + dir);
      } catch (IOException e) {
        throw storage("cannot read the wallet in " + dir, e);
      }
      Parsed p = parse(bytes);
      byte[] key = derive(pin, p.salt, p.params);
      try {
        byte[] check = open(key, p.kdf, p.check);
        if (!Arrays.equals(check, CHECK)) {
          throw corrupt(null);
        }
      } catch (AEADBadTagException e) {
        Arrays.fill(key, (byte) 0);
        throw new WrongPinException();
      }
      byte[] data;
      try {
        data = open(key, p.kdf, p.data);
      } catch (AEADBadTagException e) {
        Arrays.fill(key, (byte) 0);
        throw corrupt(e);
      }
      FileSession s = new FileSession(lock, p.kdf, key, p.check, data);
      ok = true;
      return s;
    } finally {
      if (!ok) {
        release(lock);
      }
    }
  }

  private static void requirePin(char[] pin) throws WalletException {
    if (pin == null || pin.length == 0) {
      throw new WalletException(WalletError.PIN_INVALID, "a PIN is required");
    }
  }

  private FileLock lock() throws WalletException {
    try {
      FileChannel ch =
          FileChannel.open(
              dir.resolve(LOCK_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        ch.close();
        throw new WalletException(
            WalletError.WALLET_BUSY, "the wallet in " + dir + " is open elsewhere; try again");
      }
      return lock;
    } catch (IOException e) {
      throw storage("cannot lock the wallet in " + dir, e);
    }
  }

  private static void release(FileLock lock) {
    try {
      lock.release();
      lock.channel().close();
    } catch (IOException e) {
      // Closing the channel releases the lock in any case.
    }
  }

  private record Sealed(byte[] iv, byte[] ct) {}

  private record Parsed(
      ObjectNode kdf, Argon2Params params, byte[] salt, Sealed check, Sealed data) {}

  private static Parsed parse(byte[] bytes) throws WalletException {
    try {
      JsonNode root = Json.parse(bytes);
      if (!FORMAT.equals(root.path("format").asText())) {
        throw corrupt(null);
      }
      JsonNode kdf = root.get("kdf");
      if (kdf == null || !kdf.isObject() || !"argon2id".equals(kdf.path("alg").asText())) {
        throw corrupt(null);
      }
      int mem = kdf.path("memoryKiB").asInt();
      int it = kdf.path("iterations").asInt();
      if (mem > MAX_MEMORY_KIB || it > MAX_ITERATIONS) {
        throw corrupt(null);
      }
      Argon2Params params = new Argon2Params(mem, it, kdf.path("parallelism").asInt());
      byte[] salt = Base64Url.decode(kdf.path("salt").asText());
      if (salt.length < 16) {
        throw corrupt(null);
      }
      return new Parsed(
          (ObjectNode) kdf, params, salt, sealed(root.get("check")), sealed(root.get("data")));
    } catch (IllegalArgumentException e) { // malformed JSON, base64url or parameters
      throw corrupt(e);
    }
  }

  private static Sealed sealed(JsonNode n) throws WalletException {
    if (n == null || !n.isObject() || !n.path("iv").isTextual() || !n.path("ct").isTextual()) {
      throw corrupt(null);
    }
    byte[] iv = Base64Url.decode(n.get("iv").asText());
    if (iv.length != 12) {
      throw corrupt(null);
    }
    return new Sealed(iv, Base64Url.decode(n.get("ct").asText()));
  }

  private static ObjectNode kdfJson(Argon2Params p, byte[] salt) {
    ObjectNode kdf = Json.object();
    kdf.put("alg", "argon2id");
    kdf.put("memoryKiB", p.memoryKiB());
    kdf.put("iterations", p.iterations());
    kdf.put("parallelism", p.parallelism());
    kdf.put("salt", Base64Url.encode(salt));
    return kdf;
  }

  private static byte[] aad(ObjectNode kdf) {
    ObjectNode o = Json.object();
    o.put("format", FORMAT);
    o.set("kdf", kdf);
    return Jcs.canonicalize(o);
  }

  private Sealed seal(byte[] key, ObjectNode kdf, byte[] plaintext) throws WalletException {
    byte[] iv = Randomness.bytes(random, 12);
    try {
      return new Sealed(iv, gcm(Cipher.ENCRYPT_MODE, key, iv, plaintext, aad(kdf)));
    } catch (GeneralSecurityException e) {
      throw new WalletException(WalletError.INTERNAL, "AES-GCM is not available", e);
    }
  }

  private static byte[] open(byte[] key, ObjectNode kdf, Sealed s)
      throws AEADBadTagException, WalletException {
    try {
      return gcm(Cipher.DECRYPT_MODE, key, s.iv, s.ct, aad(kdf));
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw corrupt(e);
    }
  }

  private static byte[] gcm(int mode, byte[] key, byte[] iv, byte[] input, byte[] aad)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
    c.updateAAD(aad);
    return c.doFinal(input);
  }

  static byte[] derive(char[] pin, byte[] salt, Argon2Params p) {
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
    java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(pin));
    byte[] pw = new byte[encoded.remaining()];
    encoded.get(pw);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    try {
      gen.generateBytes(pw, out);
      return out;
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
  }

  private static WalletException corrupt(Throwable cause) {
    return new WalletException(
        WalletError.WALLET_CORRUPT,
        "the wallet file is damaged or was altered; restore it from a backup",
        cause);
  }

  private static WalletException storage(String message, IOException e) {
    return new WalletException(WalletError.STORAGE_FAILED, message + ": " + e.getMessage(), e);
  }

  private static void restrict(Path p, String perms) {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: rely on the platform's per-app storage.
    }
  }

  private final class FileSession implements Session {
    private final FileLock lock;
    private ObjectNode kdf;
    private byte[] key;
    private Sealed check;
    private byte[] contents;
    private boolean closed;

    FileSession(FileLock lock, ObjectNode kdf, byte[] key, Sealed check, byte[] contents) {
      this.lock = lock;
      this.kdf = kdf;
      this.key = key;
      this.check = check;
      this.contents = contents;
    }

    @Override
    public byte[] read() {
      requireOpen();
      return contents.clone();
    }

    @Override
    public void write(byte[] newContents) throws WalletException {
      requireOpen();
      byte[] copy = newContents.clone();
      byte[] old = contents;
      contents = copy;
      try {
        persist();
      } catch (WalletException e) {
        contents = old;
        throw e;
      }
    }

    @Override
    public void changePin(char[] newPin) throws WalletException {
      requireOpen();
      requirePin(newPin);
      byte[] salt = Randomness.bytes(random, 16);
      ObjectNode newKdf = kdfJson(params, salt);
      byte[] newKey = derive(newPin, salt, params);
      ObjectNode oldKdf = kdf;
      byte[] oldKey = key;
      Sealed oldCheck = check;
      kdf = newKdf;
      key = newKey;
      check = seal(newKey, newKdf, CHECK);
      try {
        persist();
        Arrays.fill(oldKey, (byte) 0);
      } catch (WalletException e) {
        kdf = oldKdf;
        key = oldKey;
        check = oldCheck;
        Arrays.fill(newKey, (byte) 0);
        throw e;
      }
    }

    void persist() throws WalletException {
      Sealed data = seal(key, kdf, contents);
      ObjectNode root = Json.object();
      root.put("format", FORMAT);
      root.set("kdf", kdf);
      root.set("check", sealedJson(check));
      root.set("data", sealedJson(data));
      writeAtomically(Json.bytes(root));
    }

    private ObjectNode sealedJson(Sealed s) {
      ObjectNode o = Json.object();
      o.put("iv", Base64Url.encode(s.iv));
      o.put("ct", Base64Url.encode(s.ct));
      return o;
    }

    private void writeAtomically(byte[] bytes) throws WalletException {
      Path tmp = dir.resolve(TEMP_NAME);
      Path target = dir.resolve(FILE_NAME);
      try {
        try (FileChannel ch =
            FileChannel.open(
                tmp,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
          restrict(tmp, "rw-------");
          java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
          ch.force(true);
        }
        try {
          Files.move(
              tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory();
      } catch (IOException e) {
        throw storage("cannot save the wallet in " + dir, e);
      }
    }

    /** Makes the rename durable; not every platform can open a directory, which is fine. */
    private void syncDirectory() {
      try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
        d.force(true);
      } catch (IOException | UnsupportedOperationException e) {
        // Best effort.
      }
    }

    private void requireOpen() {
      if (closed) {
        throw new IllegalStateException("the wallet session is closed");
      }
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        Arrays.fill(key, (byte) 0);
        Arrays.fill(contents, (byte) 0);
        release(lock);
      }
    }
  }
}
