package kr.kdid.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serial;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class RandomnessTest {

  /** Hands out the given first bytes of each draw, the rest zero. */
  static final class ScriptedRandom extends SecureRandom {
    @Serial private static final long serialVersionUID = 1L;
    private final transient Deque<Integer> firstBytes = new ArrayDeque<>();

    ScriptedRandom(int... firsts) {
      for (int b : firsts) {
        firstBytes.add(b);
      }
    }

    @Override
    public void nextBytes(byte[] bytes) {
      Arrays.fill(bytes, (byte) 0);
      bytes[0] = (byte) (int) firstBytes.removeFirst();
    }
  }

  @Test
  void anIdNeverStartsWithADashSoACommandLineDoesNotReadItAsAnOption() {
    // 0xF8..0xFB encode to a leading '-' in base64url; 0xFC to '_'.
    ScriptedRandom random = new ScriptedRandom(0xF8, 0xFB, 0xFC);
    assertThat(Randomness.id(random, 12)).startsWith("_").hasSize(16);
    assertThat(random.firstBytes).isEmpty();
  }

  @Test
  void idsAreBase64urlOfTheirBytes() {
    for (int i = 0; i < 2_000; i++) {
      assertThat(Randomness.id(Randomness.secure(), 12))
          .hasSize(16)
          .matches("[A-Za-z0-9_][A-Za-z0-9_-]{15}");
    }
  }
}
