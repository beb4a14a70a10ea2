package dev.vigil.core.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.classify.Classifier;
import dev.vigil.core.classify.Trainer;
import dev.vigil.core.policy.Action;
import dev.vigil.core.policy.Content;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.Engine;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Accuracy of an engine on labelled posts, as the {@code eval} command reports it. A label of
 * {@link Classifier#CLEAN} means no violation; any other label is a violation of that category. A
 * violation is caught when decided REVIEW or BLOCK; a clean post decided REVIEW or BLOCK is a false
 * positive.
 *
 * @param items posts evaluated
 * @param violations posts labelled with a violation
 * @param clean posts labelled clean
 * @param recall violations decided REVIEW or BLOCK / violations
 * @param falsePositiveRate clean decided REVIEW or BLOCK / clean
 * @param precision violations decided REVIEW or BLOCK / all decided REVIEW or BLOCK
 * @param blockRecall violations decided BLOCK / violations
 * @param blockFalsePositiveRate clean decided BLOCK / clean
 * @param byCategory per label: items, recall, blockRecall
 * @param byRule per rule that hit at least once: posts hit by label, and its precision (the share
 *     of the posts it hit that are violations), so a rule writer sees which rule costs false
 *     positives
 * @param postsPerSecond decisions per second on one thread
 */
public record Evaluation(
    long items,
    long violations,
    long clean,
    double recall,
    double falsePositiveRate,
    double precision,
    double blockRecall,
    double blockFalsePositiveRate,
    Map<String, CategoryFigures> byCategory,
    Map<String, RuleFigures> byRule,
    double postsPerSecond) {

  /** Figures of one label. */
  public record CategoryFigures(long items, double recall, double blockRecall) {}

  /** Posts one rule hit: violations, clean posts, and precision = violations / both. */
  public record RuleFigures(long violations, long clean) {
    public double precision() {
      return ratio(violations, violations + clean);
    }
  }

  /** A post the engine got wrong: a violation allowed, or a clean post flagged. */
  public record Miss(String label, Action action, String text, List<String> rules) {}

  /** Decides every example with {@code engine} on the calling thread and tallies. */
  public static Evaluation run(Engine engine, List<Trainer.Example> examples) {
    return run(engine, examples, m -> {});
  }

  /** As {@link #run(Engine, List)}, handing every miss to {@code misses}. */
  public static Evaluation run(
      Engine engine, List<Trainer.Example> examples, java.util.function.Consumer<Miss> misses) {
    long caught = 0;
    long blocked = 0;
    long falsePos = 0;
    long falseBlocks = 0;
    long violations = 0;
    Map<String, long[]> perLabel = new TreeMap<>(); // items, caught, blocked
    Map<String, long[]> perRule = new TreeMap<>(); // violations hit, clean hit
    long t0 = System.nanoTime();
    for (Trainer.Example e : examples) {
      Decision d = engine.decide(new Content(e.text(), null, null));
      boolean flagged = d.action() != Action.ALLOW;
      boolean block = d.action() == Action.BLOCK;
      long[] c = perLabel.computeIfAbsent(e.label(), k -> new long[3]);
      c[0]++;
      if (flagged) {
        c[1]++;
      }
      if (block) {
        c[2]++;
      }
      boolean cleanPost = Classifier.CLEAN.equals(e.label());
      java.util.TreeSet<String> rules = new java.util.TreeSet<>();
      for (dev.vigil.core.policy.Match m : d.matches()) {
        if (!m.shadow()) {
          rules.add(m.ruleId());
        }
      }
      for (String r : rules) {
        perRule.computeIfAbsent(r, k -> new long[2])[cleanPost ? 1 : 0]++;
      }
      if (flagged == cleanPost) {
        misses.accept(new Miss(e.label(), d.action(), e.text(), List.copyOf(rules)));
      }
      if (cleanPost) {
        falsePos += flagged ? 1 : 0;
        falseBlocks += block ? 1 : 0;
      } else {
        violations++;
        caught += flagged ? 1 : 0;
        blocked += block ? 1 : 0;
      }
    }
    double seconds = Math.max(1e-9, (System.nanoTime() - t0) / 1e9);
    long clean = examples.size() - violations;
    Map<String, CategoryFigures> byCategory = new TreeMap<>();
    perLabel.forEach(
        (label, c) ->
            byCategory.put(label, new CategoryFigures(c[0], ratio(c[1], c[0]), ratio(c[2], c[0]))));
    return new Evaluation(
        examples.size(),
        violations,
        clean,
        ratio(caught, violations),
        ratio(falsePos, clean),
        ratio(caught, caught + falsePos),
        ratio(blocked, violations),
        ratio(falseBlocks, clean),
        byCategory,
        byRule(perRule),
        examples.size() / seconds);
  }

  private static Map<String, RuleFigures> byRule(Map<String, long[]> perRule) {
    Map<String, RuleFigures> out = new TreeMap<>();
    perRule.forEach((rule, c) -> out.put(rule, new RuleFigures(c[0], c[1])));
    return out;
  }

  private static double ratio(long a, long b) {
    return b == 0 ? 0 : (double) a / b;
  }

  /** A readable table: one row per label, then the totals. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(Locale.ROOT, "%-20s %8s %8s %12s%n", "label", "items", "flagged", "blocked"));
    byCategory.forEach(
        (label, f) ->
            sb.append(
                String.format(
                    Locale.ROOT,
                    "%-20s %8d %7.2f%% %11.2f%%%n",
                    label,
                    f.items(),
                    100 * f.recall(),
                    100 * f.blockRecall())));
    sb.append(
        String.format(
            Locale.ROOT,
            "items %d (violations %d, clean %d)%n"
                + "recall %.4f   false-positive rate %.4f   precision %.4f%n"
                + "block recall %.4f   block false-positive rate %.4f   %.0f posts/s%n",
            items,
            violations,
            clean,
            recall,
            falsePositiveRate,
            precision,
            blockRecall,
            blockFalsePositiveRate,
            postsPerSecond));
    if (!byRule.isEmpty()) {
      sb.append(
          String.format(
              Locale.ROOT, "%n%-44s %10s %8s %10s%n", "rule", "violations", "clean", "precision"));
      byRule.forEach(
          (rule, f) ->
              sb.append(
                  String.format(
                      Locale.ROOT,
                      "%-44s %10d %8d %10.4f%n",
                      rule,
                      f.violations(),
                      f.clean(),
                      f.precision())));
    }
    return sb.toString();
  }

  /** One JSON object with every figure (the last line of {@code eval}'s output). */
  public String json() {
    ObjectMapper m = new ObjectMapper();
    ObjectNode o = m.createObjectNode();
    o.put("items", items);
    o.put("violations", violations);
    o.put("clean", clean);
    o.put("recall", round(recall));
    o.put("falsePositiveRate", round(falsePositiveRate));
    o.put("precision", round(precision));
    o.put("blockRecall", round(blockRecall));
    o.put("blockFalsePositiveRate", round(blockFalsePositiveRate));
    ObjectNode by = o.putObject("byCategory");
    byCategory.forEach(
        (label, f) -> {
          ObjectNode c = by.putObject(label);
          c.put("items", f.items());
          c.put("recall", round(f.recall()));
          c.put("blockRecall", round(f.blockRecall()));
        });
    ObjectNode rules = o.putObject("byRule");
    byRule.forEach(
        (rule, f) -> {
          ObjectNode r = rules.putObject(rule);
          r.put("violations", f.violations());
          r.put("clean", f.clean());
          r.put("precision", round(f.precision()));
        });
    o.put("postsPerSecond", Math.round(postsPerSecond));
    return o.toString();
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
