package dev.vigil.core;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's rule pack and the shared datasets by walking up from the working directory. */
public final class TestPaths {
  private TestPaths() {}

  /** The shipped pack's source directory ({@code rules/} at the repository root). */
  public static Path rulesDir() {
    Path p = find("rules/pack.yaml");
    if (p == null) {
      throw new IllegalStateException("rules/pack.yaml not found above " + Path.of("").toAbsolutePath());
    }
    return p.getParent();
  }

  /** {@code shared/datasets/<name>} beside the repository, or null when absent (tests then skip). */
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
