package kr.kdid.ledger.machine;

import java.util.LinkedHashMap;
import java.util.Map;
import kr.kdid.core.did.Did;
import kr.kdid.ledger.state.DidRecord;
import kr.kdid.ledger.state.StateKeys;
import kr.kdid.ledger.state.StateReader;

/**
 * Parsed current DID records of the committed state, least recently used evicted. Readers fill it
 * from the store; the state machine updates it right after each commit. Because DID versions only
 * grow and an older version never replaces a newer one, it never holds anything older than what a
 * completed commit wrote. Thread-safe.
 */
final class DidCache {
  private final int capacity;
  private final Map<Did, DidRecord> map;

  DidCache(int capacity) {
    this.capacity = capacity;
    this.map = new LinkedHashMap<>(256, 0.75f, true);
  }

  /** The committed record of a DID, or null. */
  DidRecord get(Did did, StateReader store) {
    synchronized (map) {
      DidRecord r = map.get(did);
      if (r != null) {
        return r;
      }
    }
    byte[] raw = store.get(StateKeys.did(did));
    if (raw == null) {
      return null;
    }
    DidRecord rec = DidRecord.decode(raw);
    put(did, rec);
    return rec;
  }

  /** Forgets everything (the store was replaced). */
  void clear() {
    synchronized (map) {
      map.clear();
    }
  }

  /** Called after a commit with the records it wrote. */
  void committed(Map<Did, DidRecord> written) {
    written.forEach(this::put);
  }

  private void put(Did did, DidRecord rec) {
    synchronized (map) {
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
}
