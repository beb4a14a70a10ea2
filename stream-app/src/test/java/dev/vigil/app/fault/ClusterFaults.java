package dev.vigil.app.fault;

import dev.vigil.app.broker.BrokerCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The faults of the replicated campaign, each done to a running rig while posts flow: brokers
 * killed, stopped, filled up; app instances added, killed, frozen. Each fault returns the cluster
 * to full strength (every node up, every replica back in sync) before it ends, so the next one
 * starts from a healthy cluster and the invariant is checked on everything committed in between.
 */
final class ClusterFaults {
  /** The faults, by the names the test's and the script's options use. */
  enum Fault {
    LEADER_KILL,
    CONTROLLER_KILL,
    ROLLING_RESTART,
    SCALE_APPS,
    ZOMBIE_APP,
    DISK_FULL,
    ISR_STARVED;

    /**
     * What {@code --campaign N} draws from. ISR_STARVED is left out: it holds the app's
     * transactions for over two minutes, which needs a lower rate than a campaign's for the app to
     * catch up in the test's five minutes, and adding it would change every earlier seed's draws.
     */
    static final List<Fault> CAMPAIGN =
        List.of(LEADER_KILL, CONTROLLER_KILL, ROLLING_RESTART, SCALE_APPS, ZOMBIE_APP, DISK_FULL);
  }

  /**
   * Mounted tmpfs size for the disk-full node, in MiB: room for the test's data, small enough to
   * fill. The node keeps this disk for the whole run, so a long campaign needs more: the 384 MiB
   * default filled with a campaign's own data after 104,000 posts (seed 31, 2026-12-07), the node
   * halted outside any fault and the next fault found no quorum.
   */
  static final String DISK_SIZE = Long.getLong("vigil.fault.cluster.diskMiB", 384) + "m";

  /**
   * How long a restarted node may take to bring every replica back in sync. Three minutes is ample
   * on a quiet machine; a loaded one replaying a long campaign's logs needs more, and a timeout
   * there stops the campaign without telling anything about the invariant.
   */
  static final Duration SYNC_TIMEOUT =
      Duration.ofMinutes(Long.getLong("vigil.fault.cluster.syncMinutes", 3));

  private final FaultRig rig;
  private final BrokerCluster cluster;
  private final Random random;
  private final Path diskNode;
  private int appInstances;

  /**
   * @param diskNode the mount point (a node's data directory on its own tmpfs) for {@link
   *     Fault#DISK_FULL}, or null where none could be mounted
   */
  ClusterFaults(FaultRig rig, Random random, Path diskNode) {
    this.rig = rig;
    this.cluster = rig.cluster();
    this.random = random;
    this.diskNode = diskNode;
  }

