package dev.vigil.app.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.VigilApp;
import dev.vigil.app.auth.PasswordHash;
import dev.vigil.app.auth.Role;
import dev.vigil.app.auth.UsersFile;
import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.config.AppConfig;
import dev.vigil.app.json.Json;
import dev.vigil.app.rules.RuleCircuitBreakerTest;
import dev.vigil.app.rules.RulePacks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The circuit breaker in a running app: a pack change makes a rule match nearly everything; the app
 * demotes it to shadow by itself (metric, audit event, innocent posts allowed again), and an admin
 * puts it back through the API. With the near-duplicate index on, the posts the rule blocked before
 * its demotion are fingerprinted, tied to it: once it is demoted, their near-duplicates are not
 * blocked as {@code NEAR_DUPLICATE} either.
 */
class CircuitBreakerIntegrationTest {
  @TempDir static Path dir;
  static EmbeddedBroker broker;
  static VigilApp app;
  static Path pack;

  @BeforeAll
  static void start() throws Exception {
    broker = new EmbeddedBroker(0, dir.resolve("kafka")).start();
    pack = RuleCircuitBreakerTest.copyShippedPack(dir.resolve("pack"));
    UsersFile users = UsersFile.empty();
    users.put(
        new UsersFile.User(
            "ops",
            Role.ADMIN,
            PasswordHash.hash("correct horse".toCharArray(), PasswordHash.MIN_ITERATIONS)));
    users.write(dir.resolve("users"));
    AppConfig config =
        TestApps.config(
            broker,
            dir.resolve("app"),
            Map.of(
                AppConfig.PARTITIONS, "1",
                AppConfig.USERS_FILE, dir.resolve("users").toString(),
                AppConfig.BREAKER_MIN_POSTS, "40",
                AppConfig.BREAKER_MAX_SHARE, "0.2",
                AppConfig.NEAR_CAPACITY, "10000"));
    app = TestApps.start(config, RulePacks.loader(pack, null), pack);
  }

  @AfterAll
  static void stop() {
    TestApps.stop(app, broker);
  }

  @Test
  void aRuleThatStartsMatchingEverythingIsDemotedAndAnAdminCanRestoreIt() throws Exception {
    String runaway = RuleCircuitBreakerTest.RUNAWAY.formatted("的", "我的");
    Files.writeString(pack.resolve("runaway.yaml"), runaway);
    assertTrue(app.reloadRules(), "the changed pack loads");

    List<byte[][]> posts = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      String id = "cb-" + i;
      posts.add(
          new byte[][] {
            id.getBytes(StandardCharsets.UTF_8),
            ("{\"postId\":\""
                    + id
                    + "\",\"authorId\":\"u"
                    + i
                    + "\",\"text\":\"我的猫今天第"
                    + i
                    + "次睡午觉\"}")
                .getBytes(StandardCharsets.UTF_8)
          });
    }
    KafkaTestSupport.publish(broker.bootstrapServers(), app.topics().submitted.name(), posts);
    var decisions =
        KafkaTestSupport.readAll(
            broker.bootstrapServers(),
            app.topics().decisions.name(),
            120,
            Duration.ofSeconds(2),
            Duration.ofSeconds(60));
    assertEquals(120, decisions.size());
    int blocked = 0;
    JsonNode last = null;
    for (var r : decisions) {
      last = Json.MAPPER.readTree(r.value());
      if (last.get("action").asText().equals("BLOCK")) {
        blocked++;
      }
    }
    assertTrue(
        blocked >= 40 && blocked < 120,
        "blocked until the breaker tripped, then no more: " + blocked);
    assertEquals("ALLOW", last.get("action").asText(), "after the trip innocent posts pass");
    boolean shadowHit = false;
    for (JsonNode m : last.get("matches")) {
      shadowHit |= m.get("ruleId").asText().equals("test.runaway") && m.get("shadow").asBoolean();
    }
    assertTrue(shadowHit, "the demoted rule's hits are still reported, as shadow");
    for (var r : decisions) {
      assertTrue(
          Json.MAPPER.readTree(r.value()).get("matches").findValuesAsText("kind").stream()
              .noneMatch("NEAR_DUPLICATE"::equals),
          "no post is blocked as a near-duplicate of the demoted rule's blocks");
    }

