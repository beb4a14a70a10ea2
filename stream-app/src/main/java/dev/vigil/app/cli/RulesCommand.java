package dev.vigil.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.app.json.Json;
import dev.vigil.core.rules.RulePack;
import dev.vigil.core.rules.RulePackException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code rules validate DIR} and {@code rules test DIR}: check a pack before it goes live. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Validates and tests rule packs.",
    subcommands = {RulesCommand.Validate.class, RulesCommand.Test.class})
public final class RulesCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("usage: rules validate DIR | rules test DIR");
    return ExitCodes.USAGE;
  }

  /** Loads the pack: every file parsed, every rule checked and compiled. */
  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description =
          "Checks every file and rule of a pack; prints each problem with file, line and rule id.")
  public static final class Validate implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "Rule pack directory.")
    Path dir;

    @Mixin OutputOptions output;

    @Override
    public Integer call() {
      if (!java.nio.file.Files.isDirectory(dir)) {
        System.err.println(dir + ": no such directory");
        return ExitCodes.INPUT;
      }
      try {
        RulePack pack = RulePack.load(dir);
        if (output.json()) {
          ObjectNode o = Json.MAPPER.createObjectNode();
          o.put("ok", true);
          o.put("version", pack.version());
          o.put("rules", pack.rules().size());
          o.putArray("problems");
          System.out.println(o);
        } else {
          System.out.printf(
              "rule pack %s is valid: %d rules%n", pack.version(), pack.rules().size());
        }
        return ExitCodes.OK;
      } catch (RulePackException e) {
        return invalid(e, output);
      }
    }
  }

  /**
   * Validates, then runs every rule's must-match and must-not-match cases through the whole engine.
   */
  @Command(
      name = "test",
      mixinStandardHelpOptions = true,
      description =
          "Runs every rule's test cases (must match / must not match) through the engine.")
  public static final class Test implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "Rule pack directory.")
    Path dir;

    @Mixin OutputOptions output;

    @Override
    public Integer call() {
      if (!java.nio.file.Files.isDirectory(dir)) {
        System.err.println(dir + ": no such directory");
        return ExitCodes.INPUT;
      }
      try {
        RulePack pack = RulePack.load(dir);
        List<String> failures = pack.test();
        if (output.json()) {
          ObjectNode o = Json.MAPPER.createObjectNode();
          o.put("ok", failures.isEmpty());
          o.put("version", pack.version());
          o.put("rules", pack.rules().size());
          o.put("testCases", pack.testCount());
          o.put("failed", failures.size());
          o.set("failures", Json.MAPPER.valueToTree(failures));
          o.putArray("problems");
          System.out.println(o);
        } else {
          failures.forEach(System.err::println);
          System.out.printf(
              "rule pack %s: %d rules, %d test cases, %d failed%n",
              pack.version(), pack.rules().size(), pack.testCount(), failures.size());
        }
        return failures.isEmpty() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
      } catch (RulePackException e) {
        return invalid(e, output);
      }
    }
  }

  /** A pack that does not load: every problem, as text on stderr or in the JSON object. */
  static int invalid(RulePackException e, OutputOptions output) {
    if (output.json()) {
      ObjectNode o = Json.MAPPER.createObjectNode();
      o.put("ok", false);
      o.set("problems", Json.MAPPER.valueToTree(e.problems()));
      System.out.println(o);
    } else {
      System.err.println(e.getMessage());
    }
    return ExitCodes.CHECK_FAILED;
  }
}
