package dev.vigil.app.review;

import dev.vigil.app.events.AuditEvent;
import dev.vigil.app.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The API's side of {@code moderation.audit}: writes the entries that happen outside the review task (logins,
 * logouts, failed password checks) and reads the newest entries for auditors, newest first. The topic is the
 * record; this is only a window onto it.
 */
public final class AuditLog implements AutoCloseable {
  private final String bootstrapServers;
  private final Topics topics;
  private final Map<String, String> clientOverrides;
  private KafkaProducer<String, AuditEvent> producer;

  public AuditLog(String bootstrapServers, Topics topics, Map<String, String> clientOverrides) {
    this.bootstrapServers = bootstrapServers;
    this.topics = topics;
    this.clientOverrides = clientOverrides;
  }

  /** Appends {@code event}, keyed by its subject (the user name for logins); does not wait. */
  public synchronized void record(String key, AuditEvent event) {
    if (producer == null) {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
      p.putAll(clientOverrides);
      producer = new KafkaProducer<>(p, topics.audit.keySerde().serializer(), topics.audit.valueSerde().serializer());
    }
    producer.send(new ProducerRecord<>(topics.audit.name(), key, event));
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(10));
      producer = null;
    }
  }

  /** Up to {@code limit} newest entries, of one post when {@code postId} is given. */
  public List<AuditEvent> newest(int limit, String postId) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.putAll(clientOverrides);
    List<AuditEvent> out = new ArrayList<>();
    try (KafkaConsumer<String, AuditEvent> consumer =
        new KafkaConsumer<>(p, topics.audit.keySerde().deserializer(), topics.audit.valueSerde().deserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topics.audit.name(), Duration.ofSeconds(10)).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      consumer.assign(parts);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      // A post's entries share its partition; without a post filter, scan a window per partition.
      int window = postId == null ? limit : 10_000;
      for (TopicPartition tp : parts) {
        consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - window));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline && !reachedEnd(consumer, parts, end)) {
        for (ConsumerRecord<String, AuditEvent> r : consumer.poll(Duration.ofMillis(200))) {
          AuditEvent e = r.value();
          if (e != null && (postId == null || postId.equals(e.postId()))) {
            out.add(e);
          }
        }
      }
    }
    out.sort(Comparator.comparing(AuditEvent::at).reversed());
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, List<TopicPartition> parts, Map<TopicPartition, Long> end) {
    for (TopicPartition tp : parts) {
      if (consumer.position(tp) < end.get(tp)) {
        return false;
      }
    }
    return true;
  }
}
