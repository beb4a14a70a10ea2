package dev.vigil.app.review;

import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.events.AuditEvent;
import dev.vigil.app.topics.KafkaClients;
import dev.vigil.app.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the newest entries of {@code moderation.audit} for auditors: the last {@code limit} records
 * of each partition, newest first. The topic is the record; this is only a window onto it ({@link
 * AuditWriter} writes).
 */
public final class AuditLog {
  private final KafkaConnection kafka;
  private final Topics topics;

  public AuditLog(KafkaConnection kafka, Topics topics) {
    this.kafka = kafka;
    this.topics = topics;
  }

  /** Up to {@code limit} newest entries, of one post when {@code postId} is given. */
  public List<AuditEvent> newest(int limit, String postId) {
    return newest(limit, postId, null);
  }

  /**
   * Up to {@code limit} newest entries, of one post when {@code postId} is given, that pass {@code
   * filter} (null for all; e.g. one actor or action: then a wider window of each partition is
   * scanned, as for one post).
   */
  public List<AuditEvent> newest(
      int limit, String postId, java.util.function.Predicate<AuditEvent> filter) {
    List<AuditEvent> out = new ArrayList<>();
    try (KafkaConsumer<String, AuditEvent> consumer =
        KafkaClients.consumer(
            kafka,
            topics.audit,
            Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false"))) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topics.audit.name(), Duration.ofSeconds(10)).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      consumer.assign(parts);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      // A post's entries share its partition; without a post filter, scan a window per partition.
      int window = postId == null && filter == null ? limit : 10_000;
      for (TopicPartition tp : parts) {
        consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - window));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline && !reachedEnd(consumer, parts, end)) {
        for (ConsumerRecord<String, AuditEvent> r : consumer.poll(Duration.ofMillis(200))) {
          AuditEvent e = r.value();
          if (e != null
              && (postId == null || postId.equals(e.postId()))
              && (filter == null || filter.test(e))) {
            out.add(e);
          }
        }
      }
    }
    out.sort(Comparator.comparing(AuditEvent::at).reversed());
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  private static boolean reachedEnd(
      KafkaConsumer<?, ?> consumer, List<TopicPartition> parts, Map<TopicPartition, Long> end) {
    for (TopicPartition tp : parts) {
      if (consumer.position(tp) < end.get(tp)) {
        return false;
      }
    }
    return true;
  }
}
