package dev.vigil.app.cli;

import dev.vigil.app.config.KafkaConnection;
import dev.vigil.app.topics.KafkaClients;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The sample posts of {@code run --demo}, written by us: clean posts, fraud scripts, prohibited
 * goods, an evasive spelling, hostile HTML and malformed records, so a new user sees every outcome.
 */
final class DemoPosts {
  private static final String RESOURCE = "/demo/posts.jsonl";

  private DemoPosts() {}

  static int publish(KafkaConnection kafka, String topic) throws IOException {
    int n = 0;
    try (InputStream in = new BufferedInputStream(DemoPosts.class.getResourceAsStream(RESOURCE));
        KafkaProducer<byte[], byte[]> producer =
            KafkaClients.bytesProducer(kafka, Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
      byte[] line;
      while ((line = PublishCommand.readLine(in)) != null) {
        producer.send(new ProducerRecord<>(topic, PublishCommand.keyOf(line), line));
        n++;
      }
      producer.flush();
    }
    return n;
  }
}
