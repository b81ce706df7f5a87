package kr.kdid.wallet.jdk;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.ReaderException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import kr.kdid.wallet.WalletError;
import kr.kdid.wallet.WalletException;

/**
 * Reads the text of a QR code in an image file (PNG, JPEG, GIF, BMP) with ZXing, for offers and
 * presentation requests shown as QR codes. Desktop only ({@code java.awt}); phones use their camera
 * scanner and hand the wallet the text.
 */
public final class QrImages {
  /** Largest image accepted, in bytes. */
  public static final int MAX_BYTES = 8 << 20;

  private QrImages() {}

  /**
   * The text of the QR code in the image.
   *
   * @throws WalletException QR_UNREADABLE if the bytes are not an image, too large, or hold no
   *     readable QR code
   */
  public static String decode(byte[] image) throws WalletException {
    if (image == null || image.length == 0 || image.length > MAX_BYTES) {
      throw new WalletException(WalletError.QR_UNREADABLE, "the image is empty or too large");
    }
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(image));
    } catch (IOException | RuntimeException e) {
      throw new WalletException(WalletError.QR_UNREADABLE, "the file is not a readable image", e);
    }
    if (img == null) {
      throw new WalletException(WalletError.QR_UNREADABLE, "the file is not a readable image");
    }
    // Camera pictures need the hybrid binarizer; clean, computer-made images sometimes defeat its
    // finder-pattern search and read reliably as a "pure" barcode. Try the kinds in turn.
    LuminanceSource source = new BufferedImageLuminanceSource(img);
    List<BinaryBitmap> bitmaps =
        List.of(
            new BinaryBitmap(new HybridBinarizer(source)),
            new BinaryBitmap(new GlobalHistogramBinarizer(source)));
    List<Map<DecodeHintType, Object>> hints =
        List.of(
            Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE, DecodeHintType.CHARACTER_SET, "UTF-8"),
            Map.of(
                DecodeHintType.PURE_BARCODE, Boolean.TRUE, DecodeHintType.CHARACTER_SET, "UTF-8"));
    ReaderException last = null;
    for (Map<DecodeHintType, Object> h : hints) {
      for (BinaryBitmap b : bitmaps) {
        try {
          return new QRCodeReader().decode(b, h).getText();
        } catch (NotFoundException | ChecksumException | FormatException e) {
          last = e;
        }
      }
    }
    throw new WalletException(
        WalletError.QR_UNREADABLE, "the image holds no readable QR code", last);
  }
}