  /**
   * Mounts a small tmpfs at node {@code id}'s data directory, for {@link Fault#DISK_FULL}; null if
   * this machine does not let us (not root, no mount).
   */
  static Path mountSmallDisk(BrokerCluster cluster, int id) {
    Path at = cluster.nodeDir(id);
    try {
      Files.createDirectories(at);
      Process p =
          new ProcessBuilder(
                  "mount", "-t", "tmpfs", "-o", "size=" + DISK_SIZE, "tmpfs", at.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        System.out.println("no tmpfs for the disk-full fault (" + out.trim() + "): skipped");
        return null;
      }
      return at;
    } catch (IOException e) {
      System.out.println("no tmpfs for the disk-full fault (" + e.getMessage() + "): skipped");
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static void unmount(Path at) {
    try {
      new ProcessBuilder("umount", "-l", at.toString()).inheritIO().start().waitFor();
    } catch (IOException e) {
      System.out.println("cannot unmount " + at + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean canFillDisk() {
    return diskNode != null;
  }

  void appStarted() {
    appInstances++;
  }

  /** Does {@code fault}; returns a line saying what was done, for the campaign's log. */
  String inject(Fault fault) throws Exception {
    return switch (fault) {
      case LEADER_KILL -> leaderKill();
      case CONTROLLER_KILL -> controllerKill();
      case ROLLING_RESTART -> rollingRestart();
      case SCALE_APPS -> scaleApps();
      case ZOMBIE_APP -> zombieApp();
      case DISK_FULL -> diskFull();
      case ISR_STARVED -> isrStarved();
    };
  }

  /** SIGKILL of the node leading partition 0 of the input, down 5-30 s, started again. */
  private String leaderKill() throws Exception {
    int leader = leaderOf(rig.topics.submitted.name(), 0);
    long downMs = 5_000 + random.nextInt(25_001);
    cluster.kill(leader);
    rig.step("node " + leader + " (leader of " + rig.topics.submitted.name() + "-0) SIGKILLed");
    Thread.sleep(downMs);
    cluster.start(leader, Duration.ofMinutes(2));
    rig.step("node " + leader + " started again after " + downMs / 1000 + " s");
    awaitInSync(SYNC_TIMEOUT);
    return "SIGKILL of partition leader node " + leader + ", down " + downMs / 1000 + " s";
  }

  /** How long {@link #isrStarved} keeps the quarantine topic below its min.insync.replicas. */
  static final Duration STARVED =
      Duration.ofMillis(dev.vigil.app.VigilApp.PRODUCER_DELIVERY_TIMEOUT_MS).plusSeconds(40);

  /**
   * One output topic that no write reaches in full for longer than the producer's delivery timeout:
   * a node stopped and {@code posts.quarantined}'s min.insync.replicas raised to 3, so every write
   * there is refused (NOT_ENOUGH_REPLICAS) and retried while the other topics go on. This is the
   * stuck producer of the campaign (a batch retried without end, OUT_OF_ORDER_SEQUENCE_NUMBER
   * there) made on purpose: with Streams' unbounded delivery timeout the stream thread's
   * transaction would wait for as long as the fault lasts; with the app's bounded one the batch
   * expires, the transaction aborts and the task replays, and the invariant must hold after it.
   * Under transactions v2 the coordinator may end it first: the refused write is in the
   * transaction, which times out after 10 s and is aborted with a new epoch, so the retried batch
   * is fenced. Either way the app must show that it gave the transaction up (a batch expiry, a
   * corrupted task, or fencing) and go on; the line says which.
   */
  private String isrStarved() throws Exception {
    String topic = rig.topics.quarantined.name();
    int node = 1 + random.nextInt(cluster.size());
    AppProcess app = rig.firstApp();
    int outputBefore = app.output().length();
    cluster.stop(node);
    setMinInsync(topic, 3);
    rig.step("node " + node + " stopped, " + topic + " min.insync.replicas 3");
    Thread.sleep(STARVED.toMillis());
    setMinInsync(topic, 2);
    cluster.start(node, Duration.ofMinutes(2));
    rig.step(topic + " min.insync.replicas 2, node " + node + " started again");
    awaitInSync(SYNC_TIMEOUT);
    String after = app.output().substring(Math.min(outputBefore, app.output().length()));
    // The producer's words for a batch it gave up on (Sender: expired batches), quoted when
    // Streams logs the failed send or commit, and Streams' own for the task it then revives.
    int expired = count(after, "ms has passed since batch creation");
    int corrupted = count(after, "corrupted");
    String fenced = fencingSign(after, 0);
    if (expired + corrupted == 0 && fenced == null) {
      throw new AssertionError(
          "the app never gave up a transaction in "
              + STARVED.toSeconds()
              + " s of refused writes to "
              + topic
              + " (no batch expiry, corrupted task or fencing logged): "
              + app);
    }
    return topic
        + " refused writes for "
        + STARVED.toSeconds()
        + " s (node "
        + node
        + " down, min.insync.replicas 3); the app logged "
        + expired
        + " batch expiries and "
        + corrupted
        + " lines on corrupted tasks, fenced: "
        + (fenced == null ? "no" : fenced);
  }

  private static int count(String text, String word) {
    return text.split(java.util.regex.Pattern.quote(word), -1).length - 1;
  }

  private void setMinInsync(String topic, int n) throws Exception {
    try (Admin admin = rig.admin()) {
      var resource =
          new org.apache.kafka.common.config.ConfigResource(
              org.apache.kafka.common.config.ConfigResource.Type.TOPIC, topic);
      var op =
          new org.apache.kafka.clients.admin.AlterConfigOp(
              new org.apache.kafka.clients.admin.ConfigEntry(
                  org.apache.kafka.common.config.TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                  Integer.toString(n)),
              org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET);
      admin.incrementalAlterConfigs(Map.of(resource, List.of(op))).all().get(30, TimeUnit.SECONDS);
    }
  }

  /** SIGKILL of the active KRaft controller; the quorum elects another; started again. */
  private String controllerKill() throws Exception {
    int controller = activeController();
    long downMs = 5_000 + random.nextInt(10_001);
    cluster.kill(controller);
    rig.step("node " + controller + " (active controller) SIGKILLed");
    Thread.sleep(downMs);
    int next = activeController();
    cluster.start(controller, Duration.ofMinutes(2));
    rig.step("node " + controller + " started again; controller meanwhile " + next);
    awaitInSync(SYNC_TIMEOUT);
    return "SIGKILL of active controller node "
        + controller
        + " (new controller "
        + next
        + "), down "
        + downMs / 1000
        + " s";
  }

  /** Every node in turn: SIGTERM, start, wait until every replica is back in sync. */
  private String rollingRestart() throws Exception {
    for (int i = 1; i <= cluster.size(); i++) {
      cluster.stop(i);
      rig.step("node " + i + " stopped (SIGTERM)");
      cluster.start(i, Duration.ofMinutes(2));
      awaitInSync(SYNC_TIMEOUT);
      rig.step("node " + i + " back and in sync");
    }
    return "rolling restart of all " + cluster.size() + " nodes";
  }

  /** Two more instances join, one of them is SIGKILLed, the other stopped: back to one. */
  private String scaleApps() throws Exception {
    AppProcess second = rig.startApp("app-" + (++appInstances));
    AppProcess third = rig.startApp("app-" + (++appInstances));
    AppCrashTest.awaitMembers(rig, 3, Duration.ofMinutes(3));
    rig.step("3 instances share the work");
    AppProcess victim = random.nextBoolean() ? second : third;
    AppProcess other = victim == second ? third : second;
    victim.kill9();
    rig.step("one of them SIGKILLed");
    Thread.sleep(5_000);
    other.stop();
    rig.step("the other stopped; back to one instance");
    return "app instances 1 -> 3 -> 1, one SIGKILLed";
  }

  /**
   * A second instance joins, then the first is frozen (SIGSTOP) past the session timeout: its
   * partitions move to the second, and when it resumes its transactions must be fenced. The second
   * is then stopped, leaving the resumed first alone.
   */
  private String zombieApp() throws Exception {
    AppProcess first = rig.firstApp();
    AppProcess helper = rig.startApp("app-" + (++appInstances));
    AppCrashTest.awaitMembers(rig, 2, Duration.ofMinutes(3));
    int outputBefore = first.output().length();
    first.signal("STOP");
    rig.step("first instance frozen (SIGSTOP)");
    // session.timeout.ms is 6 s in the rig, transaction.timeout.ms 10 s under exactly-once.
    Thread.sleep(20_000);
    first.signal("CONT");
    rig.step("first instance resumed (SIGCONT)");
    AppCrashTest.awaitMembers(rig, 2, Duration.ofMinutes(3));
    helper.stop();
    rig.step("helper stopped");
    if (!first.isAlive()) {
      throw new AssertionError("the resumed instance died: " + first);
    }
    String fenced = fencingSign(first.output(), outputBefore);
    if (fenced == null) {
      throw new AssertionError("the resumed instance was never fenced: " + first);
    }
    rig.step("the resumed instance was fenced: " + fenced);
    return "app instance frozen 20 s past session.timeout.ms and resumed, fenced (" + fenced + ")";
  }

  /**
   * The first exception name in what an instance logged after {@code from} that says Kafka fenced
   * it or took its tasks away; null if none.
   */
  static String fencingSign(String output, int from) {
    String after = output.substring(Math.min(from, output.length()));
    for (String sign :
        List.of(
            "ProducerFencedException",
            "InvalidProducerEpochException",
            "TaskMigratedException",
            "CommitFailedException",
            "FencedInstanceIdException",
            "UnknownMemberIdException")) {
      if (after.contains(sign)) {
        return sign;
      }
    }
    return null;
  }

  /**
   * The node on the small tmpfs: its disk filled until writes fail, then freed; if the node stopped
   * (Kafka takes a log directory offline on an I/O error and a node without one halts), it is
   * started again.
   */
  private String diskFull() throws Exception {
    int node = nodeOf(diskNode);
    Path filler = diskNode.resolve("filler");
    Process dd =
        new ProcessBuilder("dd", "if=/dev/zero", "of=" + filler, "bs=1M")
            .redirectErrorStream(true)
            .start();
    dd.getInputStream().readAllBytes();
    dd.waitFor();
    rig.step("node " + node + "'s disk filled (" + Files.size(filler) / (1 << 20) + " MiB filler)");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (cluster.alive(node) && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    boolean died = !cluster.alive(node);
    rig.step("node " + node + (died ? " halted on the full disk" : " still up after 20 s"));
    Files.delete(filler);
    if (died) {
      cluster.start(node, Duration.ofMinutes(2));
    } else {
      // It may have taken its only log directory offline without halting yet: restart it to be
      // sure it serves from its disk again.
      cluster.stop(node);
      cluster.start(node, Duration.ofMinutes(2));
    }
    rig.step("disk freed, node " + node + " running");
    awaitInSync(SYNC_TIMEOUT);
    return "disk of node "
        + node
        + " filled ("
        + (died ? "node halted" : "node stayed up")
        + "), freed";
  }

  private int nodeOf(Path dir) {
    for (int i = 1; i <= cluster.size(); i++) {
      if (cluster.nodeDir(i).equals(dir)) {
        return i;
      }
    }
    throw new IllegalArgumentException(dir + " is no node's directory");
  }

  int leaderOf(String topic, int partition) throws Exception {
    try (Admin admin = rig.admin()) {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (true) {
        TopicPartitionInfo p =
            admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .get(partition);
        if (p.leader() != null && p.leader().id() >= 1) {
          return p.leader().id();
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError(topic + "-" + partition + " has no leader");
        }
        Thread.sleep(500);
      }
    }
  }

  int activeController() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      try (Admin admin = rig.admin()) {
        int id = admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
        if (id >= 1) {
          return id;
        }
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      Thread.sleep(500);
    }
  }

  /** Waits until every partition of every topic has all its replicas in sync. */
  void awaitInSync(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> behind = List.of();
    try (Admin admin = rig.admin()) {
      while (System.nanoTime() < deadline) {
        try {
          var names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
          Map<String, TopicDescription> all =
              admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
          behind = new ArrayList<>();
          for (TopicDescription d : all.values()) {
            for (TopicPartitionInfo p : d.partitions()) {
              if (p.isr().size() < p.replicas().size()) {
                behind.add(d.name() + "-" + p.partition());
              }
            }
          }
          if (behind.isEmpty()) {
            return;
          }
        } catch (Exception e) {
          behind = List.of("metadata: " + e.getMessage());
        }
        Thread.sleep(1_000);
      }
    }
    throw new AssertionError(
        "replicas not in sync after "
            + timeout
            + ": "
            + behind.subList(0, Math.min(10, behind.size())));
  }
}
