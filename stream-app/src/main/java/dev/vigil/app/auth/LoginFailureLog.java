package dev.vigil.app.auth;

import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.events.LoginFailure;
import dev.vigil.app.topics.KafkaClients;
import dev.vigil.app.topics.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login failures shared on {@code vigil.login.failures}: every instance writes the failures and
 * clears its {@link LoginGuard} counts, keyed by the keyed hash of the throttle key, and reads
 * every instance's (no group, partitions assigned, nothing committed), from {@link
 * LoginThrottle#MEMORY} back at start, then as they come (a daemon thread). Records are written
 * from a thread of their own with a bounded queue: a login never waits for Kafka. When Kafka cannot
 * be reached the instance throttles with its own counts only, and says so once (WARN) until it can
 * again.
 */
public final class LoginFailureLog implements SharedLoginFailures, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoginFailureLog.class);
  private static final int QUEUE = 10_000;
  private static final Duration RETRY = Duration.ofSeconds(5);

  private final Topic<String, LoginFailure> topic;
  private final byte[] key;
  private final Clock clock;
  private final KafkaProducer<String, LoginFailure> producer;
  private final KafkaConsumer<String, LoginFailure> consumer;
  private final ThreadPoolExecutor sender;
  private final List<Consumer<LoginFailure>> sinks = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean sendWarned = new AtomicBoolean();
  private final AtomicBoolean readWarned = new AtomicBoolean();

  /**
   * @param key the key of the throttle keys' hashes, the same on every instance (derived from the
   *     master key for this purpose alone)
   */
  public LoginFailureLog(
      KafkaConnection kafka, Topic<String, LoginFailure> topic, byte[] key, Clock clock) {
    if (key == null || key.length < 16) {
      throw new IllegalArgumentException("login throttle key must be at least 16 bytes");
    }
    this.topic = topic;
    this.key = key.clone();
    this.clock = clock;
    this.producer =
        KafkaClients.producer(
            kafka,
            topic,
            Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000"));
    this.consumer =
        KafkaClients.consumer(
            kafka,
            topic,
            Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"));
    this.sender =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "login-failures-send");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public String keyOf(String throttleKey) {
    return SharedLoginFailures.hmac(key, throttleKey);
  }

  @Override
  public void subscribe(Consumer<LoginFailure> sink) {
    sinks.add(sink);
  }

  @Override
  public void publish(LoginFailure record) {
    if (closed.get()) {
      return;
    }
    try {
      sender.execute(() -> send(record));
    } catch (RejectedExecutionException e) {
      sendFailed("too many waiting to be written");
    }
  }

  private void send(LoginFailure record) {
    try {
      producer.send(
          new ProducerRecord<>(topic.name(), record.key(), record),
          (meta, e) -> {
            if (e != null) {
              sendFailed(e.toString());
            } else if (sendWarned.compareAndSet(true, false)) {
              LOG.info("login failures are shared on {} again", topic.name());
            }
          });
    } catch (RuntimeException e) {
      sendFailed(e.toString());
    }
  }

  private void sendFailed(String why) {
    if (!closed.get() && sendWarned.compareAndSet(false, true)) {
      LOG.warn(
          "login failures not shared on {} ({}): other instances do not see this one's until"
              + " Kafka is back; logins are still throttled here",
          topic.name(),
          why);
    }
  }

  /** Starts reading (a daemon thread). */
  public LoginFailureLog start() {
    if (!started.compareAndSet(false, true)) {
      return this;
    }
    Thread t = new Thread(this::run, "login-failures-read");
    t.setDaemon(true);
    t.start();
    return this;
  }

  private void run() {
    try (consumer) {
      while (!closed.get()) {
        try {
          read();
        } catch (WakeupException e) {
          return;
        } catch (RuntimeException e) {
          if (closed.get()) {
            return;
          }
          if (readWarned.compareAndSet(false, true)) {
            LOG.warn(
                "cannot read {} ({}): failures counted on other instances do not count here;"
                    + " retrying",
                topic.name(),
                e.toString());
          }
          try {
            Thread.sleep(RETRY.toMillis());
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    }
  }

  /** Assigns every partition from {@link LoginThrottle#MEMORY} back (once), then hands on. */
  private void read() {
    if (consumer.assignment().isEmpty()) {
      List<TopicPartition> parts = List.of();
      while (!closed.get() && parts.isEmpty()) {
        var infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10));
        parts =
            infos == null
                ? List.of()
                : infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      }
      if (closed.get()) {
        return;
      }
      long from = clock.millis() - LoginThrottle.MEMORY.toMillis();
      Map<TopicPartition, Long> times = new HashMap<>();
      parts.forEach(p -> times.put(p, from));
      Map<TopicPartition, OffsetAndTimestamp> offsets =
          consumer.offsetsForTimes(times, Duration.ofSeconds(10));
      consumer.assign(parts);
      for (TopicPartition p : parts) {
        OffsetAndTimestamp o = offsets.get(p);
        if (o == null) {
          consumer.seekToEnd(List.of(p));
        } else {
          consumer.seek(p, o.offset());
        }
        consumer.position(p, Duration.ofSeconds(10));
      }
      if (readWarned.compareAndSet(true, false)) {
        LOG.info("reading {} again", topic.name());
      }
    }
    while (!closed.get()) {
      org.apache.kafka.clients.consumer.ConsumerRecords<String, LoginFailure> records;
      try {
        records = consumer.poll(Duration.ofSeconds(1));
      } catch (RecordDeserializationException e) {
        LOG.debug("an unreadable record of {} skipped: {}", topic.name(), e.toString());
        consumer.seek(e.topicPartition(), e.offset() + 1);
        continue;
      }
      for (ConsumerRecord<String, LoginFailure> r : records) {
        for (Consumer<LoginFailure> sink : sinks) {
          try {
            sink.accept(r.value());
          } catch (RuntimeException e) {
            LOG.debug("a record of {} skipped: {}", topic.name(), e.toString());
          }
        }
      }
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (started.get()) {
      consumer.wakeup(); // the reading thread closes it
    } else {
      consumer.close();
    }
    sender.shutdown();
    try {
      sender.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
