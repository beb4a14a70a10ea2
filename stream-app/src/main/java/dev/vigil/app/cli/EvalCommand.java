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
 * {@code eval}: decides labelled posts with the same engine as the topology and prints a table,
 * then as its LAST line one JSON object with items, violations, clean, recall, falsePositiveRate,
 * precision, blockRecall, blockFalsePositiveRate, byCategory and postsPerSecond.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description =
        "Measures recall and false-positive rates on labelled posts ({\"text\",\"label\"} JSON lines).")
public final class EvalCommand implements Callable<Integer> {
  @Option(
      names = "--data",
      required = true,
      paramLabel = "FILE",
      description = "Labelled posts; label clean = no violation; '-' for stdin.")
  Path data;

  @Option(
      names = "--misses",
      paramLabel = "FILE",
      description =
          "Writes every post the engine got wrong (violations allowed, clean posts flagged) as JSON lines "
              + "{label, action, rules, text}, so a rule writer sees what to fix.")
  Path misses;

  @Option(
      names = "--by",
      paramLabel = "FIELD",
      description =
          "Also prints, per label and per value of this field of the data lines (e.g. type, length), how many "
              + "posts were flagged: recall for violations, false positives for clean posts. Aggregates only, so "
              + "a blind set can be broken down without reading its lines.")
  String by;

  @Mixin PackOptions pack;

  @Override
  public Integer call() {
    String lines;
    List<Trainer.Example> examples;
    RulePack rules;
    try {
      // Read once: '-' is stdin, which a second read would find empty.
      lines = Inputs.readString(data);
      examples = Trainer.readJsonLines(lines, Inputs.name(data));
      rules = pack.load();
    } catch (IOException | RulePackException e) {
      System.err.println(ExitCodes.message(e));
      return ExitCodes.INPUT;
    }
    Breakdown breakdown = null;
    if (by != null) {
      try {
        breakdown = Breakdown.of(lines, by);
      } catch (IOException | IllegalArgumentException e) {
        System.err.println(Inputs.name(data) + ": " + e.getMessage());
        return ExitCodes.INPUT;
      }
    }
    Evaluation result;
    Progress progress = Progress.start("eval", "posts", examples.size());
    dev.vigil.core.policy.Engine engine =
        content -> {
          dev.vigil.core.policy.Decision d = rules.engine().decide(content);
          progress.step();
          return d;
        };
    try (progress) {
      result = evaluate(engine, examples, breakdown);
    } catch (IOException e) {
      System.err.println(misses + ": cannot write: " + e.getMessage());
      return ExitCodes.INPUT;
    }
    System.out.println("rule pack " + rules.version());
    if (breakdown != null) {
      System.out.print(breakdown.table(by));
    }
    System.out.print(result.table());
    System.out.println(result.json());
    return 0;
  }

  /**
   * Runs the evaluation, telling {@code breakdown} (when not null) and {@code --misses} each miss.
   */
  private Evaluation evaluate(
      dev.vigil.core.policy.Engine engine, List<Trainer.Example> examples, Breakdown breakdown)
      throws IOException {
    Evaluation result;
    if (misses == null) {
      result =
          breakdown == null
              ? Evaluation.run(engine, examples)
              : Evaluation.run(engine, examples, m -> breakdown.miss(m.text()));
    } else {
      com.fasterxml.jackson.databind.ObjectMapper json =
          new com.fasterxml.jackson.databind.ObjectMapper();
      try (java.io.BufferedWriter out =
          java.nio.file.Files.newBufferedWriter(misses, java.nio.charset.StandardCharsets.UTF_8)) {
        java.io.UncheckedIOException[] failed = new java.io.UncheckedIOException[1];
        result =
            Evaluation.run(
                engine,
                examples,
                m -> {
                  if (breakdown != null) {
                    breakdown.miss(m.text());
                  }
                  try {
                    com.fasterxml.jackson.databind.node.ObjectNode o = json.createObjectNode();
                    o.put("label", m.label());
                    o.put("action", m.action().name());
                    o.set("rules", json.valueToTree(m.rules()));
                    o.put("text", m.text());
                    out.write(o.toString());
                    out.newLine();
                  } catch (IOException e) {
                    failed[0] = new java.io.UncheckedIOException(e);
                  }
                });
        if (failed[0] != null) {
          throw failed[0].getCause();
        }
      }
    }
    return result;
  }
}
