package dev.vigil.app.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.VigilApp;
import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.config.AppConfig;
import dev.vigil.app.json.Json;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.app.topics.Topics;
import dev.vigil.app.topology.CategoryTestEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No diffusion on a real broker, across a restart: a block's fingerprint reaches {@code
 * moderation.fingerprints} keyed by its evidence id; the app is stopped and started again (its
 * global store restored from disk and the topic); an edited repost the engine would allow is then
 * blocked with a NEAR_DUPLICATE match naming the original's evidence.
 */
class NearDuplicateIntegrationTest {
  static final Duration QUIET = Duration.ofSeconds(2);
  static final Duration TIMEOUT = Duration.ofSeconds(90);
  static final String ORIGINAL = "scamme 诚招刷单手垫付本金返佣单单秒返不收任何费用联系客服";
  static final String REPOST = "scamne 诚招刷单手垫付本金返佣单单秒返不收任何费钱联系客服";

  @TempDir static Path dir;
  static EmbeddedBroker broker;
  static AppConfig config;
  static VigilApp app;
  static final Topics topics = Topics.defaults();

  @BeforeAll
  static void start() throws Exception {
    broker = new EmbeddedBroker(0, dir.resolve("kafka")).start();
    config =
        TestApps.config(
            broker,
            dir.resolve("app"),
            Map.of(AppConfig.NEAR_CAPACITY, "1000", AppConfig.NEAR_THRESHOLD, "0.5"));
    app = startApp();
  }

  static VigilApp startApp() throws InterruptedException {
    return TestApps.start(
        config, () -> new LiveRulePack.Loaded("test-2", CategoryTestEngine.ENGINE), null);
  }

  @AfterAll
  static void stop() {
    TestApps.stop(app, broker);
  }

  @Test
  void anEditedRepostIsBlockedAfterARestart() throws Exception {
    publish("near-1", "alice", ORIGINAL);
    List<ConsumerRecord<byte[], byte[]>> fingerprints =
        KafkaTestSupport.readAll(
            broker.bootstrapServers(), topics.fingerprints.name(), 1, QUIET, TIMEOUT);
    assertEquals(1, fingerprints.size());
    String evidenceId = new String(fingerprints.get(0).key(), StandardCharsets.UTF_8);
    JsonNode evidence =
        Json.MAPPER.readTree(
            KafkaTestSupport.readAll(
                    broker.bootstrapServers(), topics.evidence.name(), 1, QUIET, TIMEOUT)
                .get(0)
                .value());
    assertEquals(evidence.get("evidenceId").asText(), evidenceId);
    String fp = new String(fingerprints.get(0).value(), StandardCharsets.UTF_8);
    assertFalse(fp.contains("诚招") || fp.contains("alice"), "no text, no author: " + fp);

    app.close();
    app = startApp();

    publish("near-2", "bob", REPOST);
    List<ConsumerRecord<byte[], byte[]>> decisions =
        KafkaTestSupport.readAll(
            broker.bootstrapServers(), topics.decisions.name(), 2, QUIET, TIMEOUT);
    assertEquals(2, decisions.size(), "exactly one decision per post");
    JsonNode repost = null;
    for (var r : decisions) {
      JsonNode d = Json.MAPPER.readTree(r.value());
      if (d.get("postId").asText().equals("near-2")) {
        repost = d;
      }
    }
    assertEquals("BLOCK", repost.get("action").asText(), repost.toString());
    assertEquals("fraud", repost.get("categories").get(0).asText());
    JsonNode match = repost.get("matches").get(0);
    assertEquals("NEAR_DUPLICATE", match.get("kind").asText());
    assertEquals("evidence:" + evidenceId, match.get("detail").asText());
    assertEquals(
        1,
        KafkaTestSupport.readAll(
                broker.bootstrapServers(), topics.fingerprints.name(), 1, QUIET, TIMEOUT)
            .size(),
        "the near-duplicate block is not fingerprinted again");
  }

  static void publish(String id, String author, String text) {
    List<byte[][]> records = new ArrayList<>();
    records.add(
        new byte[][] {
          id.getBytes(StandardCharsets.UTF_8),
          ("{\"postId\":\"" + id + "\",\"authorId\":\"" + author + "\",\"text\":\"" + text + "\"}")
              .getBytes(StandardCharsets.UTF_8)
        });
    KafkaTestSupport.publish(broker.bootstrapServers(), topics.submitted.name(), records);
  }
}
