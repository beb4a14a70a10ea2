package dev.vigil.app.watchdog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.broker.EmbeddedBroker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watchdog's two contacts with a real Kafka Streams 4.4 client (exactly-once v2, two stream
 * threads, an embedded broker): the metrics it reads are there under the names and tags it reads
 * them by, for every thread; and a replacement removes exactly the thread it names, the younger one
 * here, by way of the older (removal can only take the oldest), leaving two threads.
 */
class ReplaceThreadIntegrationTest {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void readsEveryThreadsMetricsAndReplacesTheNamedThread() throws Exception {
    try (EmbeddedBroker broker = new EmbeddedBroker(0, dir.resolve("kafka")).start()) {
      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        admin
            .createTopics(
                List.of(new NewTopic("in", 2, (short) 1), new NewTopic("out", 2, (short) 1)))
            .all()
            .get();
      }
      StreamsBuilder b = new StreamsBuilder();
      b.stream("in").to("out");
      Properties p = new Properties();
      p.put(StreamsConfig.APPLICATION_ID_CONFIG, "watchdog-it");
      p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
      p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
      p.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
      p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
      p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
      KafkaStreams streams = new KafkaStreams(b.build(), p);
      try {
        long t0 = System.nanoTime();
        streams.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertEquals(KafkaStreams.State.RUNNING, streams.state());
        long running = System.nanoTime();

        Set<String> threads = liveThreads(streams);
        assertEquals(2, threads.size(), threads.toString());
        Map<String, StuckThreads.Sample> samples = StreamThreadWatchdog.samples(streams.metrics());
        assertEquals(threads, samples.keySet(), "a sample for each live thread");
        samples.values().forEach(v -> assertTrue(v.started() > 0, "thread-start-time read: " + v));
        // The producer metrics are found by the thread's client id (present, at 0 here).
        Set<String> producers =
            streams.metrics().keySet().stream()
                .filter(n -> n.group().equals(StreamThreadWatchdog.PRODUCER_GROUP))
                .filter(n -> n.name().equals("record-retry-total"))
                .map(n -> n.tags().get("client-id"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(
            threads.stream()
                .map(t -> t + StreamThreadWatchdog.PRODUCER_SUFFIX)
                .collect(Collectors.toCollection(TreeSet::new)),
            producers);

        String oldest = first(threads, "-StreamThread-1");
        String younger = first(threads, "-StreamThread-2");
        List<StuckThreads.Replace> counted = new ArrayList<>();
        StreamThreadWatchdog watchdog =
            new StreamThreadWatchdog(
                streams, new StuckThreads(Duration.ofMinutes(1)), Clock.systemUTC(), counted::add);
        StuckThreads.Replace order =
            new StuckThreads.Replace(younger, Duration.ofMinutes(1), 0, 0, 30, 0);
        watchdog.replace(order);
        watchdog.close();
        System.err.printf(
            "ReplaceThreadIntegrationTest: RUNNING after %d ms, replacement took %d ms%n",
            (running - t0) / 1_000_000, (System.nanoTime() - running) / 1_000_000);

        assertEquals(List.of(order), counted, "counted once");
        Set<String> after = liveThreads(streams);
        assertEquals(2, after.size(), after.toString());
        assertFalse(after.contains(younger), "the named thread is gone: " + after);
        // The older one went on the way; its replacement took the lowest free index, its name.
        assertTrue(after.contains(oldest), after.toString());
        assertTrue(
            StreamThreadWatchdog.samples(streams.metrics()).get(oldest).started()
                != samples.get(oldest).started(),
            "another thread under the old name");
        assertTrue(
            streams.state() == KafkaStreams.State.RUNNING
                || streams.state() == KafkaStreams.State.REBALANCING,
            streams.state().toString());
      } finally {
        // Bounded, so a slow shutdown cannot hold the test.
        streams.close(Duration.ofSeconds(15));
      }
    }
  }

  private static Set<String> liveThreads(KafkaStreams streams) {
    return streams.metadataForLocalThreads().stream()
        .map(ThreadMetadata::threadName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String first(Set<String> names, String suffix) {
    return names.stream().filter(n -> n.endsWith(suffix)).findFirst().orElseThrow();
  }
}
