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
 * The broker dies (SIGKILL, in its own JVM) and comes back on the same data while the app runs and the platform
 * keeps publishing. The app rides it out: its in-flight transactions are aborted, it reconnects and redoes them.
 */
class BrokerRestartTest {
  static final long POSTS = Long.getLong("vigil.fault.posts", 8_000);

  @Test
  void brokerKilledAndRestartedWhileTheAppRuns(@TempDir Path dir) throws Exception {
    try (FaultRig rig = new FaultRig(dir, true, Map.of())) {
      AppProcess app = rig.startApp("app");
      rig.awaitAppReady(Duration.ofSeconds(120));
      Workload workload = new Workload(13, "broker", 0.02, rig.maxTextBytes);
      try (Publisher platform =
          new Publisher(rig.bootstrap(), rig.topics.submitted.name(), workload, 0, POSTS, AppCrashTest.RATE)) {
        long committedAtKill = rig.awaitCommitted(POSTS / 4, Duration.ofSeconds(120));
        rig.killAndRestartBroker(Duration.ofSeconds(5));
        assertTrue(committedAtKill < POSTS, "broker killed mid-stream");
        assertEquals(POSTS, platform.await(300_000));
        rig.assertInvariant(POSTS, Duration.ofSeconds(240));
        assertTrue(app.isAlive(), "the app survived the broker's restart");
      }
    }
  }
}
