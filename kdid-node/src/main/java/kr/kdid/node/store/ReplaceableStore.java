package kr.kdid.node.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import kr.kdid.core.did.Did;
import kr.kdid.ledger.block.Block;
import kr.kdid.ledger.machine.BlockCommit;
import kr.kdid.ledger.machine.CommitmentLocation;
import kr.kdid.ledger.machine.LedgerStorageException;
import kr.kdid.ledger.machine.LedgerStore;
import kr.kdid.ledger.machine.LogPosition;
import kr.kdid.ledger.machine.TxLocation;

/**
 * The node's ledger store, whose whole contents can be replaced by a snapshot from a peer while the
 * node runs (a follower too far behind, or one that re-syncs after damage). Every call goes to the
 * current RocksDB store under a read lock; {@link #replaceWith} takes the write lock, so no read
 * ever touches a closed database.
 *
 * <p>Replacing is crash-safe: the snapshot is copied to {@code ledger.restore} and verified there,
 * then the directories are swapped by renames. {@link #recover} finishes or discards a swap that a
 * crash interrupted.
 */
public final class ReplaceableStore implements LedgerStore {
  private final Path dir;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile RocksLedgerStore current;

  public ReplaceableStore(RocksLedgerStore store) {
    this.current = store;
    this.dir = store.directory();
  }

  /** Finishes or discards a replacement that a crash interrupted, before the store is opened. */
  public static void recover(Path ledgerDir) throws IOException {
    Path restore = sibling(ledgerDir, ".restore");
    Path old = sibling(ledgerDir, ".old");
    if (Files.exists(restore) && !Files.exists(ledgerDir) && Files.exists(old)) {
      // Crashed between the two renames: the verified snapshot is complete.
      Files.move(restore, ledgerDir);
    }
    kr.kdid.core.io.FileTrees.delete(restore);
    kr.kdid.core.io.FileTrees.delete(old);
  }

  private static Path sibling(Path dir, String suffix) {
    return dir.resolveSibling(dir.getFileName() + suffix);
  }

  /** The RocksDB store in use now (for verification and tests). */
  public RocksLedgerStore current() {
    return current;
  }

  public Path directory() {
    return dir;
  }

  /**
   * Replaces the store's contents with a snapshot (a RocksDB checkpoint directory).
   *
   * @param snapshot the checkpoint; it is copied, not moved
   * @param verify checks the copy before it is used and throws if it is not sound
   * @throws LedgerStorageException if copying, verifying or reopening fails; the old contents stay
   *     in use unless the failure came after the swap
   */
  public void replaceWith(Path snapshot, Consumer<RocksLedgerStore> verify) {
    Path restore = sibling(dir, ".restore");
    Path old = sibling(dir, ".old");
    try {
      kr.kdid.core.io.FileTrees.delete(restore);
      Files.createDirectories(restore);
      try (Stream<Path> files = Files.list(snapshot)) {
        for (Path f : files.toList()) {
          String name = f.getFileName().toString();
          if (Files.isRegularFile(f) && !name.endsWith(".md5") && !name.endsWith("-position.txt")) {
            Files.copy(f, restore.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
      try (RocksLedgerStore candidate = RocksLedgerStore.open(restore)) {
        verify.accept(candidate);
      }
    } catch (IOException e) {
      throw new LedgerStorageException("cannot copy the snapshot " + snapshot + ": " + e, e);
    }
    lock.writeLock().lock();
    try {
      current.close();
      Files.move(dir, old);
      Files.move(restore, dir);
      current = RocksLedgerStore.open(dir);
      kr.kdid.core.io.FileTrees.delete(old);
    } catch (IOException e) {
      throw new LedgerStorageException("cannot swap in the snapshot: " + e, e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private <T> T read(java.util.function.Function<RocksLedgerStore, T> f) {
    lock.readLock().lock();
    try {
      return f.apply(current);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public LogPosition lastApplied() {
    return current.lastApplied();
  }

  @Override
  public byte[] get(String key) {
    return read(s -> s.get(key));
  }

  @Override
  public byte[] get(byte[] hash) {
    return read(s -> s.get(hash));
  }

  @Override
  public Block block(long height) {
    return read(s -> s.block(height));
  }

  @Override
  public byte[] blockHash(long height) {
    return read(s -> s.blockHash(height));
  }

  @Override
  public TxLocation txLocation(byte[] txId) {
    return read(s -> s.txLocation(txId));
  }

  @Override
  public boolean nonceUsed(byte[] nonceKey) {
    return read(s -> s.nonceUsed(nonceKey));
  }

  @Override
  public CommitmentLocation commitment(byte[] commitment) {
    return read(s -> s.commitment(commitment));
  }

  @Override
  public byte[] didVersionTx(Did did, long version) {
    return read(s -> s.didVersionTx(did, version));
  }

  @Override
  public byte[] historyNode(int level, long index) {
    return read(s -> s.historyNode(level, index));
  }

  @Override
  public long historySize() {
    return current.historySize();
  }

  @Override
  public void commit(BlockCommit commit) {
    lock.readLock().lock();
    try {
      current.commit(commit);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** See {@link RocksLedgerStore#scanState}. */
  public void scanState(
      String prefix, String after, java.util.function.BiPredicate<String, byte[]> visitor) {
    lock.readLock().lock();
    try {
      current.scanState(prefix, after, visitor);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public LogPosition snapshot(Path target) {
    return read(s -> s.snapshot(target));
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      current.close();
    } finally {
      lock.writeLock().unlock();
    }
  }
}
