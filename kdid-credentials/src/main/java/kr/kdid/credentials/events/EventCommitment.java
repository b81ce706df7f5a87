package kr.kdid.credentials.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import kr.kdid.core.crypto.Randomness;
import kr.kdid.core.crypto.Sha256;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.encoding.Hex;
import kr.kdid.core.json.Jcs;
import kr.kdid.core.json.Json;

/**
 * An issuance or verification event as the holder keeps it, and its salted commitment as the ledger
 * anchors it. The commitment is SHA-256 over the RFC 8785 canonical JSON of the event, which
 * includes a 128-bit random salt only the holder (and the party that created the event) knows: the
 * ledger learns nothing about who the event concerns, while the holder can find the anchored
 * commitment and prove when the event happened.
 *
 * @param kind "issuance" or "verification", or a lifecycle event of an issued credential:
 *     "suspension", "reinstatement", "revocation", "expiry" (the issuer anchors these in its
 *     issuance stream and keeps them with the salt, so it can prove when a status changed)
 * @param party the issuer's or verifier's DID
 * @param credentialType the credential type (catalog id)
 * @param time when it happened (UTC, whole seconds)
 * @param salt base64url of 16 random bytes
 */
public record EventCommitment(
    String kind, String party, String credentialType, String time, String salt) {

  public static final String ISSUANCE = "issuance";
  public static final String VERIFICATION = "verification";
  public static final String SUSPENSION = "suspension";
  public static final String REINSTATEMENT = "reinstatement";
  public static final String REVOCATION = "revocation";
  public static final String EXPIRY = "expiry";

  private static final java.util.Set<String> KINDS =
      java.util.Set.of(ISSUANCE, VERIFICATION, SUSPENSION, REINSTATEMENT, REVOCATION, EXPIRY);

  public EventCommitment {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("kind must be one of " + new java.util.TreeSet<>(KINDS));
    }
    if (party == null || credentialType == null || time == null || salt == null) {
      throw new IllegalArgumentException("an event has a party, a type, a time and a salt");
    }
  }

  /** A new event with a fresh salt. */
  public static EventCommitment create(
      String kind, String party, String credentialType, Instant time, SecureRandom random) {
    return new EventCommitment(
        kind,
        party,
        credentialType,
        time.truncatedTo(ChronoUnit.SECONDS).toString(),
        Base64Url.encode(Randomness.bytes(random, 16)));
  }

  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("kind", kind);
    o.put("party", party);
    o.put("credentialType", credentialType);
    o.put("time", time);
    o.put("salt", salt);
    return o;
  }

  /**
   * Reads an event.
   *
   * @throws IllegalArgumentException if a member is missing
   */
  public static EventCommitment fromJson(JsonNode n) {
    return new EventCommitment(
        n.path("kind").asText(null),
        n.path("party").asText(null),
        n.path("credentialType").asText(null),
        n.path("time").asText(null),
        n.path("salt").asText(null));
  }

  /** The 32-byte commitment anchored on the ledger. */
  public byte[] commitment() {
    return Sha256.hash(Jcs.canonicalize(toJson()));
  }

  public String commitmentHex() {
    return Hex.encode(commitment());
  }
}
