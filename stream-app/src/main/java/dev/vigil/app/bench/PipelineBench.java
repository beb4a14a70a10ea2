package dev.vigil.app.bench;

import dev.vigil.app.VigilApp;
import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.config.AppConfig;
import dev.vigil.app.config.Secrets;
import dev.vigil.app.metrics.VigilMetrics;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.app.topics.Topic;
import dev.vigil.app.topics.Topics;
import dev.vigil.core.post.PostParser;
import dev.vigil.core.privacy.Pseudonymizer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The end-to-end benchmark: one workload, first through a passthrough topology (what Kafka Streams itself costs),
 * then through the moderation topology, both on the same embedded broker with the same guarantees. Reports
 * throughput as a ratio against the passthrough measured in the same run, so the figure means the same on any
 * machine, and latency from submission to a decision readable by a {@code read_committed} consumer.
 *
 * <p>Throughput: the workload is loaded onto the input topic first, then each topology drains it; the rate is
 * taken between the first and the last output becoming readable, so group joins and start-up do not count.
 * Latency: with the moderation app still running, fresh posts are submitted at half its measured throughput
 * (a loaded but keeping-up system), and each decision's age when it becomes readable is recorded.
 */
public final class PipelineBench {
  static final String PASSTHROUGH_TOPIC = "bench.passthrough";
  private static final long SEED = 20261129L;
  /** The bench's malformed share: a few bad records, as real traffic has. */
  private static final double POISON_SHARE = 0.005;

  /**
   * @param posts records in the workload
   * @param partitions partitions of every topic
   * @param threads stream threads per topology
   * @param workDir broker data and streams state (a fresh directory)
   * @param rules the rule pack the moderation topology runs
   */
  public record Settings(int posts, int partitions, int threads, Path workDir, LiveRulePack.Loader rules) {}

  private final Settings settings;
  private final PrintStream out;

