package dev.vigil.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command that talks to Kafka takes Kafka's own tools' {@code --command-config}. */
class CommandConfigOptionTest {
  @Test
  void everyCommandWithBootstrapServersTakesACommandConfig() {
    List<String> withKafka = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    walk(new CommandLine(new Main()), withKafka, missing);
    assertEquals(List.of(), missing);
    for (String c :
        List.of(
            "run",
            "publish",
            "tail",
            "verify",
            "incident",
            "evidence verify",
            "evidence export",
            "evidence release-hold")) {
      assertTrue(withKafka.contains(c), c + " talks to Kafka: " + withKafka);
    }
  }

  private static void walk(CommandLine cmd, List<String> withKafka, List<String> missing) {
    for (Map.Entry<String, CommandLine> e : cmd.getSubcommands().entrySet()) {
      CommandLine sub = e.getValue();
      String name = sub.getCommandSpec().qualifiedName(" ").replaceFirst("^moderation ", "");
      if (sub.getCommandSpec().findOption("--bootstrap-servers") != null) {
        withKafka.add(name);
        if (sub.getCommandSpec().findOption("--command-config") == null) {
          missing.add(name);
        }
      }
      walk(sub, withKafka, missing);
    }
  }
}
