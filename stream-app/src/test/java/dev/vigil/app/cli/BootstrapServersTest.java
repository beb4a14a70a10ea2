package dev.vigil.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.app.config.AppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code -b} and {@code --bootstrap-server} (kcat's and Kafka's tools' spellings) are aliases of
 * {@code --bootstrap-servers} on every command; {@code VIGIL_BOOTSTRAP_SERVERS} is the default,
 * below the flag and above a config file's {@code bootstrap.servers}.
 */
class BootstrapServersTest {
  @TempDir Path dir;

  private static KafkaOptions parse(Map<String, String> env, String... args) {
    CommandLine cmd = Main.commandLine(env);
    CommandLine.ParseResult parsed = cmd.parseArgs(args);
    while (parsed.hasSubcommand()) {
      parsed = parsed.subcommand();
    }
    return (KafkaOptions) parsed.commandSpec().mixins().get("kafka").userObject();
  }

  @Test
  void everyCommandWithBootstrapServersTakesBothAliases() {
    List<String> missing = new ArrayList<>();
    int[] withKafka = {0};
    walk(new CommandLine(new Main()), missing, withKafka);
    assertEquals(List.of(), missing);
    assertEquals(true, withKafka[0] >= 8, "commands with --bootstrap-servers: " + withKafka[0]);
  }

  private static void walk(CommandLine cmd, List<String> missing, int[] withKafka) {
    for (CommandLine sub : cmd.getSubcommands().values()) {
      var spec = sub.getCommandSpec();
      if (spec.findOption("--bootstrap-servers") != null) {
        withKafka[0]++;
        if (spec.findOption("-b") != spec.findOption("--bootstrap-servers")
            || spec.findOption("--bootstrap-server") != spec.findOption("--bootstrap-servers")) {
          missing.add(spec.qualifiedName(" "));
        }
      }
      walk(sub, missing, withKafka);
    }
  }

  @Test
  void theAliasesSetTheSameOption() {
    for (String flag : List.of("-b", "--bootstrap-server", "--bootstrap-servers")) {
      assertEquals(
          "k1:9092,k2:9092",
          parse(Map.of(), "tail", flag, "k1:9092,k2:9092", "--topic", "t").bootstrapServers(),
          flag);
    }
  }

  @Test
  void theEnvironmentIsTheDefaultAndTheFlagWins() {
    Map<String, String> env = Map.of(EnvDefaults.BOOTSTRAP_SERVERS, "env-kafka:9092");
    assertEquals("env-kafka:9092", parse(env, "tail", "--topic", "t").bootstrapServers());
    assertEquals(
        "env-kafka:9092",
        parse(env, "evidence", "verify").connection().bootstrapServers(),
        "a subcommand's mixin too");
    assertEquals("flag:1", parse(env, "tail", "-b", "flag:1", "--topic", "t").bootstrapServers());
    assertEquals(KafkaOptions.DEFAULT, parse(Map.of(), "tail", "--topic", "t").bootstrapServers());
    assertEquals(
        KafkaOptions.DEFAULT,
        parse(Map.of(EnvDefaults.BOOTSTRAP_SERVERS, " "), "tail", "--topic", "t")
            .bootstrapServers(),
        "a blank variable is no default");
  }

  @Test
  void theEnvironmentWinsOverAConfigFileAndTheFlagOverBoth() throws Exception {
    Path config = dir.resolve("vigil.properties");
    Files.writeString(config, "bootstrap.servers=from-file:9092\n");
    Map<String, String> env = Map.of(EnvDefaults.BOOTSTRAP_SERVERS, "env-kafka:9092");
    assertEquals(
        "from-file:9092", servers(parse(Map.of(), "verify", "--config", config.toString())));
    assertEquals("env-kafka:9092", servers(parse(env, "verify", "--config", config.toString())));
    assertEquals(
        "flag:1", servers(parse(env, "verify", "--config", config.toString(), "-b", "flag:1")));
  }

  @Test
  void vigilKafkaVariablesComeFromTheSameEnvironment() throws Exception {
    Map<String, String> env =
        Map.of(
            EnvDefaults.BOOTSTRAP_SERVERS,
            "env-kafka:9092",
            "VIGIL_KAFKA_SECURITY_PROTOCOL",
            "SASL_SSL");
    assertEquals(
        "SASL_SSL",
        parse(env, "tail", "--topic", "t").connection().settings().get("security.protocol"));
    CommandLine.ParseResult export =
        Main.commandLine(env)
            .parseArgs("evidence", "export", "--evidence-id", "e", "--reason", "r")
            .subcommand()
            .subcommand();
    KafkaOptions nested =
        ((EvidenceKeyOptions) export.commandSpec().mixins().get("keyOptions").userObject()).kafka;
    assertEquals("SASL_SSL", nested.connection().settings().get("security.protocol"));
    assertEquals("env-kafka:9092", nested.connection().bootstrapServers(), "a mixin's mixin too");

    Files.writeString(dir.resolve("vigil.properties"), "kafka.security.protocol=SSL\n");
    KafkaOptions verify =
        parse(env, "verify", "--config", dir.resolve("vigil.properties").toString());
    Map<String, String> flags = new java.util.HashMap<>();
    flags.put(AppConfig.BOOTSTRAP_SERVERS, verify.given());
    AppConfig config = AppConfig.load(dir.resolve("vigil.properties"), verify.env, flags);
    assertEquals(
        "SASL_SSL",
        verify.connection(config).settings().get("security.protocol"),
        "the variable over the config file, as for run");
  }

  private String servers(KafkaOptions kafka) {
    Map<String, String> flags = new java.util.HashMap<>();
    flags.put(AppConfig.BOOTSTRAP_SERVERS, kafka.given());
    AppConfig config = AppConfig.load(dir.resolve("vigil.properties"), Map.of(), flags);
    return kafka.connection(config).bootstrapServers();
  }
}
