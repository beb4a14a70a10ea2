package dev.vigil.app.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain clients for integration tests: publish raw bytes, read a topic's committed records. */
public final class KafkaTestSupport {
  private KafkaTestSupport() {}

  public static void publish(String bootstrap, String topic, List<byte[][]> keyValues) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (byte[][] kv : keyValues) {
        producer.send(new ProducerRecord<>(topic, kv[0], kv[1]));
      }
      producer.flush();
    }
  }

  /**
   * Reads every committed record of {@code topic} from the beginning, waiting until at least {@code
   * atLeast} have arrived and then until no more arrive for {@code quiet}, or until {@code
   * timeout}.
   */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(
      String bootstrap, String topic, int atLeast, Duration quiet, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long deadline = System.nanoTime() + timeout.toNanos();
      long lastArrival = System.nanoTime();
      while (System.nanoTime() < deadline) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          records.forEach(out::add);
          lastArrival = System.nanoTime();
        } else if (out.size() >= atLeast && System.nanoTime() - lastArrival >= quiet.toNanos()) {
          break;
        }
      }
    }
    return out;
  }
}
