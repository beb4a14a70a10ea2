package dev.vigil.app.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.app.broker.BrokerCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single-node finding without Vigil: one unreplicated KRaft node (its own JVM), a plain
 * consume-transform-produce copier (read_committed consumer, transactional producer, offsets sent
 * to the transaction: what Kafka Streams' exactly_once_v2 does per thread), the node SIGKILLed
 * while the copier commits, restarted after 5 s. Then every input must appear exactly once on the
 * output, read read_committed, and nothing may be left behind an open transaction.
 *
 * <p>Off by default (it is a reproducer, not a guard): {@code -Dvigil.repro.singlenode=true},
 * {@code -Dvigil.repro.rounds=5}, {@code -Dvigil.repro.records=20000}. Each round prints one line
 * {@code ROUND r: duplicates d, missing m, stuck partitions s}; the test fails if any round broke.
 */
@EnabledIfSystemProperty(named = "vigil.repro.singlenode", matches = "true")
class SingleNodeTransactionsRepro {
  static final int ROUNDS = Integer.getInteger("vigil.repro.rounds", 3);
  static final int RECORDS = Integer.getInteger("vigil.repro.records", 20_000);
  static final int PARTITIONS = 4;

  /**
   * The same outside JUnit, e.g. while the build directory is busy: {@code java -cp <test class
   * path> dev.vigil.app.fault.SingleNodeTransactionsRepro}.
   */
  public static void main(String[] args) throws Exception {
    new SingleNodeTransactionsRepro()
        .sigkillOfTheOnlyNodeWhileACopierCommits(
            java.nio.file.Files.createTempDirectory("vigil-single-node-repro"));
  }

  @Test
  void sigkillOfTheOnlyNodeWhileACopierCommits(@TempDir Path dir) throws Exception {
    List<String> broken = new ArrayList<>();
    for (int round = 1; round <= ROUNDS; round++) {
      String result = round(dir.resolve("round-" + round), round);
      System.out.println("ROUND " + round + ": " + result);
      if (!result.startsWith("duplicates 0, missing 0, stuck partitions 0")) {
        broken.add(round + ": " + result);
      }
    }
    assertEquals(List.of(), broken, "rounds that broke exactly-once");
  }

  private String round(Path dir, int round) throws Exception {
    int port = freePort();
    try (BrokerCluster node =
        new BrokerCluster(
            1,
            port,
            dir,
            BrokerCluster.javaCommand(AppProcess.classpath(), BrokerCluster.defaultJvmOptions()))) {
      node.start(Duration.ofMinutes(2));
      String bootstrap = node.bootstrapServers();
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin
            .createTopics(
                List.of(
                    new NewTopic("in", PARTITIONS, (short) 1),
                    new NewTopic("out", PARTITIONS, (short) 1)))
            .all()
            .get(60, TimeUnit.SECONDS);
      }
      load(bootstrap);
      Copier copier = new Copier(bootstrap);
      Thread t = new Thread(copier, "copier");
      t.start();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (copier.copied.get() < RECORDS / 3 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      node.kill(1);
      System.out.printf(
          "round %d: node SIGKILLed after %d records copied%n", round, copier.copied.get());
      Thread.sleep(5_000);
      node.start(1, Duration.ofMinutes(2));
      boolean done = awaitCommitted(bootstrap, Duration.ofMinutes(3));
      copier.stop.set(true);
      t.join(60_000);
      return check(bootstrap) + (done ? "" : " (group never committed the whole input)");
    }
  }

  private static void load(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < RECORDS; i++) {
        byte[] v = Integer.toString(i).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>("in", i % PARTITIONS, v, v));
      }
      producer.flush();
    }
  }

  /**
   * The copier: poll, one transaction per poll with the outputs and the input offsets, commit. On
   * any error it starts over with a new consumer and producer (same transactional id), as a Streams
   * thread does after a fatal producer error, so the last committed offsets say where to resume.
   */
  static final class Copier implements Runnable {
    final String bootstrap;
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicLong copied = new AtomicLong();

    Copier(String bootstrap) {
      this.bootstrap = bootstrap;
    }

    @Override
    public void run() {
      while (!stop.get()) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, "copier");
            KafkaProducer<byte[], byte[]> producer = producer()) {
          consumer.subscribe(List.of("in"));
          producer.initTransactions();
          while (!stop.get()) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
            if (records.isEmpty()) {
              continue;
            }
            producer.beginTransaction();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
              byte[] id = (r.partition() + ":" + r.offset()).getBytes(StandardCharsets.UTF_8);
              producer.send(new ProducerRecord<>("out", r.partition(), id, r.value()));
              offsets.put(
                  new TopicPartition(r.topic(), r.partition()),
                  new OffsetAndMetadata(r.offset() + 1));
            }
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            copied.addAndGet(records.count());
          }
        } catch (Exception e) {
          System.out.println(
              "copier restarts after " + e.getClass().getSimpleName() + ": " + e.getMessage());
          try {
            Thread.sleep(1_000);
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }

    private KafkaProducer<byte[], byte[]> producer() {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "copier-1");
      p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "10000");
      p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
      return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
  }

  static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    if (group != null) {
      p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "200");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Waits until the copier's group has committed every input record. */
  private static boolean awaitCommitted(String bootstrap, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      while (System.nanoTime() < deadline) {
        try {
          long committed =
              admin
                  .listConsumerGroupOffsets("copier")
                  .partitionsToOffsetAndMetadata()
                  .get()
                  .values()
                  .stream()
                  .filter(o -> o != null)
                  .mapToLong(OffsetAndMetadata::offset)
                  .sum();
          if (committed >= RECORDS) {
            return true;
          }
        } catch (Exception e) {
          // broker or coordinator not back yet
        }
        Thread.sleep(500);
      }
    }
    return false;
  }

  /**
   * Reads {@code out} read_committed up to its last stable offset and counts each input; a
   * partition whose last stable offset stays below its high watermark for 30 s is stuck.
   */
  private static String check(String bootstrap) throws Exception {
    List<TopicPartition> parts = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      parts.add(new TopicPartition("out", p));
    }
    int stuck = 0;
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (true) {
        stuck = 0;
        for (TopicPartition tp : parts) {
          long hw = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all().get().get(tp).offset();
          long lso =
              admin
                  .listOffsets(
                      Map.of(tp, OffsetSpec.latest()),
                      new org.apache.kafka.clients.admin.ListOffsetsOptions(
                          org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
                  .all()
                  .get()
                  .get(tp)
                  .offset();
          if (lso < hw) {
            stuck++;
          }
        }
        if (stuck == 0 || System.nanoTime() > deadline) {
          break;
        }
        Thread.sleep(1_000);
      }
    }
    Map<String, Integer> seen = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> reader = consumer(bootstrap, null)) {
      reader.assign(parts);
      reader.seekToBeginning(parts);
      Map<TopicPartition, Long> end = reader.endOffsets(parts);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline
          && parts.stream().anyMatch(tp -> reader.position(tp) < end.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(500))) {
          seen.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
      }
    }
    long duplicates = seen.values().stream().mapToLong(n -> n - 1).sum();
    long missing = RECORDS - seen.size();
    return "duplicates " + duplicates + ", missing " + missing + ", stuck partitions " + stuck;
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