  public PipelineBench(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  public BenchResult run() throws Exception {
    int n = settings.posts();
    Topics topics = Topics.defaults();
    int maxText = PostParser.DEFAULT_MAX_TEXT_BYTES;
    Workload workload = new Workload(SEED, "b", POISON_SHARE, maxText);
    try (EmbeddedBroker broker = new EmbeddedBroker(0, settings.workDir().resolve("kafka")).start()) {
      String bs = broker.bootstrapServers();
      AppConfig config = appConfig(bs);
      createTopics(bs, topics);

      out.printf("Loading %,d posts onto %s (%d partitions)...%n", n, topics.submitted.name(), settings.partitions());
      Map<Workload.Kind, Long> mix = new EnumMap<>(Workload.Kind.class);
      long bytes = publish(bs, topics.submitted.name(), workload, n, 0, mix);
      out.printf("  %,d bytes, %.0f bytes per post on average; %d malformed%n",
          bytes, (double) bytes / n, n - mix.getOrDefault(Workload.Kind.POST, 0L));

      out.println("Passthrough (exactly_once_v2, bytes in, bytes out)...");
      Phase passthrough = passthrough(config, topics, n);
      out.printf("  %,.0f posts/s over %.2f s%n", passthrough.rate, passthrough.seconds);

      out.println("Moderation (parse, decide, route; rule pack loading)...");
      VigilMetrics metrics = new VigilMetrics(config.defaultBlockDeadline(), config.blockDeadlines());
      LiveRulePack rules = new LiveRulePack(settings.rules(), null, silent());
      out.println("  rule pack " + rules.version());
      Phase moderation;
      long p50;
      long p99;
      long latencyPosts;
      double latencyRate;
      try (VigilApp app = new VigilApp(config, rules, metrics)) {
        try (OutputWatcher watcher =
            new OutputWatcher(bs, List.of(topics.decisions.name(), topics.deadLetter.name()), "b-", n, false)) {
          app.start();
          if (!watcher.await(Duration.ofMinutes(30))) {
            throw new IllegalStateException("moderation saw only " + watcher.seen() + " of " + n + " outputs");
          }
          moderation = new Phase(watcher.rate(), watcher.seconds());
        }
        out.printf("  %,.0f posts/s over %.2f s%n", moderation.rate, moderation.seconds);

        latencyRate = Math.max(100, Math.floor(moderation.rate / 2));
        latencyPosts = (long) Math.max(200, Math.min(n / 4, latencyRate * 10));
        out.printf("Latency: %,d fresh posts at %,.0f posts/s (half the measured throughput)...%n",
            latencyPosts, latencyRate);
        Workload fresh = new Workload(SEED + 1, "lat", POISON_SHARE, maxText);
        try (OutputWatcher watcher =
            new OutputWatcher(
                bs, List.of(topics.decisions.name(), topics.deadLetter.name()), "lat-", latencyPosts, true)) {
          publishPaced(bs, topics.submitted.name(), fresh, latencyPosts, latencyRate);
          if (!watcher.await(Duration.ofMinutes(5))) {
            throw new IllegalStateException("latency phase saw only " + watcher.seen() + " of " + latencyPosts);
          }
          p50 = watcher.latencyQuantileMs(0.50);
          p99 = watcher.latencyQuantileMs(0.99);
        }
        out.printf("  p50 %d ms, p99 %d ms%n", p50, p99);
      }

      long heapMb = heapAfterGcMb();
      StageCosts costs = stageCosts(workload, Math.min(n, 20_000), maxText, config);
      BenchResult result =
          new BenchResult(n, passthrough.rate, moderation.rate, moderation.rate / passthrough.rate, p50, p99,
              heapMb, settings.partitions(), settings.threads());
      table(result, costs, mix);
      return result;
    }
  }

  private record Phase(double rate, double seconds) {}

  private AppConfig appConfig(String bootstrap) {
    Map<String, String> m = new HashMap<>();
    m.put(AppConfig.BOOTSTRAP_SERVERS, bootstrap);
    m.put(AppConfig.DATA_DIR, settings.workDir().resolve("app").toString());
    m.put(AppConfig.HTTP_PORT, "0");
    m.put(AppConfig.PARTITIONS, Integer.toString(settings.partitions()));
    m.put(AppConfig.STREAM_THREADS, Integer.toString(settings.threads()));
    m.put(AppConfig.APPLICATION_ID, "vigil-bench-moderation");
    return AppConfig.load(null, m);
  }

  private Phase passthrough(AppConfig config, Topics topics, int n) throws Exception {
    Properties props = VigilApp.streamsProperties(config);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "vigil-bench-passthrough");
    props.put(StreamsConfig.STATE_DIR_CONFIG, settings.workDir().resolve("passthrough").toString());
    KafkaStreams streams = new KafkaStreams(PassthroughTopology.build(topics, PASSTHROUGH_TOPIC), props);
    AtomicReference<Throwable> died = new AtomicReference<>();
    streams.setUncaughtExceptionHandler(
        e -> {
          died.set(e);
          return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
              .SHUTDOWN_CLIENT;
        });
    try (OutputWatcher watcher = new OutputWatcher(config.get(AppConfig.BOOTSTRAP_SERVERS), List.of(PASSTHROUGH_TOPIC), "b-", n, false)) {
      streams.start();
      if (!watcher.await(Duration.ofMinutes(30))) {
        throw new IllegalStateException("passthrough saw only " + watcher.seen() + " of " + n, died.get());
      }
      return new Phase(watcher.rate(), watcher.seconds());
    } finally {
      streams.close(Duration.ofSeconds(30));
    }
  }

