package dev.vigil.app.cli;

import dev.vigil.app.VigilApp;
import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.config.AppConfig;
import dev.vigil.app.metrics.VigilMetrics;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.app.rules.RulePacks;
import dev.vigil.app.topics.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code run}: the moderation app, optionally with its own broker, until Ctrl-C or SIGTERM. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Runs the moderation topology and the HTTP server (metrics, health, console).")
final class RunCommand implements Callable<Integer> {
  @Option(
      names = "--embedded",
      description = "Start a single-node Kafka broker in this process first.")
  boolean embedded;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "Port of the embedded broker (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--data-dir",
      description =
          "Where broker data, streams state and generated keys live (default: vigil-data).")
  Path dataDir;

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--http-port",
      description = "HTTP port for /metrics, /health and the console (default: 8080).")
  Integer httpPort;

  @Option(
      names = "--config",
      description = "Properties file of settings (see README); flags override it.")
  Path configFile;

  /**
   * {@code --rules}: the pack directory, watched and reloaded live; {@code --model} overrides its
   * model.
   */
  @Mixin PackOptions pack;

  @Option(
      names = "--application-server",
      description =
          "host:port other instances reach this one's HTTP server at (Kafka Streams' application.server), e.g."
              + " the pod's DNS name on Kubernetes.")
  String applicationServer;

  @Option(names = "--demo", description = "Also publish a small varied stream of sample posts.")
  boolean demo;

  @Option(
      names = "--users",
      description =
          "Console users file, made with `users add` (re-read when it changes). Without it nobody can log in with a password.")
  Path usersFile;

  @Override
  public Integer call() throws Exception {
    Map<String, String> flags = new HashMap<>();
    flags.put(AppConfig.DATA_DIR, dataDir == null ? null : dataDir.toString());
    flags.put(AppConfig.HTTP_PORT, httpPort == null ? null : httpPort.toString());
    flags.put(AppConfig.BOOTSTRAP_SERVERS, kafka.given());
    flags.putAll(kafka.appSettings());
    flags.put(AppConfig.RULES_DIR, pack.rules == null ? null : pack.rules.toString());
    flags.put("streams." + StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
    flags.put(AppConfig.USERS_FILE, usersFile == null ? null : usersFile.toString());
    AppConfig config = AppConfig.load(configFile, kafka.env, flags);

    EmbeddedBroker broker = null;
    if (embedded) {
      broker = new EmbeddedBroker(kafkaPort, config.dataDir().resolve("kafka")).start();
      flags.put(AppConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
      config = AppConfig.load(configFile, kafka.env, flags);
    }

    VigilMetrics metrics = new VigilMetrics(config.defaultBlockDeadline(), config.blockDeadlines());
    Path packDir =
        config.get(AppConfig.RULES_DIR) == null ? null : Path.of(config.get(AppConfig.RULES_DIR));
    LiveRulePack rules =
        new LiveRulePack(
                RulePacks.loader(packDir, pack.model), packDir, RulePacks.metricsListener(metrics))
            .watch(
                Duration.ofMillis(
                    config.intValue(AppConfig.RULES_RELOAD_INTERVAL, 100, 3_600_000)));
    VigilApp app = new VigilApp(config, rules, metrics).start();

    CountDownLatch stopped = new CountDownLatch(1);
    EmbeddedBroker brokerToStop = broker;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Shutting down: committing what was processed...");
                  app.close();
                  if (brokerToStop != null) {
                    brokerToStop.close();
                  }
                  stopped.countDown();
                },
                "vigil-shutdown"));

    banner(config, app, rules);
    if (demo) {
      if (!app.awaitRunning(Duration.ofSeconds(120))) {
        System.err.println("streams did not reach RUNNING; demo posts not sent");
      } else {
        int n = DemoPosts.publish(config.kafka(), app.topics().submitted.name());
        System.out.println(
            "Demo: published " + n + " sample posts to " + app.topics().submitted.name() + ".");
      }
    }
    stopped.await();
    return 0;
  }

  private static void banner(AppConfig config, VigilApp app, LiveRulePack rules) {
    String bs = config.get(AppConfig.BOOTSTRAP_SERVERS);
    String http = "http://" + config.get(AppConfig.HTTP_HOST) + ":" + app.boundHttpPort();
    StringBuilder b = new StringBuilder();
    b.append("Vigil is running.\n");
    b.append("  Kafka:        ").append(bs).append('\n');
    b.append("  Rule pack:    ").append(rules.version()).append('\n');
    b.append("  Console:      ").append(http).append("/");
    String users = config.get(AppConfig.USERS_FILE);
    b.append(
            users == null
                ? "  (no --users file: nobody can log in)"
                : "  (users from " + users + ")")
        .append('\n');
    b.append("  Review API:   ").append(http).append("/api/queue\n");
    b.append("  Metrics:      ").append(http).append("/metrics\n");
    b.append("  Health:       ").append(http).append("/health\n");
    b.append("  Topics:\n");
    for (Topic<?, ?> t : app.topics().all()) {
      b.append("    ").append(t.name()).append('\n');
    }
    b.append("  Watch one:    java -jar stream-app/target/moderation.jar tail --bootstrap-servers ")
        .append(bs)
        .append(" --topic ")
        .append(app.topics().decisions.name())
        .append(" --from-beginning\n");
    b.append("Stop with Ctrl-C (or SIGTERM).");
    System.out.println(b);
  }
}
