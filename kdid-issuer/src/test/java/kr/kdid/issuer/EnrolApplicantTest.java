package kr.kdid.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serial;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

class EnrolApplicantTest {

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
      java.util.Arrays.fill(bytes, (byte) 0);
      bytes[0] = (byte) (int) firstBytes.removeFirst();
    }
  }

  @Test
  void anIdNeverStartsWithADashSoACommandLineDoesNotReadItAsAnOption() {
    // 0xF8..0xFB encode to a leading '-' in base64url; 0xFC to '_'.
    ScriptedRandom random = new ScriptedRandom(0xF8, 0xFB, 0xFC);
    EnrolApplicant enrol = new EnrolApplicant(null, Clock.systemUTC(), random);
    String id = enrol.newId();
    assertThat(id).startsWith("_").hasSize(16);
    assertThat(random.firstBytes).isEmpty();
  }

  @Test
  void ordinaryIdsAreTakenAsDrawn() {
    EnrolApplicant enrol = new EnrolApplicant(null, Clock.systemUTC(), new SecureRandom());
    for (int i = 0; i < 2_000; i++) {
      String id = enrol.newId();
      assertThat(id).hasSize(16).matches("[A-Za-z0-9_][A-Za-z0-9_-]{15}");
    }
  }
}
