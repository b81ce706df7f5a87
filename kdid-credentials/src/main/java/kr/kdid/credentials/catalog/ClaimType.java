package kr.kdid.credentials.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** The value types a catalog claim can have, and how a JSON value is checked against them. */
public enum ClaimType {
  /** A JSON string. */
  STRING,
  /** A full date, "YYYY-MM-DD" (ISO 8601 / RFC 3339 full-date). */
  DATE,
  /** A JSON boolean. */
  BOOLEAN,
  /** A JSON integer. */
  INTEGER,
  /** An image as a data: URI ("data:image/jpeg;base64,..."). */
  IMAGE,
  /** A JSON object. */
  OBJECT,
  /** A JSON array. */
  ARRAY;

  /** The catalog file name of the type. */
  public String fileName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The type for a catalog file name. */
  public static ClaimType fromFileName(String s) {
    for (ClaimType t : values()) {
      if (t.fileName().equals(s)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown claim type \"" + s + "\"");
  }

  /** Null if the value fits, otherwise what is wrong with it. */
  public String problemWith(JsonNode v) {
    return switch (this) {
      case STRING -> v.isTextual() ? null : "must be a string";
      case BOOLEAN -> v.isBoolean() ? null : "must be true or false";
      case INTEGER -> v.isIntegralNumber() ? null : "must be an integer";
      case OBJECT -> v.isObject() ? null : "must be an object";
      case ARRAY -> v.isArray() ? null : "must be an array";
      case DATE -> {
        if (!v.isTextual()) {
          yield "must be a date string YYYY-MM-DD";
        }
        try {
          LocalDate.parse(v.asText());
          yield null;
        } catch (DateTimeParseException e) {
          yield "must be a date YYYY-MM-DD";
        }
      }
      case IMAGE ->
          v.isTextual() && v.asText().startsWith("data:image/") && v.asText().contains(";base64,")
              ? null
              : "must be a data:image/...;base64, URI";
    };
  }
}
