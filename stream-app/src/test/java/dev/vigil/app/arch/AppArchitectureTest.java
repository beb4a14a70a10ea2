package dev.vigil.app.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.VigilApp;
import dev.vigil.core.arch.PackageGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The app's packages form a DAG, checked on its class files (the core checks its own:
 * CoreArchitectureTest).
 */
class AppArchitectureTest {
  @Test
  void packagesFormNoCycle() throws Exception {
    PackageGraph app = PackageGraph.ofModuleOf(VigilApp.class, "dev.vigil.app");
    assertTrue(app.packageDependencies().size() > 10, "the graph sees the app's packages");
    List<String> cycles = app.cycles();
    assertTrue(cycles.isEmpty(), () -> String.join("\n", cycles));
  }
}
