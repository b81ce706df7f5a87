package kr.kdid.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.events.EventCommitment;

/**
 * The wallet's contents as stored (sealed) by a {@link kr.kdid.wallet.storage.WalletStore}:
 * credentials with their copies and holder key references, and the history. Mutable, confined to
 * the {@link Wallet} that owns it. Serialized as JSON, version {@value #VERSION}.
 */
final class WalletState {
  static final int VERSION = 1;

  final List<StoredCredential> credentials = new ArrayList<>();
  final List<HistoryEntry> history = new ArrayList<>();

  /** A credential and its copies. */
  static final class StoredCredential {
    String id;
    String type;
    String vct;
    String issuer;
    Label issuerName;
    String issuerDid;
    Instant receivedAt;
    Instant expiresAt;
    final List<StoredCopy> copies = new ArrayList<>();
  }

  /** One copy: the SD-JWT VC as issued, its holder key, and how often it was presented. */
  static final class StoredCopy {
    String sdJwt;
    String keyReference;
    String keyThumbprint;
    int uses;
  }

  byte[] serialize() {
    ObjectNode root = Json.object();
    root.put("version", VERSION);
    ArrayNode creds = root.putArray("credentials");
    for (StoredCredential c : credentials) {
      ObjectNode o = creds.addObject();
      o.put("id", c.id);
      o.put("type", c.type);
      o.put("vct", c.vct);
      o.put("issuer", c.issuer);
      o.set("issuerName", label(c.issuerName));
      putOpt(o, "issuerDid", c.issuerDid);
      o.put("receivedAt", c.receivedAt.toString());
      putOpt(o, "expiresAt", c.expiresAt == null ? null : c.expiresAt.toString());
      ArrayNode copies = o.putArray("copies");
      for (StoredCopy k : c.copies) {
        ObjectNode x = copies.addObject();
        x.put("sdJwt", k.sdJwt);
        x.put("key", k.keyReference);
        x.put("thumbprint", k.keyThumbprint);
        x.put("uses", k.uses);
      }
    }
    ArrayNode hist = root.putArray("history");
    for (HistoryEntry h : history) {
      ObjectNode o = hist.addObject();
      o.put("id", h.id());
      o.put("kind", h.kind().name());
      o.put("outcome", h.outcome().name());
      o.put("time", h.time().toString());
      o.put("party", h.party());
      putOpt(o, "partyName", h.partyName());
      putOpt(o, "credentialId", h.credentialId());
      putOpt(o, "credentialType", h.credentialType());
      ArrayNode claims = o.putArray("claims");
      h.claims().forEach(claims::add);
      if (h.event() != null) {
        o.set("event", h.event().toJson());
      }
      putOpt(o, "code", h.code());
      putOpt(o, "detail", h.detail());
    }
    return Json.bytes(root);
  }

  /**
   * Reads serialized contents.
   *
   * @throws WalletException WALLET_CORRUPT if they are not a valid state of a known version
   */
  static WalletState parse(byte[] bytes) throws WalletException {
    try {
      JsonNode root = Json.parse(bytes);
      if (root.path("version").asInt() != VERSION) {
        throw new WalletException(
            WalletError.WALLET_CORRUPT,
            "the wallet was written by another version (" + root.path("version").asText() + ")");
      }
      WalletState s = new WalletState();
      for (JsonNode o : root.path("credentials")) {
        StoredCredential c = new StoredCredential();
        c.id = req(o, "id");
        c.type = req(o, "type");
        c.vct = req(o, "vct");
        c.issuer = req(o, "issuer");
        c.issuerName = new Label(req(o.path("issuerName"), "ko"), req(o.path("issuerName"), "en"));
        c.issuerDid = opt(o, "issuerDid");
        c.receivedAt = Instant.parse(req(o, "receivedAt"));
        String exp = opt(o, "expiresAt");
        c.expiresAt = exp == null ? null : Instant.parse(exp);
        for (JsonNode x : o.path("copies")) {
          StoredCopy k = new StoredCopy();
          k.sdJwt = req(x, "sdJwt");
          k.keyReference = req(x, "key");
          k.keyThumbprint = req(x, "thumbprint");
          k.uses = x.path("uses").asInt();
          c.copies.add(k);
        }
        s.credentials.add(c);
      }
      for (JsonNode o : root.path("history")) {
        List<String> claims = new ArrayList<>();
        o.path("claims").forEach(x -> claims.add(x.asText()));
        s.history.add(
            new HistoryEntry(
                req(o, "id"),
                HistoryEntry.Kind.valueOf(req(o, "kind")),
                HistoryEntry.Outcome.valueOf(req(o, "outcome")),
                Instant.parse(req(o, "time")),
                req(o, "party"),
                opt(o, "partyName"),
                opt(o, "credentialId"),
                opt(o, "credentialType"),
                claims,
                o.has("event") ? EventCommitment.fromJson(o.get("event")) : null,
                opt(o, "code"),
                opt(o, "detail")));
      }
      return s;
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new WalletException(
          WalletError.WALLET_CORRUPT, "the wallet's contents are not readable", e);
    }
  }

  private static ObjectNode label(Label l) {
    ObjectNode o = Json.object();
    o.put("ko", l.ko());
    o.put("en", l.en());
    return o;
  }

  private static void putOpt(ObjectNode o, String name, String value) {
    if (value != null) {
      o.put(name, value);
    }
  }

  private static String req(JsonNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing " + name);
    }
    return v.textValue();
  }

  private static String opt(JsonNode o, String name) {
    JsonNode v = o.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }
}
