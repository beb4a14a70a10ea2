package dev.vigil.app.topics;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * One topic of the catalog: its name, the serdes of its keys and values, and the topic configs it
 * must be created with (compaction, retention).
 */
public record Topic<K, V>(
    String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> configs) {
  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
    configs = Map.copyOf(configs);
  }

  /**
   * The largest record batch the topic takes ({@code max.message.bytes}), or the broker default if
   * the catalog sets none; a record must stay under it with its batch overhead.
   */
  public int maxMessageBytes() {
    String v = configs.get(org.apache.kafka.common.config.TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
    return v == null ? Topics.BROKER_DEFAULT_MAX_MESSAGE_BYTES : Integer.parseInt(v);
  }

  public Consumed<K, V> consumed() {
    return Consumed.with(keySerde, valueSerde);
  }

  public Produced<K, V> produced() {
    return Produced.with(keySerde, valueSerde);
  }
}
