package kr.kdid.ledger.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kr.kdid.core.crypto.SignatureAlgorithm;
import kr.kdid.core.crypto.SoftwareKey;
import kr.kdid.core.did.Did;
import kr.kdid.core.did.DidDocument;
import kr.kdid.core.did.KdidMethod;
import kr.kdid.core.did.Relationship;
import kr.kdid.core.did.VerificationMethod;
import kr.kdid.ledger.state.DidRecord;
import kr.kdid.ledger.state.StateKeys;
import kr.kdid.ledger.state.StateReader;
import org.junit.jupiter.api.Test;

class DidCacheTest {
  private final SoftwareKey key = SoftwareKey.generate(SignatureAlgorithm.ES256);
  private final Did did = KdidMethod.didFor(key.publicKey());
  private final Map<String, byte[]> state = new HashMap<>();
  private final StateReader store = k -> state.get(k);

  private DidRecord record(long version) {
    return recordOf(key, version);
  }

  /** A record of the DID of {@code k}, with a document holding that key. */
  private static DidRecord recordOf(SoftwareKey k, long version) {
    Did d = KdidMethod.didFor(k.publicKey());
    DidDocument doc =
        DidDocument.builder(d)
            .method(
                VerificationMethod.jwk(d.withFragment("key-1"), d, k.publicKey()),
                Relationship.CAPABILITY_INVOCATION)
            .build();
    return new DidRecord(
        d, version, doc, false, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", version, "00");
  }

  private void write(DidRecord r) {
    state.put(StateKeys.did(did), r.encode());
  }

  @Test
  void aCommitDoesNotCacheNewDidsButRefreshesCachedOnes() {
    DidCache cache = new DidCache(10);
    DidRecord v1 = record(1);
    write(v1);
    cache.committed(Map.of(did, v1));
    assertThat(cache.size()).isZero();

    assertThat(cache.get(did, store).version()).isEqualTo(1);
    assertThat(cache.size()).isEqualTo(1);

    DidRecord v2 = record(2);
    write(v2);
    cache.committed(Map.of(did, v2));
    state.clear(); // from now on only the cache can answer
    assertThat(cache.get(did, store).version()).isEqualTo(2);
  }

  @Test
  void aReaderThatReadTheStoreBeforeACommitDoesNotPutTheOldRecordBack() {
    DidCache cache = new DidCache(10);
    write(record(1));
    DidRecord v2 = record(2);
    // The store answers with version 1, and version 2 is committed while that answer is on its
    // way back to the reader: the reader must not cache version 1.
    StateReader racing =
        k -> {
          byte[] old = state.get(k);
          write(v2);
          cache.committed(Map.of(did, v2));
          return old;
        };
    assertThat(cache.get(did, racing).version()).isEqualTo(1);
    assertThat(cache.size()).isZero();
    assertThat(cache.get(did, store).version()).isEqualTo(2);
  }

  @Test
  void clearingForgetsAndRefusesFillsReadBeforeIt() {
    DidCache cache = new DidCache(10);
    write(record(1));
    StateReader replaced =
        k -> {
          byte[] old = state.get(k);
          cache.clear(); // the store was replaced while this read was in flight
          return old;
        };
    cache.get(did, replaced);
    assertThat(cache.size()).isZero();
    cache.get(did, store);
    cache.clear();
    assertThat(cache.size()).isZero();
  }

  @Test
  void evictsTheLeastRecentlyUsed() {
    DidCache cache = new DidCache(2);
    List<Did> dids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      DidRecord r = recordOf(SoftwareKey.generate(SignatureAlgorithm.ES256), 1);
      Did d = r.did();
      state.put(StateKeys.did(d), r.encode());
      dids.add(d);
      cache.get(d, store);
    }
    assertThat(cache.size()).isEqualTo(2);
    state.clear();
    assertThat(cache.get(dids.get(0), store)).isNull();
    assertThat(cache.get(dids.get(1), store)).isNotNull();
    assertThat(cache.get(dids.get(2), store)).isNotNull();
  }
}
