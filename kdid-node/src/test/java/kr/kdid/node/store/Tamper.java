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

  /** Applies an edit to one value of a column family and flushes. */
  public static void edit(
      Path ledgerDir, String family, byte[] key, java.util.function.UnaryOperator<byte[]> change)
      throws Exception {
    List<ColumnFamilyDescriptor> d = new ArrayList<>();
    for (String f : RocksLedgerStore.FAMILIES) {
      d.add(new ColumnFamilyDescriptor(f.getBytes(StandardCharsets.UTF_8)));
    }
    List<ColumnFamilyHandle> h = new ArrayList<>();
    try (DBOptions o = new DBOptions();
        RocksDB db = RocksDB.open(o, ledgerDir.toString(), d, h)) {
      ColumnFamilyHandle cf = h.get(RocksLedgerStore.FAMILIES.indexOf(family));
      byte[] v = db.get(cf, key);
      if (v == null) {
        throw new IllegalArgumentException("no such key");
      }
      db.put(cf, key, change.apply(v));
      try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
        db.flush(fo, h);
      }
      h.forEach(ColumnFamilyHandle::close);
    }
  }

  /** Deletes the first entry of a column family and flushes. */
  public static void deleteFirst(Path ledgerDir, String family) throws Exception {
    List<ColumnFamilyDescriptor> d = new ArrayList<>();
    for (String f : RocksLedgerStore.FAMILIES) {
      d.add(new ColumnFamilyDescriptor(f.getBytes(StandardCharsets.UTF_8)));
    }
    List<ColumnFamilyHandle> h = new ArrayList<>();
    try (DBOptions o = new DBOptions();
        RocksDB db = RocksDB.open(o, ledgerDir.toString(), d, h)) {
      ColumnFamilyHandle cf = h.get(RocksLedgerStore.FAMILIES.indexOf(family));
      try (var it = db.newIterator(cf)) {
        it.seekToFirst();
        db.delete(cf, it.key());
      }
      try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
        db.flush(fo, h);
      }
      h.forEach(ColumnFamilyHandle::close);
    }
  }

  /** Writes one entry into a column family (adding it, or replacing what is there) and flushes. */
  public static void put(Path ledgerDir, String family, byte[] key, byte[] value) throws Exception {
    List<ColumnFamilyDescriptor> d = new ArrayList<>();
    for (String f : RocksLedgerStore.FAMILIES) {
      d.add(new ColumnFamilyDescriptor(f.getBytes(StandardCharsets.UTF_8)));
    }
    List<ColumnFamilyHandle> h = new ArrayList<>();
    try (DBOptions o = new DBOptions();
        RocksDB db = RocksDB.open(o, ledgerDir.toString(), d, h)) {
      db.put(h.get(RocksLedgerStore.FAMILIES.indexOf(family)), key, value);
      try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
        db.flush(fo, h);
      }
      h.forEach(ColumnFamilyHandle::close);
    }
  }

  public static byte[] heightKey(long height) {
    return RocksLedgerStore.heightKey(height);
  }

  public static final String BLOCKS = RocksLedgerStore.CF_BLOCKS;
  public static final String STATE = RocksLedgerStore.CF_STATE;
  public static final String NONCES = RocksLedgerStore.CF_NONCES;
}
