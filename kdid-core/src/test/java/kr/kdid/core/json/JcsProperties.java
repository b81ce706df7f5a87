package kr.kdid.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Properties of {@link Jcs} over generated JSON trees, strings and numbers. */
class JcsProperties {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final BigInteger TEN_TO_30 = BigInteger.TEN.pow(30);

  /** ECMAScript's plain layout: no exponent, no trailing fraction zeros, no leading zeros. */
  private static final Pattern PLAIN = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?");

  /** ECMAScript's exponent layout, used exactly when |x| >= 1e21 or |x| < 1e-6. */
  private static final Pattern EXPONENTIAL =
      Pattern.compile("-?[1-9](\\.[0-9]*[1-9])?e[+-][1-9][0-9]*");

  // ------------------------------------------------------------------------------- canonical form

  @Property
  void canonicalizationIsIdempotent(@ForAll("trees") JsonNode tree) {
    byte[] once = Jcs.canonicalize(tree);

    assertThat(Jcs.canonicalize(once)).isEqualTo(once);
    assertThat(Jcs.canonicalize(Json.parse(once))).isEqualTo(once);
  }

  @Property
  void canonicalOutputParsesBackToAnEqualTree(@ForAll("trees") JsonNode tree) {
    JsonNode parsed = Json.parse(Jcs.canonicalize(tree));

    assertThat(sameJson(parsed, tree)).as("%s vs %s", parsed, tree).isTrue();
  }

  @Property
  void reorderingMembersDoesNotChangeTheCanonicalForm(
      @ForAll("trees") JsonNode tree, @ForAll Random random) {
    JsonNode shuffled = shuffledCopy(tree, random);

    assertThat(Jcs.canonicalize(shuffled)).isEqualTo(Jcs.canonicalize(tree));
  }

  @Property
  void whitespaceAndEscapesInTheTextDoNotChangeTheCanonicalForm(
      @ForAll("trees") JsonNode tree, @ForAll Random random) {
    StringBuilder text = new StringBuilder();
    writeNoisily(tree, random, text);

    assertThat(Jcs.canonicalize(text.toString().getBytes(StandardCharsets.UTF_8)))
        .as(text.toString())
        .isEqualTo(Jcs.canonicalize(tree));
  }

  @Property
  void membersAreOrderedByUtf16CodeUnits(
      @ForAll("keySets") List<String> keys, @ForAll Random random) {
    List<String> shuffled = new ArrayList<>(keys);
    Collections.shuffle(shuffled, random);
    ObjectNode object = F.objectNode();
    shuffled.forEach(key -> object.put(key, 0));
    List<String> sorted = new ArrayList<>(keys);
    sorted.sort(Comparator.comparing(String::toCharArray, Arrays::compare));
    StringBuilder expected = new StringBuilder("{");
    for (String key : sorted) {
      expected.append(expected.length() > 1 ? "," : "").append(referenceString(key)).append(":0");
    }

    assertThat(Jcs.canonicalString(object)).isEqualTo(expected.append('}').toString());
  }

  @Property
  void canonicalStringIsTheUtf8OfTheCanonicalBytes(@ForAll("trees") JsonNode tree) {
    assertThat(Jcs.canonicalString(tree))
        .isEqualTo(new String(Jcs.canonicalize(tree), StandardCharsets.UTF_8));
  }

  // ------------------------------------------------------------------------------------- strings

