package dev.vigil.core.rules;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.core.TestPaths;
import dev.vigil.core.classify.Classifier;
import dev.vigil.core.classify.Trainer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accuracy against the issue's targets, measured with the shared dev sets as a proxy for unseen
 * data: the model is trained with the same {@link Trainer} as {@code train} on part of a set and
 * the shipped rules plus that model are evaluated on the rest. Skipped when {@code
 * ../shared/datasets} is absent; nothing trained here is written into the project. {@code
 * -Dvigil.accuracy.folds=5} runs full cross-validation (slower) instead of one 80/20 split.
 */
class AccuracyTest {
  private static final int FOLDS = Integer.getInteger("vigil.accuracy.folds", 0);

  /**
   * {@code train}'s defaults: all of the starter corpus's posts of 120 characters or more ({@code
   * --starter-corpus 1 --starter-min-length 120}) beside the platform's data.
   */
  private static final double STARTER_CORPUS_SHARE = 1;

  private static final int STARTER_MIN_LENGTH = 120;

  @TempDir static Path tmp;

  /** Figures of one language, over all test folds. */
  private record Figures(Evaluation plain, Evaluation evaded) {}

  @Test
  void chinese() throws Exception {
    Path data = TestPaths.sharedDataset("zh-dev.jsonl");
    assumeTrue(data != null, "../shared/datasets/zh-dev.jsonl absent");
    Figures f = crossValidate(Trainer.readJsonLines(data), "zh");
    // The issue's targets. The model reviews alone at the threshold `train` chose on its own
    // held-out folds: 0.4% of
    // their clean posts to review, counting those the rules flag. Figures: docs/measurements.md.
    assertTrue(f.plain().recall() >= 0.95, "recall " + f.plain().recall());
    assertTrue(f.plain().falsePositiveRate() <= 0.005, "FPR " + f.plain().falsePositiveRate());
    assertTrue(
        f.plain().blockFalsePositiveRate() <= 0.001,
        "block FPR " + f.plain().blockFalsePositiveRate());
    assertTrue(
        f.evaded().recall() >= 0.98 * f.plain().recall(), "evasion recall " + f.evaded().recall());
  }

  @Test
  void english() throws Exception {
    Path data = TestPaths.sharedDataset("en-dev.jsonl");
    assumeTrue(data != null, "../shared/datasets/en-dev.jsonl absent");
    Figures f = crossValidate(Trainer.readJsonLines(data), "en");
    // The issue's target is 0.92 at FPR 0.005, met under cross-validation (docs/measurements.md).
    // The single 80/20
    // split has 60 violations (one post is 0.017 of recall): a looser bound.
    assertTrue(f.plain().recall() >= (FOLDS > 1 ? 0.92 : 0.88), "recall " + f.plain().recall());
    assertTrue(f.plain().falsePositiveRate() <= 0.005, "FPR " + f.plain().falsePositiveRate());
    // The issue's target is 98% of plain recall, met in CV. On the split one of its 60 violations
    // is 1.7% of
    // recall, so it asserts 95%.
    assertTrue(
        f.evaded().recall() >= (FOLDS > 1 ? 0.98 : 0.95) * f.plain().recall(),
        "evasion recall " + f.evaded().recall());
  }

  @Test
  void fraudScriptsInOtherWords() throws Exception {
    List<Trainer.Example> scripts =
        Trainer.readJsonLines(
            new String(
                AccuracyTest.class.getResourceAsStream("paraphrased-fraud.jsonl").readAllBytes(),
                StandardCharsets.UTF_8),
            "paraphrased-fraud.jsonl");
    Evaluation outOfTheBox = Evaluation.run(TestPaths.shippedPack().engine(), scripts);
    report("paraphrased fraud scripts, shipped pack", outOfTheBox);
    assertTrue(outOfTheBox.recall() >= 0.6, "recall " + outOfTheBox.recall());
    Path data = TestPaths.sharedDataset("zh-dev.jsonl");
    if (data != null) {
      Path model = modelOfAllZhDev(data);
      Evaluation trained =
          Evaluation.run(RulePack.load(TestPaths.rulesDir(), model).engine(), scripts);
      report("paraphrased fraud scripts, shipped rules + model trained on zh-dev", trained);
      assertTrue(trained.recall() >= 0.6, "recall " + trained.recall());
    }
  }

