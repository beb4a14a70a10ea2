package dev.vigil.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.core.rules.RulePack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench end to end on a small workload: both topologies drain it on a real embedded broker,
 * latency and a short soak run, and the JSON line carries what the README says it does. Speed is
 * not judged here (that is the bench's own job, on a quiet machine); that the figures exist and
 * agree with each other is.
 */
class PipelineBenchTest {
  @Test
  void smallWorkloadThroughBothTopologiesWithASoak(@TempDir Path dir) throws Exception {
    LiveRulePack.Loader shipped =
        () -> {
          RulePack pack = RulePack.loadDefault();
          return new LiveRulePack.Loaded(pack.version(), pack.engine());
        };
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    BenchResult r;
    try (PrintStream out = new PrintStream(text, true, StandardCharsets.UTF_8)) {
      r =
          new PipelineBench(
                  new PipelineBench.Settings(
                      2000,
                      2,
                      1,
                      1,
                      dir,
                      shipped,
                      Duration.ofSeconds(20),
                      null,
                      PipelineBench.ColdStart.OFF),
                  out)
              .run();
    }
    String table = text.toString(StandardCharsets.UTF_8);

    assertEquals(2000, r.posts());
    assertTrue(r.passthroughPostsPerSecond() > 0 && r.postsPerSecond() > 0, table);
    assertEquals(r.postsPerSecond() / r.passthroughPostsPerSecond(), r.ratio(), 1e-9);
    assertTrue(r.p50Ms() >= 0 && r.p50Ms() <= r.p99Ms(), table);
    assertTrue(r.heapMb() > 0, table);
    assertTrue(r.floorPostsPerSecond() > 0, table);
    assertEquals(r.floorPostsPerSecond() / r.passthroughPostsPerSecond(), r.floorRatio(), 1e-9);
    assertTrue(r.stageCeiling() > 0 && r.stageCeiling() < 1, table);
    assertNotNull(r.soak(), table);
    assertTrue(
        r.soak().posts() > 0 && r.soak().heapMbStart() > 0 && r.soak().heapMbEnd() > 0, table);
    assertTrue(table.contains("every post decided"), table);
    // Round 1 records Kafka Streams' task metrics: the moderation sub-topology (0) did the work.
    assertTrue(r.subtopologyUsPerPost().getOrDefault("0", 0.0) > 0, table);
    assertTrue(table.contains("sub-topology 0"), table);
    // No first-minute runs unless asked for.
    assertTrue(r.cold() == null && r.coldNoWarmup() == null, table);

    JsonNode json = new ObjectMapper().readTree(r.json());
    for (String field :
        new String[] {
          "posts",
          "passthroughPostsPerSecond",
          "postsPerSecond",
          "ratio",
          "p50Ms",
          "p99Ms",
          "heapMb",
          "floorPostsPerSecond",
          "floorRatio",
          "stageCeiling",
          "soakMinutes",
          "soakPosts",
          "soakP50Ms",
          "soakP99Ms",
          "soakHeapMbStart",
          "soakHeapMbEnd",
          "soakHeapGrowthMbPerMinute",
          "subtopologyUsPerPost"
        }) {
      assertTrue(json.has(field), field + " missing from " + json);
    }
    assertEquals(2000, json.get("posts").asLong());
  }
}
