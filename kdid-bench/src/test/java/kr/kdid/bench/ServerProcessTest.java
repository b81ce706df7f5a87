package kr.kdid.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerProcessTest {

  @Test
  void handsTheToolsKdidSettingsToTheServer() {
    System.setProperty("kdid.test.setting", "42");
    try {
      List<String> cmd = ServerProcess.javaCommand();
      assertThat(cmd).contains("-Dkdid.test.setting=42", "--enable-native-access=ALL-UNNAMED");
      assertThat(cmd).noneMatch(a -> a.startsWith("-Djava.") || a.startsWith("-Duser."));
    } finally {
      System.clearProperty("kdid.test.setting");
    }
    assertThat(ServerProcess.javaCommand()).doesNotContain("-Dkdid.test.setting=42");
  }
}
