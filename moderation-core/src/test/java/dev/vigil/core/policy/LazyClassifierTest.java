package dev.vigil.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.TestPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped engine skips the starter model on posts no rule hit (it cannot change their action):
 * every decision is the same as an engine that always runs it, except the score of such a post.
 */
class LazyClassifierTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void skippingTheModelChangesNoActionCategoryOrMatch() throws IOException {
    RuleEngine lazy = (RuleEngine) TestPaths.shippedPack().engine();
    Policy shipped = lazy.policy();
    assertTrue(shipped.classifierReview() >= 1, "the starter model never reviews alone");
    // A combination that needs the classifier and no rule score makes the model matter on every
    // post; with action ALLOW it never changes one.
    List<Policy.Combination> always = new ArrayList<>(shipped.combinations());
    always.add(new Policy.Combination("always-score", "fraud", 0, false, 1e-9, Action.ALLOW));
    RuleEngine eager =
        lazy.withPolicy(
            new Policy(
                shipped.thresholds(),
                shipped.classifierReview(),
                shipped.starterReview(),
                always,
                shipped.bulkPersonalData(),
                shipped.ruleBlockMaxLength()));

    int skipped = 0;
    int scoredByRules = 0;
    for (String text : texts()) {
      Decision a = lazy.decide(Content.of(text));
      Decision b = eager.decide(Content.of(text));
      assertEquals(b.action(), a.action(), text);
      assertEquals(b.categories(), a.categories(), text);
      assertEquals(b.matches(), a.matches(), text);
      if (a.score() != b.score()) {
        // only a post no enforced rule hit loses the model's score
        assertEquals(0.0, a.score(), text);
        assertEquals(Action.ALLOW, a.action(), text);
        skipped++;
      } else if (a.action() != Action.ALLOW) {
        scoredByRules++;
      }
    }
    assertTrue(skipped > 100, "the eager engine scored posts the lazy one skipped: " + skipped);
    assertTrue(scoredByRules > 100, "flagged posts compared: " + scoredByRules);
  }

  /** The starter corpus, and zh-dev / en-dev when ../shared is present. */
  private static List<String> texts() throws IOException {
    List<String> out = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(TestPaths.rulesDir().resolve("corpus"))) {
      s.filter(p -> p.toString().endsWith(".jsonl")).sorted().forEach(files::add);
    }
    for (String name : List.of("zh-dev.jsonl", "en-dev.jsonl")) {
      Path p = TestPaths.sharedDataset(name);
      if (p != null) {
        files.add(p);
      }
    }
    for (Path f : files) {
      for (String line : Files.readAllLines(f)) {
        if (!line.isBlank()) {
          out.add(JSON.readTree(line).path("text").asText());
        }
      }
    }
    return out;
  }
}
