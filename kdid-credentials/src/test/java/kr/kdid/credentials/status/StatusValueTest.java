package kr.kdid.credentials.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatusValueTest {

  @Test
  void registeredValues() {
    assertThat(StatusValue.of(0)).isEqualTo(StatusValue.VALID);
    assertThat(StatusValue.of(1)).isEqualTo(StatusValue.INVALID);
    assertThat(StatusValue.of(2)).isEqualTo(StatusValue.SUSPENDED);
    assertThat(StatusValue.VALID.code()).isZero();
    assertThat(StatusValue.INVALID.code()).isEqualTo(1);
    assertThat(StatusValue.SUSPENDED.code()).isEqualTo(2);
    for (StatusValue v :
        new StatusValue[] {StatusValue.VALID, StatusValue.INVALID, StatusValue.SUSPENDED}) {
      assertThat(v.hasCode()).isTrue();
      assertThat(StatusValue.of(v.code())).isEqualTo(v);
    }
  }

  @Test
  void everyOtherValue() {
    for (int v = 3; v <= 255; v++) {
      boolean app = v == 3 || (v >= 0x0C && v <= 0x0F);
      assertThat(StatusValue.of(v))
          .as("0x%02x", v)
          .isEqualTo(app ? StatusValue.APPLICATION_SPECIFIC : StatusValue.RESERVED);
    }
    assertThat(StatusValue.of(0x0B)).isEqualTo(StatusValue.RESERVED); // 0x0B was dropped in -14
    assertThat(StatusValue.APPLICATION_SPECIFIC.hasCode()).isFalse();
    assertThatThrownBy(StatusValue.APPLICATION_SPECIFIC::code)
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(StatusValue.RESERVED::code).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void outOfRange() {
    assertThatThrownBy(() -> StatusValue.of(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatusValue.of(256)).isInstanceOf(IllegalArgumentException.class);
  }
}
