package dev.vigil.app.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

/**
 * How the watchdog reads Kafka Streams' metrics into samples, on metric names and tags as Kafka
 * Streams 4.4 reports them for one stream thread and its exactly-once producer.
 */
class StreamThreadWatchdogTest {
  static final String T1 = "vigil-moderation-0b6f-StreamThread-1";
  static final String T2 = "vigil-moderation-0b6f-StreamThread-2";

  final Map<MetricName, Metric> metrics = new HashMap<>();

  void put(String group, String name, Map<String, String> tags, Object value) {
    MetricName n = new MetricName(name, group, "", tags);
    metrics.put(
        n,
        new Metric() {
          @Override
          public MetricName metricName() {
            return n;
          }

          @Override
          public Object metricValue() {
            return value;
          }
        });
  }

  void thread(String id, String name, double v) {
    put("stream-thread-metrics", name, Map.of("thread-id", id), v);
  }

  void producer(String clientId, String name, double v) {
    put("producer-metrics", name, Map.of("client-id", clientId), v);
  }

  @Test
  void readsEachThreadsCommitsAndItsProducersRetries() {
    thread(T1, "commit-total", 12);
    thread(T1, "process-total", 3400);
    thread(T1, "commit-rate", 9.5); // not read
    put("stream-thread-metrics", "thread-start-time", Map.of("thread-id", T1), 1_796_000_000_000L);
    producer(T1 + "-producer", "record-retry-total", 7);
    producer(T1 + "-producer", "record-error-total", 2);
    // The same names per topic, and other clients' producers: not the thread's totals.
    put(
        "producer-topic-metrics",
        "record-retry-total",
        Map.of("client-id", T1 + "-producer", "topic", "moderation.decisions"),
        5.0);
    producer("vigil-audit-writer", "record-retry-total", 99);
    thread(T2, "commit-total", 4);
    // T2's producer has not reported yet: its counts are 0.
    put("consumer-metrics", "commit-total", Map.of("client-id", T2 + "-consumer"), 1.0);

    Map<String, StuckThreads.Sample> s = StreamThreadWatchdog.samples(metrics);
    assertEquals(
        Map.of(
            T1, new StuckThreads.Sample(12, 3400, 7, 2, 1_796_000_000_000L),
            T2, new StuckThreads.Sample(4, 0, 0, 0)),
        s);
  }

  @Test
  void aThreadWithoutCommitTotalIsNotSampled() {
    producer(T1 + "-producer", "record-retry-total", 7);
    thread(T2, "commit-total", Double.NaN);
    assertEquals(Map.of(), StreamThreadWatchdog.samples(metrics));
  }

  @Test
  void pollsATwelfthOfTheWindowBetweenOneAndFiveSeconds() {
    assertEquals(Duration.ofSeconds(5), StreamThreadWatchdog.pollInterval(Duration.ofMinutes(1)));
    assertEquals(Duration.ofSeconds(5), StreamThreadWatchdog.pollInterval(Duration.ofMinutes(10)));
    assertEquals(Duration.ofSeconds(2), StreamThreadWatchdog.pollInterval(Duration.ofSeconds(24)));
    assertEquals(Duration.ofSeconds(1), StreamThreadWatchdog.pollInterval(Duration.ofSeconds(3)));
  }
}
