package kr.kdid.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.VMOption;
import org.junit.jupiter.api.Test;

class NodeJvmTest {
  private static VMOption option(String value, VMOption.Origin origin) {
    return new VMOption(NodeJvm.HUGE_PAGES, value, true, origin);
  }

  @Test
  void childrenGetHugePagesUnlessThisJvmTurnedThemOff() {
    assertThat(NodeJvm.hugePages(option("false", VMOption.Origin.DEFAULT)))
        .containsExactly("-XX:+UseTransparentHugePages");
    assertThat(NodeJvm.hugePages(option("true", VMOption.Origin.VM_CREATION)))
        .containsExactly("-XX:+UseTransparentHugePages");
    assertThat(NodeJvm.hugePages(option("false", VMOption.Origin.VM_CREATION))).isEmpty();
    assertThat(NodeJvm.hugePages(option("false", VMOption.Origin.ENVIRON_VAR))).isEmpty();
  }
}
