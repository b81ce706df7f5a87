package kr.kdid.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MachineTest {

  private static String processor(int n, String physical, String core) {
    return "processor\t: "
        + n
        + "\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\n"
        + "model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\ncpu MHz\t\t: 2200.154\n"
        + (physical == null ? "" : "physical id\t: " + physical + "\n")
        + (core == null ? "" : "core id\t\t: " + core + "\n")
        + "flags\t\t: fpu vme\n";
  }

  @Test
  void twoHyperthreadsOfOneCoreAreNotTwoCores() {
    String info = processor(0, "0", "0") + "\n" + processor(1, "0", "0") + "\n";
    assertThat(Machine.cpu(info))
        .isEqualTo(
            "Intel(R) Xeon(R) CPU @ 2.20GHz (family 6, model 85), 2 logical CPUs on 1 core"
                + " (hyperthreads), 2200 MHz");
  }

  @Test
  void twoCoresAreCountedAsSuch() {
    String info = processor(0, "0", "0") + "\n" + processor(1, "0", "1") + "\n\n";
    assertThat(Machine.cpu(info)).contains("2 logical CPUs on 2 cores, 2200 MHz");
  }

  @Test
  void withoutCoreIdsOnlyLogicalCpusAreCounted() {
    String info = processor(0, null, null) + "\n" + processor(1, null, null);
    assertThat(Machine.cpu(info)).endsWith("2 logical CPUs, 2200 MHz").doesNotContain("core");
  }

  @Test
  void aDescriptionWithoutProcessorsIsRefused() {
    assertThatThrownBy(() -> Machine.cpu("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Machine.cpu("model name : x\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thisMachineIsDescribed() {
    assertThat(Machine.describe()).contains("CPUs available to the JVM").contains("Java ");
  }
}
