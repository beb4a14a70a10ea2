package dev.vigil.app.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.bench.Workload;
import dev.vigil.app.fault.ClusterFaults.Fault;
import dev.vigil.app.topics.TopicAdmin;
import dev.vigil.app.verify.InvariantReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once on a replicated cluster (three KRaft nodes, each its own JVM, every topic with three
 * replicas and two in sync), one long stream of posts, faults one after another while posts flow,
 * and after each the full invariant on everything committed so far: one decision or dead letter per
 * post, each routed once, evidence = reports = blocks, the evidence hash chains whole, every
 * evidence key stored.
 *
 * <p>By default one fault (SIGKILL of the input's partition leader), to fit the suite's budget.
 * {@code -Dvigil.fault.cluster.faults=all} runs every fault once (those of {@link Fault#CAMPAIGN}:
 * not ISR_STARVED, which is asked for by name), or a comma list of {@link Fault} names; {@code
 * -Dvigil.fault.cluster.campaign=N} runs N faults drawn at random (seed {@code
 * vigil.fault.cluster.seed}). The platform publishes at {@code vigil.fault.cluster.rate} posts per
 * second (default 250) without pause through each fault: {@code vigil.fault.cluster.posts} (default
 * 1,000) are committed before the fault starts, and it stops 3 s after the fault ends. {@code
 * scripts/fault-campaign.sh} runs it.
 */
class ReplicatedFaultTest {
  static final int NODES = 3;
  static final long POSTS_BEFORE_FAULT = Long.getLong("vigil.fault.cluster.posts", 1_000);
  static final double RATE =
      Double.parseDouble(System.getProperty("vigil.fault.cluster.rate", "250"));
  static final long SEED = Long.getLong("vigil.fault.cluster.seed", System.nanoTime());

  /** Wall-clock budget of a campaign in minutes (0: none); checked before each fault starts. */
  static final long MINUTES = Long.getLong("vigil.fault.cluster.minutes", 0);

  @Test
  void exactlyOnceThroughFaultsOnAReplicatedCluster(@TempDir Path dir) throws Exception {
    Random random = new Random(SEED);
    System.out.println("seed " + SEED);
    try (FaultRig rig = FaultRig.onCluster(dir, NODES, Map.of())) {
      List<Fault> faults = faults(random);
      Path disk = null;
      if (faults.contains(Fault.DISK_FULL)) {
        disk = ClusterFaults.mountSmallDisk(rig.cluster(), NODES);
        if (disk == null) {
          faults.removeIf(f -> f == Fault.DISK_FULL);
        }
      }
      try {
        rig.cluster().start(Duration.ofMinutes(3));
        rig.step("cluster of " + NODES + " up at " + rig.bootstrap());
        run(rig, new ClusterFaults(rig, random, disk), faults);
      } finally {
        rig.close();
        if (disk != null) {
          ClusterFaults.unmount(disk);
        }
      }
    }
  }

  private static void run(FaultRig rig, ClusterFaults faults, List<Fault> plan) throws Exception {
    rig.startApp("app-1");
    faults.appStarted();
    rig.awaitAppReady(Duration.ofMinutes(3));
    assertEveryTopicReplicated(rig);
    Workload workload = new Workload(19, "cluster", 0.02, rig.maxTextBytes);
    long published = 0;
    List<String> done = new ArrayList<>();
    long deadline =
        MINUTES > 0 ? System.nanoTime() + TimeUnit.MINUTES.toNanos(MINUTES) : Long.MAX_VALUE;
    for (Fault fault : plan) {
      if (System.nanoTime() - deadline > 0) {
        // A time budget ends the campaign between faults, so that the rig still stops every
        // process and keeps the logs; said plainly, never counted as the planned number.
        System.out.println(
            "CAMPAIGN STOPPED at the "
                + MINUTES
                + "-minute budget: "
                + done.size()
                + " of "
                + plan.size()
                + " faults run");
        break;
      }
      rig.step("fault " + (done.size() + 1) + " of " + plan.size() + ": " + fault);
      long sent;
      try (Publisher platform =
          new Publisher(
              rig.bootstrap(),
              rig.topics.submitted.name(),
              workload,
              published,
              Long.MAX_VALUE / 2,
              RATE)) {
        // Posts flow before, during and after the fault: the platform stops only once the cluster
        // and the app are back to full strength, and a few seconds later.
        rig.awaitCommitted(published + POSTS_BEFORE_FAULT, Duration.ofMinutes(3));
        String what = faults.inject(fault);
        Thread.sleep(3_000);
        platform.close();
        sent = platform.sent();
        assertEquals(sent, platform.await(60_000), "every post the platform sent was acknowledged");
        published += sent;
        InvariantReport report = rig.assertInvariant(published, Duration.ofMinutes(5));
        // Every fault ends with the cluster whole; a node gone by now died outside the fault (a
        // full disk, say), and the next fault would fail for that reason under another name.
        for (int node = 1; node <= NODES; node++) {
          assertTrue(
              rig.cluster().alive(node),
              "node " + node + " died after fault " + (done.size() + 1) + " (" + fault + ")");
        }
        done.add(what);
        System.out.printf(
            "FAULT %d %s: %s; %d posts in this phase, %d in all; decided %d, dead letters %d;"
                + " blocks %d = evidence %d = reports %d%n",
            done.size(),
            fault,
            what,
            sent,
            published,
            report.decisions(),
            report.deadLetters(),
            report.decisionsByAction().getOrDefault("BLOCK", 0L),
            report.evidence(),
            report.reports());
        assertEquals(report.evidence(), report.reports(), "evidence = reports");
        assertEquals(
            report.decisionsByAction().getOrDefault("BLOCK", 0L),
            report.evidence(),
            "blocks = evidence");
      }
    }
    assertTrue(rig.firstApp().isAlive(), "an instance runs on after every fault");
    System.out.println(
        "CAMPAIGN "
            + done.size()
            + " of "
            + plan.size()
            + " faults, "
            + published
            + " posts: invariant held after each");
  }

  /** What the system properties ask for, in order. */
  private static List<Fault> faults(Random random) {
    String campaign = System.getProperty("vigil.fault.cluster.campaign");
    if (campaign != null) {
      int n = Integer.parseInt(campaign);
      List<Fault> out = new ArrayList<>();
      List<Fault> all = Fault.CAMPAIGN;
      for (int i = 0; i < n; i++) {
        out.add(all.get(random.nextInt(all.size())));
      }
      return out;
    }
    String asked = System.getProperty("vigil.fault.cluster.faults", "leader_kill");
    if (asked.equalsIgnoreCase("all")) {
      return new ArrayList<>(Fault.CAMPAIGN);
    }
    List<Fault> out = new ArrayList<>();
    for (String name : asked.split(",")) {
      out.add(Fault.valueOf(name.trim().toUpperCase(Locale.ROOT)));
    }
    return out;
  }

  /**
   * The app's topics, its internal ones included, have three replicas and two in sync, set on the
   * topic itself (not the cluster's default).
   */
  private static void assertEveryTopicReplicated(FaultRig rig) throws Exception {
    try (Admin admin = rig.admin()) {
      var names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      var descriptions = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
      List<ConfigResource> resources =
          names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
      int appTopics = 0;
      for (String name : names) {
        if (name.startsWith("__")) {
          continue; // the cluster's own (offsets, transaction state): the brokers' settings
        }
        appTopics++;
        descriptions
            .get(name)
            .partitions()
            .forEach(p -> assertEquals(NODES, p.replicas().size(), name + " replicas"));
        var minIsr =
            configs
                .get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        assertEquals(Integer.toString(TopicAdmin.minInSyncReplicas(NODES)), minIsr.value(), name);
        assertEquals(
            org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG,
            minIsr.source(),
            name + ": min.insync.replicas set on the topic");
      }
      assertTrue(
          names.stream().anyMatch(n -> n.startsWith(FaultRig.APP_ID + "-")),
          "Streams' internal topics are among them: " + names);
      rig.step(appTopics + " app topics: " + NODES + " replicas, min.insync.replicas 2");
    }
  }
}
