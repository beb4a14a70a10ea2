package dev.vigil.app.broker;

import dev.vigil.app.config.OwnerOnly;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.Uuid;

/**
 * A replicated Kafka test cluster on one machine: {@code n} KRaft nodes (combined broker and
 * controller) on 127.0.0.1, client ports {@code basePort .. basePort+n-1}, each node a child JVM
 * running {@code moderation broker --node-id i ...}, so that each can be SIGKILLed, stopped, paused
 * and started again on its own data while the others serve. Nothing is restarted unless a caller
 * asks.
 *
 * <p>The cluster id and controller ports are chosen once and kept in {@code cluster.properties}
 * under the data directory: the nodes' storage is formatted with that id and the voters must not
 * move, so a later start of the same directory reuses them.
 */
public final class BrokerCluster implements AutoCloseable {
  private static final String LAYOUT = "cluster.properties";

  private final int nodes;
  private final int basePort;
  private final Path dataDir;
  private final String clusterId;
  private final String quorumVoters;
  private final List<String> javaCommand;
  private final Process[] processes;

  /**
   * @param nodes how many nodes (3 for a cluster that survives one failure)
   * @param basePort client port of node 1; node i listens on {@code basePort + i - 1}
   * @param dataDir one subdirectory per node ({@code node-i}), its log ({@code node-i.log}) and the
   *     child's process id ({@code node-i.pid}) for scripts
   * @param javaCommand how to start a JVM running this build's classes: java, its options and the
   *     class path, up to the main class (see {@link #javaCommand(String, List)})
   */
  public BrokerCluster(int nodes, int basePort, Path dataDir, List<String> javaCommand) {
    if (nodes < 1 || nodes > 9) {
      throw new IllegalArgumentException("nodes must be 1..9, not " + nodes);
    }
    this.nodes = nodes;
    this.basePort = basePort;
    this.dataDir = dataDir;
    this.javaCommand = List.copyOf(javaCommand);
    this.processes = new Process[nodes + 1];
    try {
      OwnerOnly.directory(dataDir);
      Properties layout = layout(dataDir, nodes);
      this.clusterId = layout.getProperty("cluster.id");
      this.quorumVoters = layout.getProperty("controller.quorum.voters");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set up the cluster in " + dataDir, e);
    }
  }

