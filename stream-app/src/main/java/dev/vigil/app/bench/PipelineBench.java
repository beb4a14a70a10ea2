package dev.vigil.app.bench;

import dev.vigil.app.VigilApp;
import dev.vigil.app.bench.BenchResult.Soak;
import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.config.AppConfig;
import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.config.Secrets;
import dev.vigil.app.metrics.VigilMetrics;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.app.topics.KafkaClients;
import dev.vigil.app.topics.TopicAdmin;
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
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The end-to-end benchmark: one workload, first through a passthrough topology (what Kafka Streams
 * itself costs), then through the moderation topology, both on the same embedded broker with the
 * same guarantees. Reports throughput as a ratio against the passthrough measured in the same run,
 * so the figure means the same on any machine, and latency from submission to a decision readable
 * by a {@code read_committed} consumer.
 *
 * <p>Throughput: the workload is loaded onto the input topic first, then each topology drains it;
 * the rate is taken between the first and the last output becoming readable, so group joins and
 * start-up do not count. Latency: with the moderation app still running, fresh posts are submitted
 * at half its measured throughput (a loaded but keeping-up system), and each decision's age when it
 * becomes readable is recorded.
 */
public final class PipelineBench {
  static final String PASSTHROUGH_TOPIC = "bench.passthrough";
  static final String FLOOR_POSTS_TOPIC = "bench.floor.posts";
  static final String FLOOR_DECISIONS_TOPIC = "bench.floor.decisions";
  private static final long SEED = 20261129L;

  /** The bench's malformed share: a few bad records, as real traffic has. */
  private static final double POISON_SHARE = 0.005;

  /**
   * @param posts records in the workload
   * @param partitions partitions of every topic
   * @param threads stream threads per topology
   * @param rounds how many times each topology drains the workload, alternating; the best round of
   *     each counts
   * @param workDir broker data and streams state (a fresh directory)
   * @param rules the rule pack the moderation topology runs
   * @param soak after the last round, how long the moderation app keeps deciding a steady stream of
   *     fresh posts while heap after GC is sampled (zero: no soak)
   * @param configFile app settings both topologies run with (e.g. {@code streams.*} tuning), or
   *     null
   */
  public record Settings(
      int posts,
      int partitions,
      int threads,
      int rounds,
      Path workDir,
      LiveRulePack.Loader rules,
      Duration soak,
      Path configFile,
      ColdStart cold) {}

