package kr.kdid.credentials.mdoc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kr.kdid.core.encoding.Base64Url;
import kr.kdid.core.json.Json;
import kr.kdid.credentials.catalog.ClaimDefinition;
import kr.kdid.credentials.catalog.ClaimType;
import kr.kdid.credentials.catalog.CredentialType;

/**
 * Data element values: from Java and from catalog claims (JSON) to CBOR as ISO/IEC 18013-5 encodes
 * them, and back to JSON for display and policy checks.
 */
public final class MdocValues {
  private MdocValues() {}

  /** A full-date, {@code #6.1004("YYYY-MM-DD")} (RFC 8943), as ISO/IEC 18013-5 uses for dates. */
  public static CBORObject fullDate(LocalDate date) {
    return CBORObject.FromObject(date.toString()).WithTag(Cbor.TAG_FULL_DATE);
  }

  /** A tdate, {@code #6.0("YYYY-MM-DDThh:mm:ssZ")}. */
  public static CBORObject tdate(Instant t) {
    return ValidityInfo.tdate(t);
  }

  /**
   * A Java value as CBOR: String, Boolean, Integer, Long, byte[] (bstr), LocalDate (full-date),
   * Instant (tdate), List and Map (String keys) of these, or a CBORObject as it is.
   *
   * @throws IllegalArgumentException for other types
   */
  public static CBORObject of(Object v) {
    return switch (v) {
      case CBORObject c -> c;
      case String s -> CBORObject.FromObject(s);
      case Boolean b -> b ? CBORObject.True : CBORObject.False;
      case Integer i -> CBORObject.FromObject(i.intValue());
      case Long l -> CBORObject.FromObject(l.longValue());
      case byte[] b -> CBORObject.FromObject(b.clone());
      case LocalDate d -> fullDate(d);
      case Instant t -> tdate(t);
      case List<?> l -> {
        CBORObject a = CBORObject.NewArray();
        for (Object o : l) {
          a.Add(of(o));
        }
        yield a;
      }
      case Map<?, ?> m -> {
        CBORObject o = CBORObject.NewOrderedMap();
        for (var e : m.entrySet()) {
          if (!(e.getKey() instanceof String k)) {
            throw new IllegalArgumentException("map keys must be strings");
          }
          o.Add(k, of(e.getValue()));
        }
        yield o;
      }
      case null -> CBORObject.Null;
      default -> throw new IllegalArgumentException("no CBOR form for " + v.getClass());
    };
  }

  /**
   * The data elements of a catalog credential: each claim value (as checked by {@link
   * CredentialType#problemsWith}) as its CBOR form. Dates become full-dates; images ({@code
   * data:image/...;base64,}) become byte strings of the image; inside arrays and objects (e.g.
   * driving_privileges) strings of the form YYYY-MM-DD become full-dates.
   *
   * @param claims the issuable claims ({@link CredentialType#issuableClaims})
   * @return element identifier to value, in catalog order
   * @throws IllegalArgumentException for a value that does not fit its claim type
   */
  public static Map<String, CBORObject> fromClaims(CredentialType type, ObjectNode claims) {
    Map<String, CBORObject> out = new LinkedHashMap<>();
    for (ClaimDefinition c : type.claims()) {
      JsonNode v = claims.get(c.name());
      if (v == null || v.isNull()) {
        continue;
      }
      String problem = c.type().problemWith(v);
      if (problem != null) {
        throw new IllegalArgumentException(c.name() + " " + problem);
      }
      out.put(c.name(), fromClaim(c.type(), v));
    }
    return out;
  }

  private static CBORObject fromClaim(ClaimType type, JsonNode v) {
    return switch (type) {
      case DATE -> fullDate(LocalDate.parse(v.asText()));
      case IMAGE -> {
        String s = v.asText();
        yield CBORObject.FromObject(Base64.getDecoder().decode(s.substring(s.indexOf(',') + 1)));
      }
      default -> fromJson(v);
    };
  }

  private static CBORObject fromJson(JsonNode v) {
    if (v.isTextual()) {
      String s = v.asText();
      if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
        try {
          return fullDate(LocalDate.parse(s));
        } catch (DateTimeParseException e) {
          return CBORObject.FromObject(s);
        }
      }
      return CBORObject.FromObject(s);
    }
    if (v.isBoolean()) {
      return v.asBoolean() ? CBORObject.True : CBORObject.False;
    }
    if (v.isIntegralNumber()) {
      return CBORObject.FromObject(v.asLong());
    }
    if (v.isNumber()) {
      return CBORObject.FromObject(v.asDouble());
    }
    if (v.isArray()) {
      CBORObject a = CBORObject.NewArray();
      for (JsonNode e : v) {
        a.Add(fromJson(e));
      }
      return a;
    }
    if (v.isObject()) {
      CBORObject o = CBORObject.NewOrderedMap();
      for (var e : v.properties()) {
        o.Add(e.getKey(), fromJson(e.getValue()));
      }
      return o;
    }
    return CBORObject.Null;
  }

  /**
   * A CBOR value as JSON: text, numbers, booleans, null, arrays and text-keyed maps as such;
   * full-dates and tdates as their text; byte strings as base64url text; anything else (other tags,
   * non-text keys, simple values) as its CBOR diagnostic notation.
   */
  public static JsonNode toJson(CBORObject v) {
    if (v.HasOneTag(Cbor.TAG_FULL_DATE) || v.HasOneTag(Cbor.TAG_TDATE)) {
      CBORObject u = v.UntagOne();
      if (u.getType() == CBORType.TextString) {
        return Json.mapper().getNodeFactory().textNode(u.AsString());
      }
    }
    if (v.isTagged()) {
      return Json.mapper().getNodeFactory().textNode(v.toString());
    }
    var f = Json.mapper().getNodeFactory();
    return switch (v.getType()) {
      case TextString -> f.textNode(v.AsString());
      case ByteString -> f.textNode(Base64Url.encode(v.GetByteString()));
      case Boolean -> f.booleanNode(v.isTrue());
      case Integer ->
          v.CanValueFitInInt64() ? f.numberNode(v.AsInt64Value()) : f.textNode(v.toString());
      case FloatingPoint -> f.numberNode(v.AsDoubleValue());
      case Array -> {
        ArrayNode a = f.arrayNode();
        for (int i = 0; i < v.size(); i++) {
          a.add(toJson(v.get(i)));
        }
        yield a;
      }
      case Map -> {
        ObjectNode o = f.objectNode();
        for (CBORObject k : v.getKeys()) {
          String name = k.getType() == CBORType.TextString ? k.AsString() : k.toString();
          o.set(name, toJson(v.get(k)));
        }
        yield o;
      }
      default -> v.isNull() ? f.nullNode() : f.textNode(v.toString());
    };
  }
}
