package dev.vigil.app.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.bench.Workload;
import dev.vigil.app.config.AppConfig;
import dev.vigil.app.it.KafkaTestSupport;
import dev.vigil.app.json.Json;
import dev.vigil.app.verify.TopicReader;
import dev.vigil.core.rules.RulePack;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule pack is replaced while posts flow, then replaced by an invalid pack. Every post is
 * decided exactly once and wholly under one valid pack version; the new rule acts as soon as its
 * pack is active; the invalid pack is refused and the last good one keeps serving.
 */
class RulePackSwapTest {
  static final String V2 = "fault-swap-2";

  @Test
  void packReplacedAndThenReplacedByAnInvalidOneWhilePostsFlow(@TempDir Path dir) throws Exception {
    Path pack = dir.resolve("pack");
    copyShippedPack(pack);
    try (FaultRig rig = new FaultRig(dir, false, Map.of(AppConfig.RULES_RELOAD_INTERVAL, "300"))) {
      AppProcess app = rig.startApp("app", "--rules", pack.toString());
      rig.awaitAppReady(Duration.ofSeconds(120));
      long n = 6000;
      Workload workload = new Workload(31, "swap", 0.02, rig.maxTextBytes);
      String submitted = rig.topics.submitted.name();
      try (Publisher platform = new Publisher(rig.bootstrap(), submitted, workload, 0, n, 800)) {
        rig.awaitCommitted(1000, Duration.ofSeconds(120));

        // A new version with one more rule.
        write(
            pack.resolve("fault/swap.yaml"),
            """
            rules:
              - id: fault.swap
                version: 1
                category: fraud/investment
                description: Added while posts flow, by the rule-pack swap fault test.
                weight: 0.99
                terms: [zorblax]
                tests:
                  match: [buy zorblax now]
                  noMatch: [hello world]
            """);
        String manifest = Files.readString(pack.resolve("pack.yaml"));
        write(
            pack.resolve("pack.yaml"),
            manifest.replaceFirst("(?m)^version: .*$", "version: \"" + V2 + "\""));
        assertTrue(
            app.awaitOutput("rule pack " + V2, 30_000),
            "new pack activated; log:\n" + app.output());
        List<String> canaries = publishCanaries(rig, "canary-a", 10);

        // An invalid pack: refused, the last good one keeps serving.
        write(
            pack.resolve("pack.yaml"),
            manifest.replaceFirst("(?m)^version: .*$", "version: \"fault-swap-3\"\nwieght: 1"));
        assertTrue(
            app.awaitOutput("rule pack rejected", 30_000),
            "invalid pack refused; log:\n" + app.output());
        canaries.addAll(publishCanaries(rig, "canary-b", 10));

        assertEquals(n, platform.await(300_000));
        rig.assertInvariant(n + canaries.size(), Duration.ofSeconds(180));
      }

      Map<String, Long> byVersion = new HashMap<>();
      Map<String, JsonNode> canaryDecisions = new HashMap<>();
      for (var r :
          new TopicReader(dev.vigil.app.config.KafkaConnection.to(rig.bootstrap()))
              .readAll(rig.topics.decisions.name(), Duration.ofMinutes(1))) {
        JsonNode d = Json.MAPPER.readTree(r.value());
        byVersion.merge(d.path("rulePackVersion").asText(), 1L, Long::sum);
        if (d.path("postId").asText().startsWith("canary-")) {
          canaryDecisions.put(d.path("postId").asText(), d);
        }
      }
      System.out.println("decisions by pack version: " + byVersion);
      assertEquals(
          2, byVersion.size(), "every decision under the first pack or the second: " + byVersion);
      assertTrue(
          byVersion.keySet().stream().anyMatch(v -> v.contains(V2)),
          "the second pack decided posts");
      assertTrue(
          byVersion.keySet().stream().noneMatch(v -> v.contains("fault-swap-3")),
          "the invalid pack never did");
      assertEquals(20, canaryDecisions.size());
      for (JsonNode d : canaryDecisions.values()) {
        assertTrue(d.path("rulePackVersion").asText().contains(V2), d.toString());
        boolean hit = false;
        for (JsonNode m : d.path("matches")) {
          hit |= m.path("ruleId").asText().equals("fault.swap");
        }
        assertTrue(hit, "the new rule matched: " + d);
      }
      assertTrue(app.isAlive());
    }
  }

  private static List<String> publishCanaries(FaultRig rig, String prefix, int n) {
    List<byte[][]> records = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = prefix + "-" + i;
      ids.add(id);
      String v =
          "{\"postId\":\""
              + id
              + "\",\"authorId\":\"u-"
              + i
              + "\",\"text\":\"limited offer: zorblax tonight\"}";
      records.add(
          new byte[][] {id.getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8)});
    }
    KafkaTestSupport.publish(rig.bootstrap(), rig.topics.submitted.name(), records);
    return ids;
  }

  /**
   * Writes {@code file} whole, then moves it into place, as a careful operator (or a config sync)
   * would.
   */
  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The pack shipped in the jar, copied out to a directory the app can watch. */
  static void copyShippedPack(Path to) throws IOException {
    ClassLoader cl = RulePack.class.getClassLoader();
    String root = RulePack.CLASSPATH_ROOT + "/";
    try (InputStream index = cl.getResourceAsStream(root + "INDEX")) {
      assertTrue(index != null, "shipped pack on the classpath");
      for (String f : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (f.isBlank()) {
          continue;
        }
        Path target = to.resolve(f.trim());
        Files.createDirectories(target.getParent());
        try (InputStream in = cl.getResourceAsStream(root + f.trim())) {
          Files.copy(in, target);
        }
      }
    }
  }
}
