package dev.vigil.app.cli;

import dev.vigil.app.broker.BrokerCluster;
import dev.vigil.app.broker.ClusterNode;
import dev.vigil.app.broker.EmbeddedBroker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code broker}: the embedded Kafka broker on its own, so app instances can be started and killed
 * apart from it; with {@code --nodes 3}, a replicated cluster of child JVMs, each of which can be
 * killed and started again alone.
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a single-node Kafka broker (KRaft) on 127.0.0.1 until stopped; with --nodes N, a cluster of N",
      "nodes (ports P..P+N-1), each its own JVM. The cluster reads commands on standard input:",
      "kill I (SIGKILL), stop I (SIGTERM), start I, pause I (SIGSTOP), resume I (SIGCONT), status.",
      "Nothing is restarted unless asked. Each node's process id is in DATA-DIR/node-I.pid."
    })
final class BrokerCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "9092",
      description =
          "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}); node i of a cluster: +i-1.")
  int port;

  @Option(
      names = "--data-dir",
      defaultValue = "vigil-data/kafka",
      description =
          "Log and metadata directory, reused across restarts (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--nodes",
      defaultValue = "1",
      description =
          "Nodes: 1 runs in this JVM; more start a replicated cluster (default: ${DEFAULT-VALUE}).")
  int nodes;

  // A cluster's parent starts each node as `broker --node-id ...`: not for people to type.
  @Option(names = "--node-id", hidden = true)
  Integer nodeId;

  @Option(names = "--quorum", hidden = true)
  String quorum;

  @Option(names = "--cluster-id", hidden = true)
  String clusterId;

  @Option(names = "--parent-pid", hidden = true)
  Long parentPid;

  @Override
  public Integer call() throws Exception {
    if (nodeId != null) {
      return node();
    }
    if (nodes > 1) {
      return cluster();
    }
    EmbeddedBroker broker = new EmbeddedBroker(port, dataDir).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  stopped.countDown();
                },
                "broker-shutdown"));
    System.out.println(
        "Kafka broker listening on " + broker.bootstrapServers() + " (data in " + dataDir + ")");
    System.out.println("Stop with Ctrl-C.");
    stopped.await();
    return 0;
  }

  private int node() throws InterruptedException {
    if (quorum == null || clusterId == null) {
      throw new IllegalArgumentException("--node-id needs --quorum and --cluster-id");
    }
    ClusterNode node = new ClusterNode(nodeId, port, quorum, clusterId, dataDir).start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                },
                "node-shutdown"));
    if (parentPid != null) {
      // A parent killed with SIGKILL cannot stop its nodes: they stop themselves, cleanly.
      ProcessHandle.of(parentPid)
          .ifPresentOrElse(
              parent -> parent.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
    }
    System.out.println("node " + nodeId + " listening on 127.0.0.1:" + port);
    stopped.await();
    return 0;
  }

  private int cluster() throws Exception {
    BrokerCluster cluster =
        new BrokerCluster(
            nodes,
            port,
            dataDir,
            BrokerCluster.javaCommand(
                System.getProperty("java.class.path"), BrokerCluster.defaultJvmOptions()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    cluster.close();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  stopped.countDown();
                },
                "cluster-shutdown"));
    cluster.start(Duration.ofMinutes(2));
    System.out.println(
        "Kafka cluster of "
            + nodes
            + " nodes listening on "
            + cluster.bootstrapServers()
            + " (data in "
            + dataDir
            + ")");
    status(cluster);
    System.out.println("Stop with Ctrl-C.");
    Thread commands = new Thread(() -> readCommands(cluster), "cluster-commands");
    commands.setDaemon(true);
    commands.start();
    stopped.await();
    return 0;
  }

  private static void status(BrokerCluster cluster) {
    for (int i = 1; i <= cluster.size(); i++) {
      System.out.println(
          "node "
              + i
              + " port "
              + cluster.port(i)
              + (cluster.alive(i) ? " pid " + cluster.pid(i) : " down"));
    }
    System.out.flush();
  }

  /** One command per line; an unknown or failing one is reported and the next is read. */
  private static void readCommands(BrokerCluster cluster) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        String[] words = line.trim().split("\\s+");
        try {
          switch (words[0]) {
            case "" -> {}
            case "status" -> status(cluster);
            case "kill" -> cluster.kill(Integer.parseInt(words[1]));
            case "stop" -> cluster.stop(Integer.parseInt(words[1]));
            case "start" -> cluster.start(Integer.parseInt(words[1]), Duration.ofMinutes(2));
            case "pause" -> cluster.signal(Integer.parseInt(words[1]), "STOP");
            case "resume" -> cluster.signal(Integer.parseInt(words[1]), "CONT");
            default -> throw new IllegalArgumentException("unknown command");
          }
          if (!words[0].isEmpty() && !words[0].equals("status")) {
            System.out.println("ok " + line.trim());
            System.out.flush();
          }
        } catch (Exception e) {
          System.out.println("error " + line.trim() + ": " + e.getMessage());
          System.out.flush();
        }
      }
    } catch (Exception e) {
      System.out.println("commands no longer read: " + e.getMessage());
    }
  }
}
