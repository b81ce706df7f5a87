package kr.kdid.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * One line naming the machine a report was measured on: the CPU's model, its logical CPUs and
 * physical cores, the JDK and the kernel. The same build has committed half again as much on one
 * 2-core machine as on another, and two hyperthreads of one core would not be two cores, so a
 * number without its machine cannot be compared with the next one.
 */
final class Machine {
  private Machine() {}

  /** This machine, from {@code /proc/cpuinfo} where there is one. */
  static String describe() {
    String cpu;
    try {
      cpu = cpu(Files.readString(Path.of("/proc/cpuinfo")));
    } catch (IOException | RuntimeException e) {
      cpu = Runtime.getRuntime().availableProcessors() + " logical CPUs (no /proc/cpuinfo)";
    }
    return String.format(
        Locale.ROOT,
        "%s; %d CPUs available to the JVM; Java %s (%s); %s %s",
        cpu,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.vendor"),
        System.getProperty("os.name"),
        System.getProperty("os.version"));
  }

  /**
   * The CPU, from the text of {@code /proc/cpuinfo} (x86 layout: one block per logical CPU, each
   * with {@code physical id} and {@code core id}). The cores are the distinct (physical id, core
   * id) pairs; where those fields are missing (some virtual machines, other architectures), only
   * the logical CPUs are counted.
   */
  static String cpu(String cpuinfo) {
    String model = null;
    String family = null;
    String modelNumber = null;
    String mhz = null;
    int logical = 0;
    Set<String> cores = new HashSet<>();
    for (String block : cpuinfo.split("\\n\\s*\\n")) {
      if (block.isBlank()) {
        continue;
      }
      String physical = null;
      String core = null;
      boolean processor = false;
      for (String line : block.split("\\n")) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String key = line.substring(0, colon).trim();
        String value = line.substring(colon + 1).trim();
        switch (key) {
          case "processor" -> processor = true;
          case "model name" -> model = model == null ? value : model;
          case "cpu family" -> family = family == null ? value : family;
          case "model" -> modelNumber = modelNumber == null ? value : modelNumber;
          case "cpu MHz" -> mhz = mhz == null ? value : mhz;
          case "physical id" -> physical = value;
          case "core id" -> core = value;
          default -> {}
        }
      }
      if (processor) {
        logical++;
        if (physical != null && core != null) {
          cores.add(physical + "/" + core);
        }
      }
    }
    if (logical == 0) {
      throw new IllegalArgumentException("no processor in the CPU description");
    }
    StringBuilder s = new StringBuilder(model == null ? "unknown CPU" : model);
    if (family != null && modelNumber != null) {
      s.append(" (family ").append(family).append(", model ").append(modelNumber).append(')');
    }
    s.append(", ").append(logical).append(logical == 1 ? " logical CPU" : " logical CPUs");
    if (!cores.isEmpty()) {
      int n = cores.size();
      s.append(" on ").append(n).append(n == 1 ? " core" : " cores");
      if (n < logical) {
        s.append(" (hyperthreads)");
      }
    }
    if (mhz != null) {
      try {
        s.append(String.format(Locale.ROOT, ", %.0f MHz", Double.parseDouble(mhz)));
      } catch (NumberFormatException e) {
        // a clock we cannot read is left out
      }
    }
    return s.toString();
  }
}
