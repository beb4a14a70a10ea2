package dev.vigil.app.it;

import static dev.vigil.app.it.ReviewFixture.basic;
import static dev.vigil.app.it.ReviewFixture.call;
import static dev.vigil.app.it.ReviewFixture.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.VigilApp;
import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.config.AppConfig;
import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.evidence.EvidenceSetup;
import dev.vigil.app.it.ReviewFixture.Reply;
import dev.vigil.app.json.Json;
import dev.vigil.app.metrics.VigilMetrics;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.app.rules.RulePacks;
import dev.vigil.app.topics.Topics;
import dev.vigil.app.verify.InvariantCheck;
import dev.vigil.app.verify.InvariantReport;
import dev.vigil.core.post.PostParser;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 3 end to end on a real broker, with a real rule pack swapped on disk: posts are
 * allowed and published under pack t-1; pack t-2 adds one rule; the rescan runs that rule alone
 * over the published posts, so exactly the posts it matches reach the review queue with origin
 * {@code rescan} and only its rule (an unchanged rule's hit, even one that would flag a post, is
 * not asked again); a reject of one is one takedown, one evidence record and one regulator report;
 * the posts it does not match are untouched; the start and end are audited and counted.
 */
class RescanIntegrationTest {
  @TempDir static Path dir;
  static EmbeddedBroker broker;
  static VigilApp app;
  static String base;
  static Topics topics;
  static Path pack;

  static final String MANIFEST =
      """
      version: "%s"
      policy:
        thresholds:
          fraud: {review: 0.5, block: 0.95}
          prohibited_goods: {review: 0.5, block: 0.95}
        classifier: {review: 0.7}
      """;

  static final String OLD_RULES =
      """
      rules:
        - id: fraud.weak
          version: 1
          category: fraud/brushing
          weight: 0.3
          terms: [日结]
          tests: {match: [工资日结]}
        - id: goods.drugs
          version: 1
          category: prohibited_goods/drugs
          weight: 0.9
          terms: [冰毒]
          tests: {match: [出售冰毒]}
      """;

  static final String NEW_RULE =
      """
        - id: fraud.rebate
          version: 1
          category: fraud/rebate
          weight: 0.6
          terms: [刷单返利]
          tests: {match: [刷单返利]}
      """;

  /** Pack t-3: categories declared, prohibited goods opted in to {@code rescan: takedown}. */
  private static final String CATEGORIES_MANIFEST =
      """
      version: "t-3"
      categories:
        fraud: {review: 0.5, block: 0.95}
        prohibited_goods: {review: 0.5, block: 0.95, rescan: takedown}
      policy:
        classifier: {review: 0.7}
      """;

  private static final String GUNS_RULE =
      """
        - id: goods.guns
          version: 1
          category: prohibited_goods/weapons
          weight: 0.99
          terms: [气枪]
          tests: {match: [出售气枪]}
      """;

  @BeforeAll
  static void start() throws Exception {
    broker = new EmbeddedBroker(0, dir.resolve("kafka")).start();
    pack = dir.resolve("pack");
    writePack("t-1", OLD_RULES);
    Map<String, String> settings = new HashMap<>();
    settings.put(AppConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    settings.put(AppConfig.DATA_DIR, dir.resolve("app").toString());
    settings.put(AppConfig.HTTP_PORT, "0");
    settings.put(AppConfig.PARTITIONS, "2");
    settings.put(AppConfig.ENGINE_WARMUP_SECONDS, "1"); // as TestApps: the path runs, briefly
    settings.put(AppConfig.USERS_FILE, ReviewFixture.usersFile(dir).toString());
    settings.put(AppConfig.REVIEW_COMMAND_TIMEOUT_MS, "30000");
    settings.put(AppConfig.RESCAN_POSTS_PER_SECOND, "50");
    Path masterKey = dir.resolve("master.key");
    Files.writeString(masterKey, dev.vigil.core.evidence.MasterKey.generate().encode());
    Files.setPosixFilePermissions(
        masterKey, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    settings.put(EvidenceSetup.MASTER_KEY_FILE, masterKey.toString());
    AppConfig config = AppConfig.load(null, settings);
    VigilMetrics metrics = new VigilMetrics(config.defaultBlockDeadline(), config.blockDeadlines());
    LiveRulePack rules =
        new LiveRulePack(RulePacks.loader(pack, null), pack, RulePacks.metricsListener(metrics));
    app = new VigilApp(config, rules, metrics).start();
    assertTrue(app.awaitRunning(Duration.ofSeconds(90)), "app not RUNNING");
    base = "http://127.0.0.1:" + app.boundHttpPort();
    topics = app.topics();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {app, broker}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // best effort
      }
    }
  }

