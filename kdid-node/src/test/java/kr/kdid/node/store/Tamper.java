package kr.kdid.node.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;

/** Test helper: edits a closed ledger store behind the node's back, as an attacker would. */
public final class Tamper {
  private Tamper() {}

  /** A change made with the store open on one column family. */
  @FunctionalInterface
  private interface Change {
    void apply(RocksDB db, ColumnFamilyHandle family) throws Exception;
  }

  /** Opens the closed store, makes a change in one column family and flushes. */
  private static void change(Path ledgerDir, String family, Change change) throws Exception {
    List<ColumnFamilyDescriptor> d = new ArrayList<>();
    for (String f : RocksLedgerStore.FAMILIES) {
      d.add(new ColumnFamilyDescriptor(f.getBytes(StandardCharsets.UTF_8)));
    }
    List<ColumnFamilyHandle> h = new ArrayList<>();
    try (DBOptions o = new DBOptions();
        RocksDB db = RocksDB.open(o, ledgerDir.toString(), d, h)) {
      change.apply(db, h.get(RocksLedgerStore.FAMILIES.indexOf(family)));
      try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
        db.flush(fo, h);
      }
      h.forEach(ColumnFamilyHandle::close);
    }
  }

  /** Applies an edit to one value of a column family and flushes. */
  public static void edit(
      Path ledgerDir, String family, byte[] key, java.util.function.UnaryOperator<byte[]> edit)
      throws Exception {
    change(
        ledgerDir,
        family,
        (db, cf) -> {
          byte[] v = db.get(cf, key);
          if (v == null) {
            throw new IllegalArgumentException("no such key");
          }
          db.put(cf, key, edit.apply(v));
        });
  }

  /**
   * Changes one character of the first transaction inside block {@code height}, keeping the block's
   * JSON valid, and flushes.
   */
  public static void alterFirstTransaction(Path ledgerDir, long height) throws Exception {
    edit(
        ledgerDir,
        BLOCKS,
        heightKey(height),
        v -> {
          String s = new String(v, StandardCharsets.UTF_8);
          int i = s.indexOf("\"transactions\":[\"") + 20;
          char c = s.charAt(i);
          return (s.substring(0, i) + (c == 'A' ? 'B' : 'A') + s.substring(i + 1))
              .getBytes(StandardCharsets.UTF_8);
        });
  }

  /** Deletes the first entry of a column family and flushes. */
  public static void deleteFirst(Path ledgerDir, String family) throws Exception {
    change(
        ledgerDir,
        family,
        (db, cf) -> {
          try (var it = db.newIterator(cf)) {
            it.seekToFirst();
            db.delete(cf, it.key());
          }
        });
  }

  /** Writes one entry into a column family (adding it, or replacing what is there) and flushes. */
  public static void put(Path ledgerDir, String family, byte[] key, byte[] value) throws Exception {
    change(ledgerDir, family, (db, cf) -> db.put(cf, key, value));
  }

  public static byte[] heightKey(long height) {
    return RocksLedgerStore.heightKey(height);
  }

  public static final String BLOCKS = RocksLedgerStore.CF_BLOCKS;
  public static final String STATE = RocksLedgerStore.CF_STATE;
  public static final String NONCES = RocksLedgerStore.CF_NONCES;
}
