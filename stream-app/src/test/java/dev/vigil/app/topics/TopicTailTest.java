package dev.vigil.app.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.config.KafkaConnection;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TopicTail} on a real broker: each record handed on exactly once across read errors and a
 * broker down at start, from the start asked for.
 */
class TopicTailTest {
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path dir;
  static EmbeddedBroker broker;
  static KafkaConnection kafka;

  @BeforeAll
  static void startBroker() {
    broker = new EmbeddedBroker(0, dir.resolve("kafka")).start();
    kafka = KafkaConnection.to(broker.bootstrapServers());
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  static Topic<String, String> topic(String name) throws Exception {
    Topic<String, String> t = new Topic<>(name, Serdes.String(), Serdes.String(), Map.of());
    try (Admin admin = KafkaClients.admin(kafka)) {
      admin.createTopics(List.of(new NewTopic(name, 2, (short) 1))).all().get(60, TimeUnit.SECONDS);
    }
    return t;
  }

  static void write(Topic<String, String> t, List<String> values) {
    try (KafkaProducer<String, String> p =
        KafkaClients.producer(kafka, t, Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
      for (String v : values) {
        p.send(new ProducerRecord<>(t.name(), v, v));
      }
      p.flush();
    }
  }

  static List<String> values(String prefix, int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
  }

  static void await(BooleanSupplier done, String what) throws InterruptedException {
    long until = System.nanoTime() + TIMEOUT.toNanos();
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < until, "timed out waiting: " + what);
      Thread.sleep(50);
    }
  }

  /** What a tail handed on, in the order it did. */
  static final class Seen {
    final List<String> values = Collections.synchronizedList(new ArrayList<>());

    void add(String k, String v) {
      values.add(v);
    }

    int size() {
      return values.size();
    }

    /** Each of {@code expected} exactly once, and nothing else (per-partition order aside). */
    void assertExactly(List<String> expected) throws InterruptedException {
      await(() -> size() >= expected.size(), expected.size() + " records, saw " + values);
      Thread.sleep(1_500); // a record handed on twice would arrive within a poll or two
      List<String> got;
      synchronized (values) {
        got = new ArrayList<>(values);
      }
      Collections.sort(got);
      List<String> want = new ArrayList<>(expected);
      Collections.sort(want);
      assertEquals(want, got);
    }
  }

  @Test
  void aFailedPollIsRetriedFromTheLastRecordHandedOnNoneLostNoneRepeated() throws Exception {
    Topic<String, String> t = topic("tail-poll-error");
    write(t, values("a", 0, 30));
    // The first consumer fetches the records written after the flag is set, then fails: they
    // are gone with it, so only a new consumer placed after the last record handed on gets them
    // once (one that starts over hands the first 30 on again; no retry gets none of them).
    AtomicBoolean fail = new AtomicBoolean();
    AtomicInteger made = new AtomicInteger();
    Seen seen = new Seen();
    try (TopicTail<String, String> tail =
        new TopicTail<>(kafka, t, TopicTail.Start.beginning(), "tail-test", seen::add)
            .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400))
            .withConsumers(
                own -> {
                  made.incrementAndGet();
                  return new KafkaConsumer<>(
                      kafka.clientProperties(own),
                      t.keySerde().deserializer(),
                      t.valueSerde().deserializer()) {
                    @Override
                    public ConsumerRecords<String, String> poll(Duration timeout) {
                      ConsumerRecords<String, String> rs = super.poll(timeout);
                      if (!rs.isEmpty() && fail.compareAndSet(true, false)) {
                        throw new KafkaException("injected read error");
                      }
                      return rs;
                    }
                  };
                })) {
      tail.start();
      await(() -> seen.size() >= 30, "the first 30");
      fail.set(true);
      write(t, values("b", 0, 30));
      await(() -> !fail.get(), "the injected failure");
      List<String> all = new ArrayList<>(values("a", 0, 30));
      all.addAll(values("b", 0, 30));
      seen.assertExactly(all);
      assertEquals(1, tail.failures());
      assertEquals(2, made.get(), "one consumer more after the failure");
    }
  }

  @Test
  void aBrokerDownAtStartIsWaitedOutAndNothingIsLostOrRepeatedAcrossARestart() throws Exception {
    Topic<String, String> t = topic("tail-broker-down");
    write(t, values("a", 0, 20));
    Seen seen = new Seen();
    broker.close();
    try (TopicTail<String, String> tail =
        new TopicTail<>(kafka, t, TopicTail.Start.beginning(), "tail-test", seen::add)
            .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1))) {
      long t0 = System.nanoTime();
      tail.start();
      assertTrue(
          Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(1)) < 0,
          "start() does not wait for the partitions");
      // The partition lookup times out; a reader that gave up here would read nothing.
      await(() -> tail.failures() >= 1, "a failed lookup");
      broker.start();
      write(t, values("b", 0, 20));
      List<String> first = new ArrayList<>(values("a", 0, 20));
      first.addAll(values("b", 0, 20));
      seen.assertExactly(first);
      // Down and up again while reading: the position holds.
      broker.close();
      broker.start();
      write(t, values("c", 0, 20));
      List<String> all = new ArrayList<>(first);
      all.addAll(values("c", 0, 20));
      seen.assertExactly(all);
    } finally {
      broker.start();
    }
  }

  @Test
  void endStartsWhereTheTopicStoodWhenStartReturnedAndSinkErrorsAreSkipped() throws Exception {
    Topic<String, String> t = topic("tail-end");
    write(t, values("before", 0, 10));
    Seen seen = new Seen();
    try (TopicTail<String, String> tail =
        new TopicTail<>(
            kafka,
            t,
            TopicTail.Start.end(),
            "tail-test",
            (k, v) -> {
              if (v.equals("boom")) {
                throw new IllegalStateException("the sink refuses " + v);
              }
              seen.add(k, v);
            })) {
      tail.start();
      List<String> after = new ArrayList<>(values("after", 0, 10));
      after.add(5, "boom");
      write(t, after);
      after.remove("boom");
      seen.assertExactly(after);
      assertEquals(1, tail.skipped());
    }
  }

  @Test
  void backStartsAtTheRecordsStampedThatLongBeforeStart() throws Exception {
    Topic<String, String> t = topic("tail-back");
    long now = Clock.systemUTC().millis();
    try (KafkaProducer<String, String> p = KafkaClients.producer(kafka, t, Map.of())) {
      for (int part = 0; part < 2; part++) {
        long old = now - Duration.ofHours(2).toMillis();
        long recent = now - Duration.ofMinutes(10).toMillis();
        p.send(new ProducerRecord<>(t.name(), part, old, "k", "old" + part));
        p.send(new ProducerRecord<>(t.name(), part, recent, "k", "recent" + part));
      }
      p.flush();
    }
    Seen seen = new Seen();
    try (TopicTail<String, String> tail =
        new TopicTail<>(
            kafka, t, TopicTail.Start.back(Duration.ofHours(1)), "tail-test", seen::add)) {
      tail.start();
      write(t, List.of("new"));
      seen.assertExactly(List.of("recent0", "recent1", "new"));
    }
  }
}