  @Property
  void stringsAreEscapedAsTheRfcSays(@ForAll("texts") String s) {
    assertThat(Jcs.canonicalize(TextNode.valueOf(s)))
        .isEqualTo(referenceString(s).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Long ASCII strings take a bulk fast path; one special character anywhere in them (a quote, a
   * backslash, a control character, a non-ASCII character, a '?', a lone surrogate) must give
   * exactly what the char-by-char path gives.
   */
  @Property(tries = 3_000)
  void longAsciiStringsWithOneSpecialCharacterAreEscapedAsTheRfcSays(
      @ForAll("longAscii") String s, @ForAll("specials") char special, @ForAll Random random) {
    int at = random.nextInt(s.length() + 1);
    String text = s.substring(0, at) + special + s.substring(at);
    if (Character.isSurrogate(special)) {
      assertThatThrownBy(() -> Jcs.canonicalize(TextNode.valueOf(text)))
          .isInstanceOf(IllegalArgumentException.class);
    } else {
      assertThat(Jcs.canonicalize(TextNode.valueOf(text)))
          .isEqualTo(referenceString(text).getBytes(StandardCharsets.UTF_8));
    }
    assertThat(Jcs.canonicalize(TextNode.valueOf(s)))
        .isEqualTo(referenceString(s).getBytes(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<String> longAscii() {
    return Arbitraries.strings().withCharRange(' ', '~').ofMinLength(15).ofMaxLength(300);
  }

  @Provide
  Arbitrary<Character> specials() {
    return Arbitraries.of(
        '"', '\\', '\n', '\u0000', '\u001f', '\u007f', '?', '\u00e9', '\u2028', '\ud800', '\udc00');
  }

  @Property
  void aLoneSurrogateAnywhereIsAnError(
      @ForAll("texts") String s,
      @ForAll("surrogates") char surrogate,
      @ForAll Random random,
      @ForAll boolean inKey) {
    int at = random.nextInt(s.length() + 1);
    String broken = s.substring(0, at) + surrogate + s.substring(at);
    Assume.that(hasLoneSurrogate(broken)); // a high one may have completed a pair by chance
    JsonNode node = inKey ? F.objectNode().put(broken, 1) : F.arrayNode().add(broken);

    assertThatThrownBy(() -> Jcs.canonicalize(node)).isInstanceOf(IllegalArgumentException.class);
  }

  // ------------------------------------------------------------------------------------- numbers

  @Property(tries = 20_000)
  void serializeNumberRoundTrips(@ForAll("finiteDoubles") double value) {
    String text = Jcs.serializeNumber(value);

    if (value == 0) {
      assertThat(text).isEqualTo("0");
    } else {
      assertThat(Double.parseDouble(text)).isEqualTo(value);
    }
    assertThat(significantDigits(text))
        .isLessThanOrEqualTo(significantDigits(Double.toString(value)));
    double abs = Math.abs(value);
    boolean exponential = abs != 0 && (abs >= 1e21 || abs < 1e-6);
    assertThat(text).matches(exponential ? EXPONENTIAL : PLAIN);
  }

  @Property(tries = 20_000)
  void serializeNumberTakesTheFewestDigitsThenTheClosest(@ForAll("finiteDoubles") double value) {
    Assume.that(value != 0);
    double abs = Math.abs(value);
    BigDecimal shortest = new BigDecimal(Jcs.serializeNumber(abs)).stripTrailingZeros();
    BigDecimal exact = new BigDecimal(abs);

    if (shortest.precision() > 1) { // the two decimals with one digit fewer around it miss
      int fewer = shortest.scale() - 1;
      assertThat(parse(shortest.setScale(fewer, RoundingMode.FLOOR))).isNotEqualTo(abs);
      assertThat(parse(shortest.setScale(fewer, RoundingMode.CEILING))).isNotEqualTo(abs);
    }
    BigDecimal unit = BigDecimal.ONE.scaleByPowerOfTen(-shortest.scale());
    BigDecimal distance = shortest.subtract(exact).abs();
    for (BigDecimal neighbour : List.of(shortest.subtract(unit), shortest.add(unit))) {
      if (neighbour.signum() > 0 && parse(neighbour) == abs) { // another candidate as short
        int cmp = neighbour.subtract(exact).abs().compareTo(distance);
        boolean even = shortest.unscaledValue().testBit(0) == false;
        assertThat(cmp > 0 || (cmp == 0 && even)).as("%s is closer", neighbour).isTrue();
      }
    }
  }

  @Property(tries = 5_000)
  void numbersInTextAndInNodesAgree(@ForAll("finiteDoubles") double value) {
    byte[] fromText = Jcs.canonicalize(Double.toString(value).getBytes(StandardCharsets.US_ASCII));

    assertThat(new String(fromText, StandardCharsets.US_ASCII))
        .isEqualTo(Jcs.serializeNumber(value))
        .isEqualTo(Jcs.canonicalString(DoubleNode.valueOf(value)))
        .isEqualTo(Jcs.canonicalString(DecimalNode.valueOf(new BigDecimal(value))));
  }

  @Property(tries = 5_000)
  void integersAreTakenAsTheNearestDouble(@ForAll long value) {
    assertThat(Jcs.canonicalString(LongNode.valueOf(value)))
        .isEqualTo(Jcs.serializeNumber((double) value))
        .isEqualTo(Jcs.canonicalString(BigIntegerNode.valueOf(BigInteger.valueOf(value))));
  }

  @Property(tries = 5_000)
  void bigNumbersRoundToTheNearestDoubleTiesToEven(@ForAll("decimals") BigDecimal value) {
    // Jcs relies on BigDecimal.doubleValue and BigInteger.doubleValue rounding correctly, as
    // Double.parseDouble does; midpoints between adjacent doubles are among the generated values.
    assertThat(value.doubleValue()).isEqualTo(Double.parseDouble(value.toString()));
    BigInteger integer = value.toBigInteger();
    assertThat(integer.doubleValue()).isEqualTo(Double.parseDouble(integer.toString()));
    Assume.that(Double.isFinite(value.doubleValue()));
    assertThat(Jcs.canonicalString(DecimalNode.valueOf(value)))
        .isEqualTo(Jcs.serializeNumber(Double.parseDouble(value.toString())));
  }

  // --------------------------------------------------------------------------------- isCanonical

  @Property
  void canonicalOutputIsCanonicalAndASpaceMakesItNot(
      @ForAll("trees") JsonNode tree, @ForAll Random random) {
    byte[] canonical = Jcs.canonicalize(tree);
    List<Integer> gaps = gapsBetweenTokens(canonical);
    int at = gaps.get(random.nextInt(gaps.size()));
    byte[] spaced = new byte[canonical.length + 1];
    System.arraycopy(canonical, 0, spaced, 0, at);
    spaced[at] = (byte) " \t\n\r".charAt(random.nextInt(4));
    System.arraycopy(canonical, at, spaced, at + 1, canonical.length - at);

    assertThat(Jcs.isCanonical(canonical)).isTrue();
    assertThat(Jcs.isCanonical(spaced)).isFalse();
    assertThat(Jcs.canonicalize(spaced)).isEqualTo(canonical);
  }

  @Property
  void swappingTwoMembersMakesTheTextNonCanonical(
      @ForAll("objectsOfTwoOrMore") ObjectNode object, @ForAll Random random) {
    List<String> names = new ArrayList<>();
    object.properties().forEach(member -> names.add(member.getKey()));
    Collections.sort(names);
    int i = random.nextInt(names.size() - 1);
    int j = i + 1 + random.nextInt(names.size() - 1 - i);
    Collections.swap(names, i, j);
    StringBuilder text = new StringBuilder("{");
    for (String name : names) {
      text.append(text.length() > 1 ? "," : "")
          .append(Jcs.canonicalString(TextNode.valueOf(name)))
          .append(':')
          .append(Jcs.canonicalString(object.get(name)));
    }
    byte[] swapped = text.append('}').toString().getBytes(StandardCharsets.UTF_8);

    assertThat(Jcs.isCanonical(swapped)).isFalse();
    assertThat(Jcs.canonicalize(swapped)).isEqualTo(Jcs.canonicalize(object));
  }

  @Property(tries = 5_000)
  void isCanonicalNeverThrowsOnJunk(@ForAll("junk") byte[] bytes) {
    if (Jcs.isCanonical(bytes)) {
      assertThat(Jcs.canonicalize(bytes)).isEqualTo(bytes);
    }
  }

  @Property
  void isCanonicalNeverThrowsOnDamagedCanonicalText(
      @ForAll("trees") JsonNode tree, @ForAll Random random) {
    byte[] damaged = Jcs.canonicalize(tree);
    int at = random.nextInt(damaged.length);
    damaged[at] = (byte) (damaged[at] + 1 + random.nextInt(255));

    if (Jcs.isCanonical(damaged)) {
      assertThat(Jcs.canonicalize(damaged)).isEqualTo(damaged);
    }
  }

  // ---------------------------------------------------------------------------------- generators

  @Provide
  Arbitrary<JsonNode> trees() {
    return Arbitraries.oneOf(objects(3, 0), value(4));
  }

  @Provide
  Arbitrary<ObjectNode> objectsOfTwoOrMore() {
    return objects(2, 2);
  }

  private static Arbitrary<JsonNode> value(int depth) {
    if (depth == 0) {
      return scalars();
    }
    return Arbitraries.frequencyOf(
        Tuple.of(3, scalars()),
        Tuple.of(1, Arbitraries.lazy(() -> arrays(depth - 1))),
        Tuple.of(1, Arbitraries.lazy(() -> objects(depth - 1, 0))));
  }

  private static Arbitrary<JsonNode> arrays(int depth) {
    return value(depth)
        .list()
        .ofMaxSize(5)
        .map(
            items -> {
              ArrayNode array = F.arrayNode();
              items.forEach(array::add);
              return array;
            });
  }

  private static Arbitrary<ObjectNode> objects(int depth, int minSize) {
    return Arbitraries.maps(keys(), value(depth))
        .ofMinSize(minSize)
        .ofMaxSize(6)
        .map(
            members -> {
              ObjectNode object = F.objectNode();
              members.forEach(object::set);
              return object;
            });
  }

  private static Arbitrary<JsonNode> scalars() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, text(12).map(TextNode::valueOf)),
        Tuple.of(3, numbers()),
        Tuple.of(1, Arbitraries.of(F.booleanNode(true), F.booleanNode(false), F.nullNode())));
  }

  private static Arbitrary<String> keys() {
    return Arbitraries.oneOf(
        text(6), Arbitraries.of("", "a", "b", "A", "1", "10", "\ud83d\ude00", "\ufb33", "\u00e9"));
  }

  @Provide
  Arbitrary<List<String>> keySets() {
    return keys().list().uniqueElements().ofMaxSize(12);
  }

  @Provide
  Arbitrary<String> texts() {
    return text(40);
  }

  @Provide
  Arbitrary<Character> surrogates() {
    return Arbitraries.chars().range('\ud800', '\udfff');
  }

  /** Strings of whole code points, weighted towards the characters escaping treats specially. */
  private static Arbitrary<String> text(int maxLength) {
    Arbitrary<Integer> codePoints =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.integers().between(0x20, 0x7e)),
            Tuple.of(2, Arbitraries.integers().between(0, 0x1f)),
            Tuple.of(
                2,
                Arbitraries.of(
                    0x22, 0x5c, 0x2f, 0x7f, 0x80, 0x7ff, 0x800, 0x2028, 0x2029, 0xd7ff, 0xe000,
                    0xfb33, 0xfeff, 0xffff, 0x10000, 0x1f600, 0x10ffff)),
            Tuple.of(2, Arbitraries.integers().between(0x80, 0xd7ff)),
            Tuple.of(1, Arbitraries.integers().between(0xe000, 0xffff)),
            Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10ffff)));
    return codePoints
        .list()
        .ofMaxSize(maxLength)
        .map(
            list -> {
              StringBuilder s = new StringBuilder();
              list.forEach(s::appendCodePoint);
              return s.toString();
            });
  }

  private static Arbitrary<JsonNode> numbers() {
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.integers().map(IntNode::valueOf)),
        Tuple.of(1, Arbitraries.longs().map(LongNode::valueOf)),
        Tuple.of(
            1,
            Arbitraries.bigIntegers()
                .between(TEN_TO_30.negate(), TEN_TO_30)
                .map(BigIntegerNode::valueOf)),
        Tuple.of(3, finiteDoubles().map(DoubleNode::valueOf)),
        Tuple.of(1, shortDecimals().map(DecimalNode::valueOf)));
  }

  @Provide
  static Arbitrary<Double> finiteDoubles() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite)),
        Tuple.of(2, Arbitraries.doubles()),
        Tuple.of(1, Arbitraries.longs().between(1, 5_000).map(Double::longBitsToDouble)),
        Tuple.of(
            1,
            Arbitraries.longs()
                .between(1, 0x000f_ffff_ffff_ffffL)
                .map(bits -> -Double.longBitsToDouble(bits))),
        Tuple.of(2, Arbitraries.integers().between(-1_000_000, 1_000_000).map(i -> i / 1000.0)),
        Tuple.of(
            2,
            Combinators.combine(
                    Arbitraries.integers().between(1, 99_999),
                    Arbitraries.integers().between(-330, 310))
                .as((digits, exponent) -> Double.parseDouble(digits + "e" + exponent))
                .filter(Double::isFinite)),
        Tuple.of(
            1,
            Arbitraries.of(
                0.0,
                -0.0,
                Double.MIN_VALUE,
                Double.MIN_NORMAL,
                Double.MAX_VALUE,
                -Double.MAX_VALUE,
                1e21,
                Math.nextDown(1e21),
                1e-7,
                Math.nextDown(1e-7),
                1e-6,
                Math.nextDown(1e-6),
                9007199254740992.0,
                9007199254740994.0,
                0.1,
                0.5,
                1e23)));
  }

  private static Arbitrary<BigDecimal> shortDecimals() {
    return Combinators.combine(
            Arbitraries.bigIntegers()
                .between(BigInteger.TEN.pow(25).negate(), BigInteger.TEN.pow(25)),
            Arbitraries.integers().between(-30, 30))
        .as(BigDecimal::new);
  }

  @Provide
  Arbitrary<BigDecimal> decimals() {
    Arbitrary<BigDecimal> midpoints = // exactly halfway between two adjacent doubles
        finiteDoubles()
            .filter(d -> Math.abs(d) < Double.MAX_VALUE)
            .map(d -> new BigDecimal(d).add(new BigDecimal(Math.ulp(d)).divide(BigDecimal.TWO)));
    Arbitrary<BigDecimal> nearMidpoints =
        Combinators.combine(midpoints, Arbitraries.of(-1, 1))
            .as((m, sign) -> m.add(BigDecimal.valueOf(sign, m.scale() + 3)));
    Arbitrary<BigDecimal> longDigits =
        Combinators.combine(
                Arbitraries.bigIntegers()
                    .between(BigInteger.TEN.pow(60).negate(), BigInteger.TEN.pow(60)),
                Arbitraries.integers().between(-400, 300))
            .as(BigDecimal::new);
    return Arbitraries.oneOf(midpoints, nearMidpoints, longDigits, shortDecimals());
  }

  @Provide
  Arbitrary<byte[]> junk() {
    Arbitrary<Byte> jsonish =
        Arbitraries.frequencyOf(
            Tuple.of(
                6,
                Arbitraries.of(
                    (byte) '{',
                    (byte) '}',
                    (byte) '[',
                    (byte) ']',
                    (byte) '"',
                    (byte) ':',
                    (byte) ',',
                    (byte) '0',
                    (byte) '1',
                    (byte) '-',
                    (byte) 'e',
                    (byte) '.',
                    (byte) 't',
                    (byte) 'n',
                    (byte) ' ',
                    (byte) '\\',
                    (byte) 'u',
                    (byte) 'a')),
            Tuple.of(1, Arbitraries.bytes()));
    Arbitrary<byte[]> nearJson = jsonish.list().ofMaxSize(40).map(JcsProperties::toBytes);
    Arbitrary<byte[]> any = Arbitraries.bytes().list().ofMaxSize(40).map(JcsProperties::toBytes);
    return Arbitraries.oneOf(nearJson, any);
  }

  // ------------------------------------------------------------------------------------- helpers

  private static byte[] toBytes(List<Byte> list) {
    byte[] bytes = new byte[list.size()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = list.get(i);
    }
    return bytes;
  }

  private static double parse(BigDecimal decimal) {
    return Double.parseDouble(decimal.toString());
  }

  private static int significantDigits(String number) {
    return new BigDecimal(number).stripTrailingZeros().precision();
  }

  private static boolean hasLoneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /** RFC 8785 §3.2.2.2 string escaping, written as plainly as possible. */
  static String referenceString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** Equal as JSON values, numbers compared as doubles (so -0 equals 0). */
  static boolean sameJson(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.doubleValue() == b.doubleValue();
    }
    if (a.getNodeType() != b.getNodeType() || a.size() != b.size()) {
      return false;
    }
    if (a.isObject()) {
      for (Map.Entry<String, JsonNode> member : a.properties()) {
        JsonNode other = b.get(member.getKey());
        if (other == null || !sameJson(member.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray()) {
      for (int i = 0; i < a.size(); i++) {
        if (!sameJson(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  static JsonNode shuffledCopy(JsonNode node, Random random) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
      Collections.shuffle(members, random);
      ObjectNode copy = F.objectNode();
      members.forEach(member -> copy.set(member.getKey(), shuffledCopy(member.getValue(), random)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = F.arrayNode();
      node.forEach(item -> copy.add(shuffledCopy(item, random)));
      return copy;
    }
    return node;
  }

  /**
   * Writes a tree as valid JSON text that is as far from canonical as the grammar allows: random
   * whitespace between tokens, random (legal) escapes in strings, and numbers spelled in ways that
   * denote the same double.
   */
  static void writeNoisily(JsonNode node, Random random, StringBuilder out) {
    whitespace(random, out);
    switch (node.getNodeType()) {
      case OBJECT -> {
        out.append('{');
        whitespace(random, out);
        boolean first = true;
        for (Map.Entry<String, JsonNode> member : node.properties()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          whitespace(random, out);
          writeNoisyString(member.getKey(), random, out);
          whitespace(random, out);
          out.append(':');
          writeNoisily(member.getValue(), random, out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        whitespace(random, out);
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          writeNoisily(node.get(i), random, out);
        }
        out.append(']');
      }
      case STRING -> writeNoisyString(node.textValue(), random, out);
      case NUMBER -> out.append(noisyNumber(node, random));
      default -> out.append(node.toString()); // true, false, null
    }
    whitespace(random, out);
  }

  private static void whitespace(Random random, StringBuilder out) {
    if (random.nextInt(3) == 0) {
      for (int n = 1 + random.nextInt(3); n > 0; n--) {
        out.append(" \t\n\r".charAt(random.nextInt(4)));
      }
    }
  }

  private static void writeNoisyString(String s, Random random, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean mustEscape = c == '"' || c == '\\' || c < 0x20;
      boolean pair = Character.isHighSurrogate(c);
      if (!mustEscape && random.nextInt(4) != 0) {
        out.append(c);
        if (pair) {
          out.append(s.charAt(++i));
        }
        continue;
      }
      String shortEscape =
          switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '/' -> "\\/";
            case '\b' -> "\\b";
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case '\f' -> "\\f";
            case '\r' -> "\\r";
            default -> null;
          };
      if (shortEscape != null && random.nextBoolean()) {
        out.append(shortEscape);
      } else {
        unicodeEscape(c, random, out);
        if (pair) {
          unicodeEscape(s.charAt(++i), random, out);
        }
      }
    }
    out.append('"');
  }

  private static void unicodeEscape(char c, Random random, StringBuilder out) {
    String hex = String.format(Locale.ROOT, "%04x", (int) c);
    out.append("\\u").append(random.nextBoolean() ? hex : hex.toUpperCase(Locale.ROOT));
  }

  private static String noisyNumber(JsonNode number, Random random) {
    if (number.isIntegralNumber()) {
      String digits = number.bigIntegerValue().toString();
      return switch (random.nextInt(4)) {
        case 0 -> digits + ".000";
        case 1 -> digits + "e0";
        case 2 -> digits + "E+00";
        default -> digits;
      };
    }
    if (number.isBigDecimal()) {
      BigDecimal decimal = number.decimalValue();
      return random.nextBoolean() ? decimal.toString() : decimal.toPlainString();
    }
    double value = number.doubleValue();
    return switch (random.nextInt(4)) {
      case 0 -> Double.toString(value);
      case 1 -> BigDecimal.valueOf(value).toString();
      case 2 -> String.format(Locale.ROOT, "%.17e", value);
      default -> Jcs.serializeNumber(value);
    };
  }

  /** Offsets in canonical text where whitespace may go: both ends and around punctuation. */
  private static List<Integer> gapsBetweenTokens(byte[] canonical) {
    List<Integer> gaps = new ArrayList<>(List.of(0, canonical.length));
    boolean inString = false;
    for (int i = 0; i < canonical.length; i++) {
      byte b = canonical[i];
      if (inString) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[' || b == ',' || b == ':') {
        gaps.add(i + 1);
      } else if (b == '}' || b == ']') {
        gaps.add(i);
      }
    }
    return gaps;
  }

  @Property(tries = 200)
  void noisyTextParsesBackToTheTree(@ForAll("trees") JsonNode tree, @ForAll Random random) {
    // Guards the test's own text writer: what it writes is JSON denoting the tree.
    StringBuilder text = new StringBuilder();
    writeNoisily(tree, random, text);
    assertThat(sameJson(Json.parse(text.toString()), tree)).isTrue();
  }
}
