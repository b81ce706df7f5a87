package kr.kdid.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

  @Test
  void theNativeRatioIsGivenAgainstTheNativePerSignatureBaseline() {
    assertThat(Report.nativeRatio(24_272, 11_032))
        .isEqualTo(
            " Against the native verifier's per-signature baseline (24,272, from the signature"
                + " table): 0.45.");
  }

  @Test
  void withoutNativeRatesTheSentenceIsLeftOut() {
    assertThat(Report.nativeRatio(Double.NaN, 11_032)).isEmpty();
    assertThat(Report.nativePerSignature(List.of())).isNaN();
  }
}
