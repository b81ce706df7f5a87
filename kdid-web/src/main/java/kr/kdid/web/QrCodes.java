package kr.kdid.web;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** QR codes for offers and presentation requests (ZXing): PNG encoding and decoding. */
public final class QrCodes {
  private QrCodes() {}

  /**
   * A PNG image of a QR code holding the text.
   *
   * @param pixels the image's width and height
   * @throws IllegalArgumentException if the text does not fit in a QR code
   */
  public static byte[] png(String text, int pixels) {
    try {
      BitMatrix m =
          new QRCodeWriter()
              .encode(
                  text,
                  BarcodeFormat.QR_CODE,
                  pixels,
                  pixels,
                  Map.of(
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.M,
                      EncodeHintType.CHARACTER_SET,
                      "UTF-8",
                      EncodeHintType.MARGIN,
                      2));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      MatrixToImageWriter.writeToStream(m, "PNG", out);
      return out.toByteArray();
    } catch (com.google.zxing.WriterException e) {
      throw new IllegalArgumentException("text does not fit in a QR code: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The text of the QR code in an image (PNG, JPEG...).
   *
   * @throws IllegalArgumentException if the bytes are not an image or hold no readable QR code
   */
  public static String decode(byte[] image) {
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(image));
    } catch (IOException e) {
      throw new IllegalArgumentException("not a readable image", e);
    }
    if (img == null) {
      throw new IllegalArgumentException("not a readable image");
    }
    // A clean, axis-aligned code (ours, or a screenshot) reads best as a pure barcode; a photo
    // needs the detector. ZXing's detector alone misreads a small share of clean codes.
    BufferedImageLuminanceSource source = new BufferedImageLuminanceSource(img);
    List<BinaryBitmap> bitmaps =
        List.of(
            new BinaryBitmap(new HybridBinarizer(source)),
            new BinaryBitmap(new GlobalHistogramBinarizer(source)));
    List<Map<DecodeHintType, Object>> hints =
        List.of(
            Map.of(
                DecodeHintType.PURE_BARCODE, Boolean.TRUE, DecodeHintType.CHARACTER_SET, "UTF-8"),
            Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE, DecodeHintType.CHARACTER_SET, "UTF-8"));
    Exception last = null;
    for (Map<DecodeHintType, Object> h : hints) {
      for (BinaryBitmap b : bitmaps) {
        try {
          return new QRCodeReader().decode(b, h).getText();
        } catch (NotFoundException
            | com.google.zxing.ChecksumException
            | com.google.zxing.FormatException e) {
          last = e;
        }
      }
    }
    throw new IllegalArgumentException("no readable QR code in the image", last);
  }
}
