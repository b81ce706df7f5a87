package kr.kdid.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdminAuthTest {
  private static final String TOKEN = "s3cr3t-admin-token-of-enough-length";

  @Test
  void matchesOnlyTheToken() {
    AdminAuth auth = new AdminAuth(TOKEN);
    assertThat(auth.matches(TOKEN)).isTrue();
    assertThat(auth.matches(TOKEN + "x")).isFalse();
    assertThat(auth.matches(TOKEN.substring(1))).isFalse();
    assertThat(auth.matches("")).isFalse();
    assertThat(auth.matches(null)).isFalse();
    assertThat(auth.toString()).doesNotContain(TOKEN);
  }

  @Test
  void refusesShortTokens() {
    assertThatThrownBy(() -> new AdminAuth("short")).isInstanceOf(IllegalArgumentException.class);
  }
}
