package dev.vigil.app.metrics;

import dev.vigil.app.concurrent.DaemonThreads;
import dev.vigil.app.events.DecisionEvent;
import dev.vigil.app.review.AccessMonitor;
import dev.vigil.app.review.QueueView;
import dev.vigil.app.topology.ModerationListener;
import dev.vigil.app.topology.PoisonRecords;
import dev.vigil.app.topology.ReviewListener;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Match;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Every metric Vigil exports, bound in one place. Labels are bounded: actions, categories and rule
 * ids come from the rule pack, reasons from a fixed list. No post id, author or text ever becomes a
 * label.
 */
public final class VigilMetrics implements ModerationListener, ReviewListener {
  private static final Duration[] LATENCY_SLOS = {
    Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50),
    Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
    Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
    Duration.ofSeconds(60), Duration.ofMinutes(5)
  };

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer decisionLatency;
  private final Duration defaultBlockDeadline;
  private final Map<String, Duration> blockDeadlines;

  /** A human decision takes minutes to hours: buckets up to a day. */
  private static final Duration[] REVIEW_SLOS = {
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(5),
    Duration.ofMinutes(15),
    Duration.ofMinutes(30),
    Duration.ofHours(1),
    Duration.ofHours(2),
    Duration.ofHours(4),
    Duration.ofHours(8),
    Duration.ofHours(24)
  };

  private final AtomicInteger streamsRunning = new AtomicInteger();
  private final Counter streamThreadReplacements;
  private final Map<String, AtomicInteger> circuits =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Counter> postsCounters = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Counter> ruleHitCounters =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Timer> decisionTimers = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Timer> blockTimers = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Kafka clients create per-partition metrics (consumer records_lag) only once a partition is
   * assigned, and Micrometer binds new Kafka metrics at each refresh: every 10 s rather than its
   * default 60 s, so that lag of partitions moved by a rebalance shows up on /metrics quickly.
   */
  private static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

  private final ScheduledExecutorService kafkaMetricsRefresh =
      DaemonThreads.scheduler("vigil-kafka-metrics-refresh");
  private volatile Set<String> deprecatedTopicTags = Set.of();
  private Meter.Id rulePackInfo;
  private KafkaStreamsMetrics streamsMetrics;

  /**
   * @param defaultBlockDeadline how long from submission to block the law's "at once" may take, by
   *     default
   * @param blockDeadlines per top-level category overrides, e.g. {@code fraud -> 2s}
   */
  public VigilMetrics(Duration defaultBlockDeadline, Map<String, Duration> blockDeadlines) {
    this.defaultBlockDeadline = defaultBlockDeadline;
    this.blockDeadlines = Map.copyOf(blockDeadlines);
    registry
        .config()
        .meterFilter(
            MeterFilter.deny(
                id -> {
                  String topic = id.getTag("topic");
                  return topic != null
                      && id.getName().startsWith("kafka.consumer.fetch.manager.")
                      && deprecatedTopicTags.contains(topic);
                }));
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    decisionLatency =
        Timer.builder("vigil.decision.latency")
            .description("Time the engine takes to decide one post")
            .serviceLevelObjectives(
                Duration.ofNanos(10_000),
                Duration.ofNanos(50_000),
                Duration.ofNanos(100_000),
                Duration.ofNanos(500_000),
                Duration.ofMillis(1),
                Duration.ofMillis(5),
                Duration.ofMillis(10),
                Duration.ofMillis(50),
                Duration.ofMillis(100))
            .register(registry);
    Gauge.builder("vigil.streams.running", streamsRunning, AtomicInteger::get)
        .description("1 while the Kafka Streams client is RUNNING, else 0")
        .register(registry);
    streamThreadReplacements =
        Counter.builder("vigil.stream.thread.replacements")
            .description(
                "Stream threads the watchdog replaced because their producer kept retrying while"
                    + " they committed nothing")
            .register(registry);
    Counter.builder("vigil.rulepack.reloads").tag("result", "success").register(registry);
    Counter.builder("vigil.rulepack.reloads").tag("result", "failure").register(registry);
    for (AccessMonitor.Kind k : AccessMonitor.Kind.values()) {
      Counter.builder("vigil.access.alerts").tag("kind", k.action()).register(registry);
    }
    registerReviewSeries();
    for (dev.vigil.core.post.PostError e : dev.vigil.core.post.PostError.values()) {
      registry.counter("vigil.deadletters", "reason", e.code());
    }
    registry.counter("vigil.deadletters", "reason", PoisonRecords.PROCESSING_ERROR);
    registry.counter("vigil.deadletters", "reason", PoisonRecords.OUTPUT_TOO_LARGE);
    postsCounter("ALLOW", "none");
    registry.counter("vigil.rescan.posts");
    Gauge.builder("vigil.rescan.remaining", rescanRemaining, AtomicLong::get)
        .description(
            "Published posts this instance still has to rescan (0 when no rescan is running)")
        .register(registry);
  }

  private final AtomicLong rescanRemaining = new AtomicLong();

  /** The stream-thread watchdog replaced a stuck stream thread. */
  public void streamThreadReplaced() {
    streamThreadReplacements.increment();
  }

  /** One published post run through a rescan's changed rules. */
  public void rescanned() {
    registry.counter("vigil.rescan.posts").increment();
  }

  /** A rescan's changed rule {@code ruleId} flagged a published post. */
  public void rescanHit(String ruleId) {
    registry.counter("vigil.rescan.hits", "rule", ruleId).increment();
  }

  /** Posts this instance's running rescan still has to read (0 when none runs). */
  public void rescanRemaining(long posts) {
    rescanRemaining.set(Math.max(0, posts));
  }

  private Counter postsCounter(String action, String category) {
    return postsCounters.computeIfAbsent(
        action + '\u0000' + category,
        k -> registry.counter("vigil.posts", "action", action, "category", category));
  }

  /**
   * Every counter an alert or dashboard names, at 0 for each category the pack declares (and each
   * of its subcategories) from the start, as Prometheus advises: {@code rate()} and {@code
   * increase()} then see a category's first block or first missed deadline, and an alert on a
   * counter need not also ask whether it exists. Called at start and when a new pack goes live.
   *
   * @param categories declared top-level category names with their subcategories
   * @param reportMode the mode reports are filed in ({@code sandbox} or {@code production})
   */
  public void knownCategories(Map<String, List<String>> categories, String reportMode) {
    for (Map.Entry<String, List<String>> e : categories.entrySet()) {
      List<String> labels = new java.util.ArrayList<>();
      labels.add(e.getKey());
      e.getValue().forEach(sub -> labels.add(e.getKey() + "/" + sub));
      for (String c : labels) {
        postsCounter("REVIEW", c);
        postsCounter("BLOCK", c);
        registry.counter("vigil.block.deadline.missed", "category", c);
        registry.counter("vigil.reports", "mode", reportMode, "category", c);
      }
    }
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void decided(DecisionEvent d, long engineNanos) {
    decisionLatency.record(engineNanos, TimeUnit.NANOSECONDS);
    String category = d.categories().isEmpty() ? "none" : d.categories().first();
    String action = d.action().name();
    // Meters are looked up once per label set and kept: building a meter id per post costs more
    // than counting.
    postsCounter(action, category).increment();
    for (Match m : d.matches()) {
      String mode = m.shadow() ? "shadow" : "enforce";
      ruleHitCounters
          .computeIfAbsent(
              m.ruleId() + '\u0000' + mode,
              k -> registry.counter("vigil.rule.hits", "rule", m.ruleId(), "mode", mode))
          .increment();
    }
    long elapsedMs = d.latencyMs();
    decisionTimers
        .computeIfAbsent(
            category,
            c -> histogram("vigil.submit.to.decision", "Time from submission to decision", c))
        .record(elapsedMs, TimeUnit.MILLISECONDS);
    if (d.action() == Action.BLOCK) {
      blockTimers
          .computeIfAbsent(
              category,
              c ->
                  histogram(
                      "vigil.submit.to.block",
                      "Time from submission to block (the law's 'at once')",
                      c))
          .record(elapsedMs, TimeUnit.MILLISECONDS);
      if (elapsedMs > blockDeadline(category).toMillis()) {
        registry.counter("vigil.block.deadline.missed", "category", category).increment();
      }
    }
  }

  /**
   * Counts an access alert ({@code vigil_access_alerts_total{kind}}): a console user read or
   * revealed more personal information in an hour than the monitor allows. The user is in the audit
   * entry, not in a label.
   */
  public void accessAlert(AccessMonitor.Alert alert) {
    accessAlert(alert.kind());
  }

  /**
   * Counts an access alert of {@code kind}; for {@code evidence.export}, one the export tool wrote
   * to the audit log (see {@code review.ExportAlertWatch}).
   */
  public void accessAlert(AccessMonitor.Kind kind) {
    registry.counter("vigil.access.alerts", "kind", kind.action()).increment();
  }

  /** Records a report emitted to the regulator topic. */
  public void reported(String mode, String category) {
    registry.counter("vigil.reports", "mode", mode, "category", category).increment();
  }

  @Override
  public void deadLettered(String reason) {
    registry.counter("vigil.deadletters", "reason", reason).increment();
  }

  /**
   * The deadline for {@code category}: the override of its top-level category, else the default.
   */
  public Duration blockDeadline(String category) {
    int slash = category.indexOf('/');
    String top = slash < 0 ? category : category.substring(0, slash);
    return blockDeadlines.getOrDefault(top, defaultBlockDeadline);
  }

  private Timer histogram(String name, String description, String category) {
    return Timer.builder(name)
        .description(description)
        .tag("category", category)
        .serviceLevelObjectives(LATENCY_SLOS)
        .register(registry);
  }

  /** A new pack became active. */
  public synchronized void rulePackActivated(String version) {
    if (rulePackInfo != null) {
      registry.remove(rulePackInfo);
    }
    rulePackInfo =
        Gauge.builder("vigil.rulepack.info", () -> 1)
            .description("The active rule pack; its version is the label")
            .tags(Tags.of("version", version))
            .register(registry)
            .getId();
  }

  public void rulePackReload(boolean success) {
    registry
        .counter("vigil.rulepack.reloads", "result", success ? "success" : "failure")
        .increment();
  }

  /** A rule was demoted to shadow by the circuit breaker ({@code open}) or restored. */
  public void ruleCircuit(String ruleId, boolean open) {
    circuits
        .computeIfAbsent(
            ruleId,
            id -> {
              AtomicInteger state = new AtomicInteger();
              Gauge.builder("vigil.rule.circuit.open", state, AtomicInteger::get)
                  .description("1 while the circuit breaker holds the rule in shadow")
                  .tag("rule", id)
                  .register(registry);
              return state;
            })
        .set(open ? 1 : 0);
    if (open) {
      registry.counter("vigil.rule.circuit.trips", "rule", ruleId).increment();
    }
  }

  /** Binds a gauge whose value is read from {@code obj} at scrape time. */
  public <T> void gauge(
      String name, String description, Tags tags, T obj, ToDoubleFunction<T> value) {
    Gauge.builder(name, obj, value).description(description).tags(tags).register(registry);
  }

  /**
   * Kafka's consumer reports the fetch metrics of a topic whose name contains a dot twice: under
   * its name and, deprecated, with dots replaced by underscores ({@code posts.submitted} and {@code
   * posts_submitted}). Summed over topics, as dashboards and alerts do, every partition's lag would
   * count twice; so the deprecated copies of {@code topicNames} are dropped (by a filter registered
   * before any meter). Call before {@link #bindStreams}.
   */
  public void dropDeprecatedTopicMetrics(Collection<String> topicNames) {
    deprecatedTopicTags =
        topicNames.stream()
            .filter(t -> t.indexOf('.') >= 0)
            .map(t -> t.replace('.', '_'))
            .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Binds the Kafka Streams client's own metrics (threads, tasks, consumer lag, producer) and its
   * state.
   */
  public synchronized void bindStreams(KafkaStreams streams) {
    if (streamsMetrics != null) {
      streamsMetrics.close();
    }
    streamsMetrics =
        new KafkaStreamsMetrics(streams, Tags.empty(), kafkaMetricsRefresh, KAFKA_METRICS_REFRESH);
    streamsMetrics.bindTo(registry);
  }

  @Override
  public void reviewed(String role, String outcome, Duration sinceEnqueue) {
    registry.counter("vigil.review.decisions", "role", role, "outcome", outcome).increment();
    reviewTimer(outcome).record(sinceEnqueue.isNegative() ? Duration.ZERO : sinceEnqueue);
  }

  /**
   * A published post was taken down: counted by origin (report or rescan); a reported one also
   * times its first report to the takedown.
   */
  @Override
  public void takenDown(String origin, Duration sinceFirstReport) {
    takedownCounter(origin).increment();
    if (sinceFirstReport != null) {
      takedownTimer().record(sinceFirstReport.isNegative() ? Duration.ZERO : sinceFirstReport);
    }
  }

  private Counter takedownCounter(String origin) {
    return Counter.builder("vigil.takedowns")
        .description("Published posts taken down, by origin: report (users reported it) or rescan")
        .tag("origin", origin)
        .register(registry);
  }

  private Timer takedownTimer() {
    return Timer.builder("vigil.report.to.takedown")
        .description("Time from a post's first user report to its takedown")
        .serviceLevelObjectives(REVIEW_SLOS)
        .register(registry);
  }

  private Timer reviewTimer(String outcome) {
    return Timer.builder("vigil.review.time.to.decision")
        .description("Time from entering the review queue to a moderator's decision")
        .tag("outcome", outcome)
        .serviceLevelObjectives(REVIEW_SLOS)
        .register(registry);
  }

  /**
   * Review series exist from the start at zero for every role that decides and every decision, so
   * dashboards and rate() see a decision from its first occurrence rather than a new series
   * appearing.
   */
  private void registerReviewSeries() {
    takedownTimer();
    takedownCounter("report");
    takedownCounter("rescan");
    for (String outcome : new String[] {"approve", "reject", "escalate"}) {
      reviewTimer(outcome);
      for (String role : new String[] {"moderator", "senior", "admin"}) {
        registry.counter("vigil.review.decisions", "role", role, "outcome", outcome);
      }
    }
  }

  /**
   * Every rule of the active pack gets a closed circuit (0) unless it is already tracked, and its
   * hit counters at 0.
   */
  public void knownRules(Collection<String> ruleIds) {
    for (String id : ruleIds) {
      // Hits from 0 in both modes: the breaker can move an enforced rule to shadow in place.
      for (String mode : new String[] {"enforce", "shadow"}) {
        ruleHitCounters.computeIfAbsent(
            id + '\u0000' + mode,
            k -> registry.counter("vigil.rule.hits", "rule", id, "mode", mode));
      }
      registry.counter("vigil.rescan.hits", "rule", id);
      if (!circuits.containsKey(id)) {
        ruleCircuit(id, false);
      }
    }
  }

  /**
   * Binds the review queue's depth and oldest age per queue ({@code moderation}, {@code senior}),
   * read from the queue view at scrape time (at most once a second, however many gauges ask).
   */
  public void bindReviewQueue(Function<Instant, Map<String, QueueView.Stats>> stats) {
    java.util.concurrent.atomic.AtomicReference<Map<String, QueueView.Stats>> last =
        new java.util.concurrent.atomic.AtomicReference<>(Map.of());
    java.util.concurrent.atomic.AtomicLong lastAt = new java.util.concurrent.atomic.AtomicLong();
    Function<String, QueueView.Stats> read =
        queue -> {
          long now = System.currentTimeMillis();
          if (now - lastAt.get() > 1000) {
            try {
              last.set(stats.apply(Instant.ofEpochMilli(now)));
            } catch (RuntimeException e) {
              // the store is not queryable while the streams rebalance: keep the last values
            }
            lastAt.set(now);
          }
          return last.get().getOrDefault(queue, new QueueView.Stats(0, Duration.ZERO));
        };
    for (String queue : java.util.List.of("moderation", "senior")) {
      Gauge.builder("vigil.review.queue.depth", () -> read.apply(queue).depth())
          .description("Posts waiting for review")
          .tag("queue", queue)
          .register(registry);
      Gauge.builder(
              "vigil.review.queue.oldest.age", () -> read.apply(queue).oldest().toMillis() / 1000.0)
          .description("Age of the oldest post waiting for review")
          .tag("queue", queue)
          .baseUnit("seconds")
          .register(registry);
    }
  }

  public void streamsState(KafkaStreams.State state) {
    streamsRunning.set(state == KafkaStreams.State.RUNNING ? 1 : 0);
  }
}
