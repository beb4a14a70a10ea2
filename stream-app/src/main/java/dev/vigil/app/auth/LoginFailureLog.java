package dev.vigil.app.auth;

import dev.vigil.app.concurrent.DaemonThreads;
import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.events.LoginFailure;
import dev.vigil.app.topics.KafkaClients;
import dev.vigil.app.topics.Topic;
import dev.vigil.app.topics.TopicTail;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login failures shared on {@code vigil.login.failures}: every instance writes the failures and
 * clears its {@link LoginGuard} counts, keyed by the keyed hash of the throttle key, and reads
 * every instance's (a {@link TopicTail}: no group, nothing committed, read errors retried), from
 * {@link LoginThrottle#MEMORY} back at start, then as they come. Records are written from a thread
 * of their own with a bounded queue: a login never waits for Kafka. When Kafka cannot be reached
 * the instance throttles with its own counts only, and says so once (WARN) until it can again.
 */
public final class LoginFailureLog implements SharedLoginFailures, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoginFailureLog.class);
  private static final int QUEUE = 10_000;

  private final Topic<String, LoginFailure> topic;
  private final byte[] key;
  private final KafkaProducer<String, LoginFailure> producer;
  private final TopicTail<String, LoginFailure> reader;
  private final ThreadPoolExecutor sender;
  private final List<Consumer<LoginFailure>> sinks = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean sendWarned = new AtomicBoolean();

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
    this.reader =
        new TopicTail<>(
                kafka,
                topic,
                TopicTail.Start.back(LoginThrottle.MEMORY),
                "login-failures-read",
                (k, r) -> deliver(r))
            .withClock(clock);
    this.sender =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            DaemonThreads.factory("login-failures-send"));
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
    reader.start();
    return this;
  }

  /** Tells every sink, each even when one before it throws; the reader counts what was thrown. */
  private void deliver(LoginFailure record) {
    RuntimeException failed = null;
    for (Consumer<LoginFailure> sink : sinks) {
      try {
        sink.accept(record);
      } catch (RuntimeException e) {
        if (failed == null) {
          failed = e;
        } else {
          failed.addSuppressed(e);
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    reader.close();
    sender.shutdown();
    try {
      sender.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
