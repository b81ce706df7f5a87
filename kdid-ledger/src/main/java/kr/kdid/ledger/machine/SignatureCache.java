package kr.kdid.ledger.machine;

import java.util.concurrent.ConcurrentHashMap;
import kr.kdid.core.crypto.VerificationKey;
import kr.kdid.ledger.smt.ByteKey;
import kr.kdid.ledger.tx.Transaction;

/**
 * Remembers signatures this process has already verified, so that a transaction checked at
 * admission (or pre-verified in parallel) is not verified again at apply time. An entry matches
 * only the exact encoded transaction and the exact key, so a hit means "this very signature over
 * these very bytes was verified with this very key": a memo of a pure function, which cannot change
 * any result. Entries are consumed when used. Thread-safe.
 */
public final class SignatureCache {
  private final int capacity;
  private final ConcurrentHashMap<ByteKey, Entry> entries = new ConcurrentHashMap<>();

  private record Entry(String encoded, VerificationKey key) {}

  public SignatureCache(int capacity) {
    this.capacity = capacity;
  }

  /** Verifies the transaction's signature with the key, remembering success. */
  public boolean verify(Transaction tx, VerificationKey key) {
    if (!key.verify(tx.signingInput(), tx.signature())) {
      return false;
    }
    if (entries.size() >= capacity) {
      // Rare: more verified-but-unapplied transactions than expected. Forget them all; they
      // will simply be verified again at apply time.
      entries.clear();
    }
    entries.put(new ByteKey(tx.id()), new Entry(tx.encoded(), key));
    return true;
  }

  /** True if this exact transaction is remembered as verified with this exact key. */
  public boolean has(Transaction tx, VerificationKey key) {
    Entry e = entries.get(new ByteKey(tx.id()));
    return e != null && e.encoded.equals(tx.encoded()) && e.key.equals(key);
  }

  /**
   * True if this exact transaction was verified with this exact key; the entry is consumed. If not,
   * verifies now (without remembering).
   */
  public boolean verifyOnce(Transaction tx, VerificationKey key) {
    Entry e = entries.remove(new ByteKey(tx.id()));
    if (e != null && e.encoded.equals(tx.encoded()) && e.key.equals(key)) {
      return true;
    }
    return key.verify(tx.signingInput(), tx.signature());
  }

  /** Entries held (for metrics). */
  public int size() {
    return entries.size();
  }
}
