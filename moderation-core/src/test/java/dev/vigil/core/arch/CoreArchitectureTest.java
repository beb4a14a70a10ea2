package dev.vigil.core.arch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.rules.RulePack;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The core's shape, checked on its class files: packages form a DAG, and no Kafka, HTTP or app code
 * is reachable.
 */
class CoreArchitectureTest {
  /**
   * What the core must never name: it is the pure engine that the app, the bench and the tools
   * share.
   */
  private static final List<String> FORBIDDEN =
      List.of(
          "org.apache.kafka.",
          "org.eclipse.jetty.",
          "io.javalin.",
          "jakarta.servlet.",
          "javax.servlet.",
          "dev.vigil.app.");

  private static PackageGraph core() throws Exception {
    return PackageGraph.ofModuleOf(RulePack.class, "dev.vigil.core");
  }

  @Test
  void packagesFormNoCycle() throws Exception {
    List<String> cycles = core().cycles();
    assertTrue(cycles.isEmpty(), () -> String.join("\n", cycles));
  }

  @Test
  void coreNamesNoKafkaHttpOrAppClass() throws Exception {
    List<String> refs = core().referencesTo(FORBIDDEN);
    assertTrue(refs.isEmpty(), () -> String.join("\n", refs));
  }

  @Test
  void theGraphSeesTheCore() throws Exception {
    // A reader that saw nothing would pass both tests above.
    assertFalse(
        core()
            .packageDependencies()
            .getOrDefault("dev.vigil.core.policy", java.util.Set.of())
            .isEmpty());
  }
}