  /**
   * A JVM command for this build: the running JVM's {@code java}, {@code jvmOptions} and {@code
   * classpath}.
   */
  public static List<String> javaCommand(String classpath, List<String> jvmOptions) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.add("-cp");
    cmd.add(classpath);
    return cmd;
  }

  /** Default node JVM options: a small heap and the client compiler, for a shared small machine. */
  public static List<String> defaultJvmOptions() {
    List<String> options =
        new ArrayList<>(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    String tv = System.getProperty(ClusterNode.TRANSACTION_VERSION_PROPERTY);
    if (tv != null) {
      options.add("-D" + ClusterNode.TRANSACTION_VERSION_PROPERTY + "=" + tv);
    }
    return List.copyOf(options);
  }

  private static Properties layout(Path dataDir, int nodes) throws IOException {
    Path file = dataDir.resolve(LAYOUT);
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      int had = p.getProperty("controller.quorum.voters").split(",").length;
      if (had != nodes) {
        throw new IllegalStateException(
            dataDir + " holds a cluster of " + had + " nodes, not " + nodes);
      }
      return p;
    }
    p.setProperty("cluster.id", Uuid.randomUuid().toString());
    p.setProperty(
        "controller.quorum.voters",
        IntStream.rangeClosed(1, nodes)
            .mapToObj(i -> i + "@" + ClusterNode.HOST + ":" + EmbeddedBroker.freePort())
            .collect(Collectors.joining(",")));
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, "Vigil test cluster: kept so that restarts reuse the voters and the cluster id");
    }
    return p;
  }

  public int size() {
    return nodes;
  }

  /** Client port of node {@code id}. */
  public int port(int id) {
    check(id);
    return basePort + id - 1;
  }

  /** Every node's client address, comma-separated. */
  public String bootstrapServers() {
    return IntStream.rangeClosed(1, nodes)
        .mapToObj(i -> ClusterNode.HOST + ":" + port(i))
        .collect(Collectors.joining(","));
  }

  public Path nodeDir(int id) {
    check(id);
    return dataDir.resolve("node-" + id);
  }

  public Path log(int id) {
    return dataDir.resolve("node-" + id + ".log");
  }

  /** Starts every node that is not running and waits until all accept clients. */
  public synchronized BrokerCluster start(Duration timeout) {
    for (int i = 1; i <= nodes; i++) {
      if (!alive(i)) {
        launch(i);
      }
    }
    for (int i = 1; i <= nodes; i++) {
      awaitPort(i, timeout);
    }
    return this;
  }

  /**
   * Starts node {@code id} again on its data, and waits until it accepts clients; refuses if it
   * runs.
   */
  public synchronized void start(int id, Duration timeout) {
    if (alive(id)) {
      throw new IllegalStateException("node " + id + " is running");
    }
    launch(id);
    awaitPort(id, timeout);
  }

  /** SIGKILL to node {@code id}: no shutdown, no flush; waits until it is gone. */
  public void kill(int id) throws InterruptedException {
    Process p = process(id);
    if (p != null && p.isAlive()) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** SIGTERM to node {@code id}, a controlled shutdown; waits up to two minutes. */
  public void stop(int id) throws InterruptedException {
    Process p = process(id);
    if (p != null && p.isAlive()) {
      p.destroy();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** SIGSTOP ({@code pause}) or SIGCONT to node {@code id}. */
  public void signal(int id, String signal) throws IOException, InterruptedException {
    Process p = process(id);
    if (p == null || !p.isAlive()) {
      throw new IllegalStateException("node " + id + " is not running");
    }
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + signal + " " + p.pid() + " failed");
    }
  }

  public synchronized boolean alive(int id) {
    Process p = processes[checked(id)];
    return p != null && p.isAlive();
  }

  /** The process id of node {@code id}, or -1 if it is not running. */
  public synchronized long pid(int id) {
    Process p = processes[checked(id)];
    return p != null && p.isAlive() ? p.pid() : -1;
  }

  private synchronized Process process(int id) {
    return processes[checked(id)];
  }

  private void launch(int id) {
    List<String> cmd = new ArrayList<>(javaCommand);
    cmd.addAll(
        List.of(
            "dev.vigil.app.cli.Main",
            "broker",
            "--node-id",
            Integer.toString(id),
            "--quorum",
            quorumVoters,
            "--cluster-id",
            clusterId,
            "--port",
            Integer.toString(port(id)),
            "--data-dir",
            nodeDir(id).toString(),
            "--parent-pid",
            Long.toString(ProcessHandle.current().pid())));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log(id).toFile()));
    try {
      Process p = pb.start();
      processes[id] = p;
      Files.writeString(
          dataDir.resolve("node-" + id + ".pid"), p.pid() + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node " + id, e);
    }
  }

  private void awaitPort(int id, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!portOpen(port(id))) {
      Process p = processes[id];
      if (p == null || !p.isAlive()) {
        throw new IllegalStateException("node " + id + " exited; see " + log(id));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("node " + id + " not up after " + timeout);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  private static boolean portOpen(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(ClusterNode.HOST, port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private int checked(int id) {
    check(id);
    return id;
  }

  private void check(int id) {
    if (id < 1 || id > nodes) {
      throw new IllegalArgumentException("no node " + id + " (1.." + nodes + ")");
    }
  }

  /** Stops every running node (SIGTERM), all at once, and waits for them. */
  @Override
  public void close() throws InterruptedException {
    for (int i = 1; i <= nodes; i++) {
      Process p = process(i);
      if (p != null && p.isAlive()) {
        p.destroy();
      }
    }
    for (int i = 1; i <= nodes; i++) {
      stop(i);
    }
  }
}
