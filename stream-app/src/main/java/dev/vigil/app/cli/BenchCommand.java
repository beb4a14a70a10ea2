package dev.vigil.app.cli;

import dev.vigil.app.bench.BenchResult;
import dev.vigil.app.bench.PipelineBench;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.core.rules.RulePack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bench}: the end-to-end benchmark on an embedded broker, moderation against Kafka's own
 * passthrough. The table goes first; the last line is one JSON object, for scripts.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Runs one workload, on an embedded broker and all exactly_once_v2, through:",
      "  a passthrough Kafka Streams topology (what Kafka itself costs),",
      "  the floor (the passthrough plus a decision-sized record per post:",
      "    the least Kafka work the walking pipeline's invariant allows),",
      "  the moderation topology;",
      "and prints throughput, the ratio (target >= 0.8), the floor's ratio, the",
      "ceiling the moderation stages' own CPU sets, latency and heap, the wall time",
      "inside each sub-topology per post, and the first minute's latency after a",
      "fresh start in a new JVM, with the engine warm-up and without.",
      "The last line is one JSON object."
    })
final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--posts",
      defaultValue = "200000",
      description = "Posts in the workload (default: ${DEFAULT-VALUE}).")
  int posts;

  @Option(
      names = "--partitions",
      defaultValue = "4",
      description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--threads",
      defaultValue = "2",
      description = "Stream threads per topology (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description =
          "Times each topology drains the workload, alternating; the best of each counts (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--soak-minutes",
      defaultValue = "0",
      description = {
        "After the rounds, keep the moderation app deciding fresh posts at half its capacity for this long,",
        "sampling heap after GC every 30 s (default: ${DEFAULT-VALUE}, no soak)."
      })
  int soakMinutes;

  @Option(
      names = "--config",
      description =
          "App settings file both topologies run with, e.g. streams.* tuning (bootstrap, data dir and ids are the bench's).")
  Path configFile;

  @Option(
      names = "--cold-seconds",
      defaultValue = "60",
      description = {
        "After the rounds, start the app twice more in a new JVM (`run`), with the engine warm-up and",
        "without, and submit fresh posts for this long from the moment it is ready: the first minute's",
        "latency (default: ${DEFAULT-VALUE}; 0 skips it)."
      })
  int coldSeconds;

  @Option(
      names = "--cold-rate",
      defaultValue = "0",
      description =
          "Posts per second of the first-minute runs (default: 0, half the moderation throughput measured).")
  double coldRate;

  @Option(
      names = "--cold-warmup-seconds",
      defaultValue = "5",
      description =
          "engine.warmup.seconds of the warmed first-minute run; the other runs with 0 (default: ${DEFAULT-VALUE}).")
  int coldWarmupSeconds;

  @Option(
      names = "--cold-jvm-args",
      defaultValue = "",
      description =
          "JVM options of the first-minute runs' JVMs, space-separated, e.g. '-XX:TieredStopAtLevel=1'.")
  String coldJvmArgs;

  @Option(
      names = "--cold-off-first",
      description =
          "Run the first-minute run without warm-up first (default: the warmed one first).")
  boolean coldOffFirst;

  @Mixin PackOptions pack;

  @Option(
      names = "--work-dir",
      description =
          "Where the broker and streams keep data (default: a temporary directory, deleted after).")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    if (posts < 1000 || partitions < 1 || threads < 1 || rounds < 1 || soakMinutes < 0) {
      throw new IllegalArgumentException(
          "--posts must be at least 1000; --partitions, --threads and --rounds at least 1; --soak-minutes at least 0");
    }
    if (coldSeconds < 0 || coldRate < 0 || coldWarmupSeconds < 1 || coldWarmupSeconds > 600) {
      throw new IllegalArgumentException(
          "--cold-seconds and --cold-rate must be at least 0; --cold-warmup-seconds 1 to 600");
    }
    java.util.List<String> rulesArgs = new java.util.ArrayList<>();
    if (pack.rules != null) {
      rulesArgs.addAll(java.util.List.of("--rules", pack.rules.toAbsolutePath().toString()));
    }
    if (pack.model != null) {
      rulesArgs.addAll(java.util.List.of("--model", pack.model.toAbsolutePath().toString()));
    }
    PipelineBench.ColdStart cold =
        new PipelineBench.ColdStart(
            Duration.ofSeconds(coldSeconds),
            coldRate,
            coldWarmupSeconds,
            coldJvmArgs.isBlank()
                ? java.util.List.of()
                : java.util.List.of(coldJvmArgs.trim().split("\\s+")),
            rulesArgs,
            coldOffFirst);
    boolean temporary = workDir == null;
    Path dir = temporary ? Files.createTempDirectory("vigil-bench") : workDir;
    LiveRulePack.Loader rules =
        () -> {
          RulePack loaded = pack.load();
          // Version, engine and the rule tests' texts (the app's warm-up); no fingerprints or
          // categories, as before.
          return new LiveRulePack.Loaded(
              loaded.version(),
              loaded.engine(),
              java.util.Map.of(),
              java.util.Map.of(),
              dev.vigil.app.rules.RulePacks.loaded(loaded).warmupTexts());
        };
    try {
      BenchResult result =
          new PipelineBench(
                  new PipelineBench.Settings(
                      posts,
                      partitions,
                      threads,
                      rounds,
                      dir,
                      rules,
                      Duration.ofMinutes(soakMinutes),
                      configFile,
                      cold),
                  System.out)
              .run();
      System.out.println(result.json());
      return 0;
    } finally {
      if (temporary) {
        deleteTree(dir);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
