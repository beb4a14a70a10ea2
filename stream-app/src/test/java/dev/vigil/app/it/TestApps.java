package dev.vigil.app.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.VigilApp;
import dev.vigil.app.broker.EmbeddedBroker;
import dev.vigil.app.config.AppConfig;
import dev.vigil.app.metrics.VigilMetrics;
import dev.vigil.app.rules.LiveRulePack;
import dev.vigil.app.rules.RulePacks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts and stops a real app on an embedded broker, the way every in-process integration test
 * needs it.
 */
public final class TestApps {
  private TestApps() {}

  /**
   * The settings of a test app on {@code broker}: data under {@code dataDir}, any free HTTP port, 2
   * partitions, a one-second engine warm-up; {@code settings} add to or override these.
   */
  public static AppConfig config(
      EmbeddedBroker broker, Path dataDir, Map<String, String> settings) {
    Map<String, String> all = new HashMap<>();
    all.put(AppConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    all.put(AppConfig.DATA_DIR, dataDir.toString());
    all.put(AppConfig.HTTP_PORT, "0");
    all.put(AppConfig.PARTITIONS, "2");
    // The warm-up path runs in every test app, for one second rather than the production default.
    all.put(AppConfig.ENGINE_WARMUP_SECONDS, "1");
    all.putAll(settings);
    return AppConfig.load(null, all);
  }

  /**
   * Starts an app whose rules come from {@code loader} (watching {@code rulesDir} if not null);
   * waits for RUNNING.
   */
  public static VigilApp start(AppConfig config, LiveRulePack.Loader loader, Path rulesDir)
      throws InterruptedException {
    VigilMetrics metrics = new VigilMetrics(config.defaultBlockDeadline(), config.blockDeadlines());
    LiveRulePack rules = new LiveRulePack(loader, rulesDir, RulePacks.metricsListener(metrics));
    VigilApp app = new VigilApp(config, rules, metrics).start();
    assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "streams did not reach RUNNING");
    return app;
  }

  /** Closes what was started, app first; either may be null. */
  public static void stop(VigilApp app, EmbeddedBroker broker) {
    if (app != null) {
      app.close();
    }
    if (broker != null) {
      broker.close();
    }
  }
}
