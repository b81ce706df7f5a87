package kr.kdid.credentials.status;

import static kr.kdid.credentials.status.StatusTestSupport.vectorJson;
import static kr.kdid.credentials.status.StatusTestSupport.zlibZeros;
import static kr.kdid.credentials.status.StatusTestSupport.zlibZerosLst;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.encoding.Hex;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.Vectors;
import kr.kdid.credentials.status.StatusException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusListTest {

  // ---- worked examples of the brief / spec §4.1 ----

  @Test
  void oneBitWorkedExample() throws Exception {
    int[] statuses = {1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1};
    StatusList list = StatusList.create(16, 1);
    for (int i = 0; i < statuses.length; i++) {
      list.set(i, statuses[i]);
    }
    assertThat(Hex.encode(list.toBytes())).isEqualTo("b9a3");
    assertThat(list.encodedLst()).isEqualTo("eNrbuRgAAhcBXQ");
    assertThat(Hex.encode(Base64Url.decode(list.encodedLst()))).isEqualTo("78dadbb918000217015d");

    StatusList decoded = StatusList.decode("eNrbuRgAAhcBXQ", 1, 1024);
    assertThat(decoded.size()).isEqualTo(16);
    assertThat(decoded.bits()).isEqualTo(1);
    for (int i = 0; i < statuses.length; i++) {
      assertThat(decoded.get(i)).as("index %d", i).isEqualTo(statuses[i]);
    }
    assertThat(decoded.get(13)).isEqualTo(1);
    assertThat(decoded.get(6)).isEqualTo(0);
  }

  @Test
  void twoBitWorkedExample() throws Exception {
    int[] statuses = {1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3};
    StatusList list = StatusList.create(12, 2);
    for (int i = 0; i < statuses.length; i++) {
      list.set(i, statuses[i]);
    }
    assertThat(Hex.encode(list.toBytes())).isEqualTo("c944f9");
    assertThat(list.encodedLst()).isEqualTo("eNo76fITAAPfAgc");

    StatusList decoded = StatusList.decode("eNo76fITAAPfAgc", 2, 1024);
    assertThat(decoded.size()).isEqualTo(12);
    for (int i = 0; i < statuses.length; i++) {
      assertThat(decoded.get(i)).as("index %d", i).isEqualTo(statuses[i]);
    }
    assertThat(StatusValue.of(decoded.get(9))).isEqualTo(StatusValue.SUSPENDED);
  }

  // ---- spec vectors ----

  @ParameterizedTest
  @ValueSource(strings = {"status_list_encoding_json.txt", "status_list_encoding2_json.txt"})
  void shortEncodingVectors(String file) throws Exception {
    String text = Vectors.text(StatusTestSupport.DIR + file);
    Matcher m = Pattern.compile("0x([0-9a-fA-F]{2})").matcher(text.substring(0, text.indexOf('{')));
    StringBuilder hex = new StringBuilder();
    while (m.find()) {
      hex.append(m.group(1).toLowerCase(java.util.Locale.ROOT));
    }
    byte[] bytes = Hex.decode(hex.toString());
    JsonNode json = vectorJson(file);
    int bits = json.get("bits").intValue();
    String lst = json.get("lst").textValue();

    StatusList decoded = StatusList.decode(lst, bits, 1024);
    assertThat(decoded.toBytes()).isEqualTo(bytes);
    assertThat(decoded.size()).isEqualTo(bytes.length * 8 / bits);
    assertThat(StatusList.fromBytes(bytes, bits).encodedLst()).isEqualTo(lst);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4, 8})
  void longVectorsMatchExpectedStatusesAtEveryIndex(int bits) throws Exception {
    JsonNode expectations =
        Json.parse(Vectors.bytes(StatusTestSupport.DIR + "test_vectors_expected_statuses.json"));
    int size = expectations.get("size").intValue();
    assertThat(size).isEqualTo(1 << 20);
    JsonNode entry = expectations.get("lists").get(Integer.toString(bits));
    JsonNode json = vectorJson(entry.get("json_file").textValue());
    assertThat(json.get("bits").intValue()).isEqualTo(bits);

    int[] expected = new int[size];
    int nonZero = 0;
    for (Map.Entry<String, JsonNode> e : entry.get("set_statuses").properties()) {
      expected[Integer.parseInt(e.getKey())] = e.getValue().intValue();
      nonZero += e.getValue().intValue() == 0 ? 0 : 1;
    }
    assertThat(nonZero).isGreaterThan(10);

    StatusList list =
        StatusList.decode(json.get("lst").textValue(), bits, StatusListToken.DEFAULT_MAX_BYTES);
    assertThat(list.size()).isEqualTo(size);
    int[] actual = new int[size];
    for (int i = 0; i < size; i++) {
      actual[i] = list.get(i);
    }
    if (!Arrays.equals(actual, expected)) {
      for (int i = 0; i < size; i++) {
        assertThat(actual[i]).as("status at %d", i).isEqualTo(expected[i]);
      }
    }
    // Our encoding of the same list decodes to the same bytes.
    assertThat(StatusList.decode(list.encodedLst(), bits, 1 << 20).toBytes())
        .isEqualTo(list.toBytes());
  }

  @Test
  void jwtVectorListDecodes() throws Exception {
    StatusList list = StatusList.decode("eNrbuRgAAhcBXQ", 1, 2);
    assertThat(list.size()).isEqualTo(16);
  }

  // ---- the list itself ----

  @Test
  void createIsAllValidAndChecksArguments() {
    StatusList list = StatusList.create(131_072, 2);
    assertThat(list.size()).isEqualTo(131_072);
    assertThat(list.bits()).isEqualTo(2);
    assertThat(list.toBytes()).hasSize(32_768).containsOnly(0);
    assertThat(list.maxValue()).isEqualTo(3);
    assertThatThrownBy(() -> StatusList.create(16, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatusList.create(0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatusList.create(12, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole number of bytes");
    assertThatThrownBy(() -> StatusList.create(Integer.MAX_VALUE, 8))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void setChecksIndexAndValue() {
    StatusList list = StatusList.create(8, 1);
    assertThatThrownBy(() -> list.set(1, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> list.set(1, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> list.set(8, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> list.set(-1, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> list.get(8)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> list.set(0, StatusValue.SUSPENDED))
        .isInstanceOf(IllegalArgumentException.class);
    list.set(0, StatusValue.INVALID);
    assertThat(list.get(0)).isEqualTo(1);
  }

  @Test
  void eightBitEntriesUseTheWholeByte() {
    StatusList list = StatusList.create(4, 8);
    list.set(1, 0xFF);
    list.set(2, 0x80);
    assertThat(Hex.encode(list.toBytes())).isEqualTo("00ff8000");
    assertThat(list.get(1)).isEqualTo(255);
    assertThat(list.get(2)).isEqualTo(128);
  }

  @Test
  void setLeavesNeighboursAlone() {
    StatusList list = StatusList.create(8, 4);
    list.set(2, 0xF);
    list.set(3, 0xA);
    list.set(2, 0x5);
    assertThat(list.get(2)).isEqualTo(5);
    assertThat(list.get(3)).isEqualTo(0xA);
    assertThat(Hex.encode(list.toBytes())).isEqualTo("00a50000");
  }

  @Test
  void copiesAndReadOnly() {
    StatusList list = StatusList.create(8, 1);
    StatusList ro = list.readOnlyCopy();
    assertThat(ro.isReadOnly()).isTrue();
    assertThat(ro.readOnlyCopy()).isSameAs(ro);
    assertThatThrownBy(() -> ro.set(0, 1)).isInstanceOf(IllegalStateException.class);
    list.set(0, 1);
    assertThat(ro.get(0)).isZero();
    StatusList copy = ro.copy();
    assertThat(copy.isReadOnly()).isFalse();
    copy.set(1, 1);
    assertThat(ro.get(1)).isZero();
    byte[] bytes = list.toBytes();
    bytes[0] = 0;
    assertThat(list.get(0)).isEqualTo(1);
  }

  // ---- decoding failures ----

  @Test
  void unsupportedBits() {
    for (int bits : new int[] {0, 3, 5, 7, 16, -1}) {
      assertReason(() -> StatusList.decode("eNrbuRgAAhcBXQ", bits, 1024), Reason.UNSUPPORTED_BITS);
    }
  }

  @Test
  void corruptZlib() {
    byte[] good = Base64Url.decode("eNrbuRgAAhcBXQ");
    byte[] badChecksum = good.clone();
    badChecksum[badChecksum.length - 1] ^= 1;
    assertReason(() -> decode(badChecksum), Reason.MALFORMED);
    byte[] badHeader = good.clone();
    badHeader[0] = 0x79;
    assertReason(() -> decode(badHeader), Reason.MALFORMED);
    byte[] truncated = Arrays.copyOf(good, good.length - 3);
    assertReason(() -> decode(truncated), Reason.MALFORMED);
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    assertReason(() -> decode(trailing), Reason.MALFORMED);
    assertReason(() -> decode(new byte[0]), Reason.MALFORMED);
    assertReason(() -> decode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), Reason.MALFORMED);
  }

  @Test
  void rawDeflateAndGzipAreNotZlib() throws Exception {
    byte[] data = {(byte) 0xB9, (byte) 0xA3};
    Deflater raw = new Deflater(9, true);
    raw.setInput(data);
    raw.finish();
    byte[] buf = new byte[64];
    int n = raw.deflate(buf);
    raw.end();
    assertReason(() -> decode(Arrays.copyOf(buf, n)), Reason.MALFORMED);

    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(data);
    }
    assertReason(() -> decode(gz.toByteArray()), Reason.MALFORMED);
  }

  @Test
  void presetDictionaryIsRefused() {
    Deflater d = new Deflater(9);
    d.setDictionary(new byte[] {(byte) 0xB9, (byte) 0xA3});
    d.setInput(new byte[] {(byte) 0xB9, (byte) 0xA3});
    d.finish();
    byte[] buf = new byte[64];
    int n = d.deflate(buf);
    d.end();
    assertReason(() -> decode(Arrays.copyOf(buf, n)), Reason.MALFORMED);
  }

  @Test
  void emptyListIsRefused() {
    assertReason(() -> decode(zlibZeros(0)), Reason.MALFORMED);
  }

  @Test
  void notBase64Url() {
    assertReason(() -> StatusList.decode("eNrbuRgAAhcBXQ==", 1, 1024), Reason.MALFORMED);
    assertReason(() -> StatusList.decode("eNrbuRgA AhcBXQ", 1, 1024), Reason.MALFORMED);
    assertReason(() -> StatusList.decode("eNrb+RgAAhcBXQ", 1, 1024), Reason.MALFORMED);
  }

  @Test
  void sizeBoundIsExact() throws Exception {
    String lst = zlibZerosLst(4096);
    assertThat(StatusList.decode(lst, 1, 4096).size()).isEqualTo(4096 * 8);
    assertReason(() -> StatusList.decode(lst, 1, 4095), Reason.TOO_LARGE);
    assertThatThrownBy(() -> StatusList.decode(lst, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void compressionBombIsRefusedQuickly() {
    String bomb = zlibZerosLst(64L << 20); // 64 MiB of zeros, about 64 KiB compressed
    assertThat(bomb.length()).isLessThan(200_000);
    long start = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      assertReason(
          () -> StatusList.decode(bomb, 1, StatusListToken.DEFAULT_MAX_BYTES), Reason.TOO_LARGE);
    }
    long perDecodeMillis = (System.nanoTime() - start) / 10 / 1_000_000;
    // Inflating 64 MiB takes far longer; stopping at 4 MiB takes a few milliseconds.
    assertThat(perDecodeMillis).isLessThan(250);
    // A small bound stops even sooner.
    assertReason(() -> StatusList.decode(bomb, 1, 16_384), Reason.TOO_LARGE);
  }

  @Test
  void implausiblyLongInputIsRefusedBeforeDecoding() {
    String huge = "A".repeat(3 * 1024 * 1024);
    assertReason(() -> StatusList.decode(huge, 1, 1 << 20), Reason.TOO_LARGE);
  }

  private static StatusList decode(byte[] compressed) throws StatusException {
    return StatusList.decode(Base64Url.encode(compressed), 1, 1024);
  }

  interface Action {
    void run() throws Exception;
  }

  static void assertReason(Action action, Reason reason) {
    assertThatThrownBy(action::run)
        .isInstanceOf(StatusException.class)
        .satisfies(e -> assertThat(((StatusException) e).reason()).isEqualTo(reason));
  }
}
