package kr.kdid.node.cluster;

import java.net.URI;
import kr.kdid.core.crypto.VerificationKey;

/**
 * One member of a ledger cluster.
 *
 * @param id the node id, as recorded in genesis and on the blocks it proposes
 * @param raftAddress host:port where the node's consensus (Raft) endpoint listens for its peers
 * @param httpUrl the node's ledger API, for clients and for people
 * @param nodeKey the node's header-signing public key, or null where not yet known (only the
 *     bootstrap node needs every key, to write genesis)
 */
public record Peer(String id, String raftAddress, URI httpUrl, VerificationKey nodeKey) {
  public Peer {
    if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
      throw new IllegalArgumentException(
          "node id '" + id + "' must be 1-63 letters, digits, '.', '_' or '-'");
    }
    int colon = raftAddress == null ? -1 : raftAddress.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "raft address '" + raftAddress + "' of node " + id + " must be host:port");
    }
    try {
      int port = Integer.parseInt(raftAddress.substring(colon + 1));
      if (port <= 0 || port > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "raft address '" + raftAddress + "' of node " + id + " has no valid port");
    }
  }

  /** The host part of the Raft address. */
  public String raftHost() {
    return raftAddress.substring(0, raftAddress.lastIndexOf(':'));
  }

  /** The port part of the Raft address. */
  public int raftPort() {
    return Integer.parseInt(raftAddress.substring(raftAddress.lastIndexOf(':') + 1));
  }
}
