package kr.kdid.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.FloatNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.ShortNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JcsTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  // ---------------------------------------------------------------- RFC 8785 examples

  @Test
  void rfc8785Section322SampleCanonicalizesToTheRfcOutput() {
    byte[] expected = resource("rfc8785-3.2.2-output.json");

    assertThat(Jcs.canonicalize(resource("rfc8785-3.2.2-input.json"))).isEqualTo(expected);
    assertThat(new String(expected, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"literals\":[null,true,false],"
                + "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    assertThat(Jcs.isCanonical(expected)).isTrue();
  }

  @Test
  void rfc8785Section324Utf8BytesOfTheSample() {
    String rfcHex =
        "7b226c69746572616c73223a5b6e756c6c2c747275652c66616c73655d2c226e756d62657273223a"
            + "5b3333333333333333332e333333333333332c31652b33302c342e352c302e3030322c31652d3237"
            + "5d2c22737472696e67223a22e282ac245c75303030665c6e4127425c225c5c5c5c5c222f227d";

    assertThat(HexFormat.of().formatHex(Jcs.canonicalize(resource("rfc8785-3.2.2-input.json"))))
        .isEqualTo(rfcHex);
  }

  @Test
  void rfc8785Section323SortsNamesAsUtf16CodeUnits() {
    byte[] expected = resource("rfc8785-3.2.3-output.json");

    assertThat(Jcs.canonicalize(resource("rfc8785-3.2.3-input.json"))).isEqualTo(expected);
    assertThat(new String(expected, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\","
                + "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  @Test
  void supplementaryCharactersSortBeforeHighBmpCharacters() {
    // U+1F600 is D83D DE00 in UTF-16: before U+E000 and U+FB33, although its code point is higher.
    ObjectNode object = F.objectNode();
    object
        .put("\uffff", 1)
        .put("\ufb33", 2)
        .put("\ue000", 3)
        .put("\ud83d\ude00", 4)
        .put("\ud7ff", 5);

    assertThat(Jcs.canonicalString(object))
        .isEqualTo("{\"\ud7ff\":5,\"\ud83d\ude00\":4,\"\ue000\":3,\"\ufb33\":2,\"\uffff\":1}");
  }

  @Test
  void sortingIsByCodeUnitsNotByLocaleOrLength() {
    JsonNode node =
        Json.parse(
            "{\"b\":1,\"a\":2,\"B\":3,\"</script>\":4,\"aa\":5,\"\":6,\"10\":7,\"9\":8,"
                + "\"\\u00e9\":9,\"e\\u0301\":10}");

    assertThat(Jcs.canonicalString(node))
        .isEqualTo(
            "{\"\":6,\"10\":7,\"9\":8,\"</script>\":4,\"B\":3,\"a\":2,\"aa\":5,\"b\":1,"
                + "\"e\u0301\":10,\"\u00e9\":9}");
  }

  // ---------------------------------------------------------------- numbers, RFC 8785 Appendix B

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0000000000000000, 0",
    "8000000000000000, 0",
    "0000000000000001, 5e-324",
    "8000000000000001, -5e-324",
    "7fefffffffffffff, 1.7976931348623157e+308",
    "ffefffffffffffff, -1.7976931348623157e+308",
    "4340000000000000, 9007199254740992",
    "c340000000000000, -9007199254740992",
    "4430000000000000, 295147905179352830000",
    "44b52d02c7e14af5, 9.999999999999997e+22",
    "44b52d02c7e14af6, 1e+23",
    "44b52d02c7e14af7, 1.0000000000000001e+23",
    "444b1ae4d6e2ef4e, 999999999999999700000",
    "444b1ae4d6e2ef4f, 999999999999999900000",
    "444b1ae4d6e2ef50, 1e+21",
    "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
    "3eb0c6f7a0b5ed8d, 0.000001",
    "41b3de4355555553, 333333333.3333332",
    "41b3de4355555554, 333333333.33333325",
    "41b3de4355555555, 333333333.3333333",
    "41b3de4355555556, 333333333.3333334",
    "41b3de4355555557, 333333333.33333343",
    "becbf647612f3696, -0.0000033333333333333333",
    "43143ff3c1cb0959, 1424953923781206.2",
  })
  void rfc8785AppendixBNumberSamples(String bits, String expected) {
    double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));

    assertThat(Jcs.serializeNumber(value)).isEqualTo(expected);
    assertThat(Jcs.canonicalString(DoubleNode.valueOf(value))).isEqualTo(expected);
    assertThat(Jcs.canonicalize(Double.toString(value).getBytes(StandardCharsets.US_ASCII)))
        .asString(StandardCharsets.US_ASCII)
        .isEqualTo(expected);
    assertThat(Jcs.isCanonical(expected.getBytes(StandardCharsets.US_ASCII))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"7fffffffffffffff", "7ff8000000000000", "7ff0000000000000", "fff0000000000000"})
  void rfc8785AppendixBNanAndInfinityAreErrors(String bits) {
    double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));

    assertThatThrownBy(() -> Jcs.serializeNumber(value))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Jcs.canonicalize(DoubleNode.valueOf(value)))
        .isInstanceOf(IllegalArgumentException.class);
    ArrayNode nested = F.arrayNode().add(F.objectNode().put("x", value));
    assertThatThrownBy(() -> Jcs.canonicalize(nested)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Jcs.canonicalize(FloatNode.valueOf((float) value)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1, 1",
    "-1, -1",
    "0.5, 0.5",
    "100, 100",
    "1e2, 100",
    "1.0, 1",
    "-0.0, 0",
    "-0, 0",
    "0.1, 0.1",
    "1e21, 1e+21",
    "1e20, 100000000000000000000",
    "123456789012345678901, 123456789012345680000",
    "1e-6, 0.000001",
    "1e-7, 1e-7",
    "1.5e-7, 1.5e-7",
    "0.0000012345, 0.0000012345",
    "12.5e-8, 1.25e-7",
    "4.9e-324, 5e-324",
    "1e-323, 1e-323",
    "1.5e-323, 1.5e-323",
    "2e-323, 2e-323",
    "2.5e-323, 2.5e-323",
    "2.2250738585072014e-308, 2.2250738585072014e-308",
    "2.225073858507201e-308, 2.225073858507201e-308",
    "9007199254740993, 9007199254740992",
    "9007199254740995, 9007199254740996",
    "18014398509481985, 18014398509481984",
    "9223372036854775807, 9223372036854776000",
    "-9223372036854775808, -9223372036854776000",
    "18446744073709551615, 18446744073709552000",
    "100000000000000000000000, 1e+23",
    "1.7976931348623157e308, 1.7976931348623157e+308",
    "1e-400, 0",
    "-1e-400, 0",
    "0.30000000000000004, 0.30000000000000004",
    "5e-7, 5e-7",
    "0.000005, 0.000005",
  })
  void numbersFromJsonText(String text, String expected) {
    assertThat(Jcs.canonicalize(text.getBytes(StandardCharsets.US_ASCII)))
        .asString(StandardCharsets.US_ASCII)
        .isEqualTo(expected);
  }

  @Test
  void numbersBeyondDoubleRangeInTextAreNotRepresentable() {
    for (String text : List.of("1e400", "-1e400", "[1E309]", "{\"a\":-2e308}")) {
      assertThatThrownBy(() -> Jcs.canonicalize(text.getBytes(StandardCharsets.US_ASCII)))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class)
          .isNotInstanceOf(MalformedJsonException.class);
      assertThat(Jcs.isCanonical(text.getBytes(StandardCharsets.US_ASCII))).isFalse();
    }
    String huge = "1" + "0".repeat(309); // an integer literal beyond Double.MAX_VALUE
    assertThatThrownBy(() -> Jcs.canonicalize(huge.getBytes(StandardCharsets.US_ASCII)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyJacksonNumberNodeIsTakenAsADouble() {
    assertThat(Jcs.canonicalString(IntNode.valueOf(-42))).isEqualTo("-42");
    assertThat(Jcs.canonicalString(ShortNode.valueOf((short) 7))).isEqualTo("7");
    assertThat(Jcs.canonicalString(LongNode.valueOf(1L << 53))).isEqualTo("9007199254740992");
    assertThat(Jcs.canonicalString(LongNode.valueOf(-(1L << 53)))).isEqualTo("-9007199254740992");
    assertThat(Jcs.canonicalString(LongNode.valueOf((1L << 53) + 1))).isEqualTo("9007199254740992");
    assertThat(Jcs.canonicalString(LongNode.valueOf(Long.MAX_VALUE)))
        .isEqualTo("9223372036854776000");
    assertThat(Jcs.canonicalString(LongNode.valueOf(Long.MIN_VALUE)))
        .isEqualTo("-9223372036854776000");
    assertThat(Jcs.canonicalString(BigIntegerNode.valueOf(BigInteger.TEN.pow(23))))
        .isEqualTo("1e+23");
    assertThat(Jcs.canonicalString(BigIntegerNode.valueOf(BigInteger.ONE.shiftLeft(68))))
        .isEqualTo("295147905179352830000");
    BigInteger max = new BigDecimal(Double.MAX_VALUE).toBigIntegerExact();
    assertThat(Jcs.canonicalString(BigIntegerNode.valueOf(max.add(BigInteger.TEN.pow(290)))))
        .isEqualTo("1.7976931348623157e+308"); // rounds down to MAX_VALUE, not to infinity
    assertThat(Jcs.canonicalString(DecimalNode.valueOf(new BigDecimal("4.50")))).isEqualTo("4.5");
    assertThat(Jcs.canonicalString(DecimalNode.valueOf(new BigDecimal("1E+30"))))
        .isEqualTo("1e+30");
    assertThat(Jcs.canonicalString(DecimalNode.valueOf(new BigDecimal("0.1")))).isEqualTo("0.1");
    assertThat(Jcs.canonicalString(DecimalNode.valueOf(new BigDecimal("-0.000")))).isEqualTo("0");
    assertThat(Jcs.canonicalString(DecimalNode.valueOf(new BigDecimal("333333333.33333329"))))
        .isEqualTo("333333333.3333333");
    // A float is widened exactly: its value, not its shortest float digits.
    assertThat(Jcs.canonicalString(FloatNode.valueOf(0.1f))).isEqualTo("0.10000000149011612");
    assertThat(Jcs.canonicalString(FloatNode.valueOf(-0.0f))).isEqualTo("0");
    assertThat(Jcs.canonicalString(DoubleNode.valueOf(-0.0))).isEqualTo("0");
  }

  @Test
  void integersAndDecimalsBeyondDoubleRangeAreErrors() {
    BigInteger twoTo1024 = BigInteger.ONE.shiftLeft(1024);
    assertThatThrownBy(() -> Jcs.canonicalize(BigIntegerNode.valueOf(twoTo1024)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("double range");
    assertThatThrownBy(() -> Jcs.canonicalize(BigIntegerNode.valueOf(twoTo1024.negate())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Jcs.canonicalize(DecimalNode.valueOf(new BigDecimal("1E+400"))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void numbersMatchAnEcmaScriptEngine() {
    // numbers.txt: 12,830 doubles and String(x) for each, from V8 (see generate-vectors.js).
    List<String> mismatches = new ArrayList<>();
    int count = 0;
    for (String line : lines("numbers.txt")) {
      int space = line.indexOf(' ');
      double value = Double.longBitsToDouble(Long.parseUnsignedLong(line.substring(0, space), 16));
      String expected = line.substring(space + 1);
      String actual = Jcs.serializeNumber(value);
      if (!actual.equals(expected)) {
        mismatches.add(line + " but got " + actual);
      }
      count++;
    }
    assertThat(count).isGreaterThan(10_000);
    assertThat(mismatches).isEmpty();
  }

  @Test
  void smallestSubnormalsTakeTheFewestDigits() {
    // Double.toString prefers a closer two-digit decimal; ECMAScript takes the fewest digits.
    assertThat(Double.toString(Double.MIN_VALUE)).isEqualTo("4.9E-324");
    assertThat(Jcs.serializeNumber(Double.MIN_VALUE)).isEqualTo("5e-324");
    assertThat(Jcs.serializeNumber(2 * Double.MIN_VALUE)).isEqualTo("1e-323");
    assertThat(Jcs.serializeNumber(3 * Double.MIN_VALUE)).isEqualTo("1.5e-323");
    assertThat(Jcs.serializeNumber(4 * Double.MIN_VALUE)).isEqualTo("2e-323");
    assertThat(Jcs.serializeNumber(-5 * Double.MIN_VALUE)).isEqualTo("-2.5e-323");
    assertThat(Jcs.serializeNumber(Double.MIN_NORMAL)).isEqualTo("2.2250738585072014e-308");
  }

  @Test
  void layoutSwitchesToExponentsAtTheEcmaScriptThresholds() {
    assertThat(Jcs.serializeNumber(1e21)).isEqualTo("1e+21");
    assertThat(Jcs.serializeNumber(Math.nextDown(1e21))).isEqualTo("999999999999999900000");
    assertThat(Jcs.serializeNumber(1.5e21)).isEqualTo("1.5e+21");
    assertThat(Jcs.serializeNumber(1e-7)).isEqualTo("1e-7");
    assertThat(Jcs.serializeNumber(Math.nextUp(1e-7))).isEqualTo("1.0000000000000001e-7");
    assertThat(Jcs.serializeNumber(Math.nextDown(1e-7))).isEqualTo("9.999999999999998e-8");
    assertThat(Jcs.serializeNumber(Math.nextDown(1e-6))).isEqualTo("9.999999999999997e-7");
    assertThat(Jcs.serializeNumber(5e-7)).isEqualTo("5e-7"); // plain only from 1e-6 up
    assertThat(Jcs.serializeNumber(1e-6)).isEqualTo("0.000001");
    assertThat(Jcs.serializeNumber(-1.25e-5)).isEqualTo("-0.0000125");
    assertThat(Jcs.serializeNumber(123.456)).isEqualTo("123.456");
    assertThat(Jcs.serializeNumber(1e7)).isEqualTo("10000000");
    assertThat(Jcs.serializeNumber(1.2345e7)).isEqualTo("12345000");
    assertThat(Jcs.serializeNumber(1.2345e-3)).isEqualTo("0.0012345");
    assertThat(Jcs.serializeNumber(1e100)).isEqualTo("1e+100");
    assertThat(Jcs.serializeNumber(-1.5e-100)).isEqualTo("-1.5e-100");
    assertThat(Jcs.serializeNumber(Math.PI)).isEqualTo("3.141592653589793");
  }

  // ---------------------------------------------------------------- strings

  @Test
  void asciiIsEscapedMinimally() {
    for (char c = 0; c < 0x80; c++) {
      String expected =
          switch (c) {
            case '\b' -> "\\b";
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case '\f' -> "\\f";
            case '\r' -> "\\r";
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            default -> c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
          };
      assertThat(Jcs.canonicalString(TextNode.valueOf(String.valueOf(c))))
          .as("U+%04X", (int) c)
          .isEqualTo("\"" + expected + "\"");
    }
    assertThat(Jcs.canonicalString(TextNode.valueOf("\u001f\u000b\u0000\u007f/")))
        .isEqualTo("\"\\u001f\\u000b\\u0000\u007f/\"");
  }

  @Test
  void everythingBeyondAsciiIsRawUtf8() {
    StringBuilder all = new StringBuilder();
    for (char c = 0x80; c < 0xffff; c++) {
      if (!Character.isSurrogate(c)) {
        all.append(c);
      }
    }
    all.append('\uffff');
    for (int cp = 0x10000; cp <= 0x10ffff; cp += 0x3ff) {
      all.appendCodePoint(cp);
    }
    all.appendCodePoint(0x10ffff).appendCodePoint(0x1f600);
    String s = all.toString();

    byte[] canonical = Jcs.canonicalize(TextNode.valueOf(s));

    assertThat(canonical).isEqualTo(("\"" + s + "\"").getBytes(StandardCharsets.UTF_8));
    assertThat(Jcs.canonicalString(TextNode.valueOf("\u2028\u2029\ufeff\u00e9")))
        .isEqualTo("\"\u2028\u2029\ufeff\u00e9\"");
  }

  @Test
  void escapesInTheInputDoNotSurviveCanonicalization() {
    String text = "[\"\\u0041\\/\\u00E9\\uD83D\\uDE00\\u20AC\",\"\\u001F\\u007f\"]";

    assertThat(Jcs.canonicalize(text.getBytes(StandardCharsets.US_ASCII)))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("[\"A/\u00e9\ud83d\ude00\u20ac\",\"\\u001f\u007f\"]");
  }

  @Test
  void longStringsGrowTheBuffer() {
    String chunk = "a\"\u0001\u00e9\u20ac\ud83d\ude00\\";
    String s = chunk.repeat(20_000);
    String escapedChunk = "a\\\"\\u0001\u00e9\u20ac\ud83d\ude00\\\\";

    assertThat(Jcs.canonicalString(F.arrayNode().add(s).add(s)))
        .isEqualTo(
            "[\"" + escapedChunk.repeat(20_000) + "\",\"" + escapedChunk.repeat(20_000) + "\"]");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"\ud800", "\udfff", "a\ud83d", "\ude00b", "\ude00\ud83d", "x\ud800\ud800y"})
  void loneSurrogatesAreErrors(String s) {
    assertThatThrownBy(() -> Jcs.canonicalize(TextNode.valueOf(s)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lone surrogate");
    ObjectNode key = F.objectNode().put(s, 1);
    assertThatThrownBy(() -> Jcs.canonicalize(key)).isInstanceOf(IllegalArgumentException.class);
    ObjectNode nested = F.objectNode();
    nested.putArray("a").addObject().put("b", s);
    assertThatThrownBy(() -> Jcs.canonicalString(nested))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void loneSurrogateEscapesInTextAreErrors() {
    // Jackson accepts a lone surrogate escape in a string value (well-formed JSON, but JCS cannot
    // encode it in UTF-8) and rejects one in a member name as malformed: an error either way.
    for (String text : List.of("\"\\ud800\"", "[\"a\\ud83d\\u0041\"]", "{\"\\udc00\":1}")) {
      byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
      assertThatThrownBy(() -> Jcs.canonicalize(bytes))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(Jcs.isCanonical(bytes)).isFalse();
    }
    assertThatThrownBy(() -> Jcs.canonicalize("[\"\\udfff\"]".getBytes(StandardCharsets.US_ASCII)))
        .isNotInstanceOf(MalformedJsonException.class)
        .hasMessageContaining("lone surrogate");
  }

  // ---------------------------------------------------------------- structure and node types

  @Test
  void literalsAndEmptyContainers() {
    assertThat(Jcs.canonicalize(" [ true , false , null , { } , [ ] , \"\" ] ".getBytes()))
        .asString()
        .isEqualTo("[true,false,null,{},[],\"\"]");
    assertThat(Jcs.canonicalString(F.nullNode())).isEqualTo("null");
    assertThat(Jcs.canonicalString(F.booleanNode(true))).isEqualTo("true");
  }

  @Test
  void nestedObjectsAreSortedAtEveryLevelAndArraysKeepTheirOrder() {
    String text = "{\"z\":[3,{\"y\":1,\"x\":{\"b\":2,\"a\":1}},1],\"a\":{\"d\":[],\"c\":{}}}";

    assertThat(Jcs.canonicalize(text.getBytes()))
        .asString()
        .isEqualTo("{\"a\":{\"c\":{},\"d\":[]},\"z\":[3,{\"x\":{\"a\":1,\"b\":2},\"y\":1},1]}");
  }

  @Test
  void nodesThatAreNotJsonValuesAreErrors() {
    assertThatThrownBy(() -> Jcs.canonicalize(BinaryNode.valueOf(new byte[] {1, 2})))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Jcs.canonicalize(new POJONode(new Object())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Jcs.canonicalize(MissingNode.getInstance()))
        .isInstanceOf(IllegalArgumentException.class);
    ObjectNode withPojo = F.objectNode();
    withPojo.putArray("a").addPOJO(List.of(1));
    assertThatThrownBy(() -> Jcs.canonicalize(withPojo))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Jcs.canonicalize((JsonNode) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Jcs.canonicalize((byte[]) null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void nestingIsBoundedLikeJsonParse() {
    assertThat(Jcs.MAX_DEPTH).isEqualTo(Json.MAX_DEPTH);
    byte[] deepest =
        ("[".repeat(Json.MAX_DEPTH - 1) + "{\"a\":1}" + "]".repeat(Json.MAX_DEPTH - 1)).getBytes();
    assertThat(Jcs.canonicalize(deepest)).isEqualTo(deepest);
    assertThat(Jcs.isCanonical(deepest)).isTrue();

    ArrayNode tooDeep = F.arrayNode();
    ArrayNode inner = tooDeep;
    for (int i = 0; i < Json.MAX_DEPTH; i++) {
      inner = inner.addArray();
    }
    assertThatThrownBy(() -> Jcs.canonicalize(tooDeep))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nesting");
    assertThatThrownBy(() -> Json.parse(Json.string(tooDeep)))
        .isInstanceOf(MalformedJsonException.class);
  }

  @Test
  void aTreeThatContainsItselfIsAnErrorNotAStackOverflow() {
    ObjectNode cyclic = F.objectNode();
    cyclic.set("self", cyclic);

    assertThatThrownBy(() -> Jcs.canonicalize(cyclic)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void canonicalStringIsTheUtf8DecodingOfTheBytes() {
    JsonNode node = Json.parse(resource("rfc8785-3.2.3-input.json"));

    assertThat(Jcs.canonicalString(node))
        .isEqualTo(new String(Jcs.canonicalize(node), StandardCharsets.UTF_8));
  }

  @Test
  void documentsMatchAnEcmaScriptEngine() {
    // documents.jsonl: 400 random documents, written with random whitespace, member order and
    // escapes, and their canonical form from V8 (see generate-vectors.js).
    List<String> mismatches = new ArrayList<>();
    for (String line : lines("documents.jsonl")) {
      JsonNode pair = Json.parse(line);
      byte[] input = pair.get(0).textValue().getBytes(StandardCharsets.UTF_8);
      byte[] expected = pair.get(1).textValue().getBytes(StandardCharsets.UTF_8);
      byte[] actual = Jcs.canonicalize(input);
      if (!Arrays.equals(actual, expected)
          || !Jcs.isCanonical(expected)
          || !Arrays.equals(Jcs.canonicalize(expected), expected)) {
        mismatches.add(line + " but got " + new String(actual, StandardCharsets.UTF_8));
      }
    }
    assertThat(mismatches).isEmpty();
  }

  // ---------------------------------------------------------------- malformed input

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\":1,\"a\":2}",
        "{\"a\":{\"b\":1,\"c\":2,\"b\":3}}",
        "[{\"x\":1},{\"y\":1,\"y\":1}]",
        "{\"\\u0061\":1,\"a\":2}",
      })
  void duplicateKeysAreMalformed(String text) {
    assertThatThrownBy(() -> Jcs.canonicalize(text.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedJsonException.class);
    assertThat(Jcs.isCanonical(text.getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "{",
        "}",
        "[1,]",
        "[1 2]",
        "{\"a\" 1}",
        "{a:1}",
        "{'a':1}",
        "nul",
        "True",
        "NaN",
        "Infinity",
        "-Infinity",
        "01",
        "1.",
        ".5",
        "+1",
        "0x10",
        "1e",
        "\"abc",
        "\"\\x\"",
        "\"\\u12\"",
        "{} {}",
        "1 2",
        "[] x",
        "/* c */ 1",
        "\"tab\tinside\"",
      })
  void malformedTextIsRejected(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> Jcs.canonicalize(bytes)).isInstanceOf(MalformedJsonException.class);
    assertThat(Jcs.isCanonical(bytes)).isFalse();
  }

  @Test
  void invalidUtf8AndOtherEncodingsAreMalformed() {
    List<byte[]> inputs =
        List.of(
            new byte[] {'"', (byte) 0xc0, (byte) 0x80, '"'}, // overlong
            new byte[] {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'}, // encoded surrogate
            new byte[] {'"', (byte) 0xe2, (byte) 0x82, '"'}, // truncated
            new byte[] {'"', (byte) 0x80, '"'}, // stray continuation byte
            new byte[] {'"', (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // > U+10FFFF
            new byte[] {0, '1'}, // UTF-16BE "1"
            new byte[] {'1', 0}, // UTF-16LE "1"
            "{\"a\":[1]}".getBytes(StandardCharsets.UTF_16LE),
            "{\"a\":[1]}".getBytes(StandardCharsets.UTF_16), // with a byte-order mark
            new byte[] {0, 0, 0, '1'}); // UTF-32BE "1"
    for (byte[] input : inputs) {
      assertThatThrownBy(() -> Jcs.canonicalize(input))
          .as(HexFormat.of().formatHex(input))
          .isInstanceOf(MalformedJsonException.class);
      assertThat(Jcs.isCanonical(input)).isFalse();
    }
  }

  // ---------------------------------------------------------------- isCanonical

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\":1}",
        "[]",
        "{}",
        "0",
        "-1",
        "1e+21",
        "1e-7",
        "0.000001",
        "\"\"",
        "\"\u00e9/\u2028\"",
        "\"\\u001f\\n\"",
        "true",
        "null",
        "[{\"\":[null]},{\"a\":\"b\",\"b\":\"a\"}]",
      })
  void canonicalTextIsRecognized(String text) {
    assertThat(Jcs.isCanonical(text.getBytes(StandardCharsets.UTF_8))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\": 1}",
        "{ \"a\":1}",
        "{\"a\":1} ",
        " {\"a\":1}",
        "{\"a\":1}\n",
        "{\"b\":1,\"a\":2}",
        "[1, 2]",
        "1.0",
        "1E3",
        "1e21",
        "1e+021",
        "-0",
        "0.0",
        "10e-1",
        "0.0000001",
        "\"\\u0041\"",
        "\"\\/\"",
        "\"\\u00e9\"",
        "\"\\u001F\"",
        "\"\\u0008\"",
        "\"\\ud83d\\ude00\"",
        "\"\\u007f\"",
      })
  void nonCanonicalTextIsRecognized(String text) {
    assertThat(Jcs.isCanonical(text.getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @Test
  void isCanonicalNeverThrowsOnGarbage() {
    assertThat(Jcs.isCanonical(null)).isFalse();
    assertThat(Jcs.isCanonical(new byte[0])).isFalse();
    assertThat(Jcs.isCanonical(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '1'})).isFalse();
    assertThat(Jcs.isCanonical(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xfd})).isFalse();
    assertThat(Jcs.isCanonical(new byte[] {0, 0, 0, 0, 0})).isFalse();
    assertThat(Jcs.isCanonical("[".repeat(10_000).getBytes())).isFalse();
    assertThat(Jcs.isCanonical(("[".repeat(100) + "]".repeat(100)).getBytes())).isFalse();
    assertThat(Jcs.isCanonical(("\"" + "a".repeat(9 * 1024 * 1024) + "\"").getBytes())).isFalse();
    assertThat(Jcs.isCanonical(("1" + "0".repeat(500)).getBytes())).isFalse();
  }

  // ---------------------------------------------------------------- helpers

  static byte[] resource(String name) {
    try (InputStream in = JcsTest.class.getResourceAsStream("/jcs/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource jcs/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(String name) {
    return new String(resource(name), StandardCharsets.UTF_8).lines().toList();
  }
}
