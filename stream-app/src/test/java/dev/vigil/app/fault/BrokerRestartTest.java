package dev.vigil.app.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.bench.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker (in its own JVM) is stopped and comes back on the same data while the app runs and the
 * platform keeps publishing. The app rides it out: its in-flight transactions are aborted, it
 * reconnects and redoes them.
 *
 * <p>{@code -Dvigil.fault.broker.sigkill=true} kills the broker with SIGKILL instead of stopping
 * it: not yet reliable (runs and what broke: docs/measurements.md, docs/PROOF.md), so not the
 * default.
 */
class BrokerRestartTest {
  static final long POSTS = Long.getLong("vigil.fault.posts", 6_000);
  static final boolean SIGKILL = Boolean.getBoolean("vigil.fault.broker.sigkill");

  @Test
  void brokerStoppedAndRestartedWhileTheAppRuns(@TempDir Path dir) throws Exception {
    try (FaultRig rig = new FaultRig(dir, true, Map.of())) {
      AppProcess app = rig.startApp("app");
      rig.awaitAppReady(Duration.ofSeconds(120));
      Workload workload = new Workload(13, "broker", 0.02, rig.maxTextBytes);
      try (Publisher platform =
          new Publisher(
              rig.bootstrap(),
              rig.topics.submitted.name(),
              workload,
              0,
              POSTS,
              AppCrashTest.RATE)) {
        long committedAtKill = rig.awaitCommitted(POSTS / 4, Duration.ofSeconds(120));
        rig.restartBroker(SIGKILL, Duration.ofSeconds(5));
        assertTrue(committedAtKill < POSTS, "broker stopped mid-stream");
        assertEquals(POSTS, platform.await(300_000));
        rig.assertInvariant(POSTS, Duration.ofSeconds(240));
        assertTrue(app.isAlive(), "the app survived the broker's restart");
      }
    }
  }
}
