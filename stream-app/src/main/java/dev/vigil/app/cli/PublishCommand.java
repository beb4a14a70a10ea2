package dev.vigil.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.app.json.Json;
import dev.vigil.app.topics.KafkaClients;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code publish}: one record per line of a file, the line's bytes sent exactly as they are (only
 * the line terminator {@code \n} is removed). The key is the line's {@code postId} when the line is
 * a JSON object with a string one; otherwise there is no key.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = "Publishes each line of a file as one record, bytes unchanged.")
final class PublishCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Option(names = "--topic", required = true, description = "Topic to publish to.")
  String topic;

  @Option(
      names = "--file",
      required = true,
      description = "File of records, one per line; '-' for stdin.")
  String file;

  @Override
  public Integer call() throws Exception {
    Map<String, String> p =
        Map.of(
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            "true",
            ProducerConfig.LINGER_MS_CONFIG,
            "10",
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            Integer.toString(16 * 1024 * 1024));
    AtomicLong sent = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (InputStream in = open(file);
        KafkaProducer<byte[], byte[]> producer =
            KafkaClients.bytesProducer(kafka.connection(), p)) {
      byte[] line;
      while ((line = readLine(in)) != null && failure.get() == null) {
        producer.send(
            new ProducerRecord<>(topic, keyOf(line), line),
            (md, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              } else {
                sent.incrementAndGet();
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      System.err.println(
          "publish failed after " + sent.get() + " records: " + failure.get().getMessage());
      return ExitCodes.of(failure.get());
    }
    System.err.println("published " + sent.get() + " records to " + topic);
    return 0;
  }

  private static InputStream open(String file) throws IOException {
    return new BufferedInputStream(Inputs.open(Path.of(file)), 1 << 16);
  }

  /**
   * The next line without its {@code \n}, or null at the end; a final line without a newline
   * counts.
   */
  static byte[] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
    int b;
    boolean any = false;
    while ((b = in.read()) != -1) {
      any = true;
      if (b == '\n') {
        return buf.toByteArray();
      }
      buf.write(b);
    }
    return any ? buf.toByteArray() : null;
  }

  /** The postId of a JSON-object line, as the record key; null when the line has none. */
  static byte[] keyOf(byte[] line) {
    try {
      JsonNode node = Json.MAPPER.readTree(line);
      if (node != null
          && node.isObject()
          && node.get("postId") != null
          && node.get("postId").isTextual()) {
        return node.get("postId").textValue().getBytes(StandardCharsets.UTF_8);
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: published without a key, and the pipeline will say why it is bad
    }
    return null;
  }
}
