package dev.vigil.app.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from the environment, below the command line: {@value #BOOTSTRAP_SERVERS} for
 * {@code --bootstrap-servers} (then a config file's {@code bootstrap.servers}, then {@value
 * KafkaOptions#DEFAULT}). The environment is given, not read here, so tests can set it.
 */
final class EnvDefaults implements CommandLine.IDefaultValueProvider {
  static final String BOOTSTRAP_SERVERS = "VIGIL_BOOTSTRAP_SERVERS";

  private final Map<String, String> env;

  EnvDefaults(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (arg instanceof OptionSpec o && o.longestName().equals(KafkaOptions.LONG_NAME)) {
      String v = env.get(BOOTSTRAP_SERVERS);
      return v == null || v.isBlank() ? null : v.trim();
    }
    return null;
  }
}
