package kr.kdid.ledger.machine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import kr.kdid.ledger.state.StateReader;

/**
 * Decoded committed state records (trust registry entries, status lists, chain configuration),
 * least recently used evicted. Confined to the applying thread: only apply reads and fills it, and
 * after each commit it forgets every key the block wrote, so it always equals the store. Not
 * thread-safe by design.
 */
final class RecordCache {
  private final int capacity;
  private final Map<String, Optional<Object>> map;

  RecordCache(int capacity) {
    this.capacity = capacity;
    this.map = new LinkedHashMap<>(1024, 0.75f, true);
  }

  /** The decoded committed value of a key (null if absent), read through from the store. */
  @SuppressWarnings("unchecked")
  <T> T get(String key, StateReader store, Function<byte[], T> decoder) {
    Optional<Object> cached = map.get(key);
    if (cached != null) {
      return (T) cached.orElse(null);
    }
    byte[] raw = store.get(key);
    T value = raw == null ? null : decoder.apply(raw);
    map.put(key, Optional.ofNullable(value));
    if (map.size() > capacity) {
      var it = map.entrySet().iterator();
      it.next();
      it.remove();
    }
    return value;
  }

  /** Forgets everything (the store was replaced). */
  void clear() {
    map.clear();
  }

  /** Forgets keys a commit wrote. */
  void committed(Iterable<String> writtenKeys) {
    for (String k : writtenKeys) {
      map.remove(k);
    }
  }
}
