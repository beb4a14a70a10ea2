package dev.vigil.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.app.json.Json;
import org.junit.jupiter.api.Test;

class BenchResultTest {
  static BenchResult result(double ratio, double floorPostsPerSecond, double stageCeiling) {
    return new BenchResult(
        1000,
        100_000,
        ratio * 100_000,
        ratio,
        5,
        50,
        300,
        4,
        2,
        floorPostsPerSecond,
        stageCeiling,
        null,
        null,
        null,
        null);
  }

  @Test
  void ceilingRatioIsTheRatioOverTheLowerBound() throws Exception {
    // floor 0.6 of the passthrough, stages allow 0.3: the app at 0.09 is at 0.3 of what it could
    // be.
    BenchResult r = result(0.09, 60_000, 0.3);
    assertEquals(0.6, r.floorRatio(), 1e-9);
    assertEquals(0.3, r.ceilingRatio(), 1e-9);
    assertEquals(0.3, Json.MAPPER.readTree(r.json()).get("ceilingRatio").asDouble(), 1e-9);
    // The floor is the lower bound when Kafka's records cost more than the engine.
    assertEquals(0.5, result(0.2, 40_000, 0.9).ceilingRatio(), 1e-9);
  }
}
