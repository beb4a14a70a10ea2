package dev.vigil.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper of the core's records that write their JSON by hand (regulator reports,
 * privacy requests and receipts, wrapped data keys), so that field names and formats stay fixed
 * whatever the record's Java shape. Evidence records keep a strict mapper of their own: their bytes
 * are hashed, so duplicates and trailing tokens are refused.
 */
public final class RecordJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RecordJson() {}

  /** An empty object to fill. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** The bytes of {@code node}. */
  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses {@code json}; null for empty input. */
  public static JsonNode read(byte[] json) throws IOException {
    return MAPPER.readTree(json);
  }

  /**
   * The text of a required string field. @throws IllegalArgumentException naming the field when it
   * is absent
   */
  public static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing field " + field);
    }
    return v.asText();
  }
}
