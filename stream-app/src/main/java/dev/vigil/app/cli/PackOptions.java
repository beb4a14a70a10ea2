package dev.vigil.app.cli;

import dev.vigil.core.rules.RulePack;
import dev.vigil.core.rules.RulePackException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --rules DIR} and {@code --model FILE}: which pack (and model) an offline command decides
 * with.
 */
final class PackOptions {
  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description =
          "Rule pack directory (default: the pack shipped in the jar; `run` watches it and reloads it live).")
  Path rules;

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description = "Classifier model to use instead of the pack's own.")
  Path model;

  RulePack load() throws RulePackException {
    if (rules != null) {
      return RulePack.load(rules, model);
    }
    return model == null ? RulePack.loadDefault() : RulePack.loadDefault(model);
  }
}
