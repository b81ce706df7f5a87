package kr.kdid.node.cluster;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kr.kdid.core.crypto.VerificationKey;

/**
 * The members of a ledger cluster and which one this process is. The first peer is the bootstrap
 * node: on an empty ledger it writes genesis (it holds the governance key), and genesis lists every
 * peer's node key. A single node is a one-peer cluster; it runs the same code.
 *
 * <p>The peers file has one line per node, {@code id raft-host:port http-url node-key}, where the
 * node key is the multibase public key that {@code kdid node keygen} prints. Blank lines and {@code
 * #} comments are ignored.
 */
public record ClusterConfig(String selfId, List<Peer> peers) {
  public ClusterConfig {
    peers = List.copyOf(peers);
    if (peers.isEmpty()) {
      throw new IllegalArgumentException("a cluster needs at least one peer");
    }
    Set<String> ids = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    for (Peer p : peers) {
      if (!ids.add(p.id())) {
        throw new IllegalArgumentException("node " + p.id() + " is listed twice");
      }
      if (!addresses.add(p.raftAddress())) {
        throw new IllegalArgumentException(
            "raft address " + p.raftAddress() + " is given to two nodes");
      }
    }
    if (!ids.contains(selfId)) {
      throw new IllegalArgumentException(
          "this node's id '" + selfId + "' is not among the peers " + ids);
    }
  }

  /** A one-peer cluster: the embedded default. */
  public static ClusterConfig single(String nodeId, int raftPort, URI httpUrl) {
    return new ClusterConfig(
        nodeId, List.of(new Peer(nodeId, "127.0.0.1:" + raftPort, httpUrl, null)));
  }

  /** This process's peer entry. */
  public Peer self() {
    return peers.stream().filter(p -> p.id().equals(selfId)).findFirst().orElseThrow();
  }

  /** True if this node writes genesis on an empty ledger. */
  public boolean bootstrap() {
    return peers.get(0).id().equals(selfId);
  }

  /**
   * Reads a peers file.
   *
   * @throws IllegalArgumentException naming the line, if the file is malformed
   * @throws IOException if it cannot be read
   */
  public static ClusterConfig read(Path file, String selfId) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), selfId, file.toString());
  }

  /** Parses the text of a peers file; {@code name} names it in error messages. */
  public static ClusterConfig parse(String text, String selfId, String name) {
    List<Peer> peers = new ArrayList<>();
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash).strip();
      }
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\\s+");
      String where = name + " line " + (i + 1);
      if (f.length < 3 || f.length > 4) {
        throw new IllegalArgumentException(
            where + ": expected 'id raft-host:port http-url [node-key]', got '" + line + "'");
      }
      URI http;
      try {
        http = URI.create(f[2]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": '" + f[2] + "' is not a URL");
      }
      if (!"http".equals(http.getScheme()) && !"https".equals(http.getScheme())) {
        throw new IllegalArgumentException(where + ": '" + f[2] + "' is not an http(s) URL");
      }
      VerificationKey key = null;
      if (f.length == 4) {
        try {
          key = VerificationKey.fromMultibase(f[3]);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(
              where + ": '" + f[3] + "' is not a multibase public key (" + e.getMessage() + ")");
        }
      }
      try {
        peers.add(new Peer(f[0], f[1], http, key));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage());
      }
    }
    if (peers.isEmpty()) {
      throw new IllegalArgumentException(name + " lists no peers");
    }
    return new ClusterConfig(selfId, peers);
  }

  /** The text of a peers file for these peers. */
  public String format() {
    StringBuilder b =
        new StringBuilder(
            "# K-DID ledger cluster: id raft-host:port http-url node-key\n"
                + "# The first node writes genesis; every node needs the same file.\n");
    for (Peer p : peers) {
      b.append(p.id()).append(' ').append(p.raftAddress()).append(' ').append(p.httpUrl());
      if (p.nodeKey() != null) {
        b.append(' ').append(p.nodeKey().toMultibase());
      }
      b.append('\n');
    }
    return b.toString();
  }
}
