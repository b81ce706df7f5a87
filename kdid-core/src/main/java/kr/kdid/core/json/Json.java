package kr.kdid.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The one JSON configuration K-DID uses: strict parsing (duplicate object keys, trailing tokens and
 * unknown properties are errors; nesting and string sizes are bounded), so that two parties never
 * read the same bytes differently.
 *
 * <p>Thread-safe.
 */
public final class Json {
  /** Deepest nesting accepted in any input; ledger and protocol objects are shallow. */
  public static final int MAX_DEPTH = 64;

  private static final JsonMapper MAPPER = newMapper();

  private Json() {}

  private static JsonMapper newMapper() {
    JsonMapper mapper =
        JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxNumberLength(400)
                .maxStringLength(8 * 1024 * 1024)
                .build());
    return mapper;
  }

  /** The shared, strictly configured mapper. Do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A new empty JSON array. */
  public static com.fasterxml.jackson.databind.node.ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /**
   * Parses one JSON value.
   *
   * @throws MalformedJsonException if the bytes are not exactly one well-formed JSON value
   */
  public static JsonNode parse(byte[] json) {
    requireUtf8(json);
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new MalformedJsonException("empty input");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new MalformedJsonException(e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedJsonException(e.getMessage(), e);
    }
  }

  /**
   * Rejects what Jackson would otherwise decode as UTF-16 or UTF-32, encodings it guesses from zero
   * bytes or a byte-order mark among the first four bytes (JSON text starts with an ASCII
   * character, which has a zero byte in those encodings). RFC 8259 §8.1 requires UTF-8, where JSON
   * text never has a zero byte.
   */
  private static void requireUtf8(byte[] json) {
    for (int i = 0, n = Math.min(4, json.length); i < n; i++) {
      if (json[i] == 0) {
        throw new MalformedJsonException("not UTF-8 JSON text: zero byte at offset " + i);
      }
    }
  }

  /** Parses one JSON value; see {@link #parse(byte[])}. */
  public static JsonNode parse(String json) {
    return parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Binds JSON bytes to a type (a record, usually).
   *
   * @throws MalformedJsonException if the bytes are malformed or do not fit the type
   */
  public static <T> T read(byte[] json, Class<T> type) {
    requireUtf8(json);
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new MalformedJsonException(e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedJsonException(e.getMessage(), e);
    }
  }

  /**
   * Binds a parsed tree to a type.
   *
   * @throws MalformedJsonException if the tree does not fit the type
   */
  public static <T> T convert(JsonNode node, Class<T> type) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new MalformedJsonException(e.getMessage(), e);
    }
  }

  /** A value as a tree. */
  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** Compact (not canonical) UTF-8 JSON bytes of a value. Use {@link Jcs} when bytes are hashed. */
  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("value cannot be serialized: " + e.getOriginalMessage(), e);
    }
  }

  /** Compact (not canonical) JSON text of a value. */
  public static String string(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("value cannot be serialized: " + e.getOriginalMessage(), e);
    }
  }
}
