package dev.vigil.app.verify;

import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.topics.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads what is committed on Kafka, as any downstream reader would: {@code read_committed}, no
 * consumer group, so reading never disturbs the app. Also tells whether an app's consumer group has
 * caught up with its input.
 */
public final class TopicReader {
  private final KafkaConnection kafka;

  public TopicReader(KafkaConnection kafka) {
    this.kafka = kafka;
  }

  /**
   * Every committed record of {@code topic}, from the beginning up to the last stable offset as it
   * stands when the read starts. Records of transactions still open at that moment are not
   * included.
   */
  public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    forEach(topic, timeout, out::add);
    return out;
  }

  /**
   * Hands every committed record of {@code topic} to {@code each}, partition by partition in offset
   * order, from the beginning up to the last stable offset as it stands when the read starts,
   * without holding them: for topics too big to keep in memory.
   *
   * @return the topic's partitions, in order; empty if the topic does not exist
   */
  public List<TopicPartition> forEach(
      String topic, Duration timeout, Consumer<ConsumerRecord<byte[], byte[]>> each) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        KafkaClients.bytesConsumer(
            kafka,
            Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                "5000"))) {
      var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        return List.of();
      }
      List<TopicPartition> parts =
          infos.stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out reading " + topic + " up to " + end);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            each.accept(r);
          }
        }
      }
      return parts;
    }
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * How many records of {@code inputTopic} the consumer group {@code groupId} has not yet committed
   * (for a Kafka Streams app the group id is its application id). Partitions the group has never
   * committed count in full.
   */
  public long lag(String groupId, String inputTopic) {
    return lag(groupId, inputTopic, false);
  }

  /**
   * The lag of the whole pipeline: {@link #lag(String, String)} of {@code inputTopic} plus that of
   * every other partition the group has committed, its repartition topics included. An app that has
   * consumed all of its input may still have blocks in flight on a repartition topic, on their way
   * to the evidence stage; only when this is zero has every output of every input been written.
   */
  public long pipelineLag(String groupId, String inputTopic) {
    return lag(groupId, inputTopic, true);
  }

  private long lag(String groupId, String inputTopic, boolean everyCommitted) {
    try (Admin admin = KafkaClients.admin(kafka)) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
      int partitions =
          admin
              .describeTopics(List.of(inputTopic))
              .allTopicNames()
              .get()
              .get(inputTopic)
              .partitions()
              .size();
      Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
      for (int i = 0; i < partitions; i++) {
        specs.put(new TopicPartition(inputTopic, i), OffsetSpec.latest());
      }
      if (everyCommitted) {
        for (TopicPartition tp : committed.keySet()) {
          specs.put(tp, OffsetSpec.latest());
        }
      }
      // Read-committed end offsets: a transaction still open upstream is not yet the group's to
      // consume.
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest =
          admin
              .listOffsets(
                  specs,
                  new ListOffsetsOptions(org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
              .all()
              .get();
      long lag = 0;
      for (var e : latest.entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        lag += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
      }
      return lag;
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(
          "cannot read offsets of group " + groupId + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until the group has committed everything on {@code inputTopic} and on every topic between
   * its stages ({@link #pipelineLag}); false if {@code timeout} passes first.
   */
  public boolean awaitCaughtUp(String groupId, String inputTopic, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (pipelineLag(groupId, inputTopic) == 0) {
          return true;
        }
      } catch (IllegalStateException e) {
        // broker not reachable yet, or group not there yet: keep waiting
      }
      Thread.sleep(500);
    }
    return false;
  }
}
