package kr.kdid.ledger.machine;

import java.util.LinkedHashMap;
import java.util.Map;
import kr.kdid.core.did.Did;
import kr.kdid.ledger.state.DidRecord;
import kr.kdid.ledger.state.StateKeys;
import kr.kdid.ledger.state.StateReader;

/**
 * Parsed current DID records of the committed state, least recently used evicted. Thread-safe.
 *
 * <p>Readers fill it from the store. A commit refreshes the DIDs it holds, but does not add the
 * ones it does not: most DIDs a block writes are new ones (a holder's DID is created once and then
 * rarely changed on the ledger), and caching each of them on creation kept a thousand parsed
 * documents per block alive long enough for the collector to copy them, for lookups that seldom
 * came (docs/benchmarks.md).
 *
 * <p>It never holds anything older than what a completed commit wrote. A reader that read the store
 * before a commit and fills the cache after it could otherwise put back the record the commit
 * replaced; so every commit (and {@link #clear}) advances an epoch, and a reader fills the cache
 * only if the epoch has not moved since it read the store. DID versions only grow, and an older
 * version never replaces a newer one.
 */
final class DidCache {
  private final int capacity;
  private final Map<Did, DidRecord> map; // guarded by itself
  private long epoch; // guarded by map

  DidCache(int capacity) {
    this.capacity = capacity;
    this.map = new LinkedHashMap<>(256, 0.75f, true);
  }

  /** The committed record of a DID, or null. */
  DidRecord get(Did did, StateReader store) {
    long readAt;
    synchronized (map) {
      DidRecord r = map.get(did);
      if (r != null) {
        return r;
      }
      readAt = epoch;
    }
    byte[] raw = store.get(StateKeys.did(did));
    if (raw == null) {
      return null;
    }
    DidRecord rec = DidRecord.decode(raw);
    synchronized (map) {
      if (epoch == readAt) {
        put(did, rec);
      }
    }
    return rec;
  }

  /** Forgets everything (the store was replaced). */
  void clear() {
    synchronized (map) {
      map.clear();
      epoch++;
    }
  }

  /** Called after a commit with the records it wrote: refreshes those already cached. */
  void committed(Map<Did, DidRecord> written) {
    synchronized (map) {
      epoch++;
      written.forEach(
          (did, rec) -> {
            if (map.containsKey(did)) {
              put(did, rec);
            }
          });
    }
  }

  /** Records held (for tests). */
  int size() {
    synchronized (map) {
      return map.size();
    }
  }

  private void put(Did did, DidRecord rec) {
    DidRecord old = map.get(did);
    if (old != null && old.version() >= rec.version()) {
      return;
    }
    map.put(did, rec);
    if (map.size() > capacity) {
      var it = map.entrySet().iterator();
      it.next();
      it.remove();
    }
  }
}
