package kr.kdid.wallet;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PinTest {
  @ParameterizedTest
  @ValueSource(strings = {"", "12345", "12a456", "111111", "123456", "987654", "0123456789"})
  void weakOrMalformedPinsAreRefused(String pin) {
    assertThatThrownBy(() -> Pin.checkNew(pin.toCharArray()))
        .isInstanceOf(WalletException.class)
        .extracting(e -> ((WalletException) e).code())
        .isEqualTo(WalletError.PIN_INVALID);
  }

  @Test
  void goodPinsPass() {
    assertThatCode(() -> Pin.checkNew("483920".toCharArray())).doesNotThrowAnyException();
    assertThatCode(() -> Pin.checkNew("1029384756".toCharArray())).doesNotThrowAnyException();
  }

  @Test
  void nullAndTooLongAreRefused() {
    assertThatThrownBy(() -> Pin.checkNew(null)).isInstanceOf(WalletException.class);
    assertThatThrownBy(() -> Pin.checkNew("1".repeat(33).toCharArray()))
        .isInstanceOf(WalletException.class);
  }
}
