package dev.vigil.app.broker;

import dev.vigil.app.config.OwnerOnly;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) in this JVM, bound to
 * 127.0.0.1 only. The storage directory is formatted on first start and reused afterwards, so data
 * survives restarts. Built on Kafka's own server classes ({@link Formatter}, {@link
 * KafkaRaftServer}): internal APIs, which is why the whole build pins one Kafka version.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
  private static final String HOST = "127.0.0.1";

  private final int port;
  private final Path dataDir;
  private final Consumer<Properties> amend;
  private KafkaRaftServer server;

  /**
   * @param port client port on 127.0.0.1; 0 picks a free one
   * @param dataDir where the log and metadata live; created if missing, and kept mode 0700
   */
  public EmbeddedBroker(int port, Path dataDir) {
    this(port, dataDir, settings -> {});
  }

  /**
   * A broker whose settings {@code amend} changes before it starts: another listener (TLS, SASL),
   * an authorizer, super users. The plaintext listener on {@link #bootstrapServers()} stays, for
   * the broker's own traffic.
   */
  public EmbeddedBroker(int port, Path dataDir, Consumer<Properties> amend) {
    this.port = port == 0 ? freePort() : port;
    this.dataDir = dataDir;
    this.amend = amend;
  }

  /** Formats the storage if needed and starts the broker; returns once it accepts clients. */
  public synchronized EmbeddedBroker start() {
    if (server != null) {
      return this;
    }
    try {
      OwnerOnly.directory(dataDir); // Kafka writes its logs 0644: the directory keeps them private
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create broker data dir " + dataDir, e);
    }
    int controllerPort = freePort();
    Properties settings = brokerProperties(controllerPort);
    amend.accept(settings);
    KafkaConfig config = new KafkaConfig(settings, false);
    format(config);
    server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    LOG.info("Kafka broker ready at {}", bootstrapServers());
    return this;
  }

  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  private Properties brokerProperties(int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dataDir.toAbsolutePath().toString());
    // One node: every internal topic has one replica, and nobody waits for a quorum that cannot
    // grow.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    // The cleaner's 128 MiB default buffer is allocated up front; compacted topics here are small.
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
    p.put("num.partitions", "1");
    return p;
  }

  private void format(KafkaConfig config) {
    // Formatted before: keep it. Formatting again would pick a new cluster id, which the existing
    // meta.properties contradicts, and the broker would refuse to start on its own data.
    if (Files.exists(dataDir.resolve("meta.properties"))) {
      return;
    }
    Formatter formatter =
        new Formatter()
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
            .setClusterId(Uuid.randomUuid().toString())
            .setNodeId(1)
            .setDirectories(List.of(dataDir.toAbsolutePath().toString()))
            .setMetadataLogDirectory(dataDir.toAbsolutePath().toString())
            .setControllerListenerName("CONTROLLER")
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .setIgnoreFormatted(true);
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
      LOG.info("Kafka broker stopped");
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + HOST, e);
    }
  }
}