  /**
   * The first-minute measurement: after the rounds, the app is started twice more, each time in a
   * new JVM ({@code run}, the jar's own classpath) against the bench's broker, once with the engine
   * warm-up and once without; from the moment its health answers ready, fresh posts arrive at
   * {@code rate} for {@code duration}, and their submit-to-decision latency is taken.
   *
   * @param duration how long posts arrive (zero: not measured)
   * @param rate posts per second, or 0 for half the moderation throughput measured in the rounds
   * @param warmupSeconds {@code engine.warmup.seconds} of the warmed run (the other has 0)
   * @param jvmArgs extra JVM options of both child JVMs (e.g. {@code -XX:TieredStopAtLevel=1})
   * @param rulesArgs {@code --rules}/{@code --model} for the child, as given to the bench
   * @param offFirst run the one without warm-up first (to tell the order's effect from the
   *     warm-up's)
   */
  public record ColdStart(
      Duration duration,
      double rate,
      int warmupSeconds,
      List<String> jvmArgs,
      List<String> rulesArgs,
      boolean offFirst) {
    public static final ColdStart OFF =
        new ColdStart(Duration.ZERO, 0, 0, List.of(), List.of(), false);

    public ColdStart {
      jvmArgs = List.copyOf(jvmArgs);
      rulesArgs = List.copyOf(rulesArgs);
    }
  }

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
    try (EmbeddedBroker broker =
        new EmbeddedBroker(0, settings.workDir().resolve("kafka")).start()) {
      String bs = broker.bootstrapServers();
      AppConfig config = appConfig(bs, "vigil-bench-moderation");
      createTopics(bs, topics);

      out.printf(
          "Loading %,d posts onto %s (%d partitions)...%n",
          n, topics.submitted.name(), settings.partitions());
      Map<Workload.Kind, Long> mix = new EnumMap<>(Workload.Kind.class);
      long bytes = publish(bs, topics.submitted.name(), workload, n, 0, mix);
      out.printf(
          "  %,d bytes, %.0f bytes per post on average; %d malformed%n",
          bytes, (double) bytes / n, n - mix.getOrDefault(Workload.Kind.POST, 0L));

      LiveRulePack rules = new LiveRulePack(settings.rules(), null, silent());
      out.println("Rule pack " + rules.version());
      // Alternate the two, best of each: on a shared machine a neighbour's burst then hurts one
      // round, not the result.
      Phase passthrough = null;
      Phase floor = null;
      Phase moderation = null;
      Latency latency = null;
      Soak soak = null;
      Map<String, Double> subtopologies = Map.of();
      for (int round = 1; round <= settings.rounds(); round++) {
        Phase p =
            drain(
                config,
                "passthrough",
                n,
                round,
                PASSTHROUGH_TOPIC,
                props -> PassthroughTopology.build(topics, PASSTHROUGH_TOPIC, props));
        out.printf(
            "  round %d passthrough: %,9.0f posts/s  (%.2f s, %.0f us CPU per post)%n",
            round, p.rate, p.seconds, p.cpuMicrosPerPost);
        Phase f =
            drain(
                config,
                "floor",
                n,
                round,
                FLOOR_DECISIONS_TOPIC,
                props ->
                    PassthroughTopology.buildFloor(
                        topics, FLOOR_POSTS_TOPIC, FLOOR_DECISIONS_TOPIC, props));
        out.printf(
            "  round %d floor:       %,9.0f posts/s  (%.2f s, %.0f us CPU per post)%n",
            round, f.rate, f.seconds, f.cpuMicrosPerPost);
        boolean last = round == settings.rounds();
        // Kafka Streams' task metrics (DEBUG) in the first round only: their recording costs a
        // little, and with two rounds or more the best round is then one without it.
        boolean taskMetrics = round == 1;
        ModerationRun m = moderation(config, topics, rules, n, round, last, taskMetrics);
        out.printf(
            "  round %d moderation:  %,9.0f posts/s  (%.2f s, %.0f us CPU per post%s)%n",
            round,
            m.phase.rate,
            m.phase.seconds,
            m.phase.cpuMicrosPerPost,
            taskMetrics ? ", task metrics at DEBUG" : "");
        out.printf("          decisions: %s%n", m.mix);
        if (taskMetrics) {
          subtopologies = m.subtopologies;
        }
        passthrough = passthrough == null || p.rate > passthrough.rate ? p : passthrough;
        floor = floor == null || f.rate > floor.rate ? f : floor;
        moderation = moderation == null || m.phase.rate > moderation.rate ? m.phase : moderation;
        if (last) {
          latency = m.latency;
          soak = m.soak;
        }
      }
      rules.close();

      BenchResult.Cold cold = null;
      BenchResult.Cold coldNoWarmup = null;
      ColdStart cs = settings.cold();
      if (!cs.duration().isZero()) {
        double rate = cs.rate() > 0 ? cs.rate() : Math.max(100, Math.floor(moderation.rate / 2));
        if (cs.offFirst()) {
          coldNoWarmup = coldStart(bs, topics, rate, 0, "n");
          cold = coldStart(bs, topics, rate, cs.warmupSeconds(), "w");
        } else {
          cold = coldStart(bs, topics, rate, cs.warmupSeconds(), "w");
          coldNoWarmup = coldStart(bs, topics, rate, 0, "n");
        }
      }

      long heapMb = heapAfterGcMb();
      StageCosts costs = stageCosts(workload, Math.min(n, 20_000), maxText, config);
      BenchResult result =
          new BenchResult(
              n,
              passthrough.rate,
              moderation.rate,
              moderation.rate / passthrough.rate,
              latency.p50,
              latency.p99,
              heapMb,
              settings.partitions(),
              settings.threads(),
              floor.rate,
              passthrough.cpuMicrosPerPost / (passthrough.cpuMicrosPerPost + costs.totalMicros()),
              soak,
              cold,
              coldNoWarmup,
              subtopologies);
      table(result, costs, mix, passthrough, floor, moderation);
      return result;
    }
  }

  /**
   * One topology draining the workload: its rate, how long, and the whole JVM's CPU per post
   * meanwhile.
   */
  private record Phase(double rate, double seconds, double cpuMicrosPerPost) {}

  private record Latency(long p50, long p99) {}

  private record ModerationRun(
      Phase phase, Latency latency, Soak soak, Map<String, Double> subtopologies, String mix) {}

  /**
   * What the app decided in the throughput phase, from its own counters: how many posts it allowed,
   * held and blocked, and how many of the blocks the near-duplicate index made. A run whose blocks
   * jump is measuring the evidence path, not the same work (every block is sealed and reported).
   */
  private static String decisionMix(VigilMetrics metrics) {
    var registry = metrics.registry();
    StringBuilder b = new StringBuilder();
    for (String action : List.of("ALLOW", "REVIEW", "BLOCK")) {
      double n =
          registry.find("vigil.posts").tag("action", action).counters().stream()
              .mapToDouble(io.micrometer.core.instrument.Counter::count)
              .sum();
      b.append(b.length() == 0 ? "" : ", ").append(action).append(' ').append((long) n);
    }
    double near =
        registry
            .find("vigil.rule.hits")
            .tag("rule", dev.vigil.core.near.NearDuplicatePolicy.RULE_ID)
            .counters()
            .stream()
            .mapToDouble(io.micrometer.core.instrument.Counter::count)
            .sum();
    return b.append(" (near-duplicate ").append((long) near).append(')').toString();
  }

  private ModerationRun moderation(
      AppConfig base,
      Topics topics,
      LiveRulePack rules,
      int n,
      int round,
      boolean measureLatency,
      boolean taskMetrics)
      throws Exception {
    AppConfig config =
        appConfig(
            base.get(AppConfig.BOOTSTRAP_SERVERS),
            "vigil-bench-moderation-" + round,
            taskMetrics
                ? Map.of("streams." + StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG, "DEBUG")
                : Map.of());
    String bs = config.get(AppConfig.BOOTSTRAP_SERVERS);
    List<String> outputs = List.of(topics.decisions.name(), topics.deadLetter.name());
    VigilMetrics metrics = new VigilMetrics(config.defaultBlockDeadline(), config.blockDeadlines());
    VigilApp app = new VigilApp(config, rules, metrics);
    try {
      Phase phase;
      try (OutputWatcher watcher = new OutputWatcher(bs, outputs, "b-", n, true)) {
        long cpu = processCpuNanos();
        app.start();
        if (!watcher.await(Duration.ofMinutes(30))) {
          throw new IllegalStateException(
              "moderation saw only " + watcher.seen() + " of " + n + " outputs");
        }
        phase = new Phase(watcher.rate(), watcher.seconds(), (processCpuNanos() - cpu) / 1e3 / n);
      }
      String mix = decisionMix(metrics);
      Map<String, Double> subtopologies =
          taskMetrics ? SubtopologyCosts.microsPerPost(app.streamsMetrics(), n) : Map.of();
      if (!measureLatency) {
        return new ModerationRun(phase, null, null, subtopologies, mix);
      }
      double rate = Math.max(100, Math.floor(phase.rate / 2));
      long posts = (long) Math.max(200, Math.min(n / 4, rate * 10));
      out.printf(
          "Latency: %,d fresh posts at %,.0f posts/s (half the measured throughput)...%n",
          posts, rate);
      Workload fresh =
          new Workload(SEED + 1, "lat", POISON_SHARE, PostParser.DEFAULT_MAX_TEXT_BYTES);
      try (OutputWatcher watcher = new OutputWatcher(bs, outputs, "lat-", posts, true)) {
        publishPaced(bs, topics.submitted.name(), fresh, posts, rate);
        if (!watcher.await(Duration.ofMinutes(5))) {
          throw new IllegalStateException(
              "latency phase saw only " + watcher.seen() + " of " + posts);
        }
        Latency latency =
            new Latency(watcher.latencyQuantileMs(0.50), watcher.latencyQuantileMs(0.99));
        out.printf("  p50 %d ms, p99 %d ms%n", latency.p50, latency.p99);
        Soak soak =
            settings.soak().isZero() ? null : soak(bs, topics.submitted.name(), outputs, rate);
        return new ModerationRun(phase, latency, soak, subtopologies, mix);
      }
    } finally {
      app.close(); // stops streams and HTTP; the shared pack has no watcher to stop
    }
  }

  /**
   * One first-minute run (see {@link ColdStart}): a new JVM runs the app ({@code run}) against the
   * bench's broker, in a group whose offsets are first set to the end of every topic (so it starts
   * with no backlog of the rounds' records); posts are submitted at {@code rate} from the moment
   * its {@code /health/ready} answers 200, for the set duration. Its log is {@code
   * cold-<label>.log} in the work directory.
   */
  private BenchResult.Cold coldStart(
      String bs, Topics topics, double rate, int warmupSeconds, String label) throws Exception {
    ColdStart cs = settings.cold();
    Path dir = settings.workDir().resolve("cold-" + label);
    java.nio.file.Files.createDirectories(dir);
    String appId = "vigil-bench-cold-" + label;
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Properties p = new Properties();
    if (settings.configFile() != null) {
      try (var in = java.nio.file.Files.newInputStream(settings.configFile())) {
        p.load(in);
      }
    }
    p.setProperty(AppConfig.BOOTSTRAP_SERVERS, bs);
    p.setProperty(AppConfig.DATA_DIR, dir.resolve("data").toString());
    p.setProperty(AppConfig.HTTP_PORT, Integer.toString(port));
    p.setProperty(AppConfig.PARTITIONS, Integer.toString(settings.partitions()));
    p.setProperty(AppConfig.STREAM_THREADS, Integer.toString(settings.threads()));
    p.setProperty(AppConfig.APPLICATION_ID, appId);
    p.setProperty(AppConfig.ENGINE_WARMUP_SECONDS, Integer.toString(warmupSeconds));
    // The keys of the rounds' app, as every instance of one deployment shares them: the data keys
    // on the broker are wrapped by its master key.
    Path secrets = settings.workDir().resolve("app").resolve("secrets");
    if (p.getProperty(AppConfig.MASTER_KEY_FILE) == null) {
      p.setProperty(AppConfig.MASTER_KEY_FILE, secrets.resolve("master.key").toString());
    }
    if (p.getProperty(AppConfig.PSEUDONYM_KEY_FILE) == null) {
      p.setProperty(AppConfig.PSEUDONYM_KEY_FILE, secrets.resolve("pseudonym.key").toString());
    }
    // No rescan of the rounds' published posts in the child: it is not part of a start.
    p.setProperty(AppConfig.RESCAN_ENABLED, "false");
    Path configFile = dir.resolve("app.properties");
    try (var w = java.nio.file.Files.newBufferedWriter(configFile)) {
      p.store(w, "bench first-minute run");
    }
    skipBacklog(bs, appId);

    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(cs.jvmArgs());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.vigil.app.cli.Main");
    cmd.add("run");
    cmd.add("--config");
    cmd.add(configFile.toString());
    cmd.addAll(cs.rulesArgs());
    Path log = settings.workDir().resolve("cold-" + label + ".log");
    out.printf(
        "First minute, warm-up %s: a new JVM runs the app%s...%n",
        warmupSeconds == 0 ? "off" : warmupSeconds + " s",
        cs.jvmArgs().isEmpty() ? "" : " with " + String.join(" ", cs.jvmArgs()));
    long launched = System.nanoTime();
    Process child =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    try {
      awaitReady(child, port, log);
      double ready = (System.nanoTime() - launched) / 1e9;
      long posts = Math.max(100, (long) (rate * cs.duration().toMillis() / 1000.0));
      Workload fresh =
          new Workload(SEED + 3, "cold" + label, POISON_SHARE, PostParser.DEFAULT_MAX_TEXT_BYTES);
      List<String> outputs = List.of(topics.decisions.name(), topics.deadLetter.name());
      try (OutputWatcher watcher =
          new OutputWatcher(bs, outputs, "cold" + label + "-", posts, true)) {
        publishPaced(bs, topics.submitted.name(), fresh, posts, rate);
        if (!watcher.await(Duration.ofMinutes(5))) {
          throw new IllegalStateException(
              "first-minute run saw only " + watcher.seen() + " of " + posts + "; see " + log);
        }
        BenchResult.Cold c =
            new BenchResult.Cold(
                warmupSeconds,
                rate,
                posts,
                watcher.latencyQuantileMs(0.50),
                watcher.latencyQuantileMs(0.99),
                watcher.latencyQuantileMs(1.0),
                ready);
        java.nio.file.Files.readAllLines(log).stream()
            .filter(l -> l.contains("engine warm-up"))
            .findFirst()
            .ifPresent(
                l ->
                    out.println("  app: " + l.substring(Math.max(0, l.indexOf("engine warm-up")))));
        out.printf(
            "  ready %.1f s after launch; %,d posts at %,.0f posts/s: p50 %d ms, p99 %d ms, max %d"
                + " ms%n",
            ready, posts, rate, c.p50Ms(), c.p99Ms(), c.maxMs());
        return c;
      }
    } finally {
      child.destroy(); // SIGTERM: the app's shutdown hook closes the streams
      if (!child.waitFor(60, TimeUnit.SECONDS)) {
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Commits offsets at the end of every topic for {@code group}, so its app has no backlog. */
  private static void skipBacklog(String bs, String group) throws Exception {
    try (org.apache.kafka.clients.admin.Admin admin = KafkaClients.admin(KafkaConnection.to(bs))) {
      var names = admin.listTopics().names().get();
      var described = admin.describeTopics(names).allTopicNames().get();
      Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> ask =
          new HashMap<>();
      described.forEach(
          (t, d) ->
              d.partitions()
                  .forEach(
                      pi ->
                          ask.put(
                              new org.apache.kafka.common.TopicPartition(t, pi.partition()),
                              org.apache.kafka.clients.admin.OffsetSpec.latest())));
      Map<
              org.apache.kafka.common.TopicPartition,
              org.apache.kafka.clients.consumer.OffsetAndMetadata>
          ends = new HashMap<>();
      admin
          .listOffsets(ask)
          .all()
          .get()
          .forEach(
              (tp, info) ->
                  ends.put(
                      tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(info.offset())));
      admin.alterConsumerGroupOffsets(group, ends).all().get();
    }
  }

  /** Waits until the child's {@code /health/ready} answers 200; fails if it exits first. */
  private static void awaitReady(Process child, int port, Path log) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + port + "/health/ready");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (System.nanoTime() < deadline) {
      if (!child.isAlive()) {
        throw new IllegalStateException(
            "the app exited (" + child.exitValue() + ") before it was ready; see " + log);
      }
      try {
        var r =
            http.send(
                java.net.http.HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the app was not ready after 300 s; see " + log);
  }

  /**
   * The long run: fresh posts arrive at {@code rate} (half the measured capacity) for {@link
   * Settings#soak}, and heap after a full GC is sampled every tenth of the soak (5 to 30 s apart).
   * Every post must come out; the slope of the samples after the first minute (start-up and JIT
   * settle there) says whether memory grows with the posts moved.
   */
  private Soak soak(String bs, String submitted, List<String> outputs, double rate)
      throws Exception {
    long seconds = settings.soak().toSeconds();
    long posts = (long) (rate * seconds);
    Duration every = Duration.ofSeconds(Math.max(5, Math.min(30, seconds / 10)));
    out.printf(
        "Soak: %,d fresh posts at %,.0f posts/s for %.1f min, heap after GC every %d s...%n",
        posts, rate, seconds / 60.0, every.toSeconds());
    Workload fresh =
        new Workload(SEED + 2, "soak", POISON_SHARE, PostParser.DEFAULT_MAX_TEXT_BYTES);
    List<double[]> samples = new ArrayList<>(); // {minutes since start, heap MB}
    long p50;
    long p99;
    AtomicReference<Exception> failed = new AtomicReference<>();
    try (OutputWatcher watcher = new OutputWatcher(bs, outputs, "soak-", posts, true)) {
      Thread publisher =
          new Thread(
              () -> {
                try {
                  publishPaced(bs, submitted, fresh, posts, rate);
                } catch (Exception e) {
                  failed.set(e);
                }
              },
              "bench-soak-publisher");
      long start = System.nanoTime();
      publisher.start();
      while (publisher.isAlive()) {
        publisher.join(every.toMillis());
        double minutes = (System.nanoTime() - start) / 60e9;
        long heap = heapAfterGcMb();
        samples.add(new double[] {minutes, heap});
        out.printf(
            "  [%5.1f min] heap after GC %4d MB, %,d of %,d posts decided%n",
            minutes, heap, watcher.seen(), posts);
      }
      if (failed.get() != null) {
        throw new IllegalStateException("publishing the soak posts failed", failed.get());
      }
      if (!watcher.await(Duration.ofMinutes(5))) {
        throw new IllegalStateException(
            "soak saw only " + watcher.seen() + " of " + posts + " outputs");
      }
      p50 = watcher.latencyQuantileMs(0.50);
      p99 = watcher.latencyQuantileMs(0.99);
    }
    List<double[]> settled = samples.stream().filter(x -> x[0] >= 1.0).toList();
    double slope = slope(settled.isEmpty() ? samples : settled);
    long first = (long) (settled.isEmpty() ? samples : settled).get(0)[1];
    long last = (long) samples.get(samples.size() - 1)[1];
    out.printf(
        "  every post decided (p50 %d ms, p99 %d ms); heap after GC %d MB after the first minute, %d MB at the"
            + " end, %+.2f MB per minute%n",
        p50, p99, first, last, slope);
    return new Soak(seconds / 60.0, posts, p50, p99, first, last, slope);
  }

  /** Least-squares slope of y over x. */
  private static double slope(List<double[]> xy) {
    int n = xy.size();
    if (n < 2) {
      return 0;
    }
    double mx = xy.stream().mapToDouble(p -> p[0]).average().orElse(0);
    double my = xy.stream().mapToDouble(p -> p[1]).average().orElse(0);
    double num = 0;
    double den = 0;
    for (double[] p : xy) {
      num += (p[0] - mx) * (p[1] - my);
      den += (p[0] - mx) * (p[0] - mx);
    }
    return den == 0 ? 0 : num / den;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private AppConfig appConfig(String bootstrap, String applicationId) {
    return appConfig(bootstrap, applicationId, Map.of());
  }

  private AppConfig appConfig(String bootstrap, String applicationId, Map<String, String> extra) {
    Map<String, String> m = new HashMap<>(extra);
    m.put(AppConfig.BOOTSTRAP_SERVERS, bootstrap);
    m.put(AppConfig.DATA_DIR, settings.workDir().resolve("app").toString());
    m.put(AppConfig.HTTP_PORT, "0");
    m.put(AppConfig.PARTITIONS, Integer.toString(settings.partitions()));
    m.put(AppConfig.STREAM_THREADS, Integer.toString(settings.threads()));
    m.put(AppConfig.APPLICATION_ID, applicationId);
    // The rounds' app starts without the engine warm-up: its CPU per post would count the warm-up's
    // seconds, and the figures stay comparable with earlier runs. The first-minute runs measure it.
    m.putIfAbsent(AppConfig.ENGINE_WARMUP_SECONDS, "0");
    return AppConfig.load(settings.configFile(), m);
  }

  /**
   * Runs one of the baseline topologies over the whole workload.
   *
   * @param name passthrough or floor: its application id and state directory
   * @param watched the output topic whose {@code n} records mark the end
   * @param topology builds it with the app's settings
   */
  private Phase drain(
      AppConfig config,
      String name,
      int n,
      int round,
      String watched,
      Function<Properties, Topology> topology)
      throws Exception {
    Properties props = VigilApp.streamsProperties(config);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "vigil-bench-" + name + "-" + round);
    props.put(StreamsConfig.STATE_DIR_CONFIG, settings.workDir().resolve(name).toString());
    KafkaStreams streams = new KafkaStreams(topology.apply(props), props);
    AtomicReference<Throwable> died = new AtomicReference<>();
    streams.setUncaughtExceptionHandler(
        e -> {
          died.set(e);
          return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
              .StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    try (OutputWatcher watcher =
        new OutputWatcher(
            config.get(AppConfig.BOOTSTRAP_SERVERS), List.of(watched), "b-", n, true)) {
      long cpu = processCpuNanos();
      streams.start();
      if (!watcher.await(Duration.ofMinutes(30))) {
        throw new IllegalStateException(
            name + " saw only " + watcher.seen() + " of " + n, died.get());
      }
      return new Phase(watcher.rate(), watcher.seconds(), (processCpuNanos() - cpu) / 1e3 / n);
    } finally {
      streams.close(Duration.ofSeconds(30));
    }
  }

  private void createTopics(String bootstrap, Topics topics) throws Exception {
    try (TopicAdmin admin = TopicAdmin.connect(KafkaConnection.to(bootstrap))) {
      admin.createMissing(
          topics,
          List.of(PASSTHROUGH_TOPIC, FLOOR_POSTS_TOPIC, FLOOR_DECISIONS_TOPIC),
          settings.partitions(),
          (short) 1);
      awaitWritable(bootstrap, admin, List.of(topics.submitted.name()));
    }
  }

  /**
   * Waits until every partition takes writes. Right after creation a partition can be listed with a
   * leader before that broker acts as one; an idempotent producer that meets this
   * (NOT_LEADER_OR_FOLLOWER on its first batch) then retried with out-of-order sequence numbers
   * until its delivery timeout in our runs (Kafka 4.4, single node). So one record is written to
   * each partition, synchronously and by a throwaway producer, before the workload. Their keys
   * start with {@code warmup-}, which no count of the bench includes.
   */
  static void awaitWritable(String bootstrap, TopicAdmin admin, List<String> names)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    for (String topic : names) {
      // Describing a topic just created fails until the metadata catches up: partitionCounts waits.
      int partitions = admin.partitionCounts(List.of(topic)).get(topic);
      for (int p = 0; p < partitions; p++) {
        while (true) {
          try (KafkaProducer<byte[], byte[]> warmup =
              KafkaClients.bytesProducer(
                  KafkaConnection.to(bootstrap),
                  Map.of(
                      ProducerConfig.ACKS_CONFIG,
                      "all",
                      ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                      "false",
                      ProducerConfig.RETRIES_CONFIG,
                      "0"))) {
            byte[] key = ("warmup-" + p).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            warmup.send(new ProducerRecord<>(topic, p, key, null)).get(10, TimeUnit.SECONDS);
            break;
          } catch (java.util.concurrent.ExecutionException
              | java.util.concurrent.TimeoutException e) {
            if (System.nanoTime() > deadline) {
              throw new IllegalStateException(
                  "partition " + topic + "-" + p + " takes no writes after 120 s", e);
            }
            Thread.sleep(200);
          }
        }
      }
    }
  }

  static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    return KafkaClients.bytesProducer(
        KafkaConnection.to(bootstrap),
        Map.of(
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            "true",
            ProducerConfig.LINGER_MS_CONFIG,
            "5",
            ProducerConfig.BATCH_SIZE_CONFIG,
            Integer.toString(256 * 1024),
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4",
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            Integer.toString(4 * 1024 * 1024)));
  }

  /**
   * Publishes records {@code from .. from+n-1} of {@code workload} as fast as the broker takes
   * them.
   */
  private static long publish(
      String bootstrap,
      String topic,
      Workload workload,
      long n,
      long from,
      Map<Workload.Kind, Long> mix) {
    long bytes = 0;
    AtomicReference<Exception> failed = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      for (long i = from; i < from + n; i++) {
        Workload.Submitted s = workload.record(i);
        mix.merge(s.kind(), 1L, Long::sum);
        bytes += s.value() == null ? 0 : s.value().length;
        producer.send(
            new ProducerRecord<>(topic, s.key(), s.value()),
            (md, e) -> {
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
  private static void publishPaced(
      String bootstrap, String topic, Workload workload, long n, double rate)
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
        producer.send(
            new ProducerRecord<>(topic, null, System.currentTimeMillis(), s.key(), s.value()));
      }
      producer.flush();
    }
  }

  private StageCosts stageCosts(Workload workload, int n, int maxText, AppConfig config)
      throws Exception {
    List<byte[]> records = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      byte[] v = workload.record(i).value();
      if (v != null) {
        records.add(v);
      }
    }
    LiveRulePack rules = new LiveRulePack(settings.rules(), null, silent());
    Pseudonymizer pseudonymizer =
        new Pseudonymizer(
            Secrets.key(null, null, config.dataDir().resolve("secrets").resolve("pseudonym.key")));
    return StageCosts.measure(
        records, new PostParser(maxText), rules.engine(), pseudonymizer, Topics.defaults());
  }

  private static long heapAfterGcMb() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024);
  }

  private void table(
      BenchResult r, StageCosts c, Map<Workload.Kind, Long> mix, Phase pt, Phase fl, Phase mod) {
    out.println();
    out.printf("%-34s %14s%n", "", "posts/s");
    out.printf(
        "%-34s %,14.0f%n", "passthrough (Kafka Streams, EOS)", r.passthroughPostsPerSecond());
    out.printf(
        "%-34s %,14.0f   (%.3f of passthrough)%n",
        "floor (post + decision, no work)", r.floorPostsPerSecond(), r.floorRatio());
    out.printf("%-34s %,14.0f%n", "moderation (Vigil, EOS)", r.postsPerSecond());
    out.printf("%-34s %14.3f   (target >= 0.8)%n", "ratio", r.ratio());
    out.printf(
        "%-34s %14.3f   (passthrough CPU / (passthrough CPU + stage costs below))%n",
        "ceiling if Kafka's work were free", r.stageCeiling());
    out.printf(
        "%-34s %14.3f   (ratio / min(floor, ceiling): 1.0 = no overhead beyond both bounds)%n",
        "ceilingRatio", r.ceilingRatio());
    out.printf("%-34s %11d ms%n", "submit -> decision p50", r.p50Ms());
    out.printf("%-34s %11d ms%n", "submit -> decision p99", r.p99Ms());
    out.printf("%-34s %11d MB%n", "heap after GC", r.heapMb());
    out.printf("%-34s %11.0f us%n", "JVM CPU per post, passthrough", pt.cpuMicrosPerPost());
    out.printf("%-34s %11.0f us%n", "JVM CPU per post, floor", fl.cpuMicrosPerPost());
    out.printf("%-34s %11.0f us%n", "JVM CPU per post, moderation", mod.cpuMicrosPerPost());
    out.println();
    out.printf(
        "Per-post cost of the moderation stages (one thread, no Kafka, %,d posts):%n", c.posts());
    out.printf("  %-30s %8.1f us%n", "parse + validate JSON", c.parseMicros());
    out.printf("  %-30s %8.1f us%n", "engine (decide)", c.engineMicros());
    out.printf("  %-30s %8.1f us%n", "author pseudonym (HMAC)", c.pseudonymMicros());
    out.printf("  %-30s %8.1f us%n", "decision JSON", c.decisionJsonMicros());
    out.printf("  %-30s %8.1f us%n", "total", c.totalMicros());
    out.printf(
        "  %-30s %8.1f us%n",
        "passthrough wall time per post", 1e6 / r.passthroughPostsPerSecond());
    if (r.soak() != null) {
      out.printf(
          "%-34s %8.0f min, %,d posts, p50 %d ms, p99 %d ms%n",
          "soak", r.soak().minutes(), r.soak().posts(), r.soak().p50Ms(), r.soak().p99Ms());
      out.printf(
          "%-34s %11d MB -> %d MB (%+.2f MB/min)%n",
          "heap after GC during the soak",
          r.soak().heapMbStart(),
          r.soak().heapMbEnd(),
          r.soak().heapGrowthMbPerMinute());
    }
    if (!r.subtopologyUsPerPost().isEmpty()) {
      out.println(
          "Wall time inside each sub-topology's tasks per post (round 1, Kafka Streams task metrics at"
              + " DEBUG: process-latency-avg x process-total, summed over the sub-topology's tasks, over"
              + " the workload's posts; wall time, not CPU, and no poll, commit or producer I/O):");
      r.subtopologyUsPerPost()
          .forEach((id, us) -> out.printf("  sub-topology %-17s %8.1f us%n", id, us));
    }
    for (BenchResult.Cold run : new BenchResult.Cold[] {r.cold(), r.coldNoWarmup()}) {
      if (run != null) {
        out.printf(
            "%-34s %,d posts at %,.0f posts/s: p50 %d ms, p99 %d ms, max %d ms (ready %.1f s after"
                + " launch)%n",
            "first minute, warm-up "
                + (run.warmupSeconds() == 0 ? "off" : run.warmupSeconds() + " s"),
            run.posts(),
            run.rate(),
            run.p50Ms(),
            run.p99Ms(),
            run.maxMs(),
            run.readySeconds());
      }
    }
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
