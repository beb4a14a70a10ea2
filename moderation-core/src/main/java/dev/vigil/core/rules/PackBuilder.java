package dev.vigil.core.rules;

import dev.vigil.core.classify.Classifier;
import dev.vigil.core.classify.Trainer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Build step of the {@code rules} module: given the pack as copied into the jar's classes
 * directory, validates it, trains the starter model from the pack's corpus, runs every rule test,
 * and writes the {@code INDEX} that lets the pack be loaded from the classpath. Any problem fails
 * the build, so an invalid or failing pack cannot ship.
 *
 * <p>Usage: {@code PackBuilder <pack directory>}.
 */
public final class PackBuilder {
  private PackBuilder() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: PackBuilder <pack directory>");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    try {
      build(dir);
    } catch (RulePackException e) {
      System.err.println(e.getMessage());
      throw e;
    }
  }

  /** Validates, trains, tests and indexes the pack in {@code dir}; returns the loaded pack. */
  public static RulePack build(Path dir) throws RulePackException, IOException {
    long t0 = System.nanoTime();
    PackReader reader = new PackReader();
    PackReader.Manifest manifest =
        reader.readManifest(RulePack.MANIFEST, Files.readAllBytes(dir.resolve(RulePack.MANIFEST)));
    if (manifest == null || !reader.problems.isEmpty()) {
      throw new RulePackException(reader.problems);
    }
    if (manifest.corpus() != null && manifest.model() != null) {
      List<Trainer.Example> corpus =
          StarterCorpus.read(PackSource.directory(dir), manifest.corpus());
      if (corpus == null) {
        throw new RulePackException(
            List.of(RulePack.MANIFEST + ": classifier.corpus " + manifest.corpus() + " not found"));
      }
      Classifier model = Trainer.forSmallCorpus().train(corpus);
      Path out = dir.resolve(manifest.model());
      Files.createDirectories(out.getParent());
      try (OutputStream o = Files.newOutputStream(out)) {
        model.write(o);
      }
    }
    List<String> files = PackSource.directory(dir).files();
    Files.writeString(
        dir.resolve("INDEX"), String.join("\n", files) + "\n", StandardCharsets.UTF_8);
    RulePack pack = RulePack.load(dir);
    List<String> failures = pack.test();
    if (!failures.isEmpty()) {
      throw new RulePackException(failures);
    }
    System.out.printf(
        "rule pack %s: %d rules, %d rule tests passed, classifier %s, built in %d ms%n",
        pack.version(),
        pack.rules().size(),
        pack.testCount(),
        pack.classifier() == null ? "none" : pack.classifier().version(),
        (System.nanoTime() - t0) / 1_000_000);
    return pack;
  }
}
