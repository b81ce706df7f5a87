package kr.kdid.ledger.block;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kr.kdid.core.crypto.Sha256;
import kr.kdid.core.encoding.Hex;
import kr.kdid.core.json.CanonicalWriter;
import kr.kdid.core.json.Json;

/**
 * A block header. Its hash, SHA-256 over its canonical JSON, chains the blocks and is what nodes
 * sign.
 *
 * @param version header format (1)
 * @param chain the chain id
 * @param height 0 for genesis
 * @param previousHash hash of the previous header (hex; 64 zeros for genesis)
 * @param time block time in epoch milliseconds, set by the proposer, never decreasing
 * @param txCount transactions in the block, valid and invalid
 * @param txRoot RFC 9162 Merkle root over the block's transaction leaves (hex)
 * @param stateRoot root of the world-state tree after the block (hex)
 * @param historyRoot RFC 9162 root over the hashes of all earlier blocks (hex)
 * @param proposer id of the node that proposed the block
 */
public record BlockHeader(
    int version,
    String chain,
    long height,
    String previousHash,
    long time,
    int txCount,
    String txRoot,
    String stateRoot,
    String historyRoot,
    String proposer) {

  public static final int VERSION = 1;
  public static final String ZERO_HASH = "0".repeat(64);

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("v", version);
    o.put("chain", chain);
    o.put("height", height);
    o.put("previousHash", previousHash);
    o.put("time", time);
    o.put("txCount", txCount);
    o.put("txRoot", txRoot);
    o.put("stateRoot", stateRoot);
    o.put("historyRoot", historyRoot);
    o.put("proposer", proposer);
    return o;
  }

  /** The canonical bytes (of {@link #toJson()}) that are hashed and signed. */
  public byte[] signingBytes() {
    return write(new CanonicalWriter(512)).toByteArray();
  }

  /** Writes the header's canonical JSON into a writer. */
  public CanonicalWriter write(CanonicalWriter w) {
    return w.beginObject()
        .name("chain")
        .value(chain)
        .name("height")
        .value(height)
        .name("historyRoot")
        .value(historyRoot)
        .name("previousHash")
        .value(previousHash)
        .name("proposer")
        .value(proposer)
        .name("stateRoot")
        .value(stateRoot)
        .name("time")
        .value(time)
        .name("txCount")
        .value(txCount)
        .name("txRoot")
        .value(txRoot)
        .name("v")
        .value(version)
        .endObject();
  }

  /** The block time as an ISO-8601 UTC string with whole seconds (DID metadata format). */
  public static String isoTime(long millis) {
    return java.time.Instant.ofEpochMilli(millis)
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
        .toString();
  }

  public byte[] hash() {
    return Sha256.hash(signingBytes());
  }

  public String hashHex() {
    return Hex.encode(hash());
  }

  /**
   * Reads a header.
   *
   * @throws IllegalArgumentException if a member is missing or mistyped
   */
  public static BlockHeader fromJson(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("header must be an object");
    }
    return new BlockHeader(
        req(n, "v").asInt(),
        req(n, "chain").asText(),
        req(n, "height").asLong(),
        hex(n, "previousHash"),
        req(n, "time").asLong(),
        req(n, "txCount").asInt(),
        hex(n, "txRoot"),
        hex(n, "stateRoot"),
        hex(n, "historyRoot"),
        req(n, "proposer").asText());
  }

  private static JsonNode req(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("header lacks " + name);
    }
    return v;
  }

  private static String hex(JsonNode n, String name) {
    String s = req(n, name).asText();
    if (s.length() != 64) {
      throw new IllegalArgumentException("header " + name + " must be 32-byte hex");
    }
    Hex.decode(s);
    return s;
  }
}
