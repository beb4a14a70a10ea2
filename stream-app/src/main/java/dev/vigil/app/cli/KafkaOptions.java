package dev.vigil.app.cli;

import picocli.CommandLine.Option;

/**
 * {@code --bootstrap-servers}: the Kafka a command talks to. One default for every command, {@value
 * #DEFAULT}: the broker that {@code broker} and {@code run --embedded} start, and the app config's
 * own default, so a local setup needs the flag nowhere. {@code run} and {@code verify} give a
 * config file's {@code bootstrap.servers} precedence over the default (not over the flag).
 */
final class KafkaOptions {
  static final String DEFAULT = "127.0.0.1:9092";

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      description =
          "Kafka bootstrap servers (default: "
              + DEFAULT
              + ", or the config file's bootstrap.servers).")
  String bootstrapServers;

  /** The servers given, else the default. */
  String bootstrapServers() {
    return bootstrapServers == null ? DEFAULT : bootstrapServers;
  }

  /** The servers given on the command line, or null: for settings a config file may also give. */
  String given() {
    return bootstrapServers;
  }
}
