package dev.vigil.app.cli;

import dev.vigil.core.rules.RulePack;
import dev.vigil.core.rules.RulePackException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

    @Override
    public Integer call() {
      if (!java.nio.file.Files.isDirectory(dir)) {
        System.err.println(dir + ": no such directory");
        return ExitCodes.INPUT;
      }
      try {
        RulePack pack = RulePack.load(dir);
        System.out.printf("rule pack %s is valid: %d rules%n", pack.version(), pack.rules().size());
        return 0;
      } catch (RulePackException e) {
        System.err.println(e.getMessage());
        return ExitCodes.CHECK_FAILED;
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

    @Override
    public Integer call() {
      if (!java.nio.file.Files.isDirectory(dir)) {
        System.err.println(dir + ": no such directory");
        return ExitCodes.INPUT;
      }
      try {
        RulePack pack = RulePack.load(dir);
        List<String> failures = pack.test();
        failures.forEach(System.err::println);
        System.out.printf(
            "rule pack %s: %d rules, %d test cases, %d failed%n",
            pack.version(), pack.rules().size(), pack.testCount(), failures.size());
        return failures.isEmpty() ? 0 : 1;
      } catch (RulePackException e) {
        System.err.println(e.getMessage());
        return ExitCodes.CHECK_FAILED;
      }
    }
  }
}
