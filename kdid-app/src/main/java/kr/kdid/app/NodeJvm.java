package kr.kdid.app;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * JVM options for the processes this launcher starts for nodes and services (a local cluster's
 * nodes, the benchmark's servers), beside those of the {@code kdid} script for its own JVM.
 */
public final class NodeJvm {
  private NodeJvm() {}

  static final String HUGE_PAGES = "UseTransparentHugePages";

  /**
   * {@code -XX:+UseTransparentHugePages}, unless this JVM was started with it turned off (then the
   * child inherits that choice, e.g. through {@code JAVA_TOOL_OPTIONS}). With the heap on
   * transparent huge pages a 3-node cluster committed 11–32% more in each of three interleaved
   * pairs (decision 0013); where the kernel has them off, the JVM says so and goes on without.
   */
  public static List<String> hugePages() {
    return hugePages(
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(HUGE_PAGES));
  }

  static List<String> hugePages(VMOption current) {
    boolean turnedOff =
        current.getOrigin() != VMOption.Origin.DEFAULT && !Boolean.parseBoolean(current.getValue());
    return turnedOff ? List.of() : List.of("-XX:+" + HUGE_PAGES);
  }
}