  @Test
  void outOfTheBox() throws Exception {
    for (String name : List.of("zh-dev.jsonl", "en-dev.jsonl")) {
      Path data = TestPaths.sharedDataset(name);
      assumeTrue(data != null, "../shared/datasets absent");
      Evaluation e = Evaluation.run(TestPaths.shippedPack().engine(), Trainer.readJsonLines(data));
      report("out of the box (shipped pack and starter model) on " + name, e);
      assertTrue(e.blockFalsePositiveRate() <= 0.001, "block FPR " + e.blockFalsePositiveRate());
      assertTrue(e.falsePositiveRate() <= 0.003, "FPR " + e.falsePositiveRate());
      if (name.startsWith("zh")) {
        // Issue target: what ships protects a platform on day one, with none of its own labels.
        assertTrue(e.recall() >= 0.6, "recall " + e.recall());
      }
    }
  }

  /**
   * The blind set {@code rules/heldout/v2/}: its writer saw neither the rules nor the corpus, and
   * nobody on the rules side reads it, so these are the figures of quality. Set v1 ({@code
   * rules/heldout/*.jsonl}) was blind once and is a development set now; it is reported beside it.
   * The bounds only guard against regressions.
   */
  @Test
  void blindHeldOutSet() throws Exception {
    for (String name :
        List.of(
            "v2/zh-short.jsonl",
            "v2/zh-scripts.jsonl",
            "v2/en.jsonl",
            "heldout-zh.jsonl",
            "heldout-en.jsonl")) {
      List<Trainer.Example> set =
          Trainer.readJsonLines(TestPaths.rulesDir().resolve("heldout").resolve(name));
      Evaluation e = Evaluation.run(TestPaths.shippedPack().engine(), set);
      report(
          (name.startsWith("v2/") ? "blind set " : "development set v1 ")
              + name
              + ", shipped pack and starter model",
          e);
      assertTrue(e.blockFalsePositiveRate() <= 0.02, "block FPR " + e.blockFalsePositiveRate());
    }
  }

  /**
   * Long telecom-fraud conversation scripts in words no corpus of ours uses (the blind set v2's
   * scripts, and set v1's {@code register: script} violations), decided by the shipped rules and a
   * model trained on zh-dev.
   */
  @Test
  void longScriptsWithAModelTrainedOnZhDev() throws Exception {
    Path data = TestPaths.sharedDataset("zh-dev.jsonl");
    assumeTrue(data != null, "../shared/datasets/zh-dev.jsonl absent");
    List<Trainer.Example> v1Scripts = new ArrayList<>();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    for (String line :
        Files.readAllLines(TestPaths.rulesDir().resolve("heldout/heldout-zh.jsonl"))) {
      var n = json.readTree(line);
      if (n != null
          && "script".equals(n.path("register").asText())
          && !"clean".equals(n.path("label").asText())) {
        v1Scripts.add(new Trainer.Example(n.get("text").asText(), n.get("label").asText()));
      }
    }
    Path model = modelOfAllZhDev(data);
    var engine = RulePack.load(TestPaths.rulesDir(), model).engine();
    report(
        "long scripts of development set v1, shipped rules + model trained on zh-dev",
        Evaluation.run(engine, v1Scripts));
    Evaluation e =
        Evaluation.run(
            engine,
            Trainer.readJsonLines(TestPaths.rulesDir().resolve("heldout/v2/zh-scripts.jsonl")));
    report("long scripts of blind set v2, shipped rules + model trained on zh-dev", e);
    // The issue's target is 0.8, not met (docs/measurements.md). The bound guards against
    // regressions only: raising
    // it by tuning on this set would void it as a held-out measure.
    assertTrue(e.recall() >= 0.45, "recall " + e.recall());
  }

