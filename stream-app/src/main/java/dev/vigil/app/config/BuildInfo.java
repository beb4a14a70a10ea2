package dev.vigil.app.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Which build is running: the project version and the git commit it was built from, written into
 * {@code vigil-build.properties} by the build, so that {@code --version}, {@code /health} and a bug
 * report name the exact code. A value the build could not fill (a source tarball without git, an
 * IDE that does not filter resources) reads {@code unknown} rather than a placeholder.
 *
 * @param version the Maven project version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param commit the abbreviated commit id, or {@code unknown}
 * @param dirty whether the working tree had uncommitted changes when built
 */
public record BuildInfo(String version, String commit, boolean dirty) {
  private static final String RESOURCE = "/vigil-build.properties";
  private static final BuildInfo CURRENT = load();

  /** The build this class was loaded from. */
  public static BuildInfo current() {
    return CURRENT;
  }

  /** One line for {@code --version}: {@code vigil 0.1.0 (commit 1a2b3c4d5e6f, modified)}. */
  public String describe() {
    return "vigil " + version + " (commit " + commit + (dirty ? ", modified" : "") + ")";
  }

  static BuildInfo from(Properties p) {
    return new BuildInfo(
        filled(p.getProperty("version")),
        filled(p.getProperty("commit")),
        "true".equals(filled(p.getProperty("dirty"))));
  }

  private static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return from(p);
  }

  private static String filled(String value) {
    return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value.trim();
  }
}
