package dev.vigil.app.cli;

import dev.vigil.core.classify.Trainer;
import dev.vigil.core.rules.Evaluation;
import dev.vigil.core.rules.RulePack;
import dev.vigil.core.rules.RulePackException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code eval}: decides labelled posts with the same engine as the topology and prints a table, then as its LAST
 * line one JSON object with items, violations, clean, recall, falsePositiveRate, precision, blockRecall,
 * blockFalsePositiveRate, byCategory and postsPerSecond.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Measures recall and false-positive rates on labelled posts ({\"text\",\"label\"} JSON lines).")
public final class EvalCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "FILE", description = "Labelled posts; label clean = no violation.")
  Path data;

  @Mixin
  PackOptions pack;

  @Override
  public Integer call() {
    List<Trainer.Example> examples;
    RulePack rules;
    try {
      examples = Trainer.readJsonLines(data);
      rules = pack.load();
    } catch (IOException | RulePackException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    Evaluation result = Evaluation.run(rules.engine(), examples);
    System.out.println("rule pack " + rules.version());
    System.out.print(result.table());
    System.out.println(result.json());
    return 0;
  }
}
