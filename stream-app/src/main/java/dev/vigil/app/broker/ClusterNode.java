package dev.vigil.app.broker;

import dev.vigil.app.config.OwnerOnly;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a {@link BrokerCluster}: a KRaft broker and controller (combined mode) on 127.0.0.1,
 * run in its own JVM so that it can be killed alone. Every node of a cluster is formatted with the
 * same cluster id and the same static voter set; replicated internal topics (offsets, transaction
 * state) and a durable default of two in-sync replicas are what makes the cluster's failure of one
 * node the realistic fault, unlike a single broker's.
 */
public final class ClusterNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
  static final String HOST = "127.0.0.1";

  private final int nodeId;
  private final int port;
  private final int controllerPort;
  private final String quorumVoters;
  private final int clusterSize;
  private final String clusterId;
  private final Path dataDir;
  private KafkaRaftServer server;

  /**
   * @param quorumVoters {@code id@host:port,...}, the controller quorum every node shares
   * @param clusterId the id all nodes were (or will be) formatted with
   */
  public ClusterNode(int nodeId, int port, String quorumVoters, String clusterId, Path dataDir) {
    this.nodeId = nodeId;
    this.port = port;
    this.quorumVoters = quorumVoters;
    this.clusterSize = quorumVoters.split(",").length;
    this.controllerPort = controllerPort(quorumVoters, nodeId);
    this.clusterId = clusterId;
    this.dataDir = dataDir;
  }

  /** The controller port the voter list gives {@code nodeId}. */
  static int controllerPort(String quorumVoters, int nodeId) {
    for (String voter : quorumVoters.split(",")) {
      String[] idAndAddress = voter.trim().split("@", 2);
      if (idAndAddress.length == 2 && Integer.parseInt(idAndAddress[0]) == nodeId) {
        return Integer.parseInt(idAndAddress[1].substring(idAndAddress[1].lastIndexOf(':') + 1));
      }
    }
    throw new IllegalArgumentException("node " + nodeId + " is not in the quorum " + quorumVoters);
  }

  /** Formats the storage if needed and starts the node; returns once it has started. */
  public synchronized ClusterNode start() {
    if (server != null) {
      return this;
    }
    try {
      OwnerOnly.directory(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create broker data dir " + dataDir, e);
    }
    KafkaConfig config = new KafkaConfig(properties(), false);
    format();
    server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    LOG.info("Kafka node {} ready at {}:{}", nodeId, HOST, port);
    return this;
  }

  Properties properties() {
    Properties p = new Properties();
    String rf = Integer.toString(clusterSize);
    // A majority of replicas must have a write before it counts: one node may die without losing
    // an acknowledged record or blocking writers.
    String minIsr = Integer.toString(clusterSize / 2 + 1);
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(nodeId));
    p.put("controller.quorum.voters", quorumVoters);
    p.put(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dataDir.toAbsolutePath().toString());
    p.put("default.replication.factor", rf);
    p.put("min.insync.replicas", minIsr);
    p.put("offsets.topic.replication.factor", rf);
    p.put("transaction.state.log.replication.factor", rf);
    p.put("transaction.state.log.min.isr", minIsr);
    p.put("share.coordinator.state.topic.replication.factor", rf);
    p.put("share.coordinator.state.topic.min.isr", minIsr);
    // Few coordinator partitions, spread over the nodes: a test cluster on a small machine.
    p.put("offsets.topic.num.partitions", "6");
    p.put("transaction.state.log.num.partitions", "6");
    p.put("unclean.leader.election.enable", "false");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
    p.put("num.partitions", "1");
    // Three JVMs share a couple of cores with the apps under test: fewer threads each.
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    p.put("num.recovery.threads.per.data.dir", "1");
    return p;
  }

  /**
   * A system property for fault runs: the {@code transaction.version} feature level a new node is
   * formatted with (1: the transactions protocol before KIP-890's v2), to compare how the two
   * versions behave under the same faults. Unset: the release's default.
   */
  public static final String TRANSACTION_VERSION_PROPERTY = "vigil.broker.transactionVersion";

  private void format() {
    // Formatted before: keep it (a new format would contradict meta.properties).
    if (Files.exists(dataDir.resolve("meta.properties"))) {
      return;
    }
    Formatter formatter =
        new Formatter()
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
            .setClusterId(clusterId)
            .setNodeId(nodeId)
            .setDirectories(List.of(dataDir.toAbsolutePath().toString()))
            .setMetadataLogDirectory(dataDir.toAbsolutePath().toString())
            .setControllerListenerName("CONTROLLER")
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .setIgnoreFormatted(true);
    String tv = System.getProperty(TRANSACTION_VERSION_PROPERTY);
    if (tv != null) {
      short level;
      try {
        level = Short.parseShort(tv.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            TRANSACTION_VERSION_PROPERTY
                + " must be a feature level such as 1 or 2, not '"
                + tv
                + "'");
      }
      formatter.setFeatureLevel("transaction.version", level);
    }
    try {
      formatter.run();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot format Kafka storage in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
      LOG.info("Kafka node {} stopped", nodeId);
    }
  }
}
