package dev.vigil.app.topics;

import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for a core type that defines its own byte form (canonical evidence JSON, report JSON):
 * the core type owns the format, this only adapts it to Kafka. Null stays null (a tombstone).
 */
public final class BytesSerde<T> implements Serde<T> {
  private final Function<T, byte[]> write;
  private final Function<byte[], T> read;

  public BytesSerde(Function<T, byte[]> write, Function<byte[], T> read) {
    this.write = Objects.requireNonNull(write);
    this.read = Objects.requireNonNull(read);
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> value == null ? null : write.apply(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read.apply(bytes);
  }
}
