package dev.vigil.app.topics;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The app's Kafka producers and consumers, their serdes taken from the catalog: a client of a
 * {@link Topic} writes and reads that topic's types, so no call site picks a serializer of its own.
 * Clients that move records as the bytes they are (publish, tail, the invariant check, the bench,
 * the Streams client supplier) use the byte-array factories.
 */
public final class KafkaClients {
  private KafkaClients() {}

  /** A producer of {@code topic}'s records. */
  public static <K, V> KafkaProducer<K, V> producer(Topic<K, V> topic, Properties config) {
    return new KafkaProducer<>(
        config, topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  /** A consumer of {@code topic}'s records. */
  public static <K, V> KafkaConsumer<K, V> consumer(Topic<K, V> topic, Properties config) {
    return new KafkaConsumer<>(
        config, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
  }

  /** A producer of raw keys and values, for any topic. */
  public static KafkaProducer<byte[], byte[]> bytesProducer(Properties config) {
    return new KafkaProducer<>(
        config, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
  }

  /**
   * A producer of raw keys and values, for any topic (the Streams client supplier's form of
   * config).
   */
  public static KafkaProducer<byte[], byte[]> bytesProducer(Map<String, Object> config) {
    return new KafkaProducer<>(
        config, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
  }

  /** A consumer of raw keys and values, for any topic. */
  public static KafkaConsumer<byte[], byte[]> bytesConsumer(Properties config) {
    return new KafkaConsumer<>(
        config, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
  }

  /**
   * A consumer of raw keys and values, for any topic (the Streams client supplier's form of
   * config).
   */
  public static KafkaConsumer<byte[], byte[]> bytesConsumer(Map<String, Object> config) {
    return new KafkaConsumer<>(
        config, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
  }
}
