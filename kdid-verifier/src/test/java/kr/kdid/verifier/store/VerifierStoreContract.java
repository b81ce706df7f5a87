package kr.kdid.verifier.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import kr.kdid.core.json.Json;
import kr.kdid.verifier.store.VerifierStore.Status;
import kr.kdid.verifier.store.VerifierStore.StoredRequest;
import kr.kdid.web.db.ServiceDatabase;
import org.junit.jupiter.api.Test;

/** What every database behind {@link VerifierStore} must do; run on H2 and on PostgreSQL. */
abstract class VerifierStoreContract {
  static final long T0 = 1_800_000_000_000L;

  abstract ServiceDatabase db();

  VerifierStore store(String verifier) {
    return new VerifierStore(db(), verifier);
  }

  static StoredRequest request(String id) {
    ObjectNode q = Json.object();
    q.putArray("credentials").addObject().put("id", "mdl");
    return StoredRequest.pending(
        id, "nonce-" + id, "state-" + id, "kr.mdl", q, T0, T0 + 300_000, "a".repeat(64));
  }

  static String id() {
    return UUID.randomUUID().toString();
  }

  static ObjectNode outcome(boolean verified) {
    ObjectNode o = Json.object();
    o.put("verified", verified);
    o.putArray("checks");
    return o;
  }

  @Test
  void storesAndFindsRequests() {
    VerifierStore s = store("bank");
    StoredRequest r = request(id());
    s.insert(r);
    StoredRequest back = s.find(r.id()).orElseThrow();
    assertThat(back.nonce()).isEqualTo(r.nonce());
    assertThat(back.state()).isEqualTo(r.state());
    assertThat(back.dcqlQuery()).isEqualTo(r.dcqlQuery());
    assertThat(back.status()).isEqualTo(Status.PENDING);
    assertThat(back.answeredAt()).isNull();
    assertThat(back.verified()).isNull();
    assertThat(back.statusAt(T0 + 300_000)).isEqualTo(Status.PENDING);
    assertThat(back.statusAt(T0 + 300_001)).isEqualTo(Status.EXPIRED);
    assertThat(s.find("nope")).isEmpty();
  }

  @Test
  void verifiersSharingTheDatabaseSeeOnlyTheirOwnRows() {
    StoredRequest r = request(id());
    store("bank").insert(r);
    assertThat(store("shop").find(r.id())).isEmpty();
    assertThat(store("shop").answer(r.id(), T0, true, null, outcome(true), null, null)).isFalse();
  }

  @Test
  void aRequestIsAnsweredOnceAndItsCommitmentQueued() {
    VerifierStore s = store("bank");
    StoredRequest r = request(id());
    s.insert(r);
    ObjectNode claims = Json.object().put("given_name", "길동");
    String commitment = UUID.randomUUID().toString().replace("-", "").repeat(2);
    assertThat(s.answer(r.id(), T0 + 1, true, null, outcome(true), claims, commitment)).isTrue();
    assertThat(s.answer(r.id(), T0 + 2, false, "KB_MISSING", outcome(false), null, null)).isFalse();
    assertThat(s.decline(r.id(), T0 + 3, "WALLET_DECLINED", outcome(false))).isFalse();
    StoredRequest back = s.find(r.id()).orElseThrow();
    assertThat(back.status()).isEqualTo(Status.ANSWERED);
    assertThat(back.verified()).isTrue();
    assertThat(back.claims()).isEqualTo(claims);
    assertThat(back.answeredAt()).isEqualTo(T0 + 1);

    assertThat(s.anchorOf(commitment)).contains("");
    assertThat(s.anchorQueue().pending(1000)).contains(commitment);
    s.anchorQueue().markAnchored(List.of(commitment), "f".repeat(64));
    assertThat(s.anchorOf(commitment)).contains("f".repeat(64));
    assertThat(s.anchorQueue().pending(1000)).doesNotContain(commitment);
  }

  @Test
  void concurrentAnswersLetExactlyOneWin() throws Exception {
    VerifierStore s = store("bank");
    StoredRequest r = request(id());
    s.insert(r);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> tasks = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int n = i;
        tasks.add(() -> s.answer(r.id(), T0 + n, true, null, outcome(true), null, null));
      }
      int won = 0;
      for (Future<Boolean> f : pool.invokeAll(tasks)) {
        won += f.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void declineRecordsTheWalletsAnswer() {
    VerifierStore s = store("bank");
    StoredRequest r = request(id());
    s.insert(r);
    ObjectNode o = outcome(false).put("wallet_error", "access_denied");
    assertThat(s.decline(r.id(), T0 + 5, "WALLET_DECLINED", o)).isTrue();
    StoredRequest back = s.find(r.id()).orElseThrow();
    assertThat(back.status()).isEqualTo(Status.DECLINED);
    assertThat(back.errorCode()).isEqualTo("WALLET_DECLINED");
    assertThat(back.outcome()).isEqualTo(o);
  }

  @Test
  void purgeDeletesOldClaimsKeepsOutcomesAndMarksExpiredRequests() {
    VerifierStore s = store("purge-" + UUID.randomUUID().toString().substring(0, 8));
    StoredRequest old = request(id());
    StoredRequest recent = request(id());
    StoredRequest open = request(id());
    s.insert(old);
    s.insert(recent);
    s.insert(open);
    ObjectNode claims = Json.object().put("given_name", "길동");
    s.answer(old.id(), T0 + 1000, true, null, outcome(true), claims, null);
    s.answer(recent.id(), T0 + 9000, true, null, outcome(true), claims, null);

    VerifierStore.Purged p = s.purge(T0 + 5000, T0 + 400_000);
    assertThat(p.results()).isEqualTo(1);
    assertThat(p.expired()).isEqualTo(1);
    StoredRequest o = s.find(old.id()).orElseThrow();
    assertThat(o.claims()).isNull();
    assertThat(o.purged()).isTrue();
    assertThat(o.outcome()).isEqualTo(outcome(true));
    assertThat(o.verified()).isTrue();
    assertThat(s.find(recent.id()).orElseThrow().claims()).isEqualTo(claims);
    assertThat(s.find(open.id()).orElseThrow().status()).isEqualTo(Status.EXPIRED);
    assertThat(s.purge(T0 + 5000, T0 + 400_000)).isEqualTo(new VerifierStore.Purged(0, 0));
  }
}
