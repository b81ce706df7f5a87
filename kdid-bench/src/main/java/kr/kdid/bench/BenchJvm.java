package kr.kdid.bench;

/**
 * JVM options of every JMH fork: the heap settings recommended for a ledger node in {@code
 * docs/operations.md}, a fixed heap touched at start. With a heap that grows while it is measured,
 * the kernel zeroing fresh pages and the collector resizing the heap show up in the measurement as
 * if the code under test cost them.
 */
final class BenchJvm {
  static final String XMS = "-Xms4g";
  static final String XMX = "-Xmx4g";
  static final String PRETOUCH = "-XX:+AlwaysPreTouch";
  static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

  private BenchJvm() {}
}
