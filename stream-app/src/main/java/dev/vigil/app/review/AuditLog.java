package dev.vigil.app.review;

import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.events.AuditEvent;
import dev.vigil.app.topics.KafkaClients;
import dev.vigil.app.topics.Topic;
import dev.vigil.app.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the newest entries of {@code moderation.audit} for auditors: the last {@code limit} records
 * of each partition, newest first. The topic is the record; this is only a window onto it ({@link
 * AuditWriter} writes).
 */
public final class AuditLog {
  private final KafkaConnection kafka;
  private final Topic<String, AuditEvent> audit;

  public AuditLog(KafkaConnection kafka, Topics topics) {
    this(kafka, topics.audit);
  }

  /** A window onto {@code audit} (the CLI names the topic itself). */
  public AuditLog(KafkaConnection kafka, Topic<String, AuditEvent> audit) {
    this.kafka = kafka;
    this.audit = audit;
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
    // A post's entries share its partition; without a post filter, scan a window per partition.
    int window = postId == null && filter == null ? limit : 10_000;
    List<AuditEvent> out =
        scan(
            (consumer, tp, begin, end) -> Math.max(begin, end - window),
            e ->
                (postId == null || postId.equals(e.postId()))
                    && (filter == null || filter.test(e)));
    out.sort(Comparator.comparing(AuditEvent::at).reversed());
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  /**
   * Every entry written since {@code from} (by the records' timestamps, which the writers set to
   * the entries' times) that passes {@code filter}, newest first: for counting one user's actions
   * in a window, which a fixed number of newest records per partition could cut short.
   */
  public List<AuditEvent> since(Instant from, java.util.function.Predicate<AuditEvent> filter) {
    List<AuditEvent> out =
        scan(
            (consumer, tp, begin, end) -> {
              OffsetAndTimestamp at =
                  consumer.offsetsForTimes(Map.of(tp, from.toEpochMilli())).get(tp);
              return at == null ? end : Math.max(begin, at.offset());
            },
            filter);
    out.sort(Comparator.comparing(AuditEvent::at).reversed());
    return out;
  }

  /** Where to start reading one partition, given its first and end offsets. */
  private interface Start {
    long offset(KafkaConsumer<?, ?> consumer, TopicPartition tp, long begin, long end);
  }

  private List<AuditEvent> scan(Start start, java.util.function.Predicate<AuditEvent> keep) {
    List<AuditEvent> out = new ArrayList<>();
    try (KafkaConsumer<String, AuditEvent> consumer =
        KafkaClients.consumer(
            kafka,
            audit,
            Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false"))) {
      List<TopicPartition> parts =
          consumer.partitionsFor(audit.name(), Duration.ofSeconds(10)).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      consumer.assign(parts);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      for (TopicPartition tp : parts) {
        consumer.seek(tp, start.offset(consumer, tp, begin.get(tp), end.get(tp)));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < deadline && !reachedEnd(consumer, parts, end)) {
        for (ConsumerRecord<String, AuditEvent> r : consumer.poll(Duration.ofMillis(200))) {
          AuditEvent e = r.value();
          if (e != null && (keep == null || keep.test(e))) {
            out.add(e);
          }
        }
      }
    }
    return out;
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
