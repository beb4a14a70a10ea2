package dev.vigil.app.topics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.vigil.app.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for one JSON-mapped type. Null maps to null both ways (tombstones). The reader and writer
 * are prepared once for the type: on the per-post path, Jackson's per-call type lookup is a
 * measurable share of the cost.
 */
public final class JsonSerde<T> implements Serde<T> {
  private final Class<T> type;
  private final ObjectMapper mapper;
  private final ObjectWriter writer;
  private final ObjectReader reader;

  public JsonSerde(Class<T> type) {
    this.type = type;
    this.mapper = Json.MAPPER;
    this.writer = mapper.writerFor(type);
    this.reader = mapper.readerFor(type);
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> {
      if (value == null) {
        return null;
      }
      try {
        return writer.writeValueAsBytes(value);
      } catch (IOException e) {
        throw new SerializationException(
            "cannot write " + type.getSimpleName() + " to " + topic, e);
      }
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        return reader.readValue(bytes);
      } catch (IOException e) {
        throw new SerializationException(
            "cannot read " + type.getSimpleName() + " from " + topic, e);
      }
    };
  }

  /**
   * Reads a value outside Kafka (tests, CLI); unchecked because a broken record is a bug upstream.
   */
  public T read(byte[] bytes) {
    try {
      return reader.readValue(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
