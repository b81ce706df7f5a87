package kr.kdid.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class QrCodesTest {
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_%";

  /**
   * Every code we make reads back, whatever its content (ZXing's finder-pattern search alone
   * misreads a small share of clean, computer-made codes).
   */
  @Test
  void everyGeneratedCodeReadsBack() {
    Random r = new Random(42);
    for (int i = 0; i < 400; i++) {
      StringBuilder b =
          new StringBuilder(
              "openid-credential-offer://?credential_offer_uri=http%3A%2F%2F127.0.0.1%3A");
      int len = 40 + r.nextInt(160);
      for (int j = 0; j < len; j++) {
        b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
      }
      String text = b.toString();
      int pixels = 240 + r.nextInt(200);
      assertThat(QrCodes.decode(QrCodes.png(text, pixels))).as("case " + i).isEqualTo(text);
    }
  }

  @Test
  void koreanTextReadsBack() {
    assertThat(QrCodes.decode(QrCodes.png("홍길동 모바일 운전면허증", 300))).isEqualTo("홍길동 모바일 운전면허증");
  }

  @Test
  void anImageWithoutACodeOrNoImageIsRefused() throws Exception {
    var img = new java.awt.image.BufferedImage(200, 200, java.awt.image.BufferedImage.TYPE_INT_RGB);
    var out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "PNG", out);
    assertThatThrownBy(() -> QrCodes.decode(out.toByteArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no readable QR code");
    assertThatThrownBy(() -> QrCodes.decode(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a readable image");
  }
}
