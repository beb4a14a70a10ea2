package dev.vigil.app;

import dev.vigil.app.auth.Users;
import dev.vigil.app.concurrent.DaemonThreads;
import dev.vigil.app.config.AppConfig;
import dev.vigil.app.config.BuildInfo;
import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.config.Secrets;
import dev.vigil.app.events.AuditEvent;
import dev.vigil.app.events.ReviewItem;
import dev.vigil.app.evidence.CommitAfterKeys;
import dev.vigil.app.evidence.EvidenceSetup;
import dev.vigil.app.evidence.KafkaDataKeyStore;
import dev.vigil.app.http.HttpServer;
import dev.vigil.app.http.PrivacyNoticeApi;
import dev.vigil.app.http.ReviewHttp;
import dev.vigil.app.metrics.VigilMetrics;
import dev.vigil.app.notice.BrokerRetentions;
import dev.vigil.app.notice.PrivacyNotice;
import dev.vigil.app.rescan.Rescans;
import dev.vigil.app.review.AccessMonitor;
import dev.vigil.app.review.AuditLog;
import dev.vigil.app.review.AuditWriter;
import dev.vigil.app.review.QueueView;
import dev.vigil.app.review.ReviewClient;
import dev.vigil.app.review.queue.CommandSignature;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.app.rules.RuleCircuitBreaker;
import dev.vigil.app.topics.Topic;
import dev.vigil.app.topics.TopicAdmin;
import dev.vigil.app.topics.Topics;
import dev.vigil.app.topology.DeadLetterSeal;
import dev.vigil.app.topology.EngineWarmup;
import dev.vigil.app.topology.EvidenceSettings;
import dev.vigil.app.topology.ModerationListener;
import dev.vigil.app.topology.ModerationTopology;
import dev.vigil.app.topology.NearDuplicates;
import dev.vigil.app.topology.PoisonHandler;
import dev.vigil.app.topology.PoisonRecords;
import dev.vigil.app.topology.ReviewTopology;
import dev.vigil.app.topology.VigilTopology;
import dev.vigil.app.watchdog.StreamThreadWatchdog;
import dev.vigil.app.watchdog.StuckThreads;
import dev.vigil.core.evidence.ContentSealer;
import dev.vigil.core.evidence.MasterKey;
import dev.vigil.core.evidence.MasterKeyWrapper;
import dev.vigil.core.privacy.Pseudonymizer;
import dev.vigil.core.privacy.RetentionPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of Vigil: creates missing topics, runs the moderation topology on Kafka
 * Streams with exactly-once, serves HTTP, and keeps the rule pack live. Several instances with the
 * same application id share the partitions between them.
 */
