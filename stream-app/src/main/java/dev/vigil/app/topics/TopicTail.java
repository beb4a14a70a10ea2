package dev.vigil.app.topics;

import dev.vigil.app.config.KafkaConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one catalog {@link Topic} in a daemon thread of its own and hands each
 * record to a sink: no consumer group (partitions assigned, nothing committed), {@code
 * read_committed}, so every instance that runs one sees the whole topic from its {@link Start}.
 *
 * <p>What it keeps doing through trouble:
 *
 * <ul>
 *   <li>The partitions are looked up and the start resolved on the reader thread, so {@link
 *       #start()} does not wait for Kafka (except for {@link Start#end()}, see there).
 *   <li>Any read error (Kafka unreachable when the partitions are looked up, a failed poll) is
 *       retried with a backoff, the consumer made anew each time, with one WARN per outage and one
 *       INFO when reading resumes. The reader knows the next offset of each partition (the last
 *       record handed on, plus one; the resolved start where none was), and the new consumer starts
 *       there: no record is handed on twice, and none is skipped that the topic still holds.
 *   <li>A record the sink throws on, or that cannot be deserialized, is skipped and counted ({@link
 *       #skipped()}); each kind of failure is logged once, by its class only, since a message may
 *       quote the record.
 * </ul>
 *
 * <p>Partitions are looked up once: partitions added to the topic later are not read until the
 * instance restarts. Configured by its constructor and the {@code with...} methods, which return a
 * new, unstarted tail; a tail starts once and stops for good at {@link #close()}.
 */
public final class TopicTail<K, V> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicTail.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration LOOKUP = Duration.ofSeconds(10);
  private static final Duration JOIN = Duration.ofSeconds(5);

  /** How long {@link #start()} waits for the start of a {@link Start#end()} tail to be fixed. */
  public static final Duration START_WAIT = Duration.ofSeconds(10);

  /** Where a tail starts reading. */
  public sealed interface Start {
    /** The oldest record each partition still holds. */
    static Start beginning() {
      return new Beginning();
    }

    /**
     * Where each partition ends (its last stable offset) when the tail starts: only what is written
     * after. The ends are read on the reader thread, and {@link #start()} waits up to {@link
     * #START_WAIT} for them, so that for a caller counting "what came after this instance started"
     * nothing written once {@code start()} has returned is missed, and nothing written before it
     * was called is counted. Offsets are exact where time is not (a record's timestamp is its
     * writer's clock), hence ends and not "records since now". If Kafka cannot be reached in that
     * time, {@code start()} returns anyway and the tail starts, once it reaches Kafka, at the first
     * records whose timestamp is at or after the moment {@code start()} was called: an end read
     * later would skip what was written meanwhile, and the timestamp is the best remaining account
     * of that moment.
     */
    static Start end() {
      return new End();
    }

    /**
     * The first records whose timestamp is at or after {@code ago} before the moment {@link
     * #start()} was called (by the tail's clock); a partition with none starts at its end.
     */
    static Start back(Duration ago) {
      return new Back(ago);
    }
  }

  private record Beginning() implements Start {}

  private record End() implements Start {}

  private record Back(Duration ago) implements Start {
    Back {
      Objects.requireNonNull(ago, "ago");
    }
  }

  private static final int PENDING = 0;
  private static final int FIXED = 1;
  private static final int LATE = 2;

  private final KafkaConnection kafka;
  private final Topic<K, V> topic;
  private final Start start;
  private final String threadName;
  private final BiConsumer<? super K, ? super V> sink;
  private final Clock clock;
  private final Duration minBackoff;
  private final Duration maxBackoff;
  private final Function<Map<String, Object>, Consumer<K, V>> consumers;

  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final CountDownLatch fixed = new CountDownLatch(1);
  private final AtomicInteger startState = new AtomicInteger(PENDING);
  private final LongAdder skipped = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final Set<String> loggedKinds = ConcurrentHashMap.newKeySet();
  private volatile Consumer<K, V> current;
  private volatile Thread thread;
  private volatile long startedAt;

  /**
   * @param threadName the reader thread's name, which its log lines carry
   * @param sink told of each record's key and value, in offset order within a partition, on the
   *     reader thread
   */
  public TopicTail(
      KafkaConnection kafka,
      Topic<K, V> topic,
      Start start,
      String threadName,
      BiConsumer<? super K, ? super V> sink) {
    this(
        kafka,
        topic,
        start,
        threadName,
        sink,
        Clock.systemUTC(),
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        null);
  }

  private TopicTail(
      KafkaConnection kafka,
      Topic<K, V> topic,
      Start start,
      String threadName,
      BiConsumer<? super K, ? super V> sink,
      Clock clock,
      Duration minBackoff,
      Duration maxBackoff,
      Function<Map<String, Object>, Consumer<K, V>> consumers) {
    this.kafka = Objects.requireNonNull(kafka, "kafka");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.start = Objects.requireNonNull(start, "start");
    this.threadName = Objects.requireNonNull(threadName, "threadName");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.minBackoff = minBackoff;
    this.maxBackoff = maxBackoff;
    this.consumers =
        consumers != null ? consumers : own -> KafkaClients.consumer(kafka, topic, own);
  }

  /** This tail with {@code clock} for {@link Start#back} and {@link Start#end}'s fallback. */
  public TopicTail<K, V> withClock(Clock clock) {
    return new TopicTail<>(
        kafka, topic, start, threadName, sink, clock, minBackoff, maxBackoff, consumers);
  }

  /** This tail retrying after {@code min}, doubling up to {@code max} while an outage lasts. */
  public TopicTail<K, V> withBackoff(Duration min, Duration max) {
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("backoff must be 0 < min <= max: " + min + ", " + max);
    }
    return new TopicTail<>(kafka, topic, start, threadName, sink, clock, min, max, consumers);
  }

  /** This tail making its consumers with {@code consumers} (given their settings): for tests. */
  TopicTail<K, V> withConsumers(Function<Map<String, Object>, Consumer<K, V>> consumers) {
    return new TopicTail<>(
        kafka, topic, start, threadName, sink, clock, minBackoff, maxBackoff, consumers);
  }

  /**
   * Starts the reader thread (once; a closed tail stays closed). Returns at once, except for {@link
   * Start#end()}, where it waits up to {@link #START_WAIT} for the start to be fixed.
   */
  public TopicTail<K, V> start() {
    if (closed.get() || !started.compareAndSet(false, true)) {
      return this;
    }
    startedAt = clock.millis();
    Thread t = new Thread(this::run, threadName);
    t.setDaemon(true);
    thread = t;
    t.start();
    if (start instanceof End) {
      try {
        fixed.await(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (startState.compareAndSet(PENDING, LATE)) {
        LOG.warn(
            "{}: {} not reached in {}; reading from the records stamped since start when it is",
            threadName,
            topic.name(),
            START_WAIT);
      }
    }
    return this;
  }

  /** Records skipped: ones the sink threw on, and ones that could not be deserialized. */
  public long skipped() {
    return skipped.sum();
  }

  /** Read errors retried so far (not outages: every failed attempt counts). */
  long failures() {
    return failures.sum();
  }

  private void run() {
    Map<TopicPartition, Long> next = null; // the next offset to hand on, per partition
    Duration backoff = minBackoff;
    boolean failing = false;
    while (!closed.get()) {
      Consumer<K, V> c = null;
      try {
        c = consumers.apply(settings());
        current = c;
        if (closed.get()) {
          return; // close() may have woken the previous consumer, not this one
        }
        if (next == null) {
          next = resolveStart(c);
        }
        c.assign(next.keySet());
        next.forEach(c::seek);
        while (!closed.get()) {
          ConsumerRecords<K, V> records;
          try {
            records = c.poll(POLL);
          } catch (RecordDeserializationException e) {
            skip("unreadable", e);
            next.put(e.topicPartition(), e.offset() + 1);
            c.seek(e.topicPartition(), e.offset() + 1);
            continue;
          }
          if (failing) {
            failing = false;
            backoff = minBackoff;
            LOG.info("{}: reading {} again", threadName, topic.name());
          }
          for (ConsumerRecord<K, V> r : records) {
            try {
              sink.accept(r.key(), r.value());
            } catch (RuntimeException e) {
              skip("refused", e);
            }
            next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
          }
        }
      } catch (RuntimeException e) {
        if (closed.get()) {
          return; // the wakeup of close(), or an error it caused
        }
        failures.increment();
        if (!failing) {
          failing = true;
          LOG.warn(
              "{}: cannot read {} ({}); retrying, from where it stood",
              threadName,
              topic.name(),
              e.toString());
        } else {
          LOG.debug("{}: still cannot read {}: {}", threadName, topic.name(), e.toString());
        }
      } finally {
        if (c != null) {
          closeQuietly(c);
        }
      }
      try {
        if (stop.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
      Duration doubled = backoff.multipliedBy(2);
      backoff = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    }
  }

  private Map<String, Object> settings() {
    return Map.of(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
        // Only used when a position is gone (retention deleted it while reading was down):
        // the oldest left is the nearest to it, and nothing the topic holds is skipped.
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
  }

  /** The partitions and the offset each starts at; throws (and is retried) until Kafka answers. */
  private Map<TopicPartition, Long> resolveStart(Consumer<K, V> c) {
    List<PartitionInfo> infos = c.partitionsFor(topic.name(), LOOKUP);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("no partitions of " + topic.name() + " found");
    }
    List<TopicPartition> parts =
        infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    Map<TopicPartition, Long> offsets;
    if (start instanceof Beginning) {
      offsets = new HashMap<>(c.beginningOffsets(parts, LOOKUP));
    } else if (start instanceof Back back) {
      offsets = fromTime(c, parts, startedAt - back.ago().toMillis());
    } else {
      Map<TopicPartition, Long> ends = new HashMap<>(c.endOffsets(parts, LOOKUP));
      if (startState.compareAndSet(PENDING, FIXED)) {
        offsets = ends;
      } else {
        offsets = fromTime(c, parts, startedAt);
      }
      fixed.countDown();
    }
    return offsets;
  }

  private Map<TopicPartition, Long> fromTime(
      Consumer<K, V> c, List<TopicPartition> parts, long millis) {
    Map<TopicPartition, Long> times = new HashMap<>();
    parts.forEach(p -> times.put(p, millis));
    Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(times, LOOKUP);
    Map<TopicPartition, Long> ends = c.endOffsets(parts, LOOKUP);
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (TopicPartition p : parts) {
      OffsetAndTimestamp o = found.get(p);
      offsets.put(p, o == null ? ends.get(p) : o.offset());
    }
    return offsets;
  }

  private void skip(String kind, RuntimeException e) {
    skipped.increment();
    if (loggedKinds.add(kind + " " + e.getClass().getName())) {
      LOG.warn(
          "{}: a record of {} skipped, {} ({}); further ones like it are counted only",
          threadName,
          topic.name(),
          kind,
          e.getClass().getName());
    }
    LOG.debug("{}: a record of {} skipped: {}", threadName, topic.name(), e.toString());
  }

  private static void closeQuietly(Consumer<?, ?> c) {
    try {
      c.close();
    } catch (RuntimeException e) {
      LOG.debug("closing a consumer: {}", e.toString());
    }
  }

  /** Stops reading: wakes the consumer and waits briefly for the thread to end. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stop.countDown();
    Consumer<K, V> c = current;
    if (c != null) {
      try {
        c.wakeup();
      } catch (RuntimeException e) {
        LOG.debug("waking a consumer: {}", e.toString());
      }
    }
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(JOIN.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
