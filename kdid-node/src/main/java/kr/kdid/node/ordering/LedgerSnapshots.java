package kr.kdid.node.ordering;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import kr.kdid.ledger.machine.LedgerStore;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;

/**
 * Snapshots of the ledger for Raft: each is a RocksDB checkpoint (hard links, so taking one is
 * cheap) in {@code <raft>/<group>/sm/snapshot.<term>_<index>/}. Ratis ships a snapshot's files to a
 * follower whose log is too far behind the leader's compacted log, and replaces the follower's
 * {@code sm} directory with them; the state machine then loads it into the live store.
 */
final class LedgerSnapshots implements StateMachineStorage {
  private static final Pattern NAME = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");

  /** File in a snapshot directory: the store position the checkpoint holds ("logIndex height"). */
  static final String POSITION = "ledger-position.txt";

  private volatile File smDir;
  private volatile File tmpDir;
  private volatile FileListSnapshotInfo latest;

  @Override
  public void init(RaftStorage raftStorage) throws IOException {
    this.smDir = raftStorage.getStorageDir().getStateMachineDir();
    this.tmpDir = raftStorage.getStorageDir().getTmpDir();
    Files.createDirectories(smDir.toPath());
    this.latest = scan();
  }

  /** Re-reads the snapshot directory (after Ratis installed one from the leader). */
  FileListSnapshotInfo rescan() throws IOException {
    this.latest = scan();
    return latest;
  }

  private FileListSnapshotInfo scan() throws IOException {
    FileListSnapshotInfo best = null;
    if (!smDir.exists()) {
      return null;
    }
    try (Stream<Path> dirs = Files.list(smDir.toPath())) {
      for (Path d : dirs.toList()) {
        Matcher m = NAME.matcher(d.getFileName().toString());
        if (!Files.isDirectory(d) || !m.matches()) {
          continue;
        }
        long term = Long.parseLong(m.group(1));
        long index = Long.parseLong(m.group(2));
        if (best == null || index > best.getIndex()) {
          best = describe(d, term, index);
        }
      }
    }
    return best;
  }

  private static FileListSnapshotInfo describe(Path d, long term, long index) throws IOException {
    List<FileInfo> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(d)) {
      for (Path f : s.sorted().toList()) {
        if (Files.isRegularFile(f) && !f.getFileName().toString().endsWith(".md5")) {
          // The position file travels with the checkpoint files to a follower.
          // No digest: Ratis computes it while sending and the receiver checks it.
          files.add(new FileInfo(f.toAbsolutePath(), null));
        }
      }
    }
    return new FileListSnapshotInfo(files, term, index);
  }

  /**
   * The store position a snapshot holds, or null if it does not say. A snapshot's Raft index can be
   * past its last block (Ratis entries that are not blocks), so this, not the index, tells whether
   * the snapshot is ahead of the live store.
   */
  kr.kdid.ledger.machine.LogPosition position(SnapshotInfo s) {
    Path f = directory(s).resolve(POSITION);
    try {
      String[] p = Files.readString(f).trim().split(" ");
      return new kr.kdid.ledger.machine.LogPosition(Long.parseLong(p[0]), Long.parseLong(p[1]));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The directory of a snapshot. */
  Path directory(SnapshotInfo s) {
    return smDir.toPath().resolve("snapshot." + s.getTerm() + "_" + s.getIndex());
  }

  /**
   * Writes a snapshot of the store as of the given log position.
   *
   * @return its description (also the latest now)
   */
  FileListSnapshotInfo take(LedgerStore store, TermIndex at) throws IOException {
    Path target = smDir.toPath().resolve("snapshot." + at.getTerm() + "_" + at.getIndex());
    if (!Files.exists(target)) {
      Path tmp = smDir.toPath().resolve(".taking." + at.getTerm() + "_" + at.getIndex());
      kr.kdid.core.io.FileTrees.delete(tmp);
      kr.kdid.ledger.machine.LogPosition pos = store.snapshot(tmp);
      Files.writeString(tmp.resolve(POSITION), pos.logIndex() + " " + pos.height() + "\n");
      Files.move(tmp, target);
    }
    FileListSnapshotInfo info = describe(target, at.getTerm(), at.getIndex());
    this.latest = info;
    return info;
  }

  @Override
  public SnapshotInfo getLatestSnapshot() {
    return latest;
  }

  @Override
  public void format() {}

  @Override
  public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
    FileListSnapshotInfo keep = latest;
    if (keep == null || !smDir.exists()) {
      return;
    }
    try (Stream<Path> dirs = Files.list(smDir.toPath())) {
      for (Path d : dirs.toList()) {
        Matcher m = NAME.matcher(d.getFileName().toString());
        if (m.matches() && Long.parseLong(m.group(2)) < keep.getIndex()) {
          kr.kdid.core.io.FileTrees.delete(d);
        }
      }
    }
  }

  @Override
  public File getSnapshotDir() {
    return smDir;
  }

  @Override
  public File getTmpDir() {
    return tmpDir;
  }
}
