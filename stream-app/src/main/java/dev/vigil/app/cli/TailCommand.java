package dev.vigil.app.cli;

import dev.vigil.app.topics.KafkaClients;
import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tail}: prints each record's value as one line, bytes unchanged, reading committed data
 * only. Joins no consumer group, so it never disturbs the app's offsets. As Kafka's console
 * consumer, {@code --print-timestamp}, {@code --print-partition}, {@code --print-offset} and {@code
 * --print-key} put {@code CreateTime:<ms>}, {@code Partition:<p>}, {@code Offset:<o>} and the key
 * before the value, tab-separated, in that order; as kcat, {@code --format} takes a format string
 * instead ({@link RecordFormat}).
 */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = "Prints the values of a topic's committed records, one per line.")
final class TailCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Option(names = "--topic", required = true, description = "Topic to read.")
  String topic;

  @Option(
      names = "--from-beginning",
      description = "Start at the earliest record instead of the end.")
  boolean fromBeginning;

  @Option(names = "--max", description = "Exit after this many records.")
  Long max;

  @Option(
      names = "--idle-timeout",
      description = "Exit after this many seconds without a new record (default: wait forever).")
  Double idleTimeoutSeconds;

  @Option(
      names = "--print-key",
      description = "Print each record's key (null if none) before its value, tab-separated.")
  boolean printKey;

  @Option(names = "--print-partition", description = "Print Partition:<p> first.")
  boolean printPartition;

  @Option(names = "--print-offset", description = "Print Offset:<o> first.")
  boolean printOffset;

  @Option(
      names = "--print-timestamp",
      description =
          "Print the record's timestamp as CreateTime:<ms> (or LogAppendTime:<ms>) first.")
  boolean printTimestamp;

  @Option(
      names = "--format",
      paramLabel = "FMT",
      description = {
        "kcat-like format of each record instead of the value and a newline: %%t topic, %%p partition,",
        "%%o offset, %%k key, %%s value, %%T timestamp (ms), %%K key length, %%S value length (-1 if null),",
        "%%%% a percent sign; \\n newline, \\t tab, \\\\ backslash. E.g. '%%p:%%o %%k %%s\\n'."
      })
  String format;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RecordFormat formatter;
    try {
      formatter =
          format != null
              ? RecordFormat.parse(format)
              : RecordFormat.consoleConsumer(printTimestamp, printPartition, printOffset, printKey);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--format: " + e.getMessage());
    }
    if (format != null && (printKey || printPartition || printOffset || printTimestamp)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--format and --print-* exclude each other");
    }
    Map<String, String> p =
        Map.of(
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            "false");
    PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false);
    long printed = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        KafkaClients.bytesConsumer(kafka.connection(), p)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .toList();
      if (partitions.isEmpty()) {
        System.err.println("topic " + topic + " does not exist");
        return ExitCodes.INPUT;
      }
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      long idleLimitNanos =
          idleTimeoutSeconds == null ? Long.MAX_VALUE : (long) (idleTimeoutSeconds * 1e9);
      long lastRecord = System.nanoTime();
      while (max == null || printed < max) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) {
          out.flush();
          if (System.nanoTime() - lastRecord >= idleLimitNanos) {
            break;
          }
          continue;
        }
        lastRecord = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          formatter.write(r, out);
          if (max != null && ++printed >= max) {
            break;
          } else if (max == null) {
            printed++;
          }
        }
      }
    } finally {
      out.flush();
    }
    return 0;
  }
}
