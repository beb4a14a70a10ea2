package dev.vigil.app.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic once, committed records only, from the beginning up to the end as it was when reading
 * started, every partition in offset order. Joins no consumer group. For tools that must see everything
 * (verification, export), not for following a topic.
 */
final class TopicReader {
  private TopicReader() {}

  /**
   * Calls {@code each} for every committed record of {@code topic}.
   *
   * @return the partitions read, or null if the topic does not exist
   */
  static List<TopicPartition> readAll(String bootstrapServers, String topic,
      Consumer<ConsumerRecord<byte[], byte[]>> each) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        return null;
      }
      List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition()))
          .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      // With read_committed, the end offsets are the last stable offsets: nothing still in a transaction.
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(parts, Duration.ofSeconds(30)));
      while (!end.isEmpty()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (end.containsKey(tp) && r.offset() < end.get(tp)) {
            each.accept(r);
          }
        }
        end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
      }
      return parts;
    }
  }
}
