package dev.vigil.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.app.config.AppConfig;
import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.json.Json;
import dev.vigil.app.topics.Topics;
import dev.vigil.app.verify.InvariantCheck;
import dev.vigil.app.verify.InvariantReport;
import dev.vigil.app.verify.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code verify}: checks, to the record, that everything committed on {@code posts.submitted} came
 * out exactly once: one decision or dead letter per input, and the outputs each decision calls for.
 * Reads like any downstream consumer ({@code read_committed}, no group), so it can run against a
 * live system.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Checks the pipeline invariant on committed data: every submitted record yields exactly one decision or",
      "dead letter; ALLOW one published record (same bytes), REVIEW one quarantined, BLOCK one evidence and one",
      "report and nothing published. Exit code 0 if it holds, 1 if not."
    })
final class VerifyCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Option(
      names = "--config",
      description = "The app's properties file (topic names, text size limit, application id).")
  Path configFile;

  @Option(
      names = "--wait",
      defaultValue = "120",
      description =
          "Seconds to wait for the app to catch up with its input first (0: check now; default: ${DEFAULT-VALUE}).")
  int waitSeconds;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws Exception {
    Map<String, String> flags = new HashMap<>();
    flags.put(AppConfig.BOOTSTRAP_SERVERS, kafka.given());
    AppConfig config = AppConfig.load(configFile, kafka.env, flags);
    Topics topics = Topics.from(config.properties());
    KafkaConnection connection = kafka.connection(config);
    Boolean caughtUp = null;
    if (waitSeconds > 0) {
      caughtUp =
          awaitCaughtUp(
              new TopicReader(connection),
              config.get(AppConfig.APPLICATION_ID),
              topics.submitted.name());
      String line =
          caughtUp
              ? "app has caught up with its input"
              : "app has NOT caught up after " + waitSeconds + " s; checking anyway";
      (output.json() ? System.err : System.out).println(line);
    }
    InvariantCheck check = new InvariantCheck(connection, topics, config.postParser());
    InvariantReport report;
    try (Progress progress = Progress.start("verify", null, 0)) {
      progress.stage("reading every topic");
      report = waitSeconds > 0 ? check.awaitOk(Duration.ofSeconds(10)) : check.check();
    }
    if (output.json()) {
      ObjectNode o = Json.MAPPER.createObjectNode();
      o.put("ok", report.ok());
      if (caughtUp != null) {
        o.put("caughtUp", caughtUp);
      }
      o.setAll((ObjectNode) Json.MAPPER.valueToTree(report));
      System.out.println(o);
    } else {
      System.out.println(report.summary());
    }
    return report.ok() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }

  /**
   * Waits until the app's group has committed all of its input, showing the lag as it goes; false
   * if {@code --wait} passes first.
   */
  private boolean awaitCaughtUp(TopicReader reader, String groupId, String input)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + Duration.ofSeconds(waitSeconds).toNanos();
    try (Progress progress = Progress.start("verify: waiting for the app", "s", waitSeconds)) {
      while (System.nanoTime() < deadline) {
        progress.update((System.nanoTime() - start) / 1_000_000_000L);
        try {
          long lag = reader.pipelineLag(groupId, input);
          progress.stage("lag " + lag + " record(s)");
          if (lag == 0) {
            return true;
          }
        } catch (IllegalStateException e) {
          progress.stage("cluster or group not there yet");
        }
        Thread.sleep(500);
      }
      return false;
    }
  }
}
