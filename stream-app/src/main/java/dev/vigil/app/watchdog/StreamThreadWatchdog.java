package dev.vigil.app.watchdog;

import dev.vigil.app.concurrent.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a stuck stream thread (see {@link StuckThreads} for what stuck means and why): polls
 * {@link KafkaStreams#metrics()} on a daemon thread, feeds the state machine, and carries out its
 * replacements with {@link KafkaStreams#addStreamThread()} and {@link
 * KafkaStreams#removeStreamThread(Duration)}.
 *
 * <p>The metrics read, per stream thread {@code T} (Kafka Streams 4.4): {@code commit-total},
 * {@code process-total} and {@code thread-start-time} of group {@code stream-thread-metrics} with
 * tag {@code thread-id=T}, and {@code record-retry-total} and {@code record-error-total} of group
 * {@code producer-metrics} with tag {@code client-id=T-producer} (the thread's exactly-once
 * producer).
 *
 * <p><b>Which thread goes.</b> {@code removeStreamThread} cannot be told which thread to remove: it
 * removes the oldest live stream thread (the first alive in the client's list, which new threads
 * join at the end; read in the 4.4.0 bytecode of {@code KafkaStreams.removeStreamThread(long)} and
 * {@code createAndAddStreamThread}). So a replacement adds a thread first, then removes the oldest,
 * and repeats until the removed thread is the stuck one: with one stream thread (Vigil's default)
 * that is exactly one add and one remove; with {@code num.stream.threads} above one, every healthy
 * thread older than the stuck one is replaced on the way (a clean shutdown each, committing its
 * work, and one rebalance each). Adding first also means the instance never runs with no stream
 * thread, and the new thread, being the youngest, is never the one removed. A new thread takes the
 * lowest free index, so it may carry a removed thread's name (replacing {@code StreamThread-2} of
 * two leaves {@code StreamThread-3} and a new {@code StreamThread-1}).
 */
public final class StreamThreadWatchdog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamThreadWatchdog.class);

  static final String THREAD_GROUP = "stream-thread-metrics";
  static final String PRODUCER_GROUP = "producer-metrics";
  static final String PRODUCER_SUFFIX = "-producer";

  /**
   * How long one removal may wait for the old thread to stop: the stuck thread may first have to
   * let its producer's batches expire (two minutes, {@code VigilApp.PRODUCER_DELIVERY_TIMEOUT_MS})
   * before it closes.
   */
  static final Duration REMOVE_TIMEOUT = Duration.ofMinutes(5);

  /** Called once per stuck thread replaced. */
  public interface Listener {
    void replaced(StuckThreads.Replace replace);
  }

  private final KafkaStreams streams;
  private final StuckThreads rule;
  private final Clock clock;
  private final Listener listener;
  private final ScheduledExecutorService timer;
  private StuckThreads.State state = StuckThreads.State.initial();

  public StreamThreadWatchdog(
      KafkaStreams streams, StuckThreads rule, Clock clock, Listener listener) {
    this.streams = streams;
    this.rule = rule;
    this.clock = clock;
    this.listener = listener;
    this.timer = DaemonThreads.scheduler("vigil-stream-thread-watchdog");
  }

  /** How often the metrics are read: a twelfth of the window, between 1 and 5 seconds. */
  static Duration pollInterval(Duration window) {
    long ms = Math.max(1_000, Math.min(5_000, window.toMillis() / 12));
    return Duration.ofMillis(ms);
  }

  public StreamThreadWatchdog start() {
    long every = pollInterval(rule.window()).toMillis();
    timer.scheduleWithFixedDelay(this::pollSafely, every, every, TimeUnit.MILLISECONDS);
    LOG.info(
        "stream-thread watchdog on: a thread whose producer retries without a commit for {} s is"
            + " replaced",
        rule.window().toSeconds());
    return this;
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      // A failed poll must not end the schedule; the next one starts from the same state.
      LOG.warn("stream-thread watchdog poll failed: {}", e.toString());
    }
  }

  /** One poll: read, decide, act. Runs on the watchdog's thread (or a test's). */
  synchronized void poll() {
    KafkaStreams.State s = streams.state();
    if (s != KafkaStreams.State.RUNNING && s != KafkaStreams.State.REBALANCING) {
      // Starting, stopping or failed: nothing to judge, and threads cannot be added or removed.
      state = StuckThreads.State.initial();
      return;
    }
    StuckThreads.Step step = rule.step(state, samples(streams.metrics()), clock.instant());
    state = step.state();
    for (StuckThreads.Replace r : step.actions()) {
      replace(r);
    }
  }

  /**
   * Every stream thread's sample in {@code metrics}: the threads that report {@code commit-total};
   * a producer metric not (yet) there counts as 0.
   */
  static Map<String, StuckThreads.Sample> samples(Map<MetricName, ? extends Metric> metrics) {
    Map<String, Readings> byThread = new HashMap<>();
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
      MetricName n = e.getKey();
      String thread = threadOf(n);
      if (thread != null) {
        byThread.computeIfAbsent(thread, t -> new Readings()).read(n, e.getValue());
      }
    }
    Map<String, StuckThreads.Sample> out = new HashMap<>();
    byThread.forEach(
        (thread, r) -> {
          if (!Double.isNaN(r.commits)) {
            out.put(thread, r.sample());
          }
        });
    return out;
  }

  /** The stream thread a metric is about: its own thread metrics, or its producer's. */
  private static String threadOf(MetricName n) {
    if (THREAD_GROUP.equals(n.group())) {
      return n.tags().get("thread-id");
    }
    String client = n.tags().get("client-id");
    if (PRODUCER_GROUP.equals(n.group()) && client != null && client.endsWith(PRODUCER_SUFFIX)) {
      return client.substring(0, client.length() - PRODUCER_SUFFIX.length());
    }
    return null;
  }

  /**
   * One thread's counters as read so far; NaN until read. A thread without {@code commit-total} is
   * not a live stream thread and gets no sample.
   */
  private static final class Readings {
    double commits = Double.NaN;
    double processed = Double.NaN;
    double retries = Double.NaN;
    double errors = Double.NaN;
    double startedAt = Double.NaN;

    /** Reads {@code metric}'s value if it is one of the five; the others are not evaluated. */
    void read(MetricName name, Metric metric) {
      if (THREAD_GROUP.equals(name.group())) {
        switch (name.name()) {
          case "commit-total" -> commits = number(metric);
          case "process-total" -> processed = number(metric);
          case "thread-start-time" -> startedAt = number(metric);
          default -> {}
        }
      } else {
        switch (name.name()) {
          case "record-retry-total" -> retries = number(metric);
          case "record-error-total" -> errors = number(metric);
          default -> {}
        }
      }
    }

    StuckThreads.Sample sample() {
      return new StuckThreads.Sample(
          commits, orZero(processed), orZero(retries), orZero(errors), (long) orZero(startedAt));
    }
  }

  private static double orZero(double v) {
    return Double.isNaN(v) ? 0 : v;
  }

  private static double number(Metric m) {
    Object v = m.metricValue();
    return v instanceof Number n && Double.isFinite(n.doubleValue())
        ? Math.max(0, n.doubleValue())
        : Double.NaN;
  }

  /**
   * Replaces {@code r.threadId()}: adds a thread, removes the oldest, until the stuck one is gone
   * (see the class comment); at most as many rounds as there are live threads.
   */
  void replace(StuckThreads.Replace r) {
    LOG.warn(
        "stream thread {} is stuck: its producer retried {} times and failed {} records in {} s"
            + " while the thread committed nothing (commit-total {}, process-total {}); replacing it"
            + " with a new thread (new producer)",
        r.threadId(),
        (long) r.retriesDuringStall(),
        (long) r.errorsDuringStall(),
        r.stalledFor().toSeconds(),
        (long) r.commits(),
        (long) r.processed());
    int rounds = streams.metadataForLocalThreads().size();
    for (int i = 0; i < rounds; i++) {
      Optional<String> added = streams.addStreamThread();
      if (added.isEmpty()) {
        LOG.warn("stream thread {} not replaced: no thread could be added", r.threadId());
        return;
      }
      Optional<String> removed;
      try {
        removed = streams.removeStreamThread(REMOVE_TIMEOUT);
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        // The thread was told to stop and will; it has not yet. Its name is in the message
        // ("Thread T did not stop in the allotted time").
        LOG.warn("stream thread removal timed out after {}: {}", REMOVE_TIMEOUT, e.getMessage());
        if (String.valueOf(e.getMessage()).contains("Thread " + r.threadId() + " ")) {
          listener.replaced(r);
        }
        return;
      }
      if (removed.isEmpty()) {
        LOG.warn("stream thread {} not replaced: no thread could be removed", r.threadId());
        return;
      }
      if (removed.get().equals(r.threadId())) {
        LOG.info("stream thread {} replaced by {}", r.threadId(), added.get());
        listener.replaced(r);
        return;
      }
      LOG.info(
          "stream thread {} replaced by {} on the way to {} (threads can only be removed oldest"
              + " first)",
          removed.get(),
          added.get(),
          r.threadId());
    }
    LOG.warn("stream thread {} was not among the threads removed", r.threadId());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
