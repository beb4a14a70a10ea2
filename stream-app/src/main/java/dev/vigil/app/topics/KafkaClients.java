package dev.vigil.app.topics;

import dev.vigil.app.config.KafkaConnection;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every Kafka producer, consumer and admin client of the app and its tools: each gets the {@link
 * KafkaConnection}'s settings (so a secured cluster's TLS and SASL settings reach all of them), and
 * its serdes from the catalog, so a client of a {@link Topic} writes and reads that topic's types
 * and no call site picks a serializer of its own. Clients that move records as the bytes they are
 * (publish, tail, the invariant check, the bench, the Streams client supplier) use the byte-array
 * factories. {@code own} is the client's own settings (acks, isolation level...), which win over
 * the connection's.
 */
public final class KafkaClients {
  private KafkaClients() {}

  /** A producer of {@code topic}'s records. */
  public static <K, V> KafkaProducer<K, V> producer(
      KafkaConnection kafka, Topic<K, V> topic, Map<String, ?> own) {
    return new KafkaProducer<>(
        kafka.clientProperties(own),
        topic.keySerde().serializer(),
        topic.valueSerde().serializer());
  }

  /** A consumer of {@code topic}'s records. */
  public static <K, V> KafkaConsumer<K, V> consumer(
      KafkaConnection kafka, Topic<K, V> topic, Map<String, ?> own) {
    return new KafkaConsumer<>(
        kafka.clientProperties(own),
        topic.keySerde().deserializer(),
        topic.valueSerde().deserializer());
  }

  /** A producer of raw keys and values, for any topic. */
  public static KafkaProducer<byte[], byte[]> bytesProducer(
      KafkaConnection kafka, Map<String, ?> own) {
    return bytesProducer(kafka.clientProperties(own));
  }

  /** A consumer of raw keys and values, for any topic. */
  public static KafkaConsumer<byte[], byte[]> bytesConsumer(
      KafkaConnection kafka, Map<String, ?> own) {
    return bytesConsumer(kafka.clientProperties(own));
  }

  /** An admin client. */
  public static Admin admin(KafkaConnection kafka) {
    return Admin.create(kafka.clientProperties(Map.of()));
  }

  /**
   * A producer of raw keys and values from a complete config: the Streams client supplier's, which
   * Kafka Streams built from the same settings.
   */
  public static KafkaProducer<byte[], byte[]> bytesProducer(Map<String, Object> config) {
    return new KafkaProducer<>(
        config, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
  }

  /** An admin client from a complete config (the Streams client supplier's). */
  public static Admin admin(Map<String, Object> config) {
    return Admin.create(config);
  }

  /** A consumer of raw keys and values from a complete config (the Streams client supplier's). */
  public static KafkaConsumer<byte[], byte[]> bytesConsumer(Map<String, Object> config) {
    return new KafkaConsumer<>(
        config, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
  }

  private static KafkaProducer<byte[], byte[]> bytesProducer(java.util.Properties config) {
    return new KafkaProducer<>(
        config, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
  }

  private static KafkaConsumer<byte[], byte[]> bytesConsumer(java.util.Properties config) {
    return new KafkaConsumer<>(
        config, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
  }
}
