package dev.vigil.app.it;

import static dev.vigil.app.it.ReviewFixture.basic;
import static dev.vigil.app.it.ReviewFixture.call;
import static dev.vigil.app.it.ReviewFixture.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.VigilApp;
import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.config.AppConfig;
import dev.vigil.app.evidence.EvidenceSetup;
import dev.vigil.app.it.ReviewFixture.Reply;
import dev.vigil.app.json.Json;
import dev.vigil.app.metrics.VigilMetrics;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.app.rules.RulePacks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rescan interrupted by a restart resumes from its committed offsets: the restarted instance
 * (whose first pack is already the new one, so no change is seen) finds the live pack's rescan
 * group short of its ends, reads the rules from the offsets' metadata, and rescans the rest, not
 * what was done before the restart.
 */
class RescanResumeIntegrationTest {
  @TempDir static Path dir;
  static EmbeddedBroker broker;
  static VigilApp app;

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

  private static VigilApp start(Path pack) throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put(AppConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    settings.put(AppConfig.DATA_DIR, dir.resolve("app").toString());
    settings.put(AppConfig.HTTP_PORT, "0");
    settings.put(AppConfig.PARTITIONS, "1");
    settings.put(AppConfig.ENGINE_WARMUP_SECONDS, "1"); // as TestApps: the path runs, briefly
    settings.put(AppConfig.USERS_FILE, dir.resolve("users.txt").toString());
    settings.put(AppConfig.RESCAN_POSTS_PER_SECOND, "2");
    settings.put(EvidenceSetup.MASTER_KEY_FILE, dir.resolve("master.key").toString());
    AppConfig config = AppConfig.load(null, settings);
    VigilMetrics metrics = new VigilMetrics(config.defaultBlockDeadline(), config.blockDeadlines());
    VigilApp a =
        new VigilApp(
                config,
                new LiveRulePack(
                    RulePacks.loader(pack, null), pack, RulePacks.metricsListener(metrics)),
                metrics)
            .start();
    assertTrue(a.awaitRunning(Duration.ofSeconds(90)), "app not RUNNING");
    return a;
  }

  private static void writePack(Path pack, String version, String rules) throws Exception {
    Files.createDirectories(pack.resolve("r"));
    Files.writeString(pack.resolve("pack.yaml"), RescanIntegrationTest.MANIFEST.formatted(version));
    Files.writeString(pack.resolve("r/rules.yaml"), rules);
  }

  @Test
  void aRestartResumesTheRescanWhereItStopped() throws Exception {
    broker = new EmbeddedBroker(0, dir.resolve("kafka")).start();
    ReviewFixture.usersFile(dir);
    Path key = dir.resolve("master.key");
    Files.writeString(key, dev.vigil.core.evidence.MasterKey.generate().encode());
    Files.setPosixFilePermissions(
        key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Path pack = dir.resolve("pack");
    writePack(pack, "t-1", RescanIntegrationTest.OLD_RULES);
    app = start(pack);

    List<byte[][]> posts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String id = "rr-" + i;
      posts.add(
          new byte[][] {
            id.getBytes(StandardCharsets.UTF_8),
            post(id, "刷单返利第" + i + "单").getBytes(StandardCharsets.UTF_8)
          });
    }
    KafkaTestSupport.publish(broker.bootstrapServers(), app.topics().published.name(), posts);

    // Two posts a second: the rescan of t-2 takes five seconds; stop the app after two.
    writePack(pack, "t-2", RescanIntegrationTest.OLD_RULES + RescanIntegrationTest.NEW_RULE);
    assertTrue(app.reloadRules());
    Thread.sleep(2000);
    assertTrue(app.rescanRunning(), "still rescanning when stopped");
    app.close();

    app = start(pack);
    String base = "http://127.0.0.1:" + app.boundHttpPort();
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    Set<String> queued = new TreeSet<>();
    while (queued.size() < 10 && System.nanoTime() < deadline) {
      Reply r = call(base, "GET", "/api/queue", null, "Authorization", basic("alice"));
      queued.clear();
      if (r.status() == 200) {
        for (JsonNode i : r.json().get("items")) {
          queued.add(i.get("postId").textValue());
        }
      }
      Thread.sleep(500);
    }
    assertEquals(10, queued.size(), queued.toString());

    List<JsonNode> audit = new ArrayList<>();
    long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (audit.size() < 4 && System.nanoTime() < until) {
      audit.clear();
      for (var r :
          KafkaTestSupport.readAll(
              broker.bootstrapServers(),
              app.topics().audit.name(),
              1,
              Duration.ofSeconds(1),
              Duration.ofSeconds(30))) {
        if (r.key() != null && "pack:t-2".equals(new String(r.key(), StandardCharsets.UTF_8))) {
          audit.add(Json.MAPPER.readTree(r.value()));
        }
      }
    }
    assertEquals(4, audit.size(), audit.toString());
    assertEquals("stopped: the app is stopping", audit.get(1).get("reason").textValue());
    assertTrue(audit.get(2).get("reason").textValue().startsWith("resumed"), audit.toString());
    assertEquals("done", audit.get(3).get("reason").textValue());
    long before = posts(audit.get(1));
    long after = posts(audit.get(3));
    assertTrue(before > 0 && after > 0, audit.toString());
    assertEquals(10, before + after, "each post read once: " + audit);
  }

  private static long posts(JsonNode end) {
    String detail = end.get("detail").textValue();
    int at = detail.indexOf("posts ");
    return Long.parseLong(detail.substring(at + 6, detail.indexOf(';', at)));
  }
}
