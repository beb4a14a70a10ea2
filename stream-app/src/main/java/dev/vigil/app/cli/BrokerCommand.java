package dev.vigil.app.cli;

import dev.vigil.app.broker.EmbeddedBroker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code broker}: the embedded Kafka broker on its own, so app instances can be started and killed
 * apart from it.
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = "Runs a single-node Kafka broker (KRaft) on 127.0.0.1 until stopped.")
final class BrokerCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "9092",
      description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--data-dir",
      defaultValue = "vigil-data/kafka",
      description =
          "Log and metadata directory, reused across restarts (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
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
}
