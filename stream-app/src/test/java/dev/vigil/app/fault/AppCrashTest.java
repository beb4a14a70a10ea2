package dev.vigil.app.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.bench.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app instance dies without warning (SIGKILL: no shutdown hook, no commit) while posts flow;
 * what it had processed but not committed is redone, and with exactly-once nothing is lost, nothing
 * decided twice.
 */
class AppCrashTest {
  /** Posts per test; {@code -Dvigil.fault.posts=50000} for a longer run. */
  static final long POSTS = Long.getLong("vigil.fault.posts", 6_000);

  /**
   * Posts per second the platform publishes: below capacity, so that posts keep arriving while the
   * app is down.
   */
  static final double RATE = 1000;

  @Test
  void killedWithSigkillMidStreamAndRestarted(@TempDir Path dir) throws Exception {
    try (FaultRig rig = new FaultRig(dir, false, Map.of())) {
      AppProcess app = rig.startApp("app");
      rig.awaitAppReady(Duration.ofSeconds(120));
      Workload workload = new Workload(11, "crash", 0.02, rig.maxTextBytes);
      try (Publisher platform =
          new Publisher(rig.bootstrap(), rig.topics.submitted.name(), workload, 0, POSTS, RATE)) {
        long committedAtKill = rig.awaitCommitted(POSTS / 4, Duration.ofSeconds(120));
        app.kill9();
        assertTrue(committedAtKill < POSTS, "killed mid-stream, not after the end");
        rig.step(
            "app killed (SIGKILL); "
                + platform.sent()
                + " of "
                + POSTS
                + " posts published so far");
        TimeUnit.SECONDS.sleep(2);
        AppProcess restarted = rig.startApp("app");
        assertEquals(POSTS, platform.await(300_000));
        rig.assertInvariant(POSTS, Duration.ofSeconds(240));
        assertTrue(restarted.isAlive(), "the restarted instance runs on");
      }
    }
  }

  @Test
  void twoInstancesShareTheWorkAndOneIsKilled(@TempDir Path dir) throws Exception {
    try (FaultRig rig = new FaultRig(dir, false, Map.of())) {
      AppProcess first = rig.startApp("app-1");
      AppProcess second = rig.startApp("app-2");
      awaitMembers(rig, 2, Duration.ofSeconds(120));
      Workload workload = new Workload(12, "pair", 0.02, rig.maxTextBytes);
      try (Publisher platform =
          new Publisher(rig.bootstrap(), rig.topics.submitted.name(), workload, 0, POSTS, RATE)) {
        long committedAtKill = rig.awaitCommitted(POSTS / 3, Duration.ofSeconds(120));
        first.kill9();
        assertTrue(committedAtKill < POSTS, "killed mid-stream, not after the end");
        rig.step(
            "one of two instances killed (SIGKILL); "
                + platform.sent()
                + " of "
                + POSTS
                + " posts published so far");
        assertEquals(POSTS, platform.await(300_000));
        rig.assertInvariant(POSTS, Duration.ofSeconds(240));
        assertTrue(second.isAlive(), "the surviving instance took over and runs on");
      }
    }
  }

  /**
   * Waits until {@code n} instances are members of the app's group, each owning some of the work.
   */
  static void awaitMembers(FaultRig rig, int n, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (var admin = rig.admin()) {
      while (true) {
        try {
          var g =
              admin
                  .describeConsumerGroups(List.of(FaultRig.APP_ID))
                  .all()
                  .get(10, TimeUnit.SECONDS)
                  .get(FaultRig.APP_ID);
          if (g.groupState() == org.apache.kafka.common.GroupState.STABLE
              && g.members().size() == n
              && g.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
            return;
          }
        } catch (Exception e) {
          // group not there yet
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(n + " instances never shared the work; logs:\n" + rig.logs());
        }
        Thread.sleep(250);
      }
    }
  }
}
