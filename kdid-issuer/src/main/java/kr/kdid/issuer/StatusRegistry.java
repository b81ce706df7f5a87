package kr.kdid.issuer;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import kr.kdid.core.jose.Jws;
import kr.kdid.credentials.status.IndexAllocator;
import kr.kdid.credentials.status.StatusList;
import kr.kdid.credentials.status.StatusListToken;
import kr.kdid.credentials.status.StatusValue;
import kr.kdid.issuer.store.IssuerStore;
import kr.kdid.ledger.client.LedgerClientException;
import kr.kdid.ledger.client.LedgerGateway;
import kr.kdid.ledger.state.StatusListRecord;
import kr.kdid.ledger.tx.StatusLists;
import kr.kdid.ledger.tx.TxBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's status lists (IETF Token Status List, 2 bits: valid, revoked, suspended), kept in
 * its database and published on the ledger as signed Status List Tokens. Each credential gets a
 * random free index (never sequential, never reused) in a list of at least 131,072 entries; a full
 * list is followed by a new one. Thread-safe.
 */
public final class StatusRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(StatusRegistry.class);

  /** Bits per entry: 0 valid, 1 invalid (revoked), 2 suspended. */
  public static final int BITS = 2;

  /** How long verifiers may cache a list before fetching it again. */
  public static final Duration TTL = Duration.ofMinutes(5);

  private final IssuerConfig config;
  private final kr.kdid.ledger.client.LedgerIdentity identity;
  private final IssuerStore store;
  private final LedgerGateway ledger;
  private final Clock clock;
  private final IndexAllocator allocator;
  private final Map<String, BitSet> taken = new HashMap<>();
  private String current;

  public StatusRegistry(
      IssuerConfig config,
      kr.kdid.ledger.client.LedgerIdentity identity,
      IssuerStore store,
      LedgerGateway ledger,
      Clock clock,
      java.security.SecureRandom random) {
    this.config = config;
    this.identity = identity;
    this.store = store;
    this.ledger = ledger;
    this.clock = clock;
    this.allocator = new IndexAllocator(random);
  }

  /** The URI of a list: the {@code uri} of credentials' status claims and the token's sub. */
  public String uri(String listId) {
    return config.statusListUriBase() + StatusLists.uriPath(identity.did(), listId);
  }

  /** Opens the newest list, creating the first one (and publishing it) if there is none. */
  public synchronized void start() {
    List<IssuerStore.StatusListRow> lists = store.statusLists();
    if (lists.isEmpty()) {
      current = createList();
    } else {
      current = lists.get(lists.size() - 1).listId();
      for (IssuerStore.StatusListRow r : lists) {
        if (ledger.statusList(identity.did(), r.listId()).isEmpty()) {
          throw new IllegalStateException(
              "status list "
                  + r.listId()
                  + " is in the issuer's database but not on this ledger; was the ledger reset?");
        }
      }
    }
  }

  private String createList() {
    int n = store.statusLists().size() + 1;
    String listId = config.name() + "-" + n;
    StatusList empty = StatusList.create(config.statusListSize(), BITS);
    String token = sign(empty, listId);
    ledger.submit(
        identity.sign(
            ledger.chainId(),
            new TxBody.StatusListCreate(listId, BITS, config.statusListSize(), token),
            clock),
        true);
    store.insertStatusList(
        new IssuerStore.StatusListRow(listId, BITS, config.statusListSize(), 1), clock.millis());
    LOG.info("created status list {} ({} entries) on the ledger", listId, config.statusListSize());
    return listId;
  }

  private String sign(StatusList list, String listId) {
    Jws jws =
        StatusListToken.sign(
            list,
            uri(listId),
            clock.instant(),
            null,
            TTL,
            config.credentialIssuer(),
            identity.key(),
            identity.keyId());
    return jws.encoded();
  }

  /** Status entries for new credentials: a list and random free indexes in it. */
  public record Entries(String listId, List<Integer> indexes) {}

  /**
   * Reserves {@code n} random free indexes (in memory: the caller stores them, and retries if the
   * database reports a collision). Opens a new list when the current one is full.
   */
  public synchronized Entries reserve(int n) {
    BitSet used = taken.computeIfAbsent(current, store::allocated);
    List<Integer> picked = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      OptionalInt idx = allocator.allocate(used, config.statusListSize());
      if (idx.isEmpty()) {
        for (int p : picked) {
          used.clear(p);
        }
        current = createList();
        return reserve(n);
      }
      picked.add(idx.getAsInt());
    }
    return new Entries(current, picked);
  }

  /** Forgets the in-memory allocation of a list, so that it is re-read from the database. */
  public synchronized void reload(String listId) {
    taken.remove(listId);
  }

  /**
   * Publishes a list's current statuses on the ledger (after a revocation, suspension or
   * reinstatement), waiting until the block is committed.
   */
  public synchronized void publish(String listId) {
    long seq = store.changeSeq(listId);
    publishAt(listId);
    store.markPublished(listId, seq);
  }

  /**
   * Publishes every list with status changes the ledger does not have yet (after a failed
   * publication or a crash between the database and the ledger).
   *
   * @return how many lists were published
   */
  public int publishPending() {
    int n = 0;
    for (String listId : store.listsToPublish().keySet()) {
      publish(listId);
      n++;
    }
    return n;
  }

  private void publishAt(String listId) {
    IssuerStore.StatusListRow row =
        store.statusLists().stream()
            .filter(r -> r.listId().equals(listId))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no status list " + listId));
    StatusList list = StatusList.create(row.size(), row.bits());
    store
        .nonValid(listId)
        .forEach(
            (idx, status) ->
                list.set(
                    idx,
                    status.equals(IssuerStore.SUSPENDED)
                        ? StatusValue.SUSPENDED
                        : StatusValue.INVALID));
    String token = sign(list, listId);
    long version = row.ledgerVersion();
    for (int attempt = 0; ; attempt++) {
      try {
        ledger.submit(
            identity.sign(
                ledger.chainId(),
                new TxBody.StatusListUpdate(identity.did(), listId, version, token),
                clock),
            true);
        store.setLedgerVersion(listId, version + 1);
        return;
      } catch (LedgerClientException.Rejected e) {
        if (!e.code().equals("STALE_VERSION") || attempt > 0) {
          throw e;
        }
        // Another instance published meanwhile: take the ledger's version and publish ours on top
        // (ours is computed from the shared database, so it includes theirs).
        version =
            ledger.statusList(identity.did(), listId).map(StatusListRecord::version).orElseThrow();
      }
    }
  }
}
