package dev.vigil.app.cli;

import dev.vigil.app.config.AppConfig;
import dev.vigil.app.config.KafkaConnection;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --bootstrap-servers} (also {@code --bootstrap-server} and {@code -b}, as Kafka's tools and
 * kcat spell it) and {@code --command-config}: the Kafka a command talks to and how. The flag wins;
 * else the environment's {@code VIGIL_BOOTSTRAP_SERVERS} ({@link EnvDefaults}); else, for {@code
 * run}, {@code verify}, {@code incident} and {@code privacy-notice}, a config file's {@code
 * bootstrap.servers}; else {@value #DEFAULT}: the broker that {@code broker} and {@code run
 * --embedded} start, and the app config's own default, so a local setup needs the flag nowhere.
 * Client settings come from the environment's {@code VIGIL_KAFKA_*} variables, then an app config's
 * {@code kafka.*} keys (where the command takes {@code --config}), then the {@code
 * --command-config} file, Kafka's own tools' format: each later one wins.
 */
final class KafkaOptions {
  static final String DEFAULT = "127.0.0.1:9092";

  static final String LONG_NAME = "--bootstrap-servers";

  @Option(
      names = {LONG_NAME, "--bootstrap-server", "-b"},
      paramLabel = "HOST:PORT[,...]",
      description =
          "Kafka bootstrap servers; -b and --bootstrap-server as in kcat and Kafka's tools (default:"
              + " env "
              + EnvDefaults.BOOTSTRAP_SERVERS
              + ", else the config file's bootstrap.servers, else "
              + DEFAULT
              + ").")
  String bootstrapServers;

  @Option(
      names = "--command-config",
      paramLabel = "FILE",
      description =
          "Kafka client properties (security.protocol, sasl.*, ssl.*), as for Kafka's own tools;"
              + " they override VIGIL_KAFKA_* variables and the config file's kafka.* keys.")
  Path commandConfig;

  /**
   * The environment the command runs in: {@code VIGIL_KAFKA_*} client settings. Set by {@link
   * Main#commandLine(java.util.Map)} (the one given there, so tests can set it); else the
   * process's.
   */
  java.util.Map<String, String> env = System.getenv();

  /** The servers given, else the default. */
  String bootstrapServers() {
    return bootstrapServers == null ? DEFAULT : bootstrapServers;
  }

  /** The servers given on the command line, or null: for settings a config file may also give. */
  String given() {
    return bootstrapServers;
  }

  /** The connection of a command without an app config. */
  KafkaConnection connection() {
    return withCommandConfig(
        KafkaConnection.to(bootstrapServers()).with(KafkaConnection.fromEnvironment(env)));
  }

  /**
   * The connection of a command that read an app config (made with {@link #given()} as its {@code
   * bootstrap.servers} flag): its servers and client settings, then the command config's.
   */
  KafkaConnection connection(AppConfig config) {
    return withCommandConfig(config.kafka());
  }

  /**
   * The command config's settings as app config keys ({@code kafka.<key>}), for {@code run}, whose
   * clients take theirs from the app config.
   */
  java.util.Map<String, String> appSettings() {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    if (commandConfig != null) {
      KafkaConnection.readClientFile(commandConfig)
          .forEach((k, v) -> out.put(KafkaConnection.PREFIX + k, v));
    }
    return out;
  }

  private KafkaConnection withCommandConfig(KafkaConnection kafka) {
    return commandConfig == null
        ? kafka
        : kafka.with(KafkaConnection.readClientFile(commandConfig));
  }
}
