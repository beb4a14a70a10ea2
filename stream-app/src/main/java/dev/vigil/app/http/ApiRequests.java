package dev.vigil.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.json.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads the review API's requests: a JSON object body and its fields, query parameters; 400 on
 * anything else.
 */
final class ApiRequests {
  private ApiRequests() {}

  static JsonNode body(Context ctx) {
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length == 0) {
      return Json.object();
    }
    try {
      JsonNode n = Json.MAPPER.readTree(bytes);
      if (n == null || !n.isObject()) {
        throw new ApiError(400, "the body must be a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new ApiError(400, "the body is not valid JSON");
    }
  }

  static String text(JsonNode body, String field, boolean required) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull() || (n.isTextual() && n.textValue().isBlank())) {
      if (required) {
        throw new ApiError(400, "'" + field + "' is required");
      }
      return null;
    }
    if (!n.isTextual()) {
      throw new ApiError(400, "'" + field + "' must be a string");
    }
    if (n.textValue().length() > ReviewApi.MAX_REASON) {
      throw new ApiError(
          400, "'" + field + "' is longer than " + ReviewApi.MAX_REASON + " characters");
    }
    return n.textValue();
  }

  static Instant instant(JsonNode body, String field) {
    String s = text(body, field, true);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new ApiError(
          400, "'" + field + "' must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
    }
  }

  static int intParam(Context ctx, String name, int dflt, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      int i = Integer.parseInt(v.trim());
      if (i < min || i > max) {
        throw new ApiError(400, "'" + name + "' must be between " + min + " and " + max);
      }
      return i;
    } catch (NumberFormatException e) {
      throw new ApiError(400, "'" + name + "' must be a whole number");
    }
  }
}
