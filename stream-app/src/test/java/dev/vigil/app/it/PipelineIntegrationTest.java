package dev.vigil.app.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.VigilApp;
import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.config.AppConfig;
import dev.vigil.app.json.Json;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.app.topics.Topics;
import dev.vigil.app.topology.KnownAnswerEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walking pipeline end to end on a real broker: publish a mixed stream, read every output,
 * check the invariant.
 */
class PipelineIntegrationTest {
  @TempDir static Path dir;
  static EmbeddedBroker broker;
  static VigilApp app;

  @BeforeAll
  static void start() throws Exception {
    broker = new EmbeddedBroker(0, dir.resolve("kafka")).start();
    AppConfig config =
        TestApps.config(broker, dir.resolve("app"), Map.of(AppConfig.MAX_TEXT_BYTES, "2048"));
    app =
        TestApps.start(
            config, () -> new LiveRulePack.Loaded("test-1", KnownAnswerEngine.ENGINE), null);
  }

  @AfterAll
  static void stop() {
    TestApps.stop(app, broker);
  }

  @Test
  void everyPostLeavesExactlyOnceAndMetricsCountThem() throws Exception {
    Topics topics = app.topics();
    List<byte[][]> records = new ArrayList<>();
    int n = 400;
    int expectedDead = 0;
    for (int i = 0; i < n; i++) {
      String id = "it-" + i;
      String value =
          switch (i % 8) {
            case 0 -> post(id, "sell blockme cheap");
            case 1 -> post(id, "please reviewme");
            case 2 -> "{\"postId\":\"" + id + "\"";
            case 3 -> post(id, "x".repeat(3000));
            case 4 -> null;
            default -> post(id, "hello world " + i);
          };
      if (i % 8 == 2 || i % 8 == 3 || i % 8 == 4) {
        expectedDead++;
      }
      records.add(
          new byte[][] {
            id.getBytes(StandardCharsets.UTF_8),
            value == null ? null : value.getBytes(StandardCharsets.UTF_8)
          });
    }
    KafkaTestSupport.publish(broker.bootstrapServers(), topics.submitted.name(), records);

    Duration quiet = Duration.ofSeconds(2);
    Duration timeout = Duration.ofSeconds(90);
    String bs = broker.bootstrapServers();
    var decisions =
        KafkaTestSupport.readAll(bs, topics.decisions.name(), n - expectedDead, quiet, timeout);
    var dead = KafkaTestSupport.readAll(bs, topics.deadLetter.name(), expectedDead, quiet, timeout);
    var published = KafkaTestSupport.readAll(bs, topics.published.name(), 1, quiet, timeout);
    var quarantined = KafkaTestSupport.readAll(bs, topics.quarantined.name(), 1, quiet, timeout);
    var evidence = KafkaTestSupport.readAll(bs, topics.evidence.name(), 1, quiet, timeout);
    var reports = KafkaTestSupport.readAll(bs, topics.reports.name(), 1, quiet, timeout);

    assertEquals(n - expectedDead, decisions.size());
    assertEquals(expectedDead, dead.size());
    Map<String, String> actionOf = new HashMap<>();
    for (var r : decisions) {
      JsonNode d = Json.MAPPER.readTree(r.value());
      assertEquals(
          null,
          actionOf.put(d.get("postId").textValue(), d.get("action").textValue()),
          "decided twice");
    }
    Set<String> deadIds = new HashSet<>();
    for (var r : dead) {
      deadIds.add(new String(r.key(), StandardCharsets.UTF_8));
    }
    for (int i = 0; i < n; i++) {
      String id = "it-" + i;
      assertTrue(
          actionOf.containsKey(id) ^ deadIds.contains(id),
          "exactly one of decision/dead-letter: " + id);
    }
    assertExactly(published, actionOf, "ALLOW");
    assertExactly(quarantined, actionOf, "REVIEW");
    assertExactly(evidence, actionOf, "BLOCK");
    assertExactly(reports, actionOf, "BLOCK");
    for (var r : published) {
      String id = key(r);
      assertArrayEquals(
          post(id, "hello world " + id.substring(3)).getBytes(StandardCharsets.UTF_8), r.value());
    }

    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + app.boundHttpPort();
    String metrics =
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertEquals(
        actionOf.values().stream().filter("ALLOW"::equals).count(),
        sum(metrics, "vigil_posts_total{action=\"ALLOW\""));
    assertEquals(
        actionOf.values().stream().filter("BLOCK"::equals).count(),
        sum(metrics, "vigil_posts_total{action=\"BLOCK\""));
    assertEquals(expectedDead, sum(metrics, "vigil_deadletters_total{"));
    assertTrue(
        metrics.contains("vigil_decision_latency_seconds_bucket"), "decision latency histogram");
    assertTrue(metrics.contains("kafka_stream"), "Kafka Streams client metrics");
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, health.statusCode());
    assertTrue(health.body().contains("\"RUNNING\""), health.body());
  }

  private static String post(String id, String text) {
    return "{\"postId\":\""
        + id
        + "\",\"authorId\":\"author-"
        + id
        + "\",\"text\":\""
        + text
        + "\"}";
  }

  private static String key(ConsumerRecord<byte[], byte[]> r) {
    return new String(r.key(), StandardCharsets.UTF_8);
  }

  private static void assertExactly(
      List<ConsumerRecord<byte[], byte[]>> out, Map<String, String> actionOf, String action) {
    Set<String> seen = new HashSet<>();
    for (var r : out) {
      assertTrue(seen.add(key(r)), "duplicate on output: " + key(r));
      assertEquals(action, actionOf.get(key(r)), "wrong route for " + key(r));
    }
    assertEquals(
        actionOf.values().stream().filter(action::equals).count(), seen.size(), action + " count");
  }

  /** Sums the values of every sample line starting with {@code prefix}. */
  static long sum(String scrape, String prefix) {
    double total = 0;
    for (String line : scrape.split("\n")) {
      if (line.startsWith(prefix)) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return Math.round(total);
  }
}
