package kr.kdid.ledger.state;

import java.nio.charset.StandardCharsets;
import kr.kdid.core.did.Did;

/**
 * The keys of the ledger's world state. Every key is a UTF-8 string; its SHA-256 is its path in the
 * state tree. No key or value holds personal data: DIDs here belong to organisations and ledger
 * nodes, never to citizens.
 */
public final class StateKeys {
  public static final String CHAIN_CONFIG = "chain/config";

  private StateKeys() {}

  /** The current record of a DID. */
  public static String did(Did did) {
    return "did/" + did;
  }

  public static String issuer(Did did) {
    return "trust/issuer/" + did;
  }

  public static String relyingParty(Did did) {
    return "trust/rp/" + did;
  }

  public static String statusList(Did issuer, String listId) {
    return "statuslist/" + issuer + "/" + listId;
  }

  public static String anchor(String txIdHex) {
    return "anchor/" + txIdHex;
  }

  /** Prefix of the recorded co-signatures of block {@code height}. */
  public static String checkpointPrefix(long height) {
    return String.format(java.util.Locale.ROOT, "checkpoint/%019d/", height);
  }

  /** A node's recorded signature over the header at a height. */
  public static String checkpoint(long height, String node) {
    return checkpointPrefix(height) + node;
  }

  /** Evidence that a node signed a header conflicting with the chain's at a height. */
  public static String conflict(long height, String node) {
    return String.format(java.util.Locale.ROOT, "conflict/%019d/%s", height, node);
  }

  public static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }
}
