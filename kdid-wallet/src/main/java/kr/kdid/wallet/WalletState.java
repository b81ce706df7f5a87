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
 *
 * <p>Version 2 added mdoc copies ({@code mdocCopies}, {@code doctype}) and made {@code vct}
 * optional (a credential received as an mdoc only); version 1 files (SD-JWT VC copies only) are
 * read as they are and written as version 2 on the next change.
 */
final class WalletState {
  static final int VERSION = 2;

  /** The oldest version still read. */
  static final int OLDEST_VERSION = 1;

  final List<StoredCredential> credentials = new ArrayList<>();
  final List<HistoryEntry> history = new ArrayList<>();

  /** A credential and its copies, as SD-JWT VCs, mdocs or both. */
  static final class StoredCredential {
    String id;
    String type;
    String vct; // null if only mdoc copies
    String doctype; // null if no mdoc copies
    String issuer;
    Label issuerName;
    String issuerDid;
    Instant receivedAt;
    Instant expiresAt;
    Instant mdocValidUntil; // the mdoc copies' earliest validUntil, or null
    final List<StoredCopy> copies = new ArrayList<>();
    final List<StoredMdocCopy> mdocCopies = new ArrayList<>();
  }

  /**
   * One mdoc copy: the IssuerSigned as issued (base64url), its device key, and how often it was
   * presented.
   */
  static final class StoredMdocCopy {
    String issuerSigned;
    String keyReference;
    String keyThumbprint;
    int uses;
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
      putOpt(o, "vct", c.vct);
      putOpt(o, "doctype", c.doctype);
      putOpt(o, "mdocValidUntil", c.mdocValidUntil == null ? null : c.mdocValidUntil.toString());
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
      if (!c.mdocCopies.isEmpty()) {
        ArrayNode mdocs = o.putArray("mdocCopies");
        for (StoredMdocCopy k : c.mdocCopies) {
          ObjectNode x = mdocs.addObject();
          x.put("issuerSigned", k.issuerSigned);
          x.put("key", k.keyReference);
          x.put("thumbprint", k.keyThumbprint);
          x.put("uses", k.uses);
        }
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
      int version = root.path("version").asInt();
      if (version < OLDEST_VERSION || version > VERSION) {
        throw new WalletException(
            WalletError.WALLET_CORRUPT,
            "the wallet was written by another version (" + root.path("version").asText() + ")");
      }
      WalletState s = new WalletState();
      for (JsonNode o : root.path("credentials")) {
        StoredCredential c = new StoredCredential();
        c.id = req(o, "id");
        c.type = req(o, "type");
        c.vct = version == 1 ? req(o, "vct") : opt(o, "vct");
        c.doctype = opt(o, "doctype");
        String mdocUntil = opt(o, "mdocValidUntil");
        c.mdocValidUntil = mdocUntil == null ? null : Instant.parse(mdocUntil);
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
        for (JsonNode x : o.path("mdocCopies")) {
          StoredMdocCopy k = new StoredMdocCopy();
          k.issuerSigned = req(x, "issuerSigned");
          k.keyReference = req(x, "key");
          k.keyThumbprint = req(x, "thumbprint");
          k.uses = x.path("uses").asInt();
          c.mdocCopies.add(k);
        }
        if (c.copies.isEmpty() && c.mdocCopies.isEmpty()) {
          throw new IllegalArgumentException("a credential without copies");
        }
        if (!c.copies.isEmpty() && c.vct == null) {
          throw new IllegalArgumentException("SD-JWT VC copies without a vct");
        }
        if (!c.mdocCopies.isEmpty() && c.doctype == null) {
          throw new IllegalArgumentException("mdoc copies without a doctype");
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
