package dev.vigil.app.bench;

import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.topics.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches output topics as a downstream reader would ({@code read_committed}) on its own thread:
 * counts the records whose key starts with a prefix, notes when the first and the last expected one
 * became visible, and how long each took from its submission (the record timestamp, which Kafka
 * Streams carries from input to output) to being readable.
 */
final class OutputWatcher implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final byte[] keyPrefix;
  private final long expected;

  /** Latencies kept, the latest ones seen (a ring): bounds the watcher's memory on a long run. */
  private static final int MAX_LATENCIES = 1 << 20;

  private final Thread thread;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final long[] latenciesMs;
  private volatile long seen;
  private volatile long firstNanos;
  private volatile long firstCount;
  private volatile long lastNanos;
  private final long startNanos = System.nanoTime();
  private volatile RuntimeException failure;

  /**
   * @param fromEnd start at the current end of the topics (only records produced from now on), else
   *     at the start
   */
  OutputWatcher(
      String bootstrap, List<String> topics, String keyPrefix, long expected, boolean fromEnd) {
    consumer =
        KafkaClients.bytesConsumer(
            KafkaConnection.to(bootstrap),
            java.util.Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                "10000"));
    List<TopicPartition> parts = new ArrayList<>();
    for (String t : topics) {
      consumer
          .partitionsFor(t, Duration.ofSeconds(30))
          .forEach(i -> parts.add(new TopicPartition(t, i.partition())));
    }
    consumer.assign(parts);
    if (fromEnd) {
      consumer.seekToEnd(parts);
      parts.forEach(consumer::position);
    } else {
      consumer.seekToBeginning(parts);
    }
    this.keyPrefix = keyPrefix.getBytes(StandardCharsets.UTF_8);
    this.expected = expected;
    this.latenciesMs = new long[(int) Math.min(expected, MAX_LATENCIES)];
    this.thread = new Thread(this::loop, "bench-output-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    try {
      while (!stop.get() && seen < expected) {
        var records = consumer.poll(Duration.ofMillis(50));
        long now = System.nanoTime();
        long wall = System.currentTimeMillis();
        long n = seen;
        for (ConsumerRecord<byte[], byte[]> r : records) {
          if (r.key() == null || !startsWith(r.key(), keyPrefix)) {
            continue;
          }
          latenciesMs[(int) (n % latenciesMs.length)] = Math.max(0, wall - r.timestamp());
          n++;
        }
        if (n > seen) {
          if (seen == 0) {
            firstNanos = now;
            firstCount = n;
          }
          lastNanos = now;
          seen = n;
        }
      }
    } catch (RuntimeException e) {
      if (!stop.get()) {
        failure = e;
      }
    }
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** Waits until every expected record is visible; false on timeout. */
  boolean await(Duration timeout) throws InterruptedException {
    thread.join(timeout.toMillis());
    if (failure != null) {
      throw failure;
    }
    return seen >= expected;
  }

  long seen() {
    return seen;
  }

  /**
   * Posts per second from the first visible output to the last, excluding the first batch seen.
   * When everything became visible in that first batch (a workload small enough for one commit),
   * from this watcher's start instead: a lower figure that includes start-up, but a figure.
   */
  double rate() {
    double seconds = (lastNanos - firstNanos) / 1e9;
    if (seconds > 0 && seen > firstCount) {
      return (seen - firstCount) / seconds;
    }
    double sinceStart = (lastNanos - startNanos) / 1e9;
    return sinceStart <= 0 ? Double.NaN : seen / sinceStart;
  }

  /** Seconds from the first visible output to the last. */
  double seconds() {
    return (lastNanos - firstNanos) / 1e9;
  }

  /**
   * The {@code q}-quantile (0..1) of submit-to-visible latency in ms over the latest records seen
   * (up to 2^20).
   */
  long latencyQuantileMs(double q) {
    int n = (int) Math.min(seen, latenciesMs.length);
    if (n == 0) {
      return -1;
    }
    long[] sorted = Arrays.copyOf(latenciesMs, n);
    Arrays.sort(sorted);
    return sorted[Math.min(n - 1, (int) Math.ceil(q * n) - 1 < 0 ? 0 : (int) Math.ceil(q * n) - 1)];
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    thread.join(5000);
    consumer.close(Duration.ofSeconds(5));
  }
}
