package dev.vigil.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.cli.CliTestSupport.Run;
import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.topics.TopicAdmin;
import dev.vigil.app.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --format json} on verify, evidence verify, rules validate and rules test: standard output
 * is one JSON object with {@code ok} first, and the exit code is the text output's.
 */
class JsonOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static EmbeddedBroker broker;

  @BeforeAll
  static void start() throws Exception {
    broker = new EmbeddedBroker(0, dir.resolve("kafka")).start();
    try (TopicAdmin admin = TopicAdmin.connect(KafkaConnection.to(broker.bootstrapServers()))) {
      admin.createMissing(Topics.defaults(), List.of(), 2, (short) 1);
    }
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private static JsonNode onlyJson(Run r) throws Exception {
    String out = r.out().strip();
    assertEquals(1, out.lines().count(), "one line of JSON and nothing else: " + r.out());
    JsonNode o = JSON.readTree(out);
    assertEquals("ok", o.fieldNames().next(), "ok first: " + out);
    return o;
  }

  @Test
  void verifyOnAnEmptyPipeline() throws Exception {
    Run r =
        CliTestSupport.run(
            "",
            Map.of(EnvDefaults.BOOTSTRAP_SERVERS, broker.bootstrapServers()),
            "verify",
            "--wait",
            "0",
            "--format",
            "json");
    assertEquals(ExitCodes.OK, r.exit(), r.err());
    JsonNode o = onlyJson(r);
    assertTrue(o.get("ok").asBoolean());
    assertEquals(0, o.get("inputs").asLong());
    assertTrue(o.get("violations").isObject(), o.toString());
  }

  @Test
  void evidenceVerifyOnAnEmptyTopic() throws Exception {
    Run r =
        CliTestSupport.run(
            "evidence",
            "verify",
            "-b",
            broker.bootstrapServers(),
            "--reports-topic",
            "regulator.reports",
            "--format",
            "json");
    assertEquals(ExitCodes.OK, r.exit(), r.err());
    JsonNode o = onlyJson(r);
    assertTrue(o.get("ok").asBoolean());
    assertEquals(0, o.get("records").asLong());
    assertEquals(2, o.get("partitions").size());
    assertTrue(o.at("/partitions/0/intact").asBoolean());
    assertEquals(0, o.at("/reports/missing").size());

    Run missing =
        CliTestSupport.run(
            "evidence",
            "verify",
            "-b",
            broker.bootstrapServers(),
            "--topic",
            "no.such.topic",
            "--format",
            "json");
    assertEquals(ExitCodes.INPUT, missing.exit(), missing.err());
  }

  @Test
  void rulesValidateAndTest() throws Exception {
    Path pack = dir.resolve("pack");
    Files.createDirectories(pack);
    Files.writeString(
        pack.resolve("pack.yaml"),
        """
        version: "json-1"
        policy:
          thresholds:
            fraud: {review: 0.5, block: 0.9}
            prohibited_goods: {review: 0.5, block: 0.9}
          classifier: {review: 0.7}
        """);
    Files.writeString(
        pack.resolve("r.yaml"),
        """
        rules:
          - id: goods.drugs
            version: 1
            category: prohibited_goods/drugs
            weight: 0.9
            terms: [冰毒]
            tests: {match: [出售冰毒], noMatch: [冰毒]}
        """);
    Run v = CliTestSupport.run("rules", "validate", pack.toString(), "--format", "json");
    assertEquals(ExitCodes.OK, v.exit(), v.out() + v.err());
    JsonNode valid = onlyJson(v);
    assertEquals("json-1", valid.get("version").asText());
    assertEquals(1, valid.get("rules").asInt());

    Run t = CliTestSupport.run("rules", "test", pack.toString(), "--format", "json");
    assertEquals(ExitCodes.CHECK_FAILED, t.exit(), t.err());
    JsonNode tested = onlyJson(t);
    assertTrue(!tested.get("ok").asBoolean());
    assertEquals(1, tested.get("failed").asInt());
    assertTrue(tested.at("/failures/0").asText().contains("must not match"), tested.toString());

    Files.writeString(pack.resolve("r.yaml"), "rules:\n  - id: Bad Id\n");
    Run bad = CliTestSupport.run("rules", "validate", pack.toString(), "--format", "json");
    assertEquals(ExitCodes.CHECK_FAILED, bad.exit());
    JsonNode invalid = onlyJson(bad);
    assertTrue(!invalid.get("ok").asBoolean());
    assertTrue(invalid.at("/problems/0").asText().contains("r.yaml:2"), invalid.toString());
  }
}