public final class VigilApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VigilApp.class);

  /**
   * How long the stream threads' producer may retry one batch before it fails the transaction (the
   * Kafka producer's own default; Streams' exactly-once default is unbounded). See {@link
   * #streamsProperties(AppConfig)}.
   */
  public static final int PRODUCER_DELIVERY_TIMEOUT_MS = 120_000;

  private final AppConfig config;
  private final Topics topics;
  private final VigilMetrics metrics;
  private final LiveRulePack rules;
  private final Pseudonymizer pseudonymizer;
  // Shared by every instance; the console's session signing key is derived from it (Sessions).
  private final byte[] pseudonymKey;
  private final RuleCircuitBreaker breaker;
  private final Users users;
  private KafkaStreams streams;
  private KafkaDataKeyStore dataKeys;

  /** Pseudonyms whose history the console keeps in memory, at most (a count each, no identity). */
  static final int AUTHOR_HISTORY_AUTHORS = 1_000_000;

  private ReviewClient reviewClient;
  private dev.vigil.app.review.AuthorHistory authorHistory;
  private dev.vigil.app.review.ExportAlertWatch exportAlerts;
  private dev.vigil.app.auth.LoginFailureLog loginFailures;
  private volatile AuditWriter auditWriter;
  private HttpServer http;
  private Rescans rescans;

  public VigilApp(AppConfig config, LiveRulePack rules, VigilMetrics metrics) {
    this.config = config;
    this.topics = Topics.from(config.properties());
    this.rules = rules;
    this.metrics = metrics;
    metrics.knownRules(rules.active().ruleFingerprints().keySet());
    knownCategories();
    rules.addListener(
        new LiveRulePack.Listener() {
          @Override
          public void activated(String version) {
            metrics.knownRules(rules.active().ruleFingerprints().keySet());
            knownCategories();
          }

          @Override
          public void rejected(String message) {}
        });
    this.breaker =
        new RuleCircuitBreaker(
            rules,
            config.breakerSettings(),
            Clock.systemUTC(),
            new RuleCircuitBreaker.Listener() {
              @Override
              public void tripped(String ruleId, String packVersion, long hits, long posts) {
                metrics.ruleCircuit(ruleId, true);
                audit(
                    ruleId,
                    "system",
                    "system",
                    "rule.circuit.open",
                    "hit "
                        + hits
                        + " of "
                        + posts
                        + " posts since pack "
                        + packVersion
                        + " went live",
                    "rule " + ruleId + " demoted to shadow");
              }

              @Override
              public void reset(
                  String ruleId, String packVersion, String by, String role, String reason) {
                metrics.ruleCircuit(ruleId, false);
                audit(
                    ruleId,
                    by,
                    role,
                    "rule.circuit.reset",
                    reason,
                    "rule " + ruleId + " back in enforcement");
              }
            });
    this.pseudonymKey =
        Secrets.key(
            System.getenv(AppConfig.PSEUDONYM_KEY_ENV),
            config.get(AppConfig.PSEUDONYM_KEY_FILE) == null
                ? null
                : Path.of(config.get(AppConfig.PSEUDONYM_KEY_FILE)),
            config.dataDir().resolve("secrets").resolve("pseudonym.key"));
    this.pseudonymizer = new Pseudonymizer(pseudonymKey);
    String usersFile = config.get(AppConfig.USERS_FILE);
    this.users = Users.from(usersFile == null || usersFile.isBlank() ? null : Path.of(usersFile));
  }

  /** The active pack's categories as counters at 0 (see {@link VigilMetrics#knownCategories}). */
  private void knownCategories() {
    Map<String, List<String>> categories = new java.util.TreeMap<>();
    rules.active().categories().forEach((name, c) -> categories.put(name, c.subcategories()));
    metrics.knownCategories(categories, config.get(AppConfig.REPORT_MODE));
  }

  public Topics topics() {
    return topics;
  }

  public VigilMetrics metrics() {
    return metrics;
  }

  /** Kafka Streams' own metrics of this instance (empty before {@link #start}). */
  public java.util.Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric>
      streamsMetrics() {
    KafkaStreams s = streams;
    return s == null ? java.util.Map.of() : s.metrics();
  }

  /**
   * Records an act of the app itself or of an operator outside the stream tasks; failures are
   * logged, not thrown.
   */
  private void audit(
      String key, String actor, String role, String action, String reason, String detail) {
    AuditWriter writer = auditWriter;
    if (writer == null) {
      LOG.warn("audit not written (app not started): {} {}", action, detail);
      return;
    }
    try {
      writer.write(
          key,
          new AuditEvent(
              "au-" + UUID.randomUUID(),
              Instant.now(),
              actor,
              role,
              action,
              null,
              reason,
              "applied",
              detail,
              null));
    } catch (RuntimeException e) {
      LOG.error("audit event {} for {} not stored: {}", action, key, e.getMessage());
    }
  }

  /**
   * Reloads the rule pack now if its files changed, without waiting for the watcher; true if a new
   * pack is live.
   */
  public boolean reloadRules() {
    return rules.reloadIfChanged();
  }

  public RuleCircuitBreaker breaker() {
    return breaker;
  }

  /**
   * Creates topics, starts the streams and the HTTP server; returns without waiting for RUNNING.
   */
  public synchronized VigilApp start() {
    createTopics();
    checkEvidencePartitions();
    MasterKey masterKey = EvidenceSetup.masterKey(config);
    // Every instance holds the master key, so they share this key without another secret.
    CommandSignature commands = new CommandSignature(masterKey.derive("review-commands"));
    dataKeys =
        new KafkaDataKeyStore(
            config.kafka(),
            topics.dataKeys.name(),
            new MasterKeyWrapper(masterKey),
            false,
            config.dataDir().resolve("datakeys-index"));
    NearDuplicates near =
        NearDuplicates.of(
            // Every instance derives the same fingerprint key; without the master key no text can
            // be hashed to test it against a fingerprint.
            masterKey.derive("near-duplicate-fingerprints"),
            config.intValue(AppConfig.NEAR_CAPACITY, 0, 10_000_000),
            config.nearThreshold(),
            config.postParser(),
            // A fingerprint stops counting while its rules are demoted or gone from the pack.
            rules::enforces);
    if (near.enabled()) {
      metrics.gauge(
          "vigil.near.fingerprints",
          "Fingerprints of blocked posts in this instance's near-duplicate index",
          io.micrometer.core.instrument.Tags.empty(),
          near.index(),
          dev.vigil.core.near.NearDuplicateIndex::size);
    }
    Topology topology =
        new VigilTopology(
                new ModerationTopology(
                        topics,
                        config.postParser(),
                        rules::engine,
                        pseudonymizer,
                        Clock.systemUTC(),
                        ModerationListener.all(metrics, breaker),
                        new EvidenceSettings(
                            dataKeys,
                            EvidenceSetup.legalHolds(config),
                            EvidenceSetup.reporting(config, rules.active().categories()),
                            config.intValue(AppConfig.PARTITIONS, 1, 10_000),
                            r -> metrics.reported(r.mode().jsonName(), r.category()),
                            RetentionPolicy.fromProperties(propertyMap())
                                .period(RetentionPolicy.DataClass.REPORTS)))
                    .withNearDuplicates(near),
                new ReviewTopology(
                    topics,
                    ReviewTopology.Settings.defaults()
                        .withCommands(commands)
                        .withLease(config.millis(AppConfig.REVIEW_LEASE_MS))
                        .withDecidedRetention(
                            RetentionPolicy.fromProperties(propertyMap())
                                .period(RetentionPolicy.DataClass.QUEUE_DECIDED_GRACE)),
                    metrics))
            .build(streamsProperties());
    // Before the first post: C2 compiles the engine on these, not on the first minute's posts.
    EngineWarmup.run(
        rules.active().warmupTexts(),
        config.postParser(),
        rules::engine,
        pseudonymizer,
        topics,
        config.engineWarmup());
    streams = new KafkaStreams(topology, streamsProperties(), new CommitAfterKeys(dataKeys));
    startDayKeySweep();
    streams.setStateListener(
        (now, before) -> {
          metrics.streamsState(now);
          LOG.info("streams {} -> {}", before, now);
        });
    // Bad input never reaches here (it is dead-lettered); what does is infrastructure trouble,
    // which a fresh
    // thread retries from the last committed offset, and the first failure of a poison record
    // (PoisonHandler),
    // which the fresh thread then dead-letters.
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("stream thread died; replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    metrics.dropDeprecatedTopicMetrics(topics.all().stream().map(Topic::name).toList());
    metrics.bindStreams(streams);
    streams.start();
    startWatchdog();
    auditWriter = new AuditWriter(config.kafka(), topics.audit);
    startRescans();
    QueueView queue = new QueueView(this::queueStore);
    metrics.bindReviewQueue(queue::stats);
    reviewClient = new ReviewClient(config.kafka(), topics, commands);
    authorHistory =
        new dev.vigil.app.review.AuthorHistory(config.kafka(), topics, AUTHOR_HISTORY_AUTHORS)
            .start();
    exportAlerts =
        new dev.vigil.app.review.ExportAlertWatch(
                config.kafka(), topics.audit, metrics::accessAlert)
            .start();
    // The console's login throttle, shared by every instance; the throttle keys (user names,
    // client addresses) are hashed under a key of its own that every instance derives alike.
    loginFailures =
        new dev.vigil.app.auth.LoginFailureLog(
            config.kafka(),
            topics.loginFailures,
            masterKey.derive("login-throttle-keys"),
            Clock.systemUTC());
    if (users.size() == 0 && config.get(AppConfig.PROXY_USER_HEADER) == null) {
      LOG.warn(
          "no console users: create one with `users add --file F --name N --role R` and run with --users F");
    }
    http =
        new HttpServer(metrics, this::health)
            .routes(
                ReviewHttp.routes(
                    users,
                    queue,
                    reviewClient,
                    new AuditLog(config.kafka(), topics),
                    auditWriter,
                    Clock.systemUTC(),
                    config.millis(AppConfig.REVIEW_COMMAND_TIMEOUT_MS),
                    config.millis(AppConfig.REVIEW_SLA_MS),
                    config.get(AppConfig.PROXY_USER_HEADER),
                    config.get(AppConfig.PROXY_ROLE_HEADER),
                    config.proxyAddresses(),
                    Boolean.parseBoolean(config.get(AppConfig.COOKIE_SECURE)),
                    breaker,
                    new ContentSealer(dataKeys),
                    new AccessMonitor(
                        config.intValue(AppConfig.ACCESS_READS_PER_HOUR, 1, 1_000_000),
                        config.intValue(AppConfig.ACCESS_REVEALS_PER_HOUR, 1, 1_000_000)),
                    metrics::accessAlert,
                    pseudonymKey,
                    rules::active,
                    authorHistory,
                    loginFailures))
            .routes(PrivacyNoticeApi.routes(privacyNotice()))
            .start(
                config.get(AppConfig.HTTP_HOST),
                httpPort(),
                config.get(AppConfig.METRICS_PORT) == null
                    ? null
                    : config.intValue(AppConfig.METRICS_PORT, 0, 65535));
    loginFailures.start();
    return this;
  }

  /**
   * Rescans published posts with the changed rules after every pack change (and resumes one a
   * restart interrupted); each start and end is audited.
   */
  private void startRescans() {
    rescans =
        new Rescans(
            rules,
            config.rescanSettings(),
            config.kafka(),
            topics,
            config.get(AppConfig.APPLICATION_ID),
            config.postParser(),
            pseudonymizer,
            new ContentSealer(dataKeys),
            dataKeys,
            metrics,
            Clock.systemUTC(),
            rules::demoted,
            new Rescans.Listener() {
              @Override
              public void started(
                  String packVersion, Set<String> changed, Duration window, boolean resumed) {
                audit(
                    "pack:" + packVersion,
                    "system",
                    "system",
                    "rescan.start",
                    (resumed ? "resumed after a restart: " : "")
                        + "rules changed by pack "
                        + packVersion,
                    "rules " + String.join(",", changed) + "; window " + window);
              }

              @Override
              public void ended(
                  String packVersion, Set<String> changed, long posts, long hits, String how) {
                audit(
                    "pack:" + packVersion,
                    "system",
                    "system",
                    "rescan.end",
                    how,
                    "rules " + String.join(",", changed) + "; posts " + posts + "; hits " + hits);
              }
            });
    rules.addListener(rescans);
    rescans.resume();
  }

  /** This instance's rescans, for tests: whether one is running. */
  public boolean rescanRunning() {
    return rescans != null && rescans.running();
  }

  /** This instance's view of the review queue (a global store: complete on every instance). */
  private ReadOnlyKeyValueStore<String, ReviewItem> queueStore() {
    return streams.store(
        StoreQueryParameters.fromNameAndType(
            ReviewTopology.QUEUE_VIEW_STORE, QueryableStoreTypes.keyValueStore()));
  }

  private int httpPort() {
    return config.intValue(AppConfig.HTTP_PORT, 0, 65535);
  }

  public int boundHttpPort() {
    return http.port();
  }

  /**
   * The port serving {@code /metrics}: {@link #boundHttpPort()} unless {@code metrics.port} is set.
   */
  public int boundMetricsPort() {
    return http.metricsPort();
  }

  public HttpServer.Health health() {
    KafkaStreams.State state = streams == null ? null : streams.state();
    boolean live =
        state == null
            || !(state == KafkaStreams.State.ERROR
                || state == KafkaStreams.State.PENDING_ERROR
                || state == KafkaStreams.State.NOT_RUNNING
                || state == KafkaStreams.State.PENDING_SHUTDOWN);
    return new HttpServer.Health(
        state == KafkaStreams.State.RUNNING,
        live,
        state == null ? "NOT_STARTED" : state.name(),
        rules.version(),
        BuildInfo.current());
  }

  /** Blocks until the streams are RUNNING or {@code timeout} passes; true if running. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (streams.state() == KafkaStreams.State.RUNNING) {
        return true;
      }
      if (streams.state() == KafkaStreams.State.ERROR
          || streams.state() == KafkaStreams.State.NOT_RUNNING) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    return false;
  }

  /**
   * This instance's record of poison (see {@link PoisonRecords}), shared by its stream threads and
   * handlers.
   */
  private PoisonRecords poison;

  Properties streamsProperties() {
    Properties p = streamsProperties(config);
    synchronized (this) {
      if (poison == null) {
        poison =
            new PoisonRecords(
                topics,
                Clock.systemUTC(),
                metrics,
                dataKeys == null
                    ? DeadLetterSeal.none()
                    : new DeadLetterSeal(new ContentSealer(dataKeys), pseudonymizer)
                        .minimising(
                            topics.submitted.name(),
                            topics.userReports.name(),
                            config.postParser()));
      }
    }
    p.put(PoisonRecords.CONFIG, poison);
    return p;
  }

  /**
   * The Kafka Streams settings an app with {@code config} runs with; the bench gives its baseline
   * the same.
   */
  public static Properties streamsProperties(AppConfig config) {
    // The client settings every Kafka client gets (kafka.*) first; Vigil's Streams settings and
    // then
    // streams.* over them.
    Properties p = config.kafka().clientProperties(Map.of());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get(AppConfig.APPLICATION_ID));
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(
        StreamsConfig.STATE_DIR_CONFIG,
        config.dataDir().resolve("streams").toAbsolutePath().toString());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.get(AppConfig.STREAM_THREADS));
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.get(AppConfig.REPLICATION_FACTOR));
    int replication = config.intValue(AppConfig.REPLICATION_FACTOR, 1, 100);
    if (replication >= 3) {
      // Changelogs and repartition topics get what TopicAdmin gives the catalog's topics.
      p.put(
          StreamsConfig.topicPrefix(
              org.apache.kafka.common.config.TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
          Integer.toString(TopicAdmin.minInSyncReplicas(replication)));
    }
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "5");
    // Under exactly-once Streams sets delivery.timeout.ms to Integer.MAX_VALUE, and the producer
    // retries an OUT_OF_ORDER_SEQUENCE_NUMBER for a batch that is not next in sequence (it expects
    // an earlier batch to fill the gap) until that timeout: if the broker never accepts the earlier
    // batch (KAFKA-14359, KAFKA-15591), the stream thread's transaction never ends and moderation
    // stops with no error (fault campaign, leader_kill). With the producer's own default (2 min)
    // the batch expires instead: an abortable error, a retriable TimeoutException that the
    // production handler answers with RETRY, so Streams aborts the transaction (nothing of it is
    // visible to read_committed readers), bumps the epoch and replays from the committed offsets.
    p.put(
        StreamsConfig.producerPrefix(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG),
        Integer.toString(PRODUCER_DELIVERY_TIMEOUT_MS));
    // Dead letters and quarantine records of the largest inputs are bigger than the 1 MiB default
    // (see Topics).
    p.put(
        StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        Integer.toString(Topics.MAX_OUTPUT_RECORD_BYTES + 64 * 1024));
    // Internal topics (the block path's repartition, changelogs) carry the same submitted bytes.
    p.put(
        StreamsConfig.topicPrefix(
            org.apache.kafka.common.config.TopicConfig.MAX_MESSAGE_BYTES_CONFIG),
        Integer.toString(Topics.MAX_OUTPUT_RECORD_BYTES));
    // One poison record is dead-lettered (processing_error, output_too_large) and the thread goes
    // on: it fails
    // the task once (nothing partial commits), then is dead-lettered when replayed. See
    // PoisonRecords.
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, PoisonHandler.class);
    p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, PoisonHandler.class);
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, PoisonHandler.class);
    // Kafka 5 turns this on by default; opting in now. (KafkaStreams 4.4 still logs the "not
    // enabled for the
    // GlobalThread" warning once at start-up: it builds a StreamsConfig of its own without this
    // setting.)
    p.put("processing.exception.handler.global.enabled", "true");
    p.putAll(config.streamsOverrides());
    return p;
  }

  /**
   * Creates every catalog topic that is missing (existing topics are left as they are), then checks
   * that the review task sees every record about a post: held posts, users' reports, remembered
   * blocks and commands must be partitioned alike. Topics created here are; pre-existing ones with
   * other partition counts are refused.
   */
  void createTopics() {
    try (TopicAdmin admin = TopicAdmin.connect(config.kafka())) {
      admin.createMissing(
          topics,
          List.of(),
          config.intValue(AppConfig.PARTITIONS, 1, 10_000),
          (short) config.intValue(AppConfig.REPLICATION_FACTOR, 1, 100));
      admin.requireCoPartitioned(
          List.of(
              topics.quarantined.name(),
              topics.userReports.name(),
              topics.rescans.name(),
              topics.revertable.name(),
              topics.reviewActions.name()),
          "the review topics must have the same number of partitions, so one task owns each post");
    }
  }

  private java.util.Map<String, String> propertyMap() {
    java.util.Map<String, String> m = new java.util.HashMap<>();
    Properties p = config.properties();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    return m;
  }

  /**
   * Each evidence partition carries its own hash chain, written by the chain task of the same
   * number: the evidence topic must have exactly {@code topic.partitions} partitions.
   */
  private void checkEvidencePartitions() {
    int expected = config.intValue(AppConfig.PARTITIONS, 1, 10_000);
    try (TopicAdmin admin = TopicAdmin.connect(config.kafka())) {
      int actual =
          admin.partitionCounts(List.of(topics.evidence.name())).get(topics.evidence.name());
      if (actual != expected) {
        throw new IllegalStateException(
            "evidence topic "
                + topics.evidence.name()
                + " has "
                + actual
                + " partitions but "
                + AppConfig.PARTITIONS
                + " is "
                + expected
                + ": each partition is one hash chain, so they must match");
      }
    }
  }

  /**
   * Destroys, hourly, the day keys of days past the dead-letter retention: dead letters whose
   * author is unknown become unreadable on schedule, whenever the broker gets round to deleting
   * them.
   */
  private void startDayKeySweep() {
    Duration retention =
        RetentionPolicy.fromProperties(propertyMap())
            .period(RetentionPolicy.DataClass.DEAD_LETTERS);
    KafkaDataKeyStore keys = dataKeys;
    sweeper = DaemonThreads.scheduler("vigil-day-key-sweep");
    sweeper.scheduleWithFixedDelay(
        () -> {
          try {
            LocalDate firstKept =
                LocalDate.ofInstant(Clock.systemUTC().instant().minus(retention), ZoneOffset.UTC);
            List<String> destroyed = keys.destroyDayKeysBefore(firstKept);
            if (!destroyed.isEmpty()) {
              LOG.info("destroyed {} day key(s) past dead-letter retention", destroyed.size());
            }
          } catch (RuntimeException e) {
            LOG.warn("day-key sweep failed; retried in an hour: {}", e.toString());
          }
        },
        1,
        3600,
        TimeUnit.SECONDS);
  }

  private ScheduledExecutorService sweeper;

  private StreamThreadWatchdog watchdog;

  /**
   * Replaces a stream thread whose producer keeps retrying while it commits nothing (a resumed
   * zombie's producer, refused for good: docs/PROOF.md); {@code watchdog.enabled=false} turns it
   * off.
   */
  private void startWatchdog() {
    if (!config.watchdogEnabled()) {
      LOG.info("stream-thread watchdog off ({}=false)", AppConfig.WATCHDOG_ENABLED);
      return;
    }
    Duration window =
        config.watchdogWindow().orElseGet(() -> StuckThreads.defaultWindow(commitInterval(config)));
    watchdog =
        new StreamThreadWatchdog(
                streams,
                new StuckThreads(window),
                Clock.systemUTC(),
                r -> metrics.streamThreadReplaced())
            .start();
  }

  /**
   * The stream threads' commit interval: {@code streams.commit.interval.ms} if set, else Kafka
   * Streams' default under exactly-once, 100 ms.
   */
  static Duration commitInterval(AppConfig config) {
    String set = config.streamsOverrides().get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    return Duration.ofMillis(set == null || set.isBlank() ? 100 : Long.parseLong(set.trim()));
  }

  /** The notice {@code GET /privacy} serves, reading the broker's retentions with its own admin. */
  private PrivacyNotice privacyNotice() {
    KafkaConnection connection = config.kafka();
    String applicationId = config.get(AppConfig.APPLICATION_ID);
    return new PrivacyNotice(
        topics,
        config,
        () -> {
          try (TopicAdmin admin = TopicAdmin.connect(connection)) {
            return BrokerRetentions.read(admin.admin(), topics, applicationId);
          }
        },
        Clock.systemUTC());
  }

  /** Stops the streams (committing what was processed), then HTTP and the rule watcher. */
  @Override
  public synchronized void close() {
    if (watchdog != null) {
      watchdog.close();
      watchdog = null;
    }
    if (sweeper != null) {
      sweeper.shutdownNow();
      sweeper = null;
    }
    if (rescans != null) {
      rescans.close();
      rescans = null;
    }
    if (streams != null) {
      streams.close(Duration.ofSeconds(30));
      streams = null;
    }
    if (dataKeys != null) {
      dataKeys.close();
      dataKeys = null;
    }
    if (authorHistory != null) {
      authorHistory.close();
      authorHistory = null;
    }
    if (exportAlerts != null) {
      exportAlerts.close();
      exportAlerts = null;
    }
    if (loginFailures != null) {
      loginFailures.close();
      loginFailures = null;
    }
    if (reviewClient != null) {
      reviewClient.close();
      reviewClient = null;
    }
    if (auditWriter != null) {
      auditWriter.close();
      auditWriter = null;
    }
    if (http != null) {
      http.close();
      http = null;
    }
    rules.close();
  }
}
