package dev.vigil.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Progress without a terminal: a line every 5 s, nothing at all for work that is quick. */
class ProgressTest {
  private static final long S = 1_000_000_000L;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private long now;

  private List<String> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void aLineEveryFiveSecondsWithCountPercentRateAndStage() {
    try (Progress p = Progress.lines("eval", "posts", 1000, err, () -> now)) {
      p.update(100);
      now = 4 * S;
      p.update(400);
      assertEquals(List.of(), lines(), "nothing before 5 s");
      now = 5 * S;
      p.update(500);
      p.stage("fold 1/4");
      now = 7 * S;
      p.tick();
      now = 10 * S;
      p.update(1000);
    }
    assertEquals(
        List.of(
            "eval: 500/1000 posts (50%), 100 posts/s, 5 s",
            "eval: 1000/1000 posts (100%), 100 posts/s, fold 1/4, 10 s",
            "eval: 1000/1000 posts (100%), 100 posts/s, fold 1/4, 10 s"),
        lines(),
        "the last line again at the close");
  }

  @Test
  void quickWorkPrintsNothingAndAnUnknownTotalOnlyCounts() {
    try (Progress p = Progress.lines("lexicon import", "steps", 3, err, () -> now)) {
      p.update(3);
    }
    assertEquals(List.of(), lines());
    try (Progress p = Progress.lines("evidence verify", "records", 0, err, () -> now)) {
      now = 6 * S;
      p.update(60);
    }
    assertEquals("evidence verify: 60 records, 10 records/s, 6 s", lines().get(0));
    bytes.reset();
    try (Progress p = Progress.lines("verify", null, 0, err, () -> now)) {
      p.stage("reading every topic");
      now = 12 * S;
      p.tick();
    }
    assertEquals("verify: reading every topic, 6 s", lines().get(0));
  }
}
