package kr.kdid.ledger.state;

import java.nio.charset.StandardCharsets;
import kr.kdid.core.did.Did;

/**
 * The keys of the ledger's world state. Every key is a UTF-8 string; its SHA-256 is its path in the
 * state tree, for every key but the recorded co-signatures ({@link #inStateTree}). No key or value
 * holds personal data: DIDs here belong to organisations and ledger nodes, never to citizens.
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

  private static final String CHECKPOINTS = "checkpoint/";

  /** Prefix of the recorded co-signatures of block {@code height}. */
  public static String checkpointPrefix(long height) {
    return String.format(java.util.Locale.ROOT, CHECKPOINTS + "%019d/", height);
  }

  /**
   * Whether a key's value is a leaf of the state tree, so that the state root covers it. Every key
   * is, except the recorded co-signatures ({@link #checkpoint}): three or five of them per block,
   * kept for ever, would grow the tree by a leaf per node and block however quiet the registry, and
   * make every update's path through it longer. A co-signature is checked by its own signature
   * wherever it is read, and at start-up ({@code ChainVerifier}), so the state root adds nothing to
   * it (decision 0012).
   */
  public static boolean inStateTree(String key) {
    return !key.startsWith(CHECKPOINTS);
  }

  /**
   * The height and node a co-signature key names, or null if {@code key} is not one.
   *
   * @return the height, and the node id
   */
  public static Checkpoint parseCheckpoint(String key) {
    if (!key.startsWith(CHECKPOINTS) || key.length() < CHECKPOINTS.length() + 21) {
      return null;
    }
    int slash = CHECKPOINTS.length() + 19;
    if (key.charAt(slash) != '/') {
      return null;
    }
    long height;
    try {
      height = Long.parseLong(key.substring(CHECKPOINTS.length(), slash));
    } catch (NumberFormatException e) {
      return null;
    }
    if (height < 0 || !checkpoint(height, key.substring(slash + 1)).equals(key)) {
      return null;
    }
    return new Checkpoint(height, key.substring(slash + 1));
  }

  /** A co-signature's place: the height of the header it signs, and the node that signed it. */
  public record Checkpoint(long height, String node) {}

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
