package dev.vigil.core;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository's rule pack and the shared datasets by walking up from the working
 * directory.
 */
public final class TestPaths {
  private TestPaths() {}

  /** The shipped pack's source directory ({@code rules/} at the repository root). */
  public static Path rulesDir() {
    Path p = find("rules/pack.yaml");
    if (p == null) {
      throw new IllegalStateException(
          "rules/pack.yaml not found above " + Path.of("").toAbsolutePath());
    }
    return p.getParent();
  }

  private static dev.vigil.core.rules.RulePack shipped;

  /**
   * The shipped pack loaded from its source directory once per test JVM: loading it trains the
   * starter model from the whole corpus, which every test that needs the pack as shipped would
   * otherwise repeat.
   */
  public static synchronized dev.vigil.core.rules.RulePack shippedPack() {
    if (shipped == null) {
      try {
        shipped = dev.vigil.core.rules.RulePack.load(rulesDir());
      } catch (dev.vigil.core.rules.RulePackException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
    return shipped;
  }

  /**
   * {@code shared/datasets/<name>} beside the repository, or null when absent (tests then skip).
   */
  public static Path sharedDataset(String name) {
    return find("shared/datasets/" + name);
  }

  private static Path find(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(relative);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
      Path sibling = dir.resolveSibling(relative);
      if (dir.getParent() != null && Files.isRegularFile(sibling)) {
        return sibling;
      }
    }
    return null;
  }
}