  private Figures crossValidate(List<Trainer.Example> all, String name) throws Exception {
    List<Trainer.Example> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, new Random(20261129));
    int folds = FOLDS > 1 ? FOLDS : 5;
    int rounds = FOLDS > 1 ? FOLDS : 1;
    List<Evaluation> plain = new ArrayList<>();
    List<Evaluation> evaded = new ArrayList<>();
    Evader evader = new Evader();
    for (int k = 0; k < rounds; k++) {
      List<Trainer.Example> train = new ArrayList<>();
      List<Trainer.Example> test = new ArrayList<>();
      for (int i = 0; i < shuffled.size(); i++) {
        (i % folds == k ? test : train).add(shuffled.get(i));
      }
      Path model = train(train, name + "-" + k);
      RulePack pack = RulePack.load(TestPaths.rulesDir(), model);
      Random r = new Random(k);
      List<Trainer.Example> rewritten = new ArrayList<>();
      for (Trainer.Example e : test) {
        if (!Classifier.CLEAN.equals(e.label())) {
          rewritten.add(new Trainer.Example(evader.rewrite(e.text(), r), e.label()));
        }
      }
      plain.add(Evaluation.run(pack.engine(), test));
      evaded.add(Evaluation.run(pack.engine(), rewritten));
    }
    Evaluation p = pool(plain);
    Evaluation e = pool(evaded);
    report(
        name + " (" + (rounds == 1 ? "80/20 split" : rounds + "-fold cross-validation") + ")", p);
    report(name + " violations rewritten by the evader", e);
    return new Figures(p, e);
  }

  /** Pools per-fold evaluations into one (counts summed). */
  private static Evaluation pool(List<Evaluation> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    long items = 0;
    long violations = 0;
    long clean = 0;
    double caught = 0;
    double blocked = 0;
    double fp = 0;
    double fb = 0;
    double pps = 0;
    for (Evaluation e : parts) {
      items += e.items();
      violations += e.violations();
      clean += e.clean();
      caught += e.recall() * e.violations();
      blocked += e.blockRecall() * e.violations();
      fp += e.falsePositiveRate() * e.clean();
      fb += e.blockFalsePositiveRate() * e.clean();
      pps += e.postsPerSecond() / parts.size();
    }
    return new Evaluation(
        items,
        violations,
        clean,
        caught / Math.max(1, violations),
        fp / Math.max(1, clean),
        caught / Math.max(1, caught + fp),
        blocked / Math.max(1, violations),
        fb / Math.max(1, clean),
        parts.get(0).byCategory(),
        java.util.Map.of(),
        pps);
  }

  private static Path allZhDev;

  /** One model of all of zh-dev for the tests that need it (training it twice doubles the time). */
  private synchronized Path modelOfAllZhDev(Path data) throws IOException, RulePackException {
    if (allZhDev == null || !Files.exists(allZhDev)) {
      allZhDev = train(Trainer.readJsonLines(data), "zh-all");
    }
    return allZhDev;
  }

  private Path train(List<Trainer.Example> train, String name)
      throws IOException, RulePackException {
    // As `train --rules` does with its defaults: the shipped rules' own false positives count
    // against the model's review budget, and the starter corpus's long posts are learnt beside the
    // data.
    RulePack pack = TestPaths.shippedPack();
    Classifier model =
        new Trainer()
            .train(
                train,
                pack.starterCorpus(STARTER_CORPUS_SHARE, STARTER_MIN_LENGTH),
                pack.flaggedByRules(),
                stage -> {});
    Path file = tmp.resolve(name + ".bin");
    try (OutputStream out = Files.newOutputStream(file)) {
      model.write(out);
    }
    return file;
  }

  private static void report(String what, Evaluation e) {
    String line =
        String.format(
            Locale.ROOT,
            "%s: items %d recall %.4f FPR %.4f block recall %.4f block FPR %.4f"
                + " precision %.4f%n  %s%n",
            what,
            e.items(),
            e.recall(),
            e.falsePositiveRate(),
            e.blockRecall(),
            e.blockFalsePositiveRate(),
            e.precision(),
            e.json());
    System.out.print(line);
    try {
      Path out = Path.of("target", "accuracy.txt");
      Files.createDirectories(out.getParent());
      Files.writeString(
          out,
          line,
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException ignored) {
      // the report file is a convenience; the assertions are what count
    }
  }
}