  private static void writePack(String version, String rules) throws Exception {
    Files.createDirectories(pack.resolve("r"));
    Files.writeString(pack.resolve("pack.yaml"), MANIFEST.formatted(version));
    Files.writeString(pack.resolve("r/rules.yaml"), rules);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void send(String topic, String key, String value) {
    KafkaTestSupport.publish(
        broker.bootstrapServers(),
        topic,
        List.<byte[][]>of(new byte[][] {bytes(key), bytes(value)}));
  }

  private static List<ConsumerRecord<byte[], byte[]>> records(String topic, String key, int n) {
    return KafkaTestSupport.readAll(
            broker.bootstrapServers(), topic, n, Duration.ofSeconds(2), Duration.ofSeconds(60))
        .stream()
        .filter(r -> r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8)))
        .toList();
  }

  /** The records of {@code key}, once there are {@code n} (or after 60 s, what there is). */
  private static List<ConsumerRecord<byte[], byte[]>> awaitKeyed(String topic, String key, int n)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    List<ConsumerRecord<byte[], byte[]>> got = records(topic, key, 1);
    while (got.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(500);
      got = records(topic, key, 1);
    }
    return got;
  }

  /** The queue as the API lists it, by postId. */
  private static Map<String, JsonNode> queue() {
    Reply r = call(base, "GET", "/api/queue", null, "Authorization", basic("alice"));
    assertEquals(200, r.status(), String.valueOf(r.json()));
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode i : r.json().get("items")) {
      out.put(i.get("postId").textValue(), i);
    }
    return out;
  }

  private static Set<String> ruleIds(JsonNode item) {
    Set<String> out = new TreeSet<>();
    item.get("matches").forEach(m -> out.add(m.get("ruleId").textValue()));
    return out;
  }

  @Test
  void aNewRuleRescansPublishedPostsIntoReviewAndARejectTakesOneDown() throws Exception {
    // Allowed under t-1 (fraud.weak alone is below review) and published.
    send(topics.submitted.name(), "rs-1", post("rs-1", "加我刷单返利，工资日结"));
    send(topics.submitted.name(), "rs-2", post("rs-2", "刷单返利，今天就到账"));
    send(topics.submitted.name(), "rs-3", post("rs-3", "今天天气好"));
    send(topics.submitted.name(), "rs-4", post("rs-4", "工资日结"));
    assertEquals(
        4,
        KafkaTestSupport.readAll(
                broker.bootstrapServers(),
                topics.published.name(),
                4,
                Duration.ofSeconds(2),
                Duration.ofSeconds(60))
            .size());
    // Published before goods.drugs existed (so never rescanned by it): t-1 would hold it, but the
    // rescan of t-2 must not ask goods.drugs again.
    send(topics.published.name(), "rs-5", post("rs-5", "出售冰毒"));
    assertTrue(queue().isEmpty(), queue().toString());

    writePack("t-2", OLD_RULES + NEW_RULE);
    assertTrue(app.reloadRules(), "pack t-2 live");

    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Map<String, JsonNode> q = queue();
    while ((q.size() < 2 || app.rescanRunning()) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      q = queue();
    }
    assertFalse(app.rescanRunning(), "the rescan ends");
    assertEquals(Set.of("rs-1", "rs-2"), q.keySet(), q.toString());
    for (JsonNode item : q.values()) {
      assertEquals("rescan", item.get("origin").textValue());
      assertEquals(Set.of("fraud.rebate"), ruleIds(item), "only the changed rule: " + item);
      assertEquals("t-2", item.get("rulePackVersion").textValue());
      assertFalse(item.toString().contains("author-"), item.toString());
    }

    String body = Json.object().put("action", "reject").put("reason", "rebate scam").toString();
    Reply decided =
        call(base, "POST", "/api/queue/rs-1/decision", body, "Authorization", basic("alice"));
    assertEquals(200, decided.status(), String.valueOf(decided.json()));
    List<ConsumerRecord<byte[], byte[]>> takedowns = awaitKeyed(topics.takedowns.name(), "rs-1", 1);
    assertEquals(1, takedowns.size());
    JsonNode takedown = Json.MAPPER.readTree(takedowns.get(0).value());
    assertEquals("fraud/rebate", takedown.get("category").textValue());
    assertEquals("alice", takedown.get("moderator").textValue());
    assertEquals(1, awaitKeyed(topics.evidence.name(), "rs-1", 1).size());
    assertEquals(1, awaitKeyed(topics.reports.name(), "rs-1", 1).size());
    // One takedown in all: the unmatched posts and the pending one are untouched.
    List<ConsumerRecord<byte[], byte[]>> all =
        KafkaTestSupport.readAll(
            broker.bootstrapServers(),
            topics.takedowns.name(),
            1,
            Duration.ofSeconds(2),
            Duration.ofSeconds(30));
    assertEquals(1, all.size());
    for (String untouched : List.of("rs-2", "rs-3", "rs-4", "rs-5")) {
      assertTrue(records(topics.evidence.name(), untouched, 0).isEmpty(), untouched);
    }
    assertEquals(Set.of("rs-2"), queue().keySet());
    // The hits on posts.rescans hold no text and no author id.
    for (var r :
        KafkaTestSupport.readAll(
            broker.bootstrapServers(),
            topics.rescans.name(),
            2,
            Duration.ofSeconds(2),
            Duration.ofSeconds(30))) {
      String v = new String(r.value(), StandardCharsets.UTF_8);
      assertFalse(v.contains("author-") || v.contains("刷单"), v);
    }

    // Audited, start and end, with the counts; counted in the metrics.
    List<ConsumerRecord<byte[], byte[]>> audit = awaitKeyed(topics.audit.name(), "pack:t-2", 2);
    assertEquals(2, audit.size(), "start and end");
    JsonNode end = Json.MAPPER.readTree(audit.get(1).value());
    assertEquals("rescan.end", end.get("action").textValue());
    assertEquals("done", end.get("reason").textValue());
    assertTrue(end.get("detail").textValue().contains("hits 2"), end.toString());
    assertTrue(end.get("detail").textValue().contains("posts 5"), end.toString());
    String metrics =
        ReviewFixture.HTTP
            .send(
                HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertTrue(metrics.contains("vigil_rescan_hits_total{rule=\"fraud.rebate\"} 2.0"), metrics);
    assertTrue(metrics.contains("vigil_rescan_posts_total 5.0"), metrics);

    // A category that opted in to `rescan: takedown`: a new rule's block there is taken down at
    // once, with evidence and a report, by the rescan; nothing else changes.
    send(topics.submitted.name(), "rs-6", post("rs-6", "出售气枪，包邮"));
    assertEquals(1, awaitKeyed(topics.published.name(), "rs-6", 1).size(), "allowed under t-2");
    Files.writeString(pack.resolve("pack.yaml"), CATEGORIES_MANIFEST);
    Files.writeString(pack.resolve("r/rules.yaml"), OLD_RULES + NEW_RULE + GUNS_RULE);
    assertTrue(app.reloadRules(), "pack t-3 live");
    List<ConsumerRecord<byte[], byte[]>> direct = awaitKeyed(topics.takedowns.name(), "rs-6", 1);
    assertEquals(1, direct.size());
    JsonNode byRescan = Json.MAPPER.readTree(direct.get(0).value());
    assertEquals("rescan", byRescan.get("moderator").textValue());
    assertEquals("prohibited_goods/weapons", byRescan.get("category").textValue());
    assertEquals(1, awaitKeyed(topics.evidence.name(), "rs-6", 1).size());
    assertEquals(1, awaitKeyed(topics.reports.name(), "rs-6", 1).size());
    assertEquals(2, awaitKeyed(topics.audit.name(), "pack:t-3", 2).size(), "start and end");
    assertEquals(Set.of("rs-2"), queue().keySet(), "nothing else queued or decided");
    assertTrue(records(topics.evidence.name(), "rs-5", 0).isEmpty(), "goods.drugs unchanged");

    // verify: the takedowns of rescanned posts are accounted for (rs-5, written past Vigil, is
    // not).
    InvariantReport report =
        new InvariantCheck(
                KafkaConnection.to(broker.bootstrapServers()), topics, new PostParser(64 * 1024))
            .check();
    for (String v :
        List.of(
            "takedown of a post never reported",
            "takedown without a moderator's applied reject",
            "post taken down more than once",
            "moderator outcome for a post never held for review",
            "dead letter from an unknown topic")) {
      assertFalse(report.violations().containsKey(v), report.summary());
    }
  }
}