  private void createTopics(String bootstrap, Topics topics) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    short one = 1;
    List<NewTopic> all = new ArrayList<>();
    for (Topic<?, ?> t : topics.all()) {
      all.add(new NewTopic(t.name(), settings.partitions(), one).configs(t.configs()));
    }
    all.add(new NewTopic(PASSTHROUGH_TOPIC, settings.partitions(), one));
    try (Admin admin = Admin.create(p)) {
      admin.createTopics(all).all().get(60, TimeUnit.SECONDS);
    }
  }

  static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 * 1024 * 1024));
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Publishes records {@code from .. from+n-1} of {@code workload} as fast as the broker takes them. */
  private static long publish(
      String bootstrap, String topic, Workload workload, long n, long from, Map<Workload.Kind, Long> mix) {
    long bytes = 0;
    AtomicReference<Exception> failed = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      for (long i = from; i < from + n; i++) {
        Workload.Submitted s = workload.record(i);
        mix.merge(s.kind(), 1L, Long::sum);
        bytes += s.value() == null ? 0 : s.value().length;
        producer.send(new ProducerRecord<>(topic, s.key(), s.value()), (md, e) -> {
          if (e != null) {
            failed.compareAndSet(null, e);
          }
        });
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw new IllegalStateException("publishing the workload failed", failed.get());
    }
    return bytes;
  }

  /** Publishes {@code n} records at {@code rate} per second, each stamped with its send time. */
  private static void publishPaced(String bootstrap, String topic, Workload workload, long n, double rate)
      throws InterruptedException {
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      long start = System.nanoTime();
      for (long i = 0; i < n; i++) {
        long due = start + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        Workload.Submitted s = workload.record(i);
        producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), s.key(), s.value()));
      }
      producer.flush();
    }
  }

  private StageCosts stageCosts(Workload workload, int n, int maxText, AppConfig config) throws Exception {
    List<byte[]> records = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] v = workload.record(i).value();
      if (v != null) {
        records.add(v);
      }
    }
    LiveRulePack rules = new LiveRulePack(settings.rules(), null, silent());
    Pseudonymizer pseudonymizer =
        new Pseudonymizer(Secrets.key(null, null, config.dataDir().resolve("secrets").resolve("pseudonym.key")));
    return StageCosts.measure(records, new PostParser(maxText), rules.engine(), pseudonymizer, Topics.defaults());
  }

  private static long heapAfterGcMb() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
  }

  private void table(BenchResult r, StageCosts c, Map<Workload.Kind, Long> mix) {
    out.println();
    out.printf("%-34s %14s%n", "", "posts/s");
    out.printf("%-34s %,14.0f%n", "passthrough (Kafka Streams, EOS)", r.passthroughPostsPerSecond());
    out.printf("%-34s %,14.0f%n", "moderation (Vigil, EOS)", r.postsPerSecond());
    out.printf("%-34s %14.3f   (target >= 0.8)%n", "ratio", r.ratio());
    out.printf("%-34s %11d ms%n", "submit -> decision p50", r.p50Ms());
    out.printf("%-34s %11d ms%n", "submit -> decision p99", r.p99Ms());
    out.printf("%-34s %11d MB%n", "heap after GC", r.heapMb());
    out.println();
    out.printf("Per-post cost of the moderation stages (one thread, no Kafka, %,d posts):%n", c.posts());
    out.printf("  %-30s %8.1f us%n", "parse + validate JSON", c.parseMicros());
    out.printf("  %-30s %8.1f us%n", "engine (decide)", c.engineMicros());
    out.printf("  %-30s %8.1f us%n", "author pseudonym (HMAC)", c.pseudonymMicros());
    out.printf("  %-30s %8.1f us%n", "decision JSON", c.decisionJsonMicros());
    out.printf("  %-30s %8.1f us%n", "total", c.totalMicros());
    out.printf("  %-30s %8.1f us%n", "passthrough wall time per post", 1e6 / r.passthroughPostsPerSecond());
    out.println("Workload mix: " + mix);
  }

  private static LiveRulePack.Listener silent() {
    return new LiveRulePack.Listener() {
      @Override
      public void activated(String version) {}

      @Override
      public void rejected(String message) {}
    };
  }
}