    // Every block of the rule is fingerprinted, tied to it; once the index holds them all, a fresh
    // near-duplicate of them (the posts differ in a number only) is decided by the engine alone:
    // allowed, as the demoted rule no longer enforces.
    var fingerprints =
        KafkaTestSupport.readAll(
            broker.bootstrapServers(),
            app.topics().fingerprints.name(),
            blocked,
            Duration.ofSeconds(2),
            Duration.ofSeconds(30));
    assertEquals(blocked, fingerprints.size(), "one fingerprint per block");
    for (var r : fingerprints) {
      JsonNode f = Json.MAPPER.readTree(r.value());
      assertEquals("engine", f.get("source").asText(), f.toString());
      List<String> rules = new ArrayList<>();
      f.get("rules").forEach(n -> rules.add(n.asText()));
      assertTrue(rules.contains("test.runaway"), f.toString());
    }
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + app.boundHttpPort();
    String held = "vigil_near_fingerprints " + blocked + ".0";
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!scrape(http, base).contains(held) && System.nanoTime() < until) {
      Thread.sleep(100);
    }
    assertTrue(scrape(http, base).contains(held), "the index holds every fingerprint: " + held);
    String repost = "cb-repost";
    KafkaTestSupport.publish(
        broker.bootstrapServers(),
        app.topics().submitted.name(),
        List.<byte[][]>of(
            new byte[][] {
              repost.getBytes(StandardCharsets.UTF_8),
              ("{\"postId\":\""
                      + repost
                      + "\",\"authorId\":\"u-repost\",\"text\":\"我的猫今天第3次睡午觉了\"}")
                  .getBytes(StandardCharsets.UTF_8)
            }));
    JsonNode again = null;
    for (var r :
        KafkaTestSupport.readAll(
            broker.bootstrapServers(),
            app.topics().decisions.name(),
            121,
            Duration.ofSeconds(2),
            Duration.ofSeconds(60))) {
      JsonNode d = Json.MAPPER.readTree(r.value());
      if (d.get("postId").asText().equals(repost)) {
        again = d;
      }
    }
    assertTrue(again != null, "the repost is decided");
    assertEquals("ALLOW", again.get("action").asText(), again.toString());
    assertTrue(
        again.get("matches").findValuesAsText("kind").stream().noneMatch("NEAR_DUPLICATE"::equals),
        again.toString());

    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString("ops:correct horse".getBytes(StandardCharsets.UTF_8));
    assertTrue(
        scrape(http, base).contains("vigil_rule_circuit_open{rule=\"test.runaway\"} 1"),
        "trip is on /metrics");
    HttpResponse<String> open =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/rules/breaker"))
                .header("Authorization", basic)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, open.statusCode(), open.body());
    assertTrue(open.body().contains("test.runaway"), open.body());

    HttpResponse<String> restore =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/rules/test.runaway/restore"))
                .header("Authorization", basic)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"reason\":\"rule fixed upstream, verified\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, restore.statusCode(), restore.body());
    assertTrue(app.breaker().open().isEmpty());

    var audit =
        KafkaTestSupport.readAll(
            broker.bootstrapServers(),
            app.topics().audit.name(),
            2,
            Duration.ofSeconds(1),
            Duration.ofSeconds(30));
    List<String> actions = new ArrayList<>();
    for (var r : audit) {
      JsonNode a = Json.MAPPER.readTree(r.value());
      actions.add(a.get("action").asText() + " by " + a.get("actor").asText());
    }
    assertTrue(actions.contains("rule.circuit.open by system"), actions.toString());
    assertTrue(actions.contains("rule.circuit.reset by ops"), actions.toString());
  }

  private static String scrape(HttpClient http, String base) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
